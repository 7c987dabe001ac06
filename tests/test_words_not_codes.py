"""Words, not codes: no public page, no presentation slide and no pack says a contract's code
where its label belongs ("cce" for "Child criminal exploitation", "la_services",
"mace_referral"), nor doubles a percentage unit ("Percentage of % (%)"), nor makes "Other" or a
state ("new", "closed") the finding of a headline, nor writes "…did not highest".

Pages run through app.py with AppTest: every text element, every table cell and every chart's
legend, axis titles, category labels and notes are read. Slides are the SlideContent a slide
and a pack are written from (table, title, summary, and the chart's words); the packs
themselves, PDF and PowerPoint, are read back as a member of the public receives them."""

from __future__ import annotations

import json
import re
from io import BytesIO

import pytest
import streamlit as st

from apptest import open_app_page
from contracts.extracts import CATALOGUE
from contracts.roles import Role
from data.demo_store import DEMO_DECKS
from metrics.decks import Slide
from metrics.model import Query
from metrics.registry import MEASURES
from ui.navigation import pages_for
from ui.packs import browser_available, pack_pdf, pack_pptx, prepare_pack
from ui.session import store as app_store
from ui.slide_content import slide_content

# Every page the public can open but the data specification, which exists to say how a file
# spells each code (it lists every code beside its label) and sign-in.
NOT_SCANNED = ("specification", "sign_in", "setup")
PUBLIC_PAGES = [entry.path.removeprefix("views/").removesuffix(".py")
                for entry in pages_for(Role.PUBLIC)]
PUBLIC_PAGES = [page for page in PUBLIC_PAGES if page not in NOT_SCANNED]
# The public opens a deck by its link: the present page shows its first slide.
PAGE_PARAMS = {"present": {"deck": DEMO_DECKS[0].name}}
# Codes a reader could mistake for nothing else: those with an underscore, and the
# abbreviations that are codes only. ("police" or "online" read as words in any sentence.)
CODES = sorted({choice.value for contract in CATALOGUE for column in contract.columns
                for choice in column.choices
                if choice.value != choice.label
                and ("_" in choice.value or choice.value in ("cce", "cse", "cawn", "lsoa"))},
               key=len, reverse=True)
CODE = re.compile(rf"(?<![\w/.-])({'|'.join(map(re.escape, CODES))})(?![\w/.-])")
DOUBLED_PERCENT = re.compile(r"%\s*\(%\)|%\s*%|of %")
NOT_FINDINGS = r"(Other|Unknown|Not recorded|New|Review|Closed|Open)"
# "Police highest" was the old wording, "highest for Police (45.0%)" the new: neither may name a
# group that is not a finding, and a group's name is never followed by "highest" mid-sentence.
NOT_A_FINDING = re.compile(
    rf"(: {NOT_FINDINGS} highest|highest for {NOT_FINDINGS}(?= \(|$)|\bdid not highest)",
    re.IGNORECASE)


def problems(words: str, where: str) -> list[str]:
    found = [f"{where}: code {m.group(1)!r} in {words[:140]!r}" for m in CODE.finditer(words)]
    if DOUBLED_PERCENT.search(words):
        found.append(f"{where}: doubled % in {words[:140]!r}")
    if NOT_A_FINDING.search(words):
        found.append(f"{where}: not a finding in {words[:140]!r}")
    return found


def figure_words(spec: dict) -> list[str]:
    """What a reader sees on a chart: trace names (the legend), axis titles, category labels
    and notes (not the hover templates' field names)."""
    words = []
    layout = spec.get("layout", {})
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            words.append(str((axis.get("title") or {}).get("text", "")))
            words += [str(t) for t in axis.get("ticktext") or []]
    words += [str(note.get("text", "")) for note in layout.get("annotations") or []]
    for trace in spec.get("data", []):
        words.append(str(trace.get("name") or ""))
        for axis in ("x", "y"):
            values = trace.get(axis) or []
            words += [v for v in values if isinstance(v, str)]
    return words


def children(block) -> list:
    return list(getattr(block, "children", {}).values())


