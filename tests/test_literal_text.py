"""Markdown, links and HTML in uploaded or typed text are shown as text, never drawn.

Why: a ward name `![t](http://host/x)` (from a geography or boundary upload) or a deck named
`[x](http://…)` made every public browser fetch that address on Violent crime and Present, and
became a live link. Streamlit reads markdown in `st.markdown`, headings, alerts, widget labels and
`st.table` cells (and links bare `http://…` itself); Plotly draws `<a href>` in any label or
hover text. Packs must print the names as they were typed.
"""

from __future__ import annotations

import json
import re
import shutil
from contextlib import closing
from dataclasses import replace
from io import BytesIO

import pandas as pd
import pytest
import streamlit as st
from hostile_text import ANCHOR, HOSTILE, IMAGE, LINK, WORD_JOINER, poison
from pptx import Presentation
from pypdf import PdfReader

from apptest import open_app_page, open_card_details
from contracts.roles import Role
from metrics.decks import deck_from_json
from ui import charts, text
from ui.packs import browser_available, pack_pdf, pack_pptx, prepare_pack
from ui.session import store as app_store

HOSTS = ("evil.example", "127.0.0.1:9")
# Markdown that makes a link or image: "](" unescaped, or a bare address GitHub's markdown links.
LIVE_MARKDOWN = re.compile(r"(?<!\\)\]\(|(?i:https?\\?:|www\\?\.)")


@pytest.fixture(scope="module")
def hostile_store(demo_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.duckdb"
    shutil.copy(demo_store_path, path)
    poison(path, folder)
    return path


def ward_frame() -> pd.DataFrame:
    return pd.DataFrame({"period": ["2025/26 Q2"] * 3, "breakdown": ["ward"] * 3,
                         "breakdown_value": list(HOSTILE), "value": [3.0, 2.0, 1.0],
                         "suppressed": [False] * 3})


def strings(value) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return []


def plotly_tags(figure_json: str) -> list[str]:
    """The `<a`, `<img` and `<span` tags any string of the figure would draw."""
    return [s for s in strings(json.loads(figure_json)) if re.search(r"(?i)<(a|img|span)\b", s)]


# --- one escaping path per medium ----------------------------------------------------------


@pytest.mark.parametrize("hostile", [*HOSTILE, "see http://evil.example/a", "www.evil.example",
                                     "ask jo@evil.example", "$x$ :red[y] **z**"])
def test_escaped_markdown_holds_no_link_image_or_directive(hostile):
    escaped = text.escape_markdown(hostile)
    assert not LIVE_MARKDOWN.search(escaped), escaped
    assert not re.search(r"(?<![\\\u2060])[@:*$\[]", escaped), escaped
    # what a reader sees: the same characters (the word joiner is invisible)
    assert re.sub(r"\\(.)", r"\1", escaped).replace(WORD_JOINER, "") == hostile


@pytest.mark.parametrize("hostile", [*HOSTILE, "see http://evil.example/a", "# Ward",
                                     "- a\n1. b", "> quoted", "$x$ :red[y] **z**"])
def test_a_table_cell_holds_no_link_image_or_markup(hostile):
    cell = text.markdown_cell(hostile)
    assert not LIVE_MARKDOWN.search(cell), cell
    assert not re.search(r"(?<![\\\u2060])[@:*$\[]|(?m:^[#>-]|^\d\.)", cell), cell
    assert re.sub(r"\\(.)", r"\1", cell).replace(WORD_JOINER, "") == hostile


def test_a_table_for_st_table_has_every_header_and_text_cell_escaped_and_numbers_as_written():
    table = text.markdown_table(pd.DataFrame({LINK: [IMAGE, 3], "Period": ["2025-07", "28.8%"]}))
    assert list(table.columns) == [text.markdown_cell(LINK), "Period"]
    assert table.iloc[:, 0].tolist() == [text.markdown_cell(IMAGE), 3]
    assert table.iloc[:, 1].tolist() == ["2025-07", "28.8%"]


def test_plotly_text_keeps_the_kits_own_tags_and_escapes_every_other():
    assert text.plotly_literal(f"<b>{ANCHOR}</b><br>%{{y}}<extra></extra>") == (
        '<b>&lt;a href="http://evil.example"&gt;w&lt;/a&gt;</b><br>%{y}<extra></extra>')
    once = text.plotly_literal('<span style="x">a &amp; b</span>')
    assert text.plotly_literal(once) == once == '&lt;span style="x"&gt;a &amp; b&lt;/span&gt;'


# --- (c) figures ------------------------------------------------------------------------------


def test_a_bar_chart_of_hostile_ward_names_draws_none_of_their_tags():
    figure = charts.bar_chart(ward_frame(), title=f"Violence is recorded most in {ANCHOR}",
                              unit="per 1,000 residents", horizontal=True, ranked=True,
                              category_title="Ward")
    assert plotly_tags(figure.to_json()) == []
    assert plotly_tags(charts.without_title(figure).to_json()) == []
    shown = json.dumps(figure.to_dict())
    assert "&lt;a href=\\\"http://evil.example\\\"&gt;w&lt;/a&gt;" in shown  # shown, as text
    assert IMAGE in shown and LINK in shown  # markdown means nothing to Plotly: left as typed


def test_a_line_chart_with_hostile_series_and_a_map_with_hostile_names_draw_none_of_their_tags():
    frame = pd.concat([ward_frame().assign(period=period) for period in ("2025/26 Q1",
                                                                         "2025/26 Q2")])
    line = charts.line_chart(frame, title=ANCHOR, unit="crimes")
    assert plotly_tags(line.to_json()) == []
    square = [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]
    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": f"E0500000{i}", "name": name},
         "geometry": {"type": "Polygon", "coordinates": [[[x + i, y] for x, y in square[0]]]}}
        for i, name in enumerate(HOSTILE)]}
    data = ward_frame().assign(breakdown_value=[f"E0500000{i}" for i in range(3)])
    area = charts.area_map(geojson, code_property="code", name_property="name", data=data,
                           title=ANCHOR, unit="per 1,000 residents", subtitle=LINK)
    assert plotly_tags(charts.without_title(area).to_json()) == []


