"""In a real browser, by keyboard: after signing in, and after every change of page, focus is on
the new page's main heading, so the next Tab goes on from the top of the page's content rather
than from the top of the menu (it took 73 Tabs to reach Upload after signing in); and every
control a Tab reaches shows a visible outline (WCAG 2.2: 2.4.3, 2.4.7, 2.4.11)."""

from __future__ import annotations

import pytest

from browser import TEST_PASSWORD, browser_page, wait_until_idle

pytestmark = pytest.mark.browser

# What has focus, and whether it is drawn: an outline of at least 2 px in a style that shows.
FOCUSED_JS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  return {tag: element.tagName, text: (element.innerText || element.getAttribute('aria-label')
          || element.getAttribute('name') || '').trim().slice(0, 40),
          heading: element.matches('[data-testid="stMain"] h1'),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
}"""
TAB_STOPS = 40


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED_JS)


def wait_for_heading_focus(page, heading: str) -> None:
    page.wait_for_function(
        """(text) => { const e = document.activeElement;
             return e && e.matches('[data-testid="stMain"] h1') && e.textContent.includes(text); }""",
        arg=heading)


def keyboard_walk(page, url: str) -> None:
    """Sign in with the keyboard as olly.officer, go on by keyboard to Upload, then by mouse to
    Referral trends, and Tab through its first controls; fail on what goes wrong."""
    page.goto(f"{url}/sign_in")
    page.get_by_label("User name").fill("olly.officer")
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.keyboard.press("Enter")
    wait_for_heading_focus(page, "outcomes overview")

    # From the heading, the menu is a few Shift+Tabs back, not 73 Tabs on.
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if (now := focused(page)) and now["text"].endswith("Upload extracts"):
            break
    else:
        pytest.fail("Upload extracts was not reached from the heading in 30 steps")
    page.keyboard.press("Enter")
    wait_for_heading_focus(page, "Upload extracts")

    page.get_by_role("link", name="Referral trends").click()
    wait_for_heading_focus(page, "Referral trends")
    wait_until_idle(page)
    unseen = []
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and not now["heading"] and not now["outline"]:
            unseen.append(now)
    assert not unseen, f"focus not visible on: {unseen}"


def test_focus_moves_to_the_heading_after_sign_in_and_page_changes_and_is_always_seen(demo_app):
    with browser_page(timeout=120_000) as page:
        keyboard_walk(page, demo_app.url)  # olly.officer is one of the demo app's users
