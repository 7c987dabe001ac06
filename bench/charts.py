"""When is a page drawn: the app's script has run to its end (Streamlit marks its root element
`data-test-script-state="notRunning"`), every chart element Streamlit placed (`stPrintGraphic`;
all of this app's are Plotly) holds its drawn SVG (Plotly's code loads lazily, after the run),
and that has not changed for half a second. Timed inside the browser from the start of the
navigation (performance.now()), so polling from Python adds nothing to the figure; the half
second of stillness is not counted. The same check serves the sync and the async Playwright API.
"""

from __future__ import annotations

STILL_MS = 500
POLL_MS = 50
TIMEOUT_MS = 180_000
ERROR_TEXT = "This app has encountered an error"

# Returns false until drawn, then the milliseconds from navigation start to the last change.
_DRAWN = f"""() => {{
  const now = performance.now();
  const state = window.__benchDrawn || (window.__benchDrawn = {{count: -1, since: now}});
  const app = document.querySelector('[data-testid="stApp"]');
  const done = app !== null && app.getAttribute('data-test-script-state') === 'notRunning';
  const charts = document.querySelectorAll('[data-testid="stElementContainer"].stPrintGraphic');
  const count = Array.from(charts).filter(c => c.querySelector('.js-plotly-plot .main-svg')).length;
  if (!done || count < charts.length || count !== state.count) {{
    state.count = count;
    state.since = now;
    return false;
  }}
  return now - state.since >= {STILL_MS} ? state.since : false;
}}"""


def charts_visible_seconds(page, url: str) -> float:
    """Navigate (a new app session) and return the seconds until every chart is drawn."""
    page.goto(url)
    return page.wait_for_function(_DRAWN, polling=POLL_MS, timeout=TIMEOUT_MS).json_value() / 1000


async def charts_visible_seconds_async(page, url: str) -> float:
    await page.goto(url)
    handle = await page.wait_for_function(_DRAWN, polling=POLL_MS, timeout=TIMEOUT_MS)
    return await handle.json_value() / 1000


def shows_error(page) -> bool:
    return page.get_by_text(ERROR_TEXT).count() > 0


async def shows_error_async(page) -> bool:
    return await page.get_by_text(ERROR_TEXT).count() > 0


async def open_page_async(page, url: str, path: str, errors: list[str]) -> float | None:
    """Open /path in a new app session: the seconds to all charts visible, or None with the
    failure added to `errors` (a page that did not draw, or the app's error box)."""
    from playwright.async_api import Error as PlaywrightError

    seconds = None
    try:
        seconds = await charts_visible_seconds_async(page, f"{url}/{path}")
        if await shows_error_async(page):
            errors.append(f"/{path}: the app's error box")
    except PlaywrightError as error:
        errors.append(f"/{path}: {error.message.splitlines()[0]}")
    return seconds
