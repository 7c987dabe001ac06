"""The committee pack as a 16:9 PowerPoint file (python-pptx): a title slide, one slide per chart
(finding as the slide's real title, the chart picture with alternative text, the summary, the
data table as a real table, the source), then the measure definitions and the disclosure note.
The summary, definition and source are also in each slide's speaker notes."""

from __future__ import annotations

import math
from io import BytesIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ui import theme
from ui.packs.content import DEFINITIONS_TITLE, DEMO_LABEL, Definition, Pack
from ui.packs.images import HEIGHT, WIDTH
from ui.slide_content import SlideContent, latest_rows

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
LEFT = Inches(0.5)
CONTENT_WIDTH = Inches(12.333)
CHART_WIDTH = Inches(8.2)
COLUMN_LEFT = Inches(8.9)  # the summary and the table, right of the chart
COLUMN_WIDTH = Inches(3.93)
CHART_BOTTOM = Inches(6.6)  # the source line and the footer go under it
TABLE_ROWS = 14  # at most this many rows of data: the latest periods that fit above the footer
TABLE_BOTTOM = Inches(6.95)
ROW_HEIGHT = Inches(0.26)  # one line of 11 pt type and the cell's margins
CELL_CHARACTERS = 60
CHARACTERS_PER_INCH = 12  # 11 pt, for guessing where a cell's text wraps
# Definitions slides: a rough line count decides where one slide ends (12 pt over 12.3 in).
CHARACTERS_PER_LINE = 145
LINES_PER_SLIDE = 26

TITLE_ONLY_LAYOUT, TITLE_LAYOUT = 5, 0  # in python-pptx's default template
TEXT = RGBColor.from_string(theme.TEXT_COLOUR.lstrip("#"))
SECONDARY = RGBColor.from_string(theme.SECONDARY_TEXT_COLOUR.lstrip("#"))
WARNING = RGBColor.from_string(theme.WORSE_COLOUR.lstrip("#"))


def pack_pptx(pack: Pack) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck.core_properties.title = pack.cover.title
    deck.core_properties.subject = pack.cover.audience
    deck.core_properties.language = "en-GB"
    _title_slide(deck, pack)
    for content, image in zip(pack.slides, pack.images, strict=True):
        _chart_slide(deck, pack, content, image)
    pages = _definition_pages(pack)
    for number, items in enumerate(pages):
        _definitions_slide(deck, pack, items, continued=number > 0,
                           with_note=number == len(pages) - 1)
    out = BytesIO()
    deck.save(out)
    return out.getvalue()


def _title_slide(deck, pack: Pack) -> None:
    cover = pack.cover
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_LAYOUT])
    _set_title(slide, cover.title, size=40, top=Inches(1.4), height=Inches(1.5))
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        LEFT, Inches(3.0), CONTENT_WIDTH, Inches(2.0))
    _write(subtitle.text_frame, cover.lines, size=20, colour=TEXT, align=PP_ALIGN.LEFT)
    lines = ([(DEMO_LABEL, TEXT)] if cover.demo else []) + [
        (cover.audience, WARNING if cover.marking else TEXT)]
    box = slide.shapes.add_textbox(LEFT, Inches(5.2), CONTENT_WIDTH, Inches(1.5))
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    for number, (words, colour) in enumerate(lines):
        _write(box.text_frame, [words], size=18, colour=colour, bold=True, append=number > 0)
    _footer(slide, pack)


