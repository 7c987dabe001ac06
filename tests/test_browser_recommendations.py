"""In a real browser: the recommendations page shows each of the nine recommendations' latest
status as words with a shape (never colour alone), and passes axe-core's automated WCAG check.

Why: the status is what a committee member reads first; it must be readable as text by anyone,
including a screen-reader user, not only seen as a coloured mark."""

from __future__ import annotations

import pytest

from browser import browser_page, require_browser, running_app
from conftest import upload, write
from store.connection import Store

pytestmark = pytest.mark.browser

# An earlier report on 14 March 2025, then the latest on 19 September 2025, so each latest
# status differs from the one before it and the page must pick the later.
LATEST = {1: 1, 2: 2, 3: 3, 4: 4, 5: 1, 6: 2, 7: 3, 8: 4, 9: 1}
EARLIER = {number: 4 if level != 4 else 2 for number, level in LATEST.items()}
STATUS = {1: "● Fully achieved", 2: "▲ On track", 3: "■ Slipped", 4: "✕ Not achieved"}
CSV = ("recommendation,assessed_on,progress,commentary,lead\r\n"
       + "".join(f"{n},2025-03-14,{level},Earlier view,Lead {n}\r\n" for n, level in EARLIER.items())
       + "".join(f"{n},2025-09-19,{level},Latest view,Lead {n}\r\n" for n, level in LATEST.items()))


def test_the_nine_latest_statuses_read_as_words_and_shapes(tmp_path):
    require_browser()
    from axe_playwright_python.sync_playwright import Axe

    store = Store(tmp_path / "store" / "recommendations.duckdb")
    outcome = upload(store, write(tmp_path, "progress.csv", CSV))
    assert outcome.ok, outcome.message()
    store.close()
    with running_app(store.path, tmp_path / "app.log") as url, browser_page() as page:
        page.goto(f"{url}/recommendations")
        page.get_by_role("heading", name="The nine recommendations").wait_for()
        for number, level in LATEST.items():
            box = page.locator(f".st-key-recommendation-{number}")
            box.get_by_role("heading", name=f"Recommendation {number}:").wait_for()
            status = box.get_by_text(f"Latest status: {STATUS[level]} (assessed 19 September 2025)")
            assert status.is_visible(), number
        page.get_by_text("Latest progress (assessments up to 19 September 2025)").wait_for()
        page.wait_for_load_state("networkidle")
        assert page.get_by_text("This app has encountered an error").count() == 0
        violations = [(v["id"], [node["target"] for node in v["nodes"]][:3])
                      for v in Axe().run(page).response["violations"]
                      if v["impact"] in ("serious", "critical")]
        assert not violations, violations
        page.screenshot(path=str(tmp_path / "recommendations.png"), full_page=True)