# --- (a) pages, read as Streamlit's elements ----------------------------------------------------


def markdown_bodies(app) -> list[str]:
    """Everything on the page Streamlit reads as markdown: text elements, headings, alerts,
    table headers and cells, and the labels of buttons and page links."""
    bodies = [str(element.value) for kind in ("markdown", "title", "header", "subheader",
                                              "caption", "error", "warning", "info", "success")
              for element in getattr(app, kind)]
    for table in app.table:
        frame = table.value
        bodies += [str(column) for column in frame.columns]
        bodies += [cell for cell in frame.to_numpy().ravel() if isinstance(cell, str)]
    bodies += [button.label for button in app.button]
    bodies += [link.proto.label for link in app.get("page_link")]
    return bodies


def assert_shown_as_text(bodies: list[str], expected: tuple[str, ...]) -> None:
    live = [body for body in bodies if LIVE_MARKDOWN.search(body)
            and any(host in body.replace("\\", "").replace(WORD_JOINER, "") for host in HOSTS)]
    assert live == [], f"markdown that links or fetches: {live[:5]}"
    for name in expected:
        escaped = (text.escape_markdown(name), text.markdown_cell(name))
        assert any(form in body for body in bodies for form in escaped), (
            f"{name!r} is not on the page as escaped text")


@pytest.mark.parametrize("role", ["public", "officer"])
def test_violent_crime_shows_hostile_ward_names_as_text(hostile_store, monkeypatch, role):
    app = open_card_details(open_app_page(monkeypatch, hostile_store, "violence", role))
    assert not app.exception
    assert_shown_as_text(markdown_bodies(app), HOSTILE)
    figures = [chart.proto.spec for chart in app.get("plotly_chart")]
    assert figures, "the page draws its charts"
    assert [tag for spec in figures for tag in plotly_tags(spec)] == []


@pytest.mark.parametrize("role", ["public", "officer"])
def test_present_lists_hostile_deck_names_as_text(hostile_store, monkeypatch, role):
    app = open_app_page(monkeypatch, hostile_store, "present", role)
    assert not app.exception
    assert_shown_as_text(markdown_bodies(app), HOSTILE)


@pytest.mark.parametrize("name", HOSTILE)
def test_a_presented_deck_shows_its_hostile_name_as_text(hostile_store, monkeypatch, name):
    app = open_app_page(monkeypatch, hostile_store, "present", "public", deck=name)
    assert not app.exception
    assert_shown_as_text(markdown_bodies(app), (f"{name} · {name} · slide 1 of",))


def test_decks_shows_hostile_deck_names_as_text(hostile_store, monkeypatch):
    app = open_app_page(monkeypatch, hostile_store, "decks", "officer")
    assert not app.exception
    assert_shown_as_text(markdown_bodies(app), HOSTILE)


# --- (d) packs --------------------------------------------------------------------------------


@pytest.mark.skipif(not browser_available(), reason="no Chromium to draw the pack's charts")
def test_a_pack_prints_hostile_deck_meeting_and_committee_names_as_typed(hostile_store,
                                                                         monkeypatch):
    monkeypatch.setenv("SCRUTINY_STORE", str(hostile_store))
    st.cache_resource.clear()
    st.cache_data.clear()
    with closing(app_store().cursor()) as con:
        saved = con.execute("SELECT deck_json FROM decks WHERE deck_name = ? "
                            "ORDER BY version DESC LIMIT 1", [IMAGE]).fetchone()[0]
        deck = replace(deck_from_json(saved), committee=LINK)
        deck = replace(deck, slides=deck.slides[:2])
        pack = prepare_pack(con, deck, Role.PUBLIC, meeting=ANCHOR)
    pdf = " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(pack_pdf(pack))).pages)
    slides = Presentation(BytesIO(pack_pptx(pack))).slides
    pptx = " ".join(shape.text_frame.text for slide in slides for shape in slide.shapes
                    if shape.has_text_frame)
    for printed in (" ".join(pdf.split()), pptx):
        for name in (LINK, ANCHOR):
            assert name in printed
        assert "\\" not in printed and WORD_JOINER not in printed
