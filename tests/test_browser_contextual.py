"""In a real browser: the Contextual page shows contexts (Level 2) and the children linked to
them (Level 1) side by side, the public never sees a context's timeline, and an officer who
signs in chooses a context and reads its timeline. Screenshots are kept in the test's folder."""

from __future__ import annotations

import pytest

from browser import browser_page, sign_in, wait_until_idle

pytestmark = pytest.mark.browser

CONTEXTS_CARD = "Contexts safer than at first assessment"
CHILDREN_CARD = "Children whose risk fell, by whether their contexts became safer"
TIMELINE = "One context's timeline (officers only)"


def _card_box(page, heading: str):
    element = page.get_by_role("heading", name=heading).first
    element.scroll_into_view_if_needed()
    return element.bounding_box()


def test_contexts_and_children_side_by_side_and_the_timeline_for_officers_only(tmp_path,
                                                                                demo_app):
    url = demo_app.url  # olive.officer is one of its users
    with browser_page() as public:
        public.set_default_timeout(180_000)  # a cold page on two shared cores
        public.goto(f"{url}/contextual")
        public.get_by_role("heading", name="Contexts as outcomes: goals and re-assessment").wait_for()
        wait_until_idle(public)
        contexts, children = _card_box(public, CONTEXTS_CARD), _card_box(public, CHILDREN_CARD)
        # Side by side: the children's card starts to the right of the contexts' card, level with it.
        assert children["x"] > contexts["x"] + contexts["width"] / 2
        assert abs(children["y"] - contexts["y"]) < 80
        public.screenshot(path=str(tmp_path / "contextual-public.png"))
        assert public.get_by_role("heading", name=TIMELINE).count() == 0
        assert public.get_by_text("association, not a cause", exact=False).count() >= 1

        officer = public.context.browser.new_page(viewport={"width": 1400, "height": 1000})
        officer.set_default_timeout(180_000)
        sign_in(officer, url, "olive.officer")
        officer.get_by_role("link", name="Contextual vs individual change").click()
        officer.get_by_role("heading", name=TIMELINE).wait_for()
        wait_until_idle(officer)
        officer.get_by_text("children linked through referrals that named it").wait_for()
        officer.get_by_role("heading", name=TIMELINE).scroll_into_view_if_needed()
        officer.screenshot(path=str(tmp_path / "contextual-officer.png"))
