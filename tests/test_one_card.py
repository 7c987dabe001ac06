"""One chart card, the same on the page, the slide and the pack.

Every chart card a page draws is recorded as the page runs (AppTest, public view). The page's
committee pack is then made from what the page noted, and each of its slides must be the page's
card: the same chart kind, the same traces and numbers in the figure, the same finding, summary
and data; the PDF and the PowerPoint must say that finding and summary and hold that table's
cells. Every slide of both demo decks gets the same checks against the registry and the pack.

Charts are drawn as blank pictures (monkeypatched render_pngs): the figures compared are the
Plotly figures themselves, which is what the pictures are drawn from (test_packs.py draws real
ones). Before the chart registry, a slide drew the measure's default chart, so the matrix, the
stacked and share-over-time bars and the same-month-last-year line all failed the kind check,
and the Overview's pack held 1 of its charts.
"""

from __future__ import annotations

from io import BytesIO

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

import ui.card
import ui.packs.content
from apptest import open_app_page, open_card_details
from contracts.roles import Role
from data.demo_store import DEMO_DECKS
from metrics.decks import Slide, page_deck
from ui.card_content import CardContent
from ui.chart_registry import PAGE_ONLY, REGISTRY, ChartKind, kind_for, spec_for
from ui.packs import pack_pdf, pack_pptx, prepare_pack
from ui.packs.images import HEIGHT, WIDTH
from ui.session import store as app_store
from ui.slide_content import slide_content

CHART_PAGES = ("overview", "referrals", "contextual", "mace", "violence", "programmes",
               "recommendations")
# Every page with a pack: those above, and How we compare, whose cards are all drawn its own way.
PACK_PAGES = (*CHART_PAGES, "compare")
# Every chart the Overview draws: six tiles (their sparklines are the measures' lines), the
# referrals card (the same chart as the referrals tile) and five authorities side by side.
OVERVIEW_CHARTS = 11


def words(text: str) -> str:
    return " ".join(str(text).split())


def blank_pngs(figures) -> list[bytes]:
    out = BytesIO()
    Image.new("RGB", (WIDTH, HEIGHT), "white").save(out, format="PNG")
    return [out.getvalue() for _ in figures]


def traces(content: CardContent) -> list[tuple]:
    """Each trace's type, name and the numbers it draws (x, y, z), as plain lists."""
    def plain(values) -> list:
        if values is None:
            return []
        return [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                for v in np.asarray(values, dtype=object).ravel()]

    return [(trace.type, trace.name, plain(trace.x), plain(trace.y),
             plain(getattr(trace, "z", None))) for trace in content.figure.data]


def numbers(frame: pd.DataFrame) -> pd.DataFrame:
    columns = [c for c in ("period", "breakdown_value", "value", "numerator", "denominator",
                           "suppressed") if c in frame.columns]
    return frame[columns].reset_index(drop=True)


def assert_same_card(page: CardContent, slide: CardContent) -> None:
    assert slide.kind == page.kind, page.title
    assert slide.title == page.title
    assert slide.summary == page.summary
    assert slide.subtitle == page.subtitle
    assert traces(slide) == traces(page), page.title
    pd.testing.assert_frame_equal(numbers(slide.frame), numbers(page.frame))
    pd.testing.assert_frame_equal(slide.table, page.table)


