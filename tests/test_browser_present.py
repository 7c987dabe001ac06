"""In a real browser (issue 6): a meeting opens a deck by its link, moves through the slides
with the keyboard, and, while the deck is on screen, a load made by an officer in a second
session appears on the slide within one refresh tick, with no reload and on the same slide.

The app holds the store (DuckDB allows one writing process), so the new file goes in the way an
officer's would: signed in, through the upload page, in the same app process."""

from __future__ import annotations

import time

import pytest

from browser import (
    add_user,
    browser_page,
    require_browser,
    running_app,
    sign_in,
    upload_through_page,
)
from conftest import load_csv, write
from metrics.decks import Deck, Slide, deck_to_json
from metrics.model import Query
from store.connection import Store
from store.decks import save_deck

pytestmark = pytest.mark.browser

REFRESH_SECONDS = 2  # the live tick, shortened for the test (SCRUTINY_PRESENT_REFRESH_SECONDS)
REFERRALS = "referral_id,child_id,referral_date,source,harm_types,age\n"
# Stockton: 12 referrals in 2025/26 Q1 and 3 in Q2; the new file adds 30 in Q3.
FIRST = REFERRALS + "".join(
    f"R{i},C{i},2025-0{4 + i % 3}-1{i % 9},police,cce,15\n" for i in range(12)) + "".join(
    f"S{i},D{i},2025-08-0{1 + i},school,cse,14\n" for i in range(3))
NEW = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
       + "".join(f"T-{i},E-{i},{1 + i % 28:02d}/11/2025,Police,CCE,15\r\n" for i in range(30)))

BOARD = Deck("YOT Board Q3", (
    Slide("referrals_by_harm", Query(breakdown="harm_type")),
    Slide("referrals", Query(la_codes=("E06000004",))),
), committee="Youth Offending Team Management Board")


def test_a_deck_by_link_moves_by_keyboard_and_shows_a_new_load_within_one_tick(
        tmp_path, monkeypatch):
    require_browser()
    from playwright.sync_api import expect

    store_path = tmp_path / "store" / "meeting.duckdb"
    store = Store(store_path)
    load_csv(store, tmp_path, "referrals.csv", FIRST)
    save_deck(store.cursor(), BOARD.name, deck_to_json(BOARD), actor="test")
    store.close()
    add_user(store_path, "jo.officer", "officer")
    new_file = write(tmp_path, "referrals_2025-26_Q3.csv", NEW)
    monkeypatch.setenv("SCRUTINY_PRESENT_REFRESH_SECONDS", str(REFRESH_SECONDS))

    with running_app(store_path, tmp_path / "app.log") as url, browser_page() as screen:
        # The meeting's screen: the public view, opened by link.
        screen.goto(f"{url}/present?deck=YOT%20Board%20Q3")
        bar = screen.locator(".st-key-present-bar")  # deck name, slide n of N, the buttons
        screen.get_by_role("heading", level=1, name="Referrals naming each harm").wait_for()
        bar.get_by_text("slide 1 of 2").wait_for()
        expect(screen.locator('[data-testid="stSidebar"]')).to_be_hidden()  # no clutter
        # The button's shortcut is bound once its (lazily loaded) component is on screen.
        screen.locator(".st-key-present-next button").wait_for()
        screen.keyboard.press("ArrowRight")
        slide_two = screen.get_by_role("heading", level=1,
                                       name="Referrals about extra-familial harm")
        slide_two.wait_for()
        bar.get_by_text("slide 2 of 2").wait_for()
        screen.wait_for_url("**slide=2")
        assert "Q3" not in slide_two.inner_text()
        screen.get_by_text("Counts of 1 to 7 children are suppressed").wait_for()
        screen.get_by_text("last loaded").first.wait_for()
        screen.evaluate("window.stillTheSamePage = true")  # gone if the page reloads

        # An officer, in a second session, loads the new quarter through the upload page.
        officer = screen.context.browser.new_page(viewport={"width": 1400, "height": 1000})
        officer.set_default_timeout(30_000)
        sign_in(officer, url, "jo.officer")
        upload_through_page(officer, new_file)
        loaded = time.monotonic()

        # The meeting's screen shows it on its next tick: same slide, no reload.
        screen.get_by_text("In 2025/26 Q3 the figure was 30 referrals").wait_for(
            timeout=(REFRESH_SECONDS + 8) * 1000)
        waited = time.monotonic() - loaded
        assert waited < REFRESH_SECONDS + 8, waited
        assert "2025/26 Q3" in slide_two.inner_text()
        screen.locator(".js-plotly-plot text", has_text="2025/26 Q3").first.wait_for()
        assert screen.evaluate("window.stillTheSamePage === true")
        assert "slide=2" in screen.url
        bar.get_by_text("slide 2 of 2").wait_for()
        screen.screenshot(path=str(tmp_path / "slide-2-live.png"))
        officer.close()