def _chart_slide(deck, pack: Pack, content: SlideContent, image: bytes | None) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    # A long finding takes smaller type before it takes a third line; what follows moves down
    # with it and the chart shrinks to keep the source line above the footer.
    size = 28 if _lines_of(content.title, 28, CONTENT_WIDTH) <= 2 else 24
    title_height = _height_of(content.title, size, CONTENT_WIDTH)
    _set_title(slide, content.title, size=size, top=Inches(0.3), height=title_height)
    subtitle_top = Inches(0.3) + title_height + Inches(0.02)
    subtitle_height = _height_of(content.subtitle, 14, CONTENT_WIDTH)
    _textbox(slide, LEFT, subtitle_top, CONTENT_WIDTH, subtitle_height, [content.subtitle], 14,
             SECONDARY)
    top = subtitle_top + subtitle_height + Inches(0.05)
    source_top = top
    if image is not None:
        height = min(Emu(int(CHART_WIDTH * HEIGHT / WIDTH)), CHART_BOTTOM - top)
        width = Emu(int(height * WIDTH / HEIGHT))
        picture = slide.shapes.add_picture(BytesIO(image), LEFT, top, width=width, height=height)
        picture.name = "Chart"
        # python-pptx has no alt-text property; this is where PowerPoint keeps it.
        picture._element.nvPicPr.cNvPr.set(
            "descr", f"Chart: {content.title}. The figures are in the table beside it.")
        source_top = top + height + Inches(0.05)
    _textbox(slide, LEFT, source_top, CHART_WIDTH, Inches(0.35), [f"Source: {content.source}"],
             10, SECONDARY)
    summary_height = _height_of(content.summary, 15, COLUMN_WIDTH)
    _textbox(slide, COLUMN_LEFT, top, COLUMN_WIDTH, summary_height, [content.summary], 15, TEXT)
    if not content.table.empty:
        _table(slide, content, top + summary_height + Inches(0.1))
    measured = (f"{content.measure_type_words}. {content.plain}\n\n"
                if content.measure_type_words else "")
    slide.notes_slide.notes_text_frame.text = (
        f"{content.summary}\n\n{measured}Exact rule: {content.definition}\n\nSource: "
        f"{content.source}")
    _footer(slide, pack)


def _lines_of(words: str, size: int, width: Emu) -> int:
    """A cautious guess at the lines `words` wrap to (bold DejaVu/Arial: about 0.6 em a
    character, and word wrapping wastes some of each line)."""
    return max(1, math.ceil(len(words) / (width / Inches(1) * 72 / (size * 0.62))))


def _height_of(words: str, size: int, width: Emu) -> Emu:
    return Emu(int(Inches(1) * (_lines_of(words, size, width) * size * 1.2 / 72 + 0.12)))


def _table(slide, content: SlideContent, top: Emu) -> None:
    widths = _column_widths(content.table)
    room = TABLE_BOTTOM - top - Inches(0.45)  # and a line or two of notes under it
    for most in range(TABLE_ROWS, 0, -1):
        shown, left_out = latest_rows(content.table, most)
        rows = [list(map(str, shown.columns)), *([_cut(str(c)) for c in r] for r in
                                                  shown.itertuples(index=False))]
        lines = [max(math.ceil(len(w) / (width / Inches(1) * CHARACTERS_PER_INCH))
                     for w, width in zip(cells, widths, strict=True)) for cells in rows]
        if sum(lines) * ROW_HEIGHT <= room:
            break
    frame = slide.shapes.add_table(len(rows), len(shown.columns), COLUMN_LEFT, top,
                                   COLUMN_WIDTH, ROW_HEIGHT * len(rows))
    frame.name = "Data table"
    table = frame.table
    for c, width in enumerate(widths):
        table.columns[c].width = width
    for r, cells in enumerate(rows):
        table.rows[r].height = ROW_HEIGHT
        for c, words in enumerate(cells):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.05)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            _write(cell.text_frame, [words], size=11, colour=None, bold=r == 0)
    notes = [left_out, *(f"{note}." for note in content.notes)]
    notes_top = top + ROW_HEIGHT * sum(lines) + Inches(0.05)
    if any(notes):
        _textbox(slide, COLUMN_LEFT, notes_top, COLUMN_WIDTH, Inches(0.45),
                 [note for note in notes if note], 9, SECONDARY)


def _column_widths(table) -> list[Emu]:
    """The period column fits "2025/26 Q3"; the others share the rest by their longest text."""
    longest = [max([len(str(column)) + 3, 7, *(len(_cut(str(c))) for c in table[column])])
               for column in table.columns]  # a bold heading and "c" need room too
    fixed = Inches(1.05) if table.columns[0] == "Period" else 0
    shares = longest[1:] if fixed else longest
    rest = COLUMN_WIDTH - fixed
    widths = [Emu(int(rest * share / sum(shares))) for share in shares]
    return [Emu(fixed), *widths] if fixed else widths


