"""In a real browser, as an officer with ordinary files: a stray date that would wipe last
year's quarter is flagged with both choices before anything is loaded, and three files of
different kinds dropped at once each keep their own extract type."""

from __future__ import annotations

import pytest
from test_upload_choices import INTERVENTIONS, POLICE, REFERRALS, STRAY

from browser import add_user, browser_page, choose_option, require_browser, running_app, sign_in
from conftest import upload, write
from store.connection import Store

pytestmark = pytest.mark.browser


def upload_box(page, file_name: str):
    """The bordered box of the upload titled `file_name`."""
    return page.locator("[class*='st-key-upload-']").filter(
        has=page.get_by_role("heading", name=file_name, exact=True))


def test_a_stray_date_shows_the_warning_and_both_choices_then_loads_the_main_periods(tmp_path):
    require_browser()
    store_path = tmp_path / "store" / "b.duckdb"
    store = Store(store_path)
    try:
        assert upload(store, write(tmp_path, "q4_2024-25.csv", REFERRALS)).ok
    finally:
        store.close()
    add_user(store_path, "jo.officer", "officer")
    stray = write(tmp_path, "referrals_2025-26.csv", STRAY)
    with running_app(store_path, tmp_path / "app.log") as url, browser_page() as page:
        sign_in(page, url, "jo.officer")
        page.get_by_role("link", name="Upload extracts").click()
        page.locator("input[type=file]").set_input_files(str(stray))
        choose_option(page, "Authority (for files without an la_code column)",
                      "Stockton-on-Tees (E06000004)")
        page.get_by_text("most likely stray dates").first.wait_for()
        page.get_by_text("Referrals about extra-familial harm: 83 → 1").first.wait_for()
        main = page.get_by_text("Load only the file's main periods")
        everything = page.get_by_text("Load everything, replacing the flagged periods")
        main.wait_for()
        everything.wait_for()
        load = page.get_by_role("button", name="Load", exact=True)
        assert load.is_disabled(), "nothing loads before the officer chooses"
        page.screenshot(path=str(tmp_path / "stray-warning.png"), full_page=True)
        main.click()
        page.wait_for_function("() => ![...document.querySelectorAll('button')].some("
                               "b => b.innerText.trim() === 'Load' && b.disabled)")
        load.click()
        page.get_by_text("44 rows accepted, 1 rejected").first.wait_for()
        page.screenshot(path=str(tmp_path / "stray-loaded.png"), full_page=True)


def test_three_files_of_different_kinds_dropped_at_once_each_keep_their_own_type(tmp_path):
    require_browser()
    store_path = tmp_path / "store" / "b.duckdb"
    add_user(store_path, "jo.officer", "officer")
    files = [write(tmp_path, "referrals.csv", REFERRALS),
             write(tmp_path, "interventions.csv", INTERVENTIONS),
             write(tmp_path, "2025-07-cleveland-street.csv", POLICE)]
    expected = {"referrals.csv": "Referrals about extra-familial harm",
                "interventions.csv": "Interventions, individual and contextual",
                "2025-07-cleveland-street.csv": "Police street-level crime (data.police.uk)"}
    with running_app(store_path, tmp_path / "app.log") as url, browser_page() as page:
        sign_in(page, url, "jo.officer")
        page.get_by_role("link", name="Upload extracts").click()
        page.locator("input[type=file]").set_input_files([str(f) for f in files[:1]])
        upload_box(page, "referrals.csv").wait_for()
        page.locator("input[type=file]").set_input_files([str(f) for f in files[1:]])  # added
        for name, title in expected.items():
            box = upload_box(page, name)
            box.wait_for()
            extract = box.get_by_role("combobox", name="Extract type")
            page.wait_for_function("([el, title]) => el.value === title",
                                   arg=[extract.element_handle(), title])
        assert page.get_by_text("does not look like").count() == 0
        page.screenshot(path=str(tmp_path / "three-files.png"), full_page=True)
