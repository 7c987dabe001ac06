"""The Present and Decks pages driven through app.py with AppTest: a deck opened by its address
shows its first chart's finding as the headline, moves on with Next, opens on the slide the
address names, obeys the viewer's role (public: counts of 1 to 5 suppressed, and it says so),
shows newly loaded data on its next run, and says plainly when a deck cannot be opened. An
officer builds and saves a deck on the Decks page; a save without the officer role is refused on
the server whatever the page showed. (The keyboard and the live tick are in
test_browser_present.py: AppTest has neither keys nor timers.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import open_app_page, said, sign_in_as, stored
from conftest import ROOT, load_csv
from metrics.decks import Deck, Slide, deck_from_json, deck_to_json
from metrics.model import Query
from metrics.registry import BY_ID, MEASURES
from store.connection import Store
from store.decks import save_deck

REFERRALS = "referral_id,child_id,referral_date,source,harm_types,age\n"
# Stockton: 12 referrals in 2025/26 Q1, 3 in Q2 (a count of 1 to 5: suppressed for the public).
FEW = REFERRALS + "".join(
    f"R{i},C{i},2025-0{4 + i % 3}-1{i % 9},police,cce,15\n" for i in range(12)) + "".join(
    f"S{i},D{i},2025-08-0{1 + i},school,cse,14\n" for i in range(3))
MORE = REFERRALS + "".join(f"T{i},E{i},2025-11-0{1 + i % 9},police,cce,15\n" for i in range(30))

LIVE = Deck("Scrutiny live", (
    Slide("referrals", Query(la_codes=("E06000004",))),
    Slide("referrals_by_source", Query(breakdown="source")),
), committee="Children's Select Committee")


def open_page(monkeypatch, store_path: Path, page: str, role: str = "public",
              **params: str) -> AppTest:
    """app.py signed in as `role`, then `page` with `params` in its address."""
    app = open_app_page(monkeypatch, store_path, page, role, timeout=60, **params)
    assert not app.exception, app.exception
    return app


@pytest.fixture
def live_store(tmp_path) -> Path:
    path = tmp_path / "store" / "live.duckdb"
    store = Store(path)
    load_csv(store, tmp_path, "referrals.csv", FEW)
    save_deck(store.cursor(), LIVE.name, deck_to_json(LIVE), actor="test")
    store.close()
    return path


def headline(app: AppTest) -> str:
    return said(app.title)


def footer(app: AppTest) -> str:
    return said(app.get("markdown"))


# --- presenting -------------------------------------------------------------------------------


def test_a_deck_opened_by_link_shows_its_first_finding_and_moves_on_with_next(
        monkeypatch, demo_store_path):
    app = open_page(monkeypatch, demo_store_path, "present", "officer", deck="YOT Board Q3")
    first = headline(app)
    assert first.startswith("Referrals naming each harm"), first  # as the page words it
    assert "slide 1 of 5" in footer(app)
    assert len(app.get("plotly_chart")) == 1
    assert app.button(key="present-previous").disabled
    app.button(key="present-next").click().run()
    assert not app.exception, app.exception
    assert headline(app).startswith("Knife/sharp-object enabled serious violence"), headline(app)
    assert "slide 2 of 5" in footer(app)
    assert app.query_params["slide"] == "2"  # a reload or a shared link keeps the slide
    app.button(key="present-previous").click().run()
    assert headline(app) == first


def test_the_address_names_the_slide_and_a_slide_past_the_end_shows_the_last(
        monkeypatch, demo_store_path):
    app = open_page(monkeypatch, demo_store_path, "present", deck="YOT Board Q3", slide="3")
    assert headline(app).startswith("Children discussed at MACE"), headline(app)
    app = open_page(monkeypatch, demo_store_path, "present", deck="YOT Board Q3", slide="99")
    assert "slide 5 of 5" in footer(app)
    assert app.button(key="present-next").disabled


def test_the_public_sees_counts_of_one_to_five_suppressed_and_is_told(monkeypatch, live_store):
    app = open_page(monkeypatch, live_store, "present", deck="Scrutiny live")
    assert headline(app) == ("Referrals about extra-familial harm: 2025/26 Q2 figure suppressed "
                             "to protect privacy")
    assert "The figure for 2025/26 Q2 is suppressed" in footer(app)
    assert "Counts of 1 to 7 children are suppressed" in footer(app)
    table = app.table[0].value
    assert "c" in table.to_numpy().ravel().tolist()  # the suppressed quarter, in the data table


def test_an_officer_sees_the_count_and_a_warning_not_to_show_it_in_public(monkeypatch, live_store):
    app = open_page(monkeypatch, live_store, "present", "officer", deck="Scrutiny live")
    assert headline(app) == "Referrals about extra-familial harm fell 75% on the previous quarter"
    assert "In 2025/26 Q2 the figure was 3 referrals" in footer(app)
    # A banner (above the headline: test_browser_slide_fit.py), not a line in the footer.
    assert "Do not show this screen at a public meeting" in said(app.error)
    assert "Do not show this screen" not in footer(app)


def test_newly_loaded_data_shows_on_the_next_run_on_the_same_slide(monkeypatch, live_store,
                                                                   tmp_path):
    from ui.session import store as app_store

    app = open_page(monkeypatch, live_store, "present", "officer", deck="Scrutiny live")
    assert "In 2025/26 Q2 the figure was 3 referrals" in footer(app)
    assert "last loaded" in footer(app)
    load_csv(app_store(), tmp_path, "q3.csv", MORE)  # a load in another session of this process
    app.run()
    assert "In 2025/26 Q3 the figure was 30 referrals" in footer(app), footer(app)
    assert "slide 1 of 2" in footer(app)


def test_without_a_deck_the_page_lists_the_saved_decks_to_present(monkeypatch, demo_store_path):
    """Each deck offers its packs. The buttons draw nothing until clicked, so whether this
    machine has Chromium is set here both ways: with it, the buttons; without it, a sentence
    saying what the server needs (and `make test` passes on a machine without Chromium)."""
    monkeypatch.setattr("ui.pack_buttons.browser_available", lambda: True)
    app = open_page(monkeypatch, demo_store_path, "present")
    assert said(app.title) == "Present a deck"
    assert {"Select committee overview", "YOT Board Q3"} <= {s.value for s in app.subheader}
    packs = [b.label for b in app.get("download_button")]
    assert packs.count("Committee pack (PDF)") == packs.count("Committee pack (PowerPoint)") >= 2
    monkeypatch.setattr("ui.pack_buttons.browser_available", lambda: False)
    app = open_page(monkeypatch, demo_store_path, "present")
    assert not [b for b in app.get("download_button") if "Committee pack" in b.label]
    assert "Committee packs need Chromium on the server" in said(app.info)


def test_an_unknown_deck_or_one_naming_a_retired_measure_is_explained(monkeypatch, live_store):
    app = open_page(monkeypatch, live_store, "present", deck="No such deck")
    assert "There is no deck called 'No such deck'" in said(app.error)
    store = Store(live_store)
    save_deck(store.cursor(), "Old", deck_to_json(LIVE).replace('"referrals_by_source"',
                                                                '"referrals_by_horoscope"'), "t")
    store.close()
    app = open_page(monkeypatch, live_store, "present", deck="Old")
    assert "cannot be opened" in said(app.error) and "referrals_by_horoscope" in said(app.error)


def test_every_measure_can_be_a_slide(monkeypatch, demo_store_path, tmp_path):
    """Each declared measure, with its first breakdown, presented without an error."""
    path = tmp_path / "every.duckdb"
    shutil.copy(demo_store_path, path)
    every = Deck("Every measure", tuple(
        Slide(m.id, Query(breakdown=m.breakdowns[0])) for m in MEASURES))
    store = Store(path)
    save_deck(store.cursor(), every.name, deck_to_json(every), actor="test")
    store.close()
    app = open_page(monkeypatch, path, "present", "officer", deck=every.name)
    for number in range(1, len(MEASURES)):
        app.button(key="present-next").click().run()
        assert not app.exception, (number, MEASURES[number].id, app.exception)
    assert f"slide {len(MEASURES)} of {len(MEASURES)}" in footer(app)


def small_counts_on_slides(app: AppTest, slides: list[Slide], stop_at_first: bool = False
                           ) -> list[str]:
    """test_public_leak_scan's checks, slide by slide: chart values, hover and bar text,
    annotations, the data table and every sentence on screen."""
    from test_public_leak_scan import (
        COUNT_UNITS,
        SMALL_COUNT_IN_WORDS,
        figure_leaks,
        plain,
        table_leaks,
    )

    leaks: list[str] = []
    for number, slide in enumerate(slides):
        if number:
            app.button(key="present-next").click().run()
            assert not app.exception, (slide, app.exception)
        counts = BY_ID[slide.measure_id].unit in COUNT_UNITS
        where = f"slide {number + 1} {slide.measure_id} by {slide.query.breakdown}"
        for chart in app.get("plotly_chart"):
            leaks += [f"{where} chart {leak}"
                      for leak in figure_leaks(json.loads(chart.proto.spec), counts)]
        for table in app.table:
            rows = table.value.astype(str).to_dict("records")
            leaks += [f"{where} table {leak}" for leak in table_leaks(rows, counts)]
        leaks += [f"{where} text: {plain(e.value)[:160]}" for e in [*app.title, *app.markdown]
                  if SMALL_COUNT_IN_WORDS.search(plain(e.value))]
        if leaks and stop_at_first:
            break
    return leaks


def test_no_slide_shows_the_public_a_count_of_one_to_five_children(monkeypatch, demo_store_path,
                                                                    tmp_path):
    """Every children's measure and breakdown, narrowed to the smallest ward (a deck of small
    counts), presented to the public: none shows; the same scan finds them for an officer."""
    from test_public_leak_scan import CHILD_MEASURES, smallest_ward

    la_code, ward = smallest_ward(demo_store_path)
    slides = [Slide(m.id, Query(la_codes=(la_code,), ward=ward, breakdown=breakdown))
              for m in CHILD_MEASURES for breakdown in m.breakdowns]
    path = tmp_path / "small.duckdb"
    shutil.copy(demo_store_path, path)
    store = Store(path)
    save_deck(store.cursor(), "Small counts", deck_to_json(Deck("Small counts", tuple(slides))),
              actor="test")
    store.close()
    public = open_page(monkeypatch, path, "present", "public", deck="Small counts")
    assert not (leaks := small_counts_on_slides(public, slides)), "\n".join(leaks[:20])
    officer = open_page(monkeypatch, path, "present", "officer", deck="Small counts")
    assert small_counts_on_slides(officer, slides, stop_at_first=True)


# --- building and saving ---------------------------------------------------------------------


def test_an_officer_builds_saves_and_the_save_is_audited(monkeypatch, live_store):
    app = open_page(monkeypatch, live_store, "decks", "officer")
    app.text_input(key="deck_name").input("  YOT  Board Q4 ")
    app.text_input(key="deck_committee").input("YOT Management Board")
    app.selectbox(key="deck_measure").set_value("referral_rate_0_17")
    app.run()
    app.button(key="deck-add").click().run()
    app.selectbox(key="deck_measure").set_value("referrals_by_source")
    app.run()
    app.selectbox(key="deck_breakdown").set_value("source")
    app.button(key="deck-add").click().run()
    app.button(key="draft-up-1").click().run()  # the source chart first
    app.button(key="deck-save").click().run()
    assert not app.exception, app.exception
    assert "Saved YOT Board Q4 (version 1)" in said(app.success)
    saved = stored("SELECT deck_name, saved_by, deck_json FROM decks WHERE deck_name = "
                   "'YOT Board Q4'")
    assert [(name, by) for name, by, _ in saved] == [("YOT Board Q4", "test-officer")]
    deck = deck_from_json(saved[0][2])
    assert [s.measure_id for s in deck.slides] == ["referrals_by_source", "referral_rate_0_17"]
    assert deck.committee == "YOT Management Board"
    # the sidebar's full range is saved open-ended, so quarters loaded later show on the slide
    assert {(s.query.period_from, s.query.period_to) for s in deck.slides} == {(None, None)}
    assert stored("SELECT actor, detail FROM audit WHERE action = 'deck_save' "
                  "AND detail LIKE '%Q4%'") == [
        ("test-officer", '{"deck": "YOT Board Q4", "slides": 2, "version": 1}')]


def test_an_empty_deck_or_a_nameless_one_is_refused_with_a_reason(monkeypatch, live_store):
    app = open_page(monkeypatch, live_store, "decks", "officer")
    app.button(key="deck-save").click().run()
    assert "Give the deck a name" in said(app.error)
    app.text_input(key="deck_name").input("Empty").run()
    app.button(key="deck-save").click().run()
    assert "Add at least one chart" in said(app.error)


def test_the_decks_page_is_not_in_the_public_navigation(monkeypatch, live_store):
    monkeypatch.setenv("SCRUTINY_STORE", str(live_store))
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/decks.py")


def _save_as_role() -> None:
    """Runs as its own script (AppTest.from_function): save a deck with the role the test set."""
    import streamlit as st

    from metrics.decks import Deck, Slide
    from metrics.model import Query
    from ui.decks import save

    try:
        save(Deck("Sneaky", (Slide("referrals", Query()),)))
        st.write("saved")
    except PermissionError as refusal:
        st.write(f"refused: {refusal}")


@pytest.mark.parametrize("role", ["public", "member"])
def test_a_save_without_the_officer_role_is_refused_on_the_server(monkeypatch, live_store, role):
    monkeypatch.setenv("SCRUTINY_STORE", str(live_store))
    st.cache_resource.clear()
    app = AppTest.from_function(_save_as_role, default_timeout=60)
    sign_in_as(app, role)
    app.run()
    assert not app.exception, app.exception
    assert said(app.markdown).startswith("refused: Only officers or admins may save decks")
    assert stored("SELECT count(*) FROM decks WHERE deck_name = 'Sneaky'") == [(0,)]
    assert stored("SELECT count(*) FROM audit WHERE detail LIKE '%Sneaky%'") == [(0,)]


# --- `?present=1` on any page (ui.presentation.follow_present_link, for app.py) -------------

def test_present_1_on_any_page_opens_the_deck_in_presentation_mode(monkeypatch, live_store):
    monkeypatch.setenv("SCRUTINY_STORE", str(live_store))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params.update({"present": "1", "deck": "Scrutiny live", "slide": "2"})
    app.run()
    assert not app.exception, app.exception
    assert "slide 2 of 2" in footer(app)
    assert headline(app).startswith("Referrals by source"), headline(app)
