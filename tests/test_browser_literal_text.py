"""In a real browser: ward names and deck names that are markdown or HTML (`![t](http://…)`,
`[x](http://…)`, `<a href=…>`) fetch nothing and link nowhere on Violent crime, Present (the list
and a deck presented) and Decks, for the public and for an officer; each reads as typed.

Why: such a ward name made every public browser fetch its address on Violent crime and Present,
and a markdown link in a name became a live link."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest
from hostile_text import HOSTILE, WORD_JOINER, poison

from browser import add_user, browser_page, require_browser, running_app, sign_in, wait_until_idle

pytestmark = pytest.mark.browser

# Every <a> (HTML or SVG) and <img> whose address is not the app's own.
OFF_APP = """() => {
  const address = e => e.getAttribute('href') || e.getAttribute('xlink:href')
                       || e.getAttribute('src') || '';
  return [...document.querySelectorAll('a, img, image')]
    .map(e => [e.tagName, address(e)])
    .filter(([, a]) => a && !a.startsWith('#') && !a.startsWith('data:') && !a.startsWith('blob:')
                       && new URL(a, location.href).origin !== location.origin)
    .map(([tag, a]) => tag + ' ' + a);
}"""


@pytest.fixture(scope="module")
def hostile_app_store(demo_store_path, tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-browser")
    path = folder / "hostile.duckdb"
    shutil.copy(demo_store_path, path)
    poison(path, folder)
    add_user(path, "jo.officer", "officer")
    return path


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    wait_until_idle(page)


def open_every_expander(page) -> None:
    """Tables sit in "Show the data", drawn when it is opened: opened one at a time (each
    opening runs the page again), so their cells count as text on screen."""
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        if summary.is_visible():
            summary.click()
            settle(page)


def assert_shown_as_text(page, where: str, names: tuple[str, ...]) -> None:
    assert page.evaluate(OFF_APP) == [], f"{where}: links or images off the app"
    on_screen = page.inner_text("body").replace(WORD_JOINER, "")
    missing = [name for name in names if name not in on_screen]
    assert missing == [], f"{where}: not on screen as typed: {missing}"


def violent_crime(page, where: str) -> None:
    page.get_by_role("heading", name="Where violence is recorded").wait_for()
    page.locator(".st-key-card-violence_by_area-ranked .js-plotly-plot").wait_for()
    settle(page)
    open_every_expander(page)
    assert_shown_as_text(page, where, HOSTILE)


def present(page, where: str) -> None:
    page.locator(".st-key-deck-4").wait_for()  # two demo decks and the three hostile ones
    settle(page)
    assert_shown_as_text(page, where, HOSTILE)
    page.locator('[data-testid="stPageLink"] a').filter(has_text="evil.example").first.click()
    page.locator(".st-key-present-bar").wait_for()
    page.locator(".st-key-present-slide .js-plotly-plot").wait_for()
    settle(page)
    bar = page.locator(".st-key-present-bar").inner_text().replace(WORD_JOINER, "")
    assert any(f"{name} · {name} · slide 1 of" in bar for name in HOSTILE), bar
    assert_shown_as_text(page, f"{where}, a deck presented", ())


def test_hostile_names_fetch_nothing_and_link_nowhere_for_the_public_and_an_officer(
        hostile_app_store, tmp_path):
    require_browser()
    with running_app(hostile_app_store, tmp_path / "app.log") as url, browser_page() as page:
        page.set_default_timeout(300_000)  # a first run builds every figure: slow on a busy machine
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

        page.goto(f"{url}/violence")
        violent_crime(page, "Violent crime, public")
        page.goto(f"{url}/present")
        present(page, "Present, public")

        sign_in(page, url, "jo.officer")  # the session keeps the role until the tab reloads
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_role("link", name="Violent crime").click()
        violent_crime(page, "Violent crime, officer")
        nav.get_by_role("link", name="Present").click()
        present(page, "Present, officer")
        page.get_by_role("button", name="Exit presentation").click()  # the sidebar is back
        nav.get_by_role("link", name="Decks").click()
        page.locator(".st-key-saved-4").wait_for()
        settle(page)
        assert_shown_as_text(page, "Decks, officer", HOSTILE)

        assert hosts == {urlsplit(url).netloc}, f"requests went to {sorted(hosts)}"
