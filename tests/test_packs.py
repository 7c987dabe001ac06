"""Committee packs, read back as a person would get them: the PDF through pypdf's text
extraction, the PowerPoint file through python-pptx, every text run and table cell of it.

Why: a pack leaves the dashboard. It must hold the same findings, tables and definitions as the
screen, and a public pack must never carry a count that the screen suppresses (on a store full
of counts of 1 to 5, every suppressed cell reads "c"); an officer's pack must say on every page
that it is not for publication. Drawing charts needs Debian's Chromium: without it the tests
skip, saying so.
"""

from __future__ import annotations

import random
import re
from datetime import date
from io import BytesIO

import pytest
import streamlit as st
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from apptest import offered_downloads
from conftest import upload, write
from contracts.roles import Role
from metrics.api import compute
from metrics.decks import Deck, Slide, page_deck
from metrics.model import Query
from metrics.registry import measure
from store.connection import Store
from ui.labels import value_label
from ui.measure_view import categories_kept
from ui.packs import browser_available, deck_pdf, pack_pdf, pack_pptx, prepare_pack
from ui.packs.content import DEFINITIONS_TITLE, UNSUPPRESSED_MARKING, file_stem
from ui.session import store as app_store
from ui.text import SUPPRESSED, format_value

pytestmark = pytest.mark.skipif(
    not browser_available(), reason="no Chromium at /usr/bin/chromium to draw the pack's charts"
)

DEMO_DECK = Deck("YOT Board Q3", (
    Slide("referrals", Query()),
    Slide("referrals_by_harm", Query(breakdown="harm_type")),
    Slide("re_referrals_12m", Query()),
    Slide("hospital_sharp_assault_u25", Query()),
    Slide("violence_recorded", Query()),
), committee="Youth Offending Team Management Board")
SMALL_DECK = page_deck("Referral trends", [
    ("referrals", "total"), ("referrals", "source"), ("children_referred", "sex"),
    ("re_referrals_12m", "total"), ("referral_rate_0_17", "total"),
], Query(), committee="Children's Scrutiny Committee")


def words(text: str) -> str:
    return " ".join(text.split())


# --- reading the files back -------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[tuple[str, int]]:
    """Each page's text (whitespace made single) and how many images it draws."""
    pages = []
    for page in PdfReader(BytesIO(data)).pages:
        objects = page["/Resources"].get_object().get("/XObject") or {}
        images = sum(obj.get_object()["/Subtype"] == "/Image" for obj in objects.values())
        pages.append((page.extract_text() or "", images))
    return pages


