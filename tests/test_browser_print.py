"""In a real browser: printing a page gives a clean, paginated document (ui/print.css and
ui/print_fit.js, added by ui.print_style.apply_print_style on every page).

Why: committee members print pages for board papers. On paper the sidebar, toolbar, buttons
and widgets are noise; the headings, charts and data tables are the content; a chart drawn for
a wide screen must shrink to the page rather than be cut off at the margin. The rules name
Streamlit's own element ids, so an upgrade that renames them fails here, not in a meeting.
On screen a card draws its data table only when it is opened (ui.card), so the page's "Print
this page" link opens its print view (``?print=1``, ui.print_view) with every table drawn."""

from __future__ import annotations

import re

import pytest

from browser import browser_page, wait_until_idle

pytestmark = pytest.mark.browser

PAGE = "referrals"  # nine chart cards with their tables: several printed pages
SHOWN_ON_SCREEN_ONLY = {
    "sidebar": '[data-testid="stSidebar"]',
    "header and toolbar": '[data-testid="stHeader"]',
    "the filters": '[data-testid="stSidebar"] [data-testid="stSelectbox"]',
    "'Show the data' toggles": '[data-testid="stExpander"] summary',
}


def printed_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_printing_a_page_leaves_out_navigation_and_widgets_and_keeps_charts_and_tables(
        demo_app, tmp_path):
    url = demo_app.url
    with browser_page() as page:
        page.goto(f"{url}/{PAGE}")
        page.get_by_role("heading", name="Referral trends", level=1).wait_for()
        charts = page.locator('[data-testid="stPlotlyChart"]')
        charts.first.wait_for()
        page.wait_for_load_state("networkidle")
        headings = page.locator('[class*="st-key-card-"] h2')
        tables = page.locator('[data-testid="stTable"]')
        downloads = page.locator('[data-testid="stDownloadButton"]')
        title = page.get_by_role("heading", name="Referral trends", level=1)

        # On screen the tables wait behind "Show the data", drawn only when opened; the page
        # says how to print, and its print view (?print=1) draws every table open.
        assert tables.count() == 0
        page.get_by_role("link", name="Print this page").click()
        page.get_by_text("Print it with your browser's Print").wait_for()
        wait_until_idle(page)
        tables.first.wait_for()
        page.wait_for_load_state("networkidle")
        assert tables.count() == charts.count()
        for name, selector in SHOWN_ON_SCREEN_ONLY.items():
            assert page.locator(selector).first.is_visible(), name
        assert title.evaluate("e => getComputedStyle(e).color") != "rgb(0, 0, 0)"

        # Just before printing, each chart's layers get a viewBox of the size Plotly drew, so
        # the page width scales them; afterwards they are put back for the screen.
        page.evaluate("() => dispatchEvent(new Event('beforeprint'))")
        fitted = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot svg.main-svg')]
            .map(svg => svg.getAttribute('viewBox') === `0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`)""")
        assert fitted and all(fitted)
        page.evaluate("() => dispatchEvent(new Event('afterprint'))")
        assert page.locator(".js-plotly-plot svg.main-svg[viewBox]").count() == 0

        page.emulate_media(media="print")
        for name, selector in SHOWN_ON_SCREEN_ONLY.items():
            assert not page.locator(selector).first.is_visible(), name
        assert downloads.count() >= 2 * charts.count()
        assert not [i for i in range(downloads.count()) if downloads.nth(i).is_visible()]
        assert title.is_visible()
        assert headings.count() == charts.count()
        assert all(headings.nth(i).is_visible() for i in range(headings.count()))
        assert all(charts.nth(i).is_visible() for i in range(charts.count()))
        assert all(tables.nth(i).is_visible() for i in range(tables.count())), "tables print"
        main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
        assert main["x"] < 20 and main["width"] > 0.95 * page.viewport_size["width"]
        assert title.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"

        pdf = page.pdf(format="A4")
        (tmp_path / f"{PAGE}.pdf").write_bytes(pdf)
        assert printed_pages(pdf) > 1
