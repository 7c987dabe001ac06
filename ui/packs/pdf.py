"""The committee pack as an A4 landscape PDF (fpdf2, pure Python): a cover page, one page per
chart (finding as the heading, the chart image, the summary, the data table, the source), then
the measure definitions and the disclosure note. Text is real text in a Unicode font, so it can
be searched, read aloud and copied; the PDF has a language, a title and an outline."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace
from PIL import Image

from ui import theme
from ui.packs.content import DEFINITIONS_TITLE, DEMO_LABEL, Pack
from ui.packs.images import HEIGHT, WIDTH
from ui.slide_content import SlideContent, latest_rows

# Debian's fonts-dejavu-core (present on the app's machines and CI); Liberation Sans next.
# Without either, the PDF falls back to Helvetica, which has no "▲", "–" or "≥": those become "?".
FONT_FILES = (
    ("DejaVu", Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
     Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")),
    ("Liberation", Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
     Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf")),
)
MARGIN = 12  # mm
CHART_WIDTH = 175  # mm; the table sits in the column to its right
GUTTER = 8
TABLE_ROWS = 14  # rows of data a page's table shows (the latest periods that fit)
CELL_CHARACTERS = 240  # longer text cells (commentary) are cut with an ellipsis; shorter wrap
TABLE_SIZE = 9  # pt
CELL_PADDING = 1  # mm
LONGEST_WORD = 30  # mm: a longer word (a web address, say) may wrap inside its cell
LONGEST_TEXT = 90  # mm: a column's claim on spare width stops growing past this
MIN_COLUMN = 6  # mm: wider than any character at TABLE_SIZE with its padding
TEXT = theme.hex_to_rgb(theme.TEXT_COLOUR)
SECONDARY = theme.hex_to_rgb(theme.SECONDARY_TEXT_COLOUR)
WARNING = theme.hex_to_rgb(theme.WORSE_COLOUR)


class _PackPDF(FPDF):
    def __init__(self, pack: Pack) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.pack = pack
        self.family, self.unicode = _add_fonts(self)
        self.continued = ""  # a heading repeated on pages a section runs on to
        self.set_margins(MARGIN, MARGIN + 6, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)

    def safe(self, words: str) -> str:
        return words if self.unicode else words.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        if self.pack.cover.marking:
            self.set_xy(MARGIN, 6)
            self.set_font(self.family, "B", 10)
            self.set_text_color(*WARNING)
            self.cell(0, 5, self.safe(self.pack.cover.marking), align="C")
        self.set_xy(MARGIN, MARGIN + 6)
        if self.continued and self.page_no() > 1:
            self.heading(f"{self.continued} (continued)", size=16)

    def footer(self) -> None:
        self.set_xy(MARGIN, -11)
        self.set_font(self.family, "", 8)
        self.set_text_color(*SECONDARY)
        left = self.pack.cover.marking or self.pack.cover.title
        if self.pack.cover.demo:
            left += f". {DEMO_LABEL}"
        self.cell(self.epw - 30, 5, self.safe(left))
        self.cell(30, 5, f"Page {self.page_no()}", align="R")

    def heading(self, words: str, size: int = 18) -> None:
        self.set_font(self.family, "B", size)
        self.set_text_color(*TEXT)
        self.multi_cell(0, size * 0.45, self.safe(words), align="L", new_x="LMARGIN",
                        new_y="NEXT")
        self.ln(2)

    def paragraph(self, words: str, size: float = 11, *, width: float = 0, bold: bool = False,
                  colour: tuple[int, int, int] = TEXT, gap: float = 1.5) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(width, size * 0.5, self.safe(words), align="L", new_x="LEFT",
                        new_y="NEXT")
        self.set_y(self.get_y() + gap)


def pack_pdf(pack: Pack) -> bytes:
    pdf = _PackPDF(pack)
    pdf.set_lang("en-GB")
    pdf.set_title(pack.cover.title)
    pdf.set_subject(pack.cover.audience)
    pdf.set_creator("Contextual safeguarding outcomes dashboard")
    _cover_page(pdf)
    for content, image in zip(pack.slides, pack.images, strict=True):
        _chart_page(pdf, content, image)
    _definitions_pages(pdf)
    return bytes(pdf.output())


def _cover_page(pdf: _PackPDF) -> None:
    cover = pdf.pack.cover
    pdf.add_page()
    pdf.start_section(pdf.safe(cover.title))
    pdf.set_y(50)
    pdf.heading(cover.title, size=28)
    pdf.ln(4)
    for line in cover.lines:
        pdf.paragraph(line, 14, gap=2)
    pdf.ln(6)
    if cover.demo:
        pdf.paragraph(DEMO_LABEL, 14, bold=True, gap=3)
    pdf.paragraph(cover.audience, 13, bold=bool(cover.marking),
                  colour=WARNING if cover.marking else TEXT)


def _chart_page(pdf: _PackPDF, content: SlideContent, image: bytes | None) -> None:
    pdf.add_page()
    pdf.start_section(pdf.safe(content.title))
    pdf.heading(content.title)
    pdf.paragraph(content.subtitle, 11, colour=SECONDARY, gap=3)
    top = pdf.get_y()
    if image is not None:
        height = CHART_WIDTH * HEIGHT / WIDTH
        pdf.image(_opaque(image), x=MARGIN, y=top, w=CHART_WIDTH, h=height,
                  alt_text=pdf.safe(f"Chart: {content.title}. The figures are in the table."))
        pdf.set_xy(MARGIN, top + height + 3)
    pdf.paragraph(content.summary, 11, width=CHART_WIDTH)
    pdf.paragraph(f"Source: {content.source}", 8, width=CHART_WIDTH, colour=SECONDARY)
    if content.measure_type_words:
        pdf.paragraph(f"{content.measure_type_words}. {content.plain}", 8, width=CHART_WIDTH,
                      colour=SECONDARY)
    below_left = pdf.get_y()
    if content.table.empty:
        return
    shown, left_out = latest_rows(content.table, TABLE_ROWS)
    beside = pdf.epw - CHART_WIDTH - GUTTER
    widths = _column_widths(pdf, shown, beside)
    if widths is not None:
        pdf.set_xy(MARGIN + CHART_WIDTH + GUTTER, top)
        _table(pdf, content, shown, left_out, widths)
        pdf.set_y(max(below_left, pdf.get_y()))
        return
    # Too many columns (or words too long) for the column beside the chart: the table runs
    # the page's full width below it, on to the next page if it must.
    pdf.set_xy(MARGIN, below_left + 2)
    if pdf.get_y() > pdf.h - 60:
        pdf.continued = content.title
        pdf.add_page()
    pdf.continued = content.title
    _table(pdf, content, shown, left_out, _column_widths(pdf, shown, pdf.epw, squeeze=True))
    pdf.continued = ""


def _table(pdf: _PackPDF, content: SlideContent, shown: pd.DataFrame, left_out: str,
           widths: list[float]) -> None:
    x = pdf.get_x()
    pdf.set_font(pdf.family, "", TABLE_SIZE)
    pdf.set_text_color(*TEXT)
    # Widths that share out the page's whole width can add up to a hair over it (floating
    # point); fpdf refuses a table wider than the page.
    with pdf.table(width=min(sum(widths), pdf.epw), col_widths=widths, align="LEFT", text_align="LEFT",
                   line_height=4.5, headings_style=FontFace(emphasis="BOLD"),
                   padding=CELL_PADDING, repeat_headings=1) as table:
        table.row([pdf.safe(str(column)) for column in shown.columns])
        for cells in shown.itertuples(index=False):
            table.row([pdf.safe(_cut(str(cell))) for cell in cells])
    pdf.set_x(x)
    notes = [left_out, *(f"{note}." for note in content.notes)]
    for note in filter(None, notes):
        pdf.set_x(x)
        pdf.paragraph(note, 8, width=sum(widths), colour=SECONDARY, gap=0.5)


def _column_widths(pdf: _PackPDF, shown: pd.DataFrame, width: float, *,
                   squeeze: bool = False) -> list[float] | None:
    """Column widths (mm) that give every column room for its longest word (so no word is
    broken and no column is narrower than a character) and share what is left by the length
    of its longest text. None when the longest words do not fit in `width`; with `squeeze`,
    they are then narrowed in proportion (long words wrap inside their cells instead)."""
    room = 2 * CELL_PADDING + 1.0
    need, want = [], []
    for column in shown.columns:
        pdf.set_font(pdf.family, "B", TABLE_SIZE)
        heading = [pdf.get_string_width(pdf.safe(w)) for w in str(column).split()]
        pdf.set_font(pdf.family, "", TABLE_SIZE)
        cells = [pdf.safe(_cut(str(cell))) for cell in shown[column]]
        words = [pdf.get_string_width(w) for cell in cells for w in cell.split()]
        longest_word = max([*heading, *words, pdf.get_string_width("c")])
        longest_text = max([sum(heading), *(pdf.get_string_width(c) for c in cells)])
        need.append(min(longest_word, LONGEST_WORD) + room)
        want.append(min(longest_text, LONGEST_TEXT) + room)
    spare = width - sum(need)
    if spare < 0:
        if not squeeze:
            return None
        return [max(n * width / sum(need), MIN_COLUMN) for n in need]
    extra = [w - n for w, n in zip(want, need, strict=True)]
    if sum(extra) <= 0:
        return [n + spare / len(need) for n in need]
    return [n + spare * e / sum(extra) for n, e in zip(need, extra, strict=True)]


def _definitions_pages(pdf: _PackPDF) -> None:
    pdf.add_page()
    pdf.start_section(DEFINITIONS_TITLE)
    pdf.heading(DEFINITIONS_TITLE)
    pdf.continued = DEFINITIONS_TITLE
    for item in pdf.pack.definitions:
        pdf.paragraph(item.measure_title, 12, bold=True, gap=0.5)
        pdf.paragraph(item.definition, 10, gap=0.5)
        pdf.paragraph(f"Numerator: {item.numerator}. Denominator: {item.denominator}. "
                      f"Unit: {item.unit}.", 10, colour=SECONDARY, gap=3)
    pdf.paragraph("Disclosure", 12, bold=True, gap=0.5)
    pdf.paragraph(pdf.pack.disclosure_note, 10, bold=pdf.pack.unsuppressed,
                  colour=WARNING if pdf.pack.unsuppressed else TEXT)
    pdf.continued = ""


def _add_fonts(pdf: FPDF) -> tuple[str, bool]:
    for family, regular, bold in FONT_FILES:
        if regular.is_file() and bold.is_file():
            pdf.add_font(family, "", str(regular))
            pdf.add_font(family, "B", str(bold))
            return family, True
    return "Helvetica", False


def _opaque(png: bytes) -> Image.Image:
    """Chromium's PNGs carry an alpha channel the white charts do not use; without it fpdf2
    compresses one image per chart, not two (a soft mask), and the file is smaller."""
    return Image.open(BytesIO(png)).convert("RGB")


def _cut(cell: str) -> str:
    return cell if len(cell) <= CELL_CHARACTERS else cell[: CELL_CHARACTERS - 1].rstrip() + "…"
