"""Words, not codes: no public page, no presentation slide and no pack says a contract's code
where its label belongs ("cce" for "Child criminal exploitation", "la_services",
"mace_referral"), nor doubles a percentage unit ("Percentage of % (%)"), nor makes "Other" or a
state ("new", "closed") the finding of a headline.

Pages run through app.py with AppTest: every text element, every table cell and every chart's
legend, axis titles, category labels and notes are read. Slides are the SlideContent a slide
and a pack are written from (table, title, summary, and the chart's words)."""

from __future__ import annotations

import json
import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import sign_in_as
from conftest import ROOT
from contracts.extracts import CATALOGUE
from contracts.roles import Role
from data.demo_store import DEMO_DECKS
from metrics.decks import Slide
from metrics.model import Query
from metrics.registry import MEASURES
from ui.session import store as app_store
from ui.slide_content import slide_content

PUBLIC_PAGES = ["overview", "referrals", "contextual", "violence", "mace", "programmes",
                "recommendations", "compare", "definitions"]
# Codes a reader could mistake for nothing else: those with an underscore, and the
# abbreviations that are codes only. ("police" or "online" read as words in any sentence.)
CODES = sorted({choice.value for contract in CATALOGUE for column in contract.columns
                for choice in column.choices
                if choice.value != choice.label
                and ("_" in choice.value or choice.value in ("cce", "cse", "cawn", "lsoa"))},
               key=len, reverse=True)
CODE = re.compile(rf"(?<![\w/.-])({'|'.join(map(re.escape, CODES))})(?![\w/.-])")
DOUBLED_PERCENT = re.compile(r"%\s*\(%\)|%\s*%|of %")
NOT_A_FINDING = re.compile(r": (Other|Unknown|Not recorded|New|Review|Closed|Open|new|closed)"
                           r" highest", re.IGNORECASE)


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
    monkeypatch.setenv("SCRUTINY_STORE", str(demo_store_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    sign_in_as(app, "public")
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py").run()
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