def _definition_pages(pack: Pack) -> list[list[Definition | str]]:
    """Definitions, then the disclosure note, split into slides by a rough count of lines."""
    pages: list[list[Definition | str]] = [[]]
    used = 0
    for item in [*pack.definitions, pack.disclosure_note]:
        lines = _lines(item)
        if pages[-1] and used + lines > LINES_PER_SLIDE:
            pages.append([])
            used = 0
        pages[-1].append(item)
        used += lines
    return pages


def _lines(item: Definition | str) -> int:
    if isinstance(item, str):
        return 2 + math.ceil(len(item) / CHARACTERS_PER_LINE)
    details = f"Numerator: {item.numerator}. Denominator: {item.denominator}. Unit: {item.unit}."
    return (2 + math.ceil(len(item.definition) / CHARACTERS_PER_LINE)
            + math.ceil(len(details) / CHARACTERS_PER_LINE))


def _definitions_slide(deck, pack: Pack, items: list[Definition | str], *, continued: bool,
                       with_note: bool) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, DEFINITIONS_TITLE + (" (continued)" if continued else ""), size=28,
               top=Inches(0.35), height=Inches(0.9))
    box = slide.shapes.add_textbox(LEFT, Inches(1.35), CONTENT_WIDTH, Inches(5.6))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    first = True
    for item in items:
        if isinstance(item, str):
            _write(frame, ["Disclosure"], size=14, colour=TEXT, bold=True, append=not first,
                   space_before=0 if first else 10)
            _write(frame, [item], size=12, colour=WARNING if pack.unsuppressed else TEXT,
                   bold=pack.unsuppressed, append=True)
        else:
            _write(frame, [item.measure_title], size=14, colour=TEXT, bold=True, append=not first,
                   space_before=0 if first else 10)
            _write(frame, [item.definition], size=12, colour=TEXT, append=True)
            _write(frame, [f"Numerator: {item.numerator}. Denominator: {item.denominator}. "
                           f"Unit: {item.unit}."], size=12, colour=SECONDARY, append=True)
        first = False
    _footer(slide, pack)


def _footer(slide, pack: Pack) -> None:
    words = [pack.cover.marking or pack.cover.title]
    if pack.cover.demo:
        words.append(DEMO_LABEL)
    colour = WARNING if pack.cover.marking else SECONDARY
    _textbox(slide, LEFT, Inches(7.05), Inches(10.8), Inches(0.35), [". ".join(words)], 10,
             colour, bold=bool(pack.cover.marking))
    number = len(slide.part.package.presentation_part.presentation.slides)
    _textbox(slide, Inches(11.4), Inches(7.05), Inches(1.43), Inches(0.35), [str(number)], 10,
             SECONDARY, align=PP_ALIGN.RIGHT)
    if pack.cover.marking:
        _textbox(slide, LEFT, Inches(0.02), CONTENT_WIDTH, Inches(0.33), [pack.cover.marking],
                 11, WARNING, bold=True, align=PP_ALIGN.CENTER)


def _set_title(slide, words: str, *, size: int, top: Emu, height: Emu) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = LEFT, top, CONTENT_WIDTH, height
    title.text_frame.word_wrap = True
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    _write(title.text_frame, [words], size=size, colour=TEXT, bold=True, align=PP_ALIGN.LEFT)


def _textbox(slide, left, top, width, height, lines, size, colour, *, bold=False,
             align=PP_ALIGN.LEFT):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    _write(box.text_frame, lines, size=size, colour=colour, bold=bold, align=align)
    return box


def _write(frame, lines, *, size, colour, bold=False, align=PP_ALIGN.LEFT, append=False,
           space_before=0):
    """Lines as paragraphs of one run each; `append` keeps what the frame already says."""
    for number, words in enumerate(lines):
        paragraph = frame.add_paragraph() if append or number else frame.paragraphs[0]
        if not append and number == 0:
            paragraph.clear()
        paragraph.alignment = align
        if space_before and number == 0:
            paragraph.space_before = Pt(space_before)
        run = paragraph.add_run()
        run.text = words
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = colour


def _cut(cell: str) -> str:
    return cell if len(cell) <= CELL_CHARACTERS else cell[: CELL_CHARACTERS - 1].rstrip() + "…"
