"""In a real browser: the app fetches nothing from any host but its own (no font host for the
favicon or icons: off the council network that is a request out, and offline a broken icon);
charts add no Plotly toolbar to the Tab order (the downloads are our own buttons); and a
control reached by Tab shows a solid, visible outline."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import browser_page

pytestmark = pytest.mark.browser


def test_pages_fetch_only_from_the_app_and_keyboard_focus_is_visible(demo_app):
    url = demo_app.url
    with browser_page() as page:
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        for address in ("", "/referrals"):
            page.goto(f"{url}{address}")
            page.locator(".js-plotly-plot").first.wait_for()
            page.wait_for_load_state("networkidle")
            assert page.locator(".js-plotly-plot").count() >= 1
            assert page.locator(".modebar-btn").count() == 0, "a Plotly toolbar is drawn"
        assert hosts == {urlsplit(url).netloc}, f"requests went to {sorted(hosts)}"

        link = page.locator('[data-testid="stSidebarNav"] a').first
        link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        style = link.evaluate("e => { const s = getComputedStyle(e);"
                              " return [s.outlineStyle, s.outlineWidth]; }")
        assert style == ["solid", "3px"], style
