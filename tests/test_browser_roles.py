"""In a real browser, one app and four people: the public, a Member, an officer and an
administrator, each in their own browser session. Direct addresses of pages a role may not use
show the overview instead; each role's menu holds its pages and no others; the password typed
into the form is nowhere in the app's log or the store file."""

from __future__ import annotations

import pytest

from browser import TEST_PASSWORD, browser_page, sign_in

pytestmark = pytest.mark.browser

OVERVIEW = "Contextual safeguarding: outcomes overview"
RESTRICTED = {"upload": "Upload extracts", "data_loads": "Data and loads",
              "admin": "Users and audit", "decks": "Decks"}
MENU = {
    "member": set(),
    "officer": {"Upload extracts", "Data and loads", "Decks"},
    "admin": {"Upload extracts", "Data and loads", "Decks", "Users and audit"},
}


def menu_links(page) -> set[str]:
    nav = page.get_by_test_id("stSidebarNav")
    return {name for name in RESTRICTED.values() if nav.get_by_text(name, exact=True).count()}


def test_each_role_sees_its_own_menu_and_direct_addresses_are_refused(demo_app):
    url, store_path, log = demo_app.url, demo_app.store_path, demo_app.log  # {role}.tester users
    with browser_page() as public:
        for path, heading in RESTRICTED.items():
            public.goto(f"{url}/{path}")
            public.get_by_role("heading", name=OVERVIEW).wait_for()
            public.get_by_text("Page not found").wait_for()
            assert public.get_by_role("heading", name=heading).count() == 0, path
            public.keyboard.press("Escape")
        assert menu_links(public) == set()

        for role, expected in MENU.items():
            page = public.context.browser.new_page(viewport={"width": 1400, "height": 1000})
            sign_in(page, url, f"{role}.tester")
            page.get_by_role("heading", name=OVERVIEW).wait_for()
            assert menu_links(page) == expected, role
            if role == "member":
                page.get_by_role("link", name="The nine recommendations").click()
                page.get_by_text("Commentary:").first.wait_for()
            if role == "admin":
                page.get_by_role("link", name="Users and audit").click()
                page.get_by_role("heading", name="Audit", exact=True).wait_for()
                page.get_by_text("entries, newest first").wait_for()
            page.close()
        public.get_by_role("link", name="The nine recommendations").click()
        public.get_by_text("Officers' commentary on each assessment is shown").wait_for()
        assert public.get_by_text("Commentary:").count() == 0

    needle = TEST_PASSWORD.encode()
    assert needle not in log.read_bytes()
    for file in store_path.parent.iterdir():
        if file.is_file():
            assert needle not in file.read_bytes(), file.name