def pdf_text(data: bytes) -> str:
    return words(" ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages))


def pptx_slides(data: bytes) -> list[tuple[str, list[tuple[str, ...]]]]:
    """Each slide's title and the rows of its data table (header first)."""
    out = []
    for slide in Presentation(BytesIO(data)).slides:
        title = words(slide.shapes.title.text) if slide.shapes.title else ""
        rows = []
        for shape in slide.shapes:
            if shape.has_table:
                rows = [tuple(words(cell.text) for cell in row.cells)
                        for row in shape.table.rows]
        out.append((title, rows))
    return out


def assert_in_both_files(pack, pdf: bytes, pptx: bytes) -> None:
    """Every chart slide's finding and summary are in the PDF; in the PowerPoint the slide
    with that finding holds rows of that card's table, cell for cell."""
    said = pdf_text(pdf)
    slides = pptx_slides(pptx)
    for content in pack.slides:
        assert words(content.title) in said and words(content.summary) in said, content.title
        title, rows = next(s for s in slides if s[0] == words(content.title))
        if content.table.empty:
            continue
        expected = {tuple(words(c) for c in row) for row in content.table.astype(str).itertuples(
            index=False)}
        assert rows[0] == tuple(words(c) for c in content.table.columns)
        assert rows[1:] and all(row in expected or any("…" in c for c in row)
                                for row in rows[1:]), title


@pytest.fixture(scope="module")
def recorded(demo_store_path):
    """Every page's cards as it drew them (key, content), and the slides it noted for its
    pack, for the public view."""
    drawn: dict[str, list[tuple[str, CardContent]]] = {}
    noted: dict[str, list] = {}
    tiles: dict[str, list[str]] = {}
    tables: dict[str, list[pd.DataFrame]] = {}
    original, original_tile = ui.card.chart_card, ui.card.metric_tile
    original_table = ui.card.data_table
    with pytest.MonkeyPatch.context() as monkeypatch:
        for page in PACK_PAGES:
            cards: list[tuple[str, CardContent]] = []
            tiles[page] = []
            tables[page] = []

            def record(content, *, key, _cards=cards):
                _cards.append((key, content))
                original(content, key=key)

            def record_tile(*args, key, _tiles=tiles[page], **kwargs):
                _tiles.append(key)
                original_tile(*args, key=key, **kwargs)

            def record_table(table, *, title, _tables=tables[page]):
                _tables.append(table)
                original_table(table, title=title)

            monkeypatch.setattr(ui.card, "chart_card", record)
            monkeypatch.setattr(ui.card, "data_table", record_table)
            monkeypatch.setattr(ui.card, "metric_tile", record_tile)
            app = open_app_page(monkeypatch, demo_store_path)  # the app opens on the Overview
            if page != "overview":
                app.switch_page(f"views/{page}.py")
                app.run()
            # A card draws its table only once opened (ui.card): record the run that opens them.
            cards.clear()
            tiles[page].clear()
            tables[page].clear()
            app = open_card_details(app)
            assert not app.exception, page
            drawn[page] = cards
            noted[page] = list(app.session_state["_page_slides"])
        monkeypatch.setattr(ui.packs.content, "render_pngs", blank_pngs)
        yield drawn, noted, tiles, tables
    st.cache_resource.clear()


@pytest.mark.parametrize("page", CHART_PAGES)
def test_a_page_card_is_the_same_on_the_slide_and_in_both_pack_files(recorded, page):
    drawn, noted, _tiles, _tables = recorded
    declared_cards = [(key, c) for key, c in drawn[page] if c.kind not in PAGE_ONLY]
    assert declared_cards, f"{page} drew no declared chart"
    con = app_store().cursor()
    for _key, content in declared_cards:
        assert content.kind == REGISTRY[(content.slide.measure_id,
                                         content.slide.query.breakdown)].kind
        assert_same_card(content, slide_content(con, content.slide, Role.PUBLIC))
        on_screen = slide_content(con, content.slide, Role.PUBLIC, presentation=True)
        assert (on_screen.kind, on_screen.title, [t[:5] for t in traces(on_screen)]) == (
            content.kind, content.title, [t[:5] for t in traces(content)])
    # The page's pack holds every card the page drew from the registry, each once, in order.
    pack = prepare_pack(con, page_deck(page, noted[page]), Role.PUBLIC)
    by_slide = {c.slide: c for _key, c in declared_cards}
    assert list(dict.fromkeys(c.slide for _key, c in declared_cards)) == [
        s for s in dict.fromkeys(noted[page]) if s in by_slide]
    assert set(by_slide) <= set(noted[page])
    for content in pack.slides:
        if content.slide in by_slide and content.kind not in PAGE_ONLY:
            assert_same_card(by_slide[content.slide], content)
    assert_in_both_files(pack, pack_pdf(pack), pack_pptx(pack))


def test_the_overview_pack_holds_every_chart_on_the_overview(recorded):
    drawn, noted, _tiles, _tables = recorded
    slides = list(dict.fromkeys(noted["overview"]))
    assert len(slides) == OVERVIEW_CHARTS
    kinds = [spec_for(s.measure_id, s.query.breakdown).kind for s in slides]
    assert kinds.count(ChartKind.AUTHORITIES) == 5
    assert {c.slide for _key, c in drawn["overview"]} <= set(slides)


@pytest.mark.parametrize("deck", DEMO_DECKS, ids=lambda deck: deck.name)
def test_every_deck_slide_is_its_registered_chart_in_both_pack_files(recorded, deck):
    drawn, _noted, _tiles, _tables = recorded
    con = app_store().cursor()
    pack = prepare_pack(con, deck, Role.PUBLIC)
    for slide, content in zip(deck.slides, pack.slides, strict=True):
        assert content.kind == kind_for(spec_for(slide.measure_id, slide.query.breakdown),
                                        content.frame)
        assert_same_card(content, slide_content(con, slide, Role.PUBLIC, presentation=False))
    assert_in_both_files(pack, pack_pdf(pack), pack_pptx(pack))
    # A chart a page also draws is the same kind of chart there.
    on_pages = {(c.slide.measure_id, c.slide.query.breakdown): c.kind
                for cards in drawn.values() for _key, c in cards}
    for content in pack.slides:
        key = (content.slide.measure_id, content.slide.query.breakdown)
        if key in on_pages:
            assert content.kind == on_pages[key], key


def signature(content: CardContent) -> tuple:
    """A card as a reader meets it: its chart kind, words, the figure's numbers, the data."""
    return (content.kind, content.title, content.subtitle, content.summary,
            repr(traces(content)) if content.figure is not None else "",
            numbers(content.frame).to_csv(), content.table.to_csv())


@pytest.mark.parametrize("page", PACK_PAGES)
def test_a_page_pack_holds_every_card_the_page_shows_and_no_other(recorded, page):
    """The set of cards in the page's pack is the set of cards on the page (the Overview's
    tiles count as their measures' line cards): maps, published figures beside England,
    programmes against their targets and the recommendations tracker included."""
    drawn, noted, tiles, _tables = recorded
    assert drawn[page], f"{page} drew no chart card"
    con = app_store().cursor()
    tile_measures = {key.removeprefix("tile-") for key in tiles[page]}
    tile_cards = [slide_content(con, slide, Role.PUBLIC) for slide in dict.fromkeys(noted[page])
                  if type(slide) is Slide and slide.measure_id in tile_measures
                  and slide.query.breakdown == "total"]
    assert len(tile_cards) == len(tile_measures), page
    on_page = {signature(c) for c in (*(c for _key, c in drawn[page]), *tile_cards)}
    pack = prepare_pack(con, page_deck(page, noted[page]), Role.PUBLIC)
    in_pack = [signature(c) for c in pack.slides]
    assert len(in_pack) == len(set(in_pack)), f"{page}'s pack holds a card twice"
    assert {s[:2] for s in in_pack} == {s[:2] for s in on_page}  # kinds and findings first
    assert set(in_pack) == on_page
    assert_in_both_files(pack, pack_pdf(pack), pack_pptx(pack))


def test_the_demo_pages_draw_every_kind_of_card_their_packs_must_hold(recorded):
    drawn, _noted, _tiles, _tables = recorded
    kinds = {c.kind for cards in drawn.values() for _key, c in cards}
    assert {ChartKind.MAP, ChartKind.PUBLISHED, ChartKind.AGAINST_TARGET,
            ChartKind.TRACKER} <= kinds


@pytest.mark.parametrize("page", PACK_PAGES)
def test_a_card_shows_the_table_its_slide_and_pack_show(recorded, page):
    """The page's data table is the card's table, the one the slide and both pack files show
    (test_a_page_pack_holds... reads it back from them): a plain count shows the count alone,
    without Numerator and Denominator columns (the downloads keep them)."""
    drawn, _noted, _tiles, tables = recorded
    assert len(tables[page]) == len(drawn[page])
    counts = 0
    for (_key, content), shown in zip(drawn[page], tables[page], strict=True):
        pd.testing.assert_frame_equal(shown, content.table)
        frame = content.frame
        if {"numerator", "denominator"} <= set(frame.columns) and frame["denominator"].isna().all() \
                and frame["numerator"].equals(frame["value"]):
            counts += 1
            assert not {"Numerator", "Denominator"} & set(shown.columns), content.title
    if page in ("overview", "referrals", "mace"):
        assert counts, f"{page} showed no plain count, so the check proved nothing"