def slide_texts(slide) -> list[str]:
    """Every text frame's and every table cell's text on a slide, and its speaker notes."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    if slide.has_notes_slide:
        texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def slide_table(slide) -> list[list[str]]:
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1, "a chart slide has one data table"
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def pictures(slide) -> int:
    return sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)


# --- stores -----------------------------------------------------------------------------------


def use_app_store(monkeypatch, path) -> None:
    """Packs read names and load times through the app's cached store, as a page does."""
    monkeypatch.setenv("SCRUTINY_STORE", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()


def small_counts_extract(folder) -> tuple:
    """Two years of referrals at a handful a quarter: most counts are 1 to 5 (seeded)."""
    rng = random.Random(6)
    rows = ["referral_id,child_id,referral_date,source,harm_types,age,sex,outcome,context_ids,"
            "ward_code"]
    number = 0
    for year in (2023, 2024):
        for month in (4, 7, 10, 13):
            for _ in range(rng.choice((1, 2, 3, 4, 5, 8, 12))):
                number += 1
                when = date(year + (month > 12), (month - 1) % 12 + 1, rng.randint(1, 28))
                rows.append(",".join([
                    f"R{number}", f"C{rng.randint(1, 25)}", when.isoformat(),
                    rng.choice(("police", "schools", "health", "individual", "housing")),
                    rng.choice(("cce", "cse", "missing")), str(rng.randint(10, 17)),
                    rng.choice(("female", "male")), "early_help", "", "E05001523",
                ]))
    population = ("area_code,area_name,area_type,year,age_band,population\n"
                  "E06000004,Stockton-on-Tees,la,2023,0-17,40000\n"
                  "E06000004,Stockton-on-Tees,la,2024,0-17,40500\n")
    return (write(folder, "referrals.csv", "\n".join(rows) + "\n"),
            write(folder, "population.csv", population))


@pytest.fixture(scope="module")
def demo_packs(demo_store_path):
    """The demo deck as a public PDF and PowerPoint file, and an officer's PowerPoint file."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_app_store(monkeypatch, demo_store_path)
        con = app_store().cursor()
        # Each call draws its charts in a browser of its own (about 5 s here), so the public
        # PDF comes through deck_pdf and the PowerPoint file from the same prepared pack.
        public = prepare_pack(con, DEMO_DECK, Role.PUBLIC)
        yield {
            "pdf": deck_pdf(con, DEMO_DECK, Role.PUBLIC, meeting="YOT Board, January",
                            meeting_date=date(2027, 1, 20)),
            "pptx": pack_pptx(public),
            "officer": prepare_pack(con, DEMO_DECK, Role.OFFICER),
            "public": public,
        }
        st.cache_resource.clear()


@pytest.fixture(scope="module")
def small_counts(tmp_path_factory):
    """A store whose referrals are mostly counts of 1 to 5, loaded through ingest; the deck
    prepared for the public and for an officer, with the frames each role's screen shows."""
    folder = tmp_path_factory.mktemp("small")
    path = folder / "small.duckdb"
    built = Store(path)
    for extract in small_counts_extract(folder):
        outcome = upload(built, extract)
        assert outcome.ok and outcome.stored, outcome.message()
    built.close()
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_app_store(monkeypatch, path)
        con = app_store().cursor()
        frames = {role: [compute(con, s.measure_id, s.query, role,
                                 top=categories_kept(s.query.breakdown))
                         for s in SMALL_DECK.slides] for role in (Role.PUBLIC, Role.OFFICER)}
        yield {
            "public": prepare_pack(con, SMALL_DECK, Role.PUBLIC),
            "officer": prepare_pack(con, SMALL_DECK, Role.OFFICER),
            "frames": frames,
        }
        st.cache_resource.clear()


# --- what a pack holds ------------------------------------------------------------------------


def test_the_pdf_has_a_cover_a_page_per_chart_then_the_definitions(demo_packs):
    pack = demo_packs["public"]
    pages = pdf_pages(demo_packs["pdf"])
    charts = len(DEMO_DECK.slides)
    cover = words(pages[0][0])
    for expected in ("YOT Board, January", "Youth Offending Team Management Board",
                     "Meeting date: 20 January 2027", "Data as at:", "Demo data",
                     "counts of 1 to 7 children are suppressed and shown as c"):
        assert expected in cover
    for (text, images), content in zip(pages[1:charts + 1], pack.slides, strict=True):
        assert words(text).startswith(words(content.title)), (text[:120], content.title)
        assert words(content.summary) in words(text)
        assert images == 1
    definitions = pages[charts + 1:]
    assert len(pages) == 1 + charts + len(definitions) and definitions
    assert all(words(text).startswith(DEFINITIONS_TITLE) for text, _ in definitions)
    everything = words(" ".join(text for text, _ in definitions))
    for slide in DEMO_DECK.slides:
        declared = measure(slide.measure_id)
        assert words(declared.title) in everything
        assert words(declared.definition) in everything
    assert words(pack.disclosure_note) in everything


def test_the_powerpoint_has_a_title_slide_a_slide_per_chart_then_the_definitions(demo_packs):
    pack = demo_packs["public"]
    slides = list(Presentation(BytesIO(demo_packs["pptx"])).slides)
    charts = len(DEMO_DECK.slides)
    assert slides[0].shapes.title.text == "YOT Board Q3"
    cover = words(" ".join(slide_texts(slides[0])))
    assert "Youth Offending Team Management Board" in cover and "Data as at:" in cover
    for slide, content in zip(slides[1:charts + 1], pack.slides, strict=True):
        assert slide.shapes.title.text == content.title
        assert pictures(slide) == 1
        table = slide_table(slide)
        assert table[0] == list(content.table.columns)
        texts = words(" ".join(slide_texts(slide)))
        assert words(content.summary) in texts and words(content.subtitle) in texts
    definitions = slides[charts + 1:]
    assert len(slides) == 1 + charts + len(definitions) and definitions
    assert all(s.shapes.title.text.startswith(DEFINITIONS_TITLE) for s in definitions)
    everything = words(" ".join(t for s in definitions for t in slide_texts(s)))
    for slide in DEMO_DECK.slides:
        assert words(measure(slide.measure_id).definition) in everything
    assert words(pack.disclosure_note) in everything


def test_a_long_table_shows_the_latest_periods_and_says_so(demo_packs):
    slides = list(Presentation(BytesIO(pack_pptx(demo_packs["public"]))).slides)
    by_harm = slides[2]  # six harm types a quarter: not every quarter fits
    table = slide_table(by_harm)
    content = demo_packs["public"].slides[1]
    latest = content.table["Period"].max()
    assert {row[0] for row in table[1:]} <= set(content.table["Period"])
    assert latest in {row[0] for row in table[1:]}
    assert len(table) - 1 < len(content.table)
    assert any("Showing the latest" in text for text in slide_texts(by_harm))


def test_an_officers_pack_is_marked_not_for_publication_on_every_page(demo_packs):
    officer = demo_packs["officer"]
    for text, _ in pdf_pages(pack_pdf(officer)):
        assert UNSUPPRESSED_MARKING in words(text)
    for slide in Presentation(BytesIO(pack_pptx(officer))).slides:
        assert any(UNSUPPRESSED_MARKING in text for text in slide_texts(slide))
    public = " ".join(words(text) for text, _ in pdf_pages(demo_packs["pdf"]))
    assert UNSUPPRESSED_MARKING not in public


# --- disclosure control -----------------------------------------------------------------------


def suppressed_rows(public, officer):
    """(period, group, officer's value) of every row the public sees as suppressed."""
    keys = ["period", "breakdown_value"]
    merged = public.merge(officer, on=keys, suffixes=("", "_officer"))
    assert len(merged) == len(public)
    return [(row.period, row.breakdown_value, row.value_officer)
            for row in merged[merged["suppressed"]].itertuples()]


def test_the_small_counts_store_really_is_full_of_suppressed_counts(small_counts):
    frames = small_counts["frames"]
    hidden = [suppressed_rows(p, o) for p, o in zip(frames[Role.PUBLIC], frames[Role.OFFICER],
                                                     strict=True)]
    assert sum(map(len, hidden)) >= 20
    assert all(hidden[:4]), "every count slide has suppressed cells"


def test_every_cell_the_public_screen_suppresses_reads_c_in_the_public_powerpoint(small_counts):
    pack, frames = small_counts["public"], small_counts["frames"]
    slides = list(Presentation(BytesIO(pack_pptx(pack))).slides)[1:len(SMALL_DECK.slides) + 1]
    checked = 0
    for slide, content, public, officer in zip(slides, pack.slides, frames[Role.PUBLIC],
                                               frames[Role.OFFICER], strict=True):
        table = slide_table(slide)
        rows = table[1:]  # under the header row
        declared = measure(content.slide.measure_id)
        breakdown = content.slide.query.breakdown
        grouped = breakdown != "total"  # the group column is named for the breakdown
        shown_values = {format_value(v, declared.unit) for v in public["value"].dropna()}
        texts = slide_texts(slide)
        for period, group, value in suppressed_rows(public, officer):
            for row in rows:
                if row[0] == period and (not grouped
                                         or row[1] == value_label(group, declared, breakdown)):
                    assert set(row[1 + grouped:]) == {SUPPRESSED}, (content.title, row)
                    checked += 1
            leaks = [f"{value_label(group, declared, breakdown)} "
                     f"{format_value(value, declared.unit, with_unit=True)}",
                     f"was {format_value(value, declared.unit, with_unit=True)}",
                     f"({format_value(value, declared.unit)})"]
            if format_value(value, declared.unit) not in shown_values:
                for text in texts:
                    assert not any(leak in text for leak in leaks), (content.title, text)
    assert checked >= 10


def test_every_cell_the_public_screen_suppresses_reads_c_in_the_public_pdf(small_counts):
    pack, frames = small_counts["public"], small_counts["frames"]
    pages = pdf_pages(pack_pdf(pack))[1:len(SMALL_DECK.slides) + 1]
    checked = 0
    for (text, images), content, public, officer in zip(pages, pack.slides, frames[Role.PUBLIC],
                                                        frames[Role.OFFICER], strict=True):
        assert images == 1
        assert words(content.summary) in words(text)
        declared = measure(content.slide.measure_id)
        breakdown = content.slide.query.breakdown
        grouped = breakdown != "total"  # the group column is named for the breakdown
        for period, group, _ in suppressed_rows(public, officer):
            label = re.escape(period) + (
                r"\s+" + re.escape(value_label(group, declared, breakdown)) if grouped else "")
            for line in text.splitlines():
                if match := re.match(rf"^{label}\s+(.*)$", line.strip()):
                    assert set(match.group(1).split()) == {SUPPRESSED}, (content.title, line)
                    checked += 1
    assert checked >= 10


def test_the_officers_pack_shows_the_counts_the_public_pack_suppresses(small_counts):
    officer = small_counts["officer"]
    assert not any(SUPPRESSED in set(content.table.to_numpy().ravel())
                   for content in officer.slides)
    texts = [words(t) for s in Presentation(BytesIO(pack_pptx(officer))).slides
             for t in slide_texts(s)]
    first = officer.slides[0]
    assert all(cell in " ".join(texts) for cell in first.table["Value"])


def test_a_page_deck_keeps_the_charts_a_page_showed_once_each_in_order():
    deck = page_deck("Referrals", [("referrals", "total"), ("referrals", "source"),
                                   ("referrals", "total")], Query(period_from="2025/26 Q1"))
    assert [(s.measure_id, s.query.breakdown) for s in deck.slides] == [
        ("referrals", "total"), ("referrals", "source")]
    assert all(s.query.period_from == "2025/26 Q1" for s in deck.slides)
    with pytest.raises(KeyError):
        page_deck("Nothing", [("no_such_measure", "total")])


# --- the buttons ------------------------------------------------------------------------------

BUTTONS = """
from metrics.decks import Deck, Slide
from metrics.model import Query
from ui.pack_buttons import pack_downloads

pack_downloads(Deck("Board", (Slide("referrals", Query()),)), key="board")
"""


def run_buttons(monkeypatch, path, role: str):
    from streamlit.testing.v1 import AppTest

    use_app_store(monkeypatch, path)
    app = AppTest.from_string(BUTTONS, default_timeout=30)
    app.session_state["role"] = role
    app.session_state["user_name"] = f"a {role}"
    return app.run()


def test_the_buttons_offer_both_files_and_audit_an_officers_pack_only(store, monkeypatch):
    offered = offered_downloads(monkeypatch)
    public = run_buttons(monkeypatch, store.path, "public")
    assert [b.label for b in public.download_button] == ["Committee pack (PDF)",
                                                          "Committee pack (PowerPoint)"]
    assert all(b.proto.ignore_rerun for b in public.download_button)  # a click runs no script
    offered[f"{file_stem('Board', None)}.pdf"]()  # what Streamlit runs when the button is clicked
    officer = run_buttons(monkeypatch, store.path, "officer")
    assert "OFFICIAL-SENSITIVE" in " ".join(c.value for c in officer.caption)
    assert all(b.proto.ignore_rerun for b in officer.download_button)
    offered[f"{file_stem('Board', None)}.pptx"]()
    audited = app_store().cursor().execute(
        "SELECT actor, action, detail FROM audit WHERE action = 'export_unsuppressed'").fetchall()
    assert len(audited) == 1
    actor, _, detail = audited[0]
    assert actor == "a officer" and "committee pack (PowerPoint)" in detail and "Board" in detail
    st.cache_resource.clear()


@pytest.mark.parametrize("measure_id, breakdown", [
    ("recommendation_progress", "recommendation"),  # ratings with commentary: never added up
    ("violence_by_area", "ward"),  # a rate: its wards cannot be added up into "Other"
    ("referrals_by_source", "source"),  # a share: the smallest sources become "Other"
])
def test_a_slide_shows_any_measure_grouped_only_where_the_page_would(
        demo_store_path, monkeypatch, measure_id, breakdown):
    from ui.slide_content import slide_content

    use_app_store(monkeypatch, demo_store_path)
    content = slide_content(app_store().cursor(), Slide(measure_id, Query(breakdown=breakdown)),
                            Role.PUBLIC)
    assert content.figure is not None and not content.table.empty
    groups = content.frame["breakdown_value"].nunique()
    assert groups == 6 if measure_id == "referrals_by_source" else groups > 6
    st.cache_resource.clear()


def test_a_measure_with_no_data_gets_a_slide_saying_which_extract_to_upload(small_counts):
    deck = page_deck("Empty", [("mace_children", "total")])
    pack = prepare_pack(app_store().cursor(), deck, Role.PUBLIC)  # nothing to draw: no browser
    content = pack.slides[0]
    assert content.empty and pack.images == (None,)
    assert content.title == "Children discussed at MACE: no figures yet"
    assert "Upload the" in content.summary
    slides = list(Presentation(BytesIO(pack_pptx(pack))).slides)
    assert slides[1].shapes.title.text == content.title and pictures(slides[1]) == 0
    assert words(content.summary) in words(pdf_pages(pack_pdf(pack))[1][0])
    assert "no data loaded yet" in words(pdf_pages(pack_pdf(pack))[0][0])