def everything(block):
    for kid in children(block):
        yield kid
        yield from everything(kid)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_public_page_shows_a_code_or_a_doubled_percent(monkeypatch, demo_store_path, page):
    app = open_app_page(monkeypatch, demo_store_path, page, **PAGE_PARAMS.get(page, {}))
    assert not app.exception, app.exception
    found = []
    for element in everything(app.main):
        kind = getattr(element, "type", "")
        value = getattr(element, "value", None)
        if kind == "plotly_chart":
            for words in figure_words(json.loads(element.proto.spec)):
                found += problems(words, f"{page} chart")
        elif kind in ("table", "dataframe") and value is not None:
            frame = value.astype(str)
            for words in [*map(str, frame.columns), *frame.to_numpy().ravel()]:
                found += problems(words, f"{page} table")
        elif isinstance(value, str) and page != "definitions":
            # The Definitions page may name a code where it says how a file spells it.
            found += problems(value.replace("\\", ""), f"{page} text")
    assert not found, "\n".join(sorted(set(found))[:30])


@pytest.fixture(scope="module")
def demo_cursor(demo_store_path):
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("SCRUTINY_STORE", str(demo_store_path))
        st.cache_resource.clear()
        st.cache_data.clear()
        yield app_store().cursor()
        st.cache_resource.clear()


EVERY_BREAKDOWN = [Slide(m.id, Query(breakdown=b)) for m in MEASURES for b in m.breakdowns
                   if b not in ("authority", "ward", "area")]
DECK_SLIDES = [s for deck in DEMO_DECKS for s in deck.slides]


@pytest.mark.parametrize("slide", [*DECK_SLIDES, *EVERY_BREAKDOWN],
                         ids=lambda s: f"{s.measure_id}-{s.query.breakdown}")
def test_no_slide_or_pack_page_shows_a_code_or_a_doubled_percent(demo_cursor, slide):
    content = slide_content(demo_cursor, slide, Role.PUBLIC)
    found = problems(content.title, "title") + problems(content.summary, "summary")
    found += problems(content.subtitle, "subtitle")
    for words in [*map(str, content.table.columns), *content.table.astype(str).to_numpy().ravel()]:
        found += problems(words, "table")
    if content.figure is not None:
        for words in figure_words(content.figure.to_plotly_json()):
            found += problems(words, "chart")
    assert not found, "\n".join(sorted(set(found))[:30])


def pack_words(pdf: bytes, pptx: bytes) -> list[tuple[str, str]]:
    """Every line of text in a PDF pack and every text frame, table cell and speaker note of a
    PowerPoint pack, with where it was found. The definitions at the end are left out: an exact
    rule may say how a file spells a value, as the Definitions page's "More detail" does."""
    from pptx import Presentation
    from pypdf import PdfReader

    from ui.packs.content import DEFINITIONS_TITLE

    found = []
    for number, page in enumerate(PdfReader(BytesIO(pdf)).pages, start=1):
        lines = (page.extract_text() or "").splitlines()
        if lines and lines[0].startswith(DEFINITIONS_TITLE):
            break
        found += [(f"PDF page {number}", line) for line in lines]
    for number, slide in enumerate(Presentation(BytesIO(pptx)).slides, start=1):
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        if title.startswith(DEFINITIONS_TITLE):
            break
        for shape in slide.shapes:
            if shape.has_text_frame:
                found += [(f"slide {number}", p.text) for p in shape.text_frame.paragraphs]
            if shape.has_table:
                found += [(f"slide {number} table", cell.text)
                          for row in shape.table.rows for cell in row.cells]
        if slide.has_notes_slide:
            found += [(f"slide {number} notes", slide.notes_slide.notes_text_frame.text)]
    return found


@pytest.mark.skipif(not browser_available(), reason="no Chromium at /usr/bin/chromium to draw "
                    "the pack's charts")
@pytest.mark.parametrize("deck", DEMO_DECKS, ids=lambda d: d.name)
def test_no_public_pack_shows_a_code_or_a_doubled_percent(demo_cursor, deck):
    pack = prepare_pack(demo_cursor, deck, Role.PUBLIC)
    read = pack_words(pack_pdf(pack), pack_pptx(pack))
    assert len({where for where, _ in read}) > 2 * len(deck.slides), "the packs were not read"
    found = []
    for where, words in read:
        found += problems(words, f"{deck.name} {where}")
    assert not found, "\n".join(sorted(set(found))[:30])
