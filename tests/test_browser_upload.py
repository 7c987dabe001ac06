"""In a real browser: an officer uploads a real CSV through the file input, loads it, and the
overview's chart shows it. Also: the demo banner is on every page of a demo store."""

from __future__ import annotations

import pytest
from test_browser_chart_layout import CHART_PAGES

from browser import (
    add_user,
    browser_page,
    choose_option,
    require_browser,
    running_app,
    sign_in,
    upload_through_page,
)
from conftest import write

pytestmark = pytest.mark.browser

CSV = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
       + "".join(f"R-{i},C-{i},{1 + i % 28:02d}/07/2025,Police,CCE,15\r\n" for i in range(40)))


def test_an_officer_uploads_a_csv_and_the_overview_chart_shows_it(tmp_path):
    require_browser()
    path = write(tmp_path, "referrals_2025-26_Q2.csv", CSV)
    store_path = tmp_path / "store" / "b.duckdb"
    add_user(store_path, "jo.officer", "officer")
    with running_app(store_path, tmp_path / "app.log") as url, browser_page() as page:
        sign_in(page, url, "jo.officer")
        page.get_by_text("No data yet").first.wait_for()
        upload_through_page(page, path)
        page.get_by_text("stored as load 1").first.wait_for()
        page.get_by_role("link", name="Overview").click()
        page.get_by_role(
            "heading", name="Referrals about extra-familial harm in 2025/26 Q2: 40 referrals"
        ).wait_for()
        page.locator(".js-plotly-plot").first.wait_for()
        page.screenshot(path=str(tmp_path / "overview.png"))


PUBLIC_PATHS = ["", "referrals", "contextual", "violence", "mace", "programmes", "recommendations",
                "definitions", "specification", "accessibility", "compare", "sign_in",
                "present", "present?deck=YOT%20Board%20Q3&slide=2"]
ADMIN_LINKS = ["Upload extracts", "Data and loads", "Users and audit"]


def serious_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], [node["target"] for node in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_every_page_of_a_demo_store_shows_the_banner_no_error_and_passes_axe(demo_app):
    """axe-core (the standard automated WCAG checker) finds no serious or critical violation,
    on every public page and, signed in as an administrator, on the officers' and admin pages.
    The chart pages are held to more by tests/test_browser_chart_layout.py (no violation of any
    impact, as the public, on the same app, once every chart is drawn), so axe runs there, not
    twice: on two cores each run on a chart page took some 20 s."""
    url = demo_app.url  # ada.admin is one of its users
    with browser_page() as page:
        for path in PUBLIC_PATHS:
            page.goto(f"{url}/{path}")
            page.get_by_text("Demo data.").first.wait_for()
            page.locator("h1").first.wait_for()
            page.wait_for_load_state("networkidle")
            assert page.get_by_text("This app has encountered an error").count() == 0, path
            if path not in CHART_PAGES:
                assert not (violations := serious_violations(page)), f"/{path}: {violations}"
        sign_in(page, url, "ada.admin")
        for link in ADMIN_LINKS:
            page.get_by_role("link", name=link).click()
            page.get_by_role("heading", name=link).wait_for()
            page.wait_for_load_state("networkidle")
            assert page.get_by_text("This app has encountered an error").count() == 0, link
            assert not (violations := serious_violations(page)), f"{link}: {violations}"


def test_a_first_visit_straight_to_a_page_address_goes_through_the_entry_point(tmp_path):
    """A fresh server, and the very first request is /specification: the sidebar filters and
    the sign-in link (drawn by app.py) are there, so no page can be reached around app.py."""
    require_browser()
    with running_app(tmp_path / "store" / "deep.duckdb", tmp_path / "app.log") as url, \
            browser_page() as page:
        page.goto(f"{url}/specification")
        page.get_by_role("heading", name="Data specification").wait_for()
        page.get_by_role("link", name="Sign in (officers and Members)").wait_for()
        assert page.get_by_text("Filters").count() >= 1


def test_a_link_with_filters_reproduces_the_view(demo_app):
    """Filters live in the address: opening a link applies them to every chart's subtitle."""
    url = demo_app.url
    with browser_page() as page:
        page.goto(f"{url}/referrals")
        choose_option(page, "Sex", "Female")
        page.wait_for_url("**/referrals?sex=Female")
        page.goto(f"{url}/referrals?age=14-15&sex=Female")  # a link as someone would share it
        page.get_by_text("aged 14-15; female").first.wait_for()
        assert page.get_by_role("combobox", name="Age band").input_value() == "14-15"
