"""In a real browser: the committee pack buttons draw the file on click (Streamlit's deferred
download, on a worker thread of the running app, with kaleido starting Chromium there) and the
browser receives a PDF and a PowerPoint file; an officer's click is audited."""

from __future__ import annotations

import zipfile

import pytest

from browser import browser_page, require_browser, running_app
from conftest import load_csv, write
from store.connection import Store

pytestmark = pytest.mark.browser

APP = """
import streamlit as st

from metrics.decks import page_deck
from ui.pack_buttons import pack_downloads

st.session_state["role"] = "officer"  # this test page stands in for a signed-in officer
st.session_state["user_name"] = "test officer"
st.title("Pack")
pack_downloads(page_deck("Board", [("referrals", "total"), ("referrals", "source")]), key="board")
"""
CSV = ("referral_id,child_id,referral_date,source,harm_types,age\n"
       + "".join(f"R{i},C{i},2025-{7 + i % 6:02d}-{1 + i % 28:02d},"
                 f"{('police', 'schools', 'health')[i % 3]},cce,15\n" for i in range(60)))


def test_the_buttons_download_a_pdf_and_a_powerpoint_file_drawn_on_click(tmp_path):
    require_browser()
    store_path = tmp_path / "store" / "packs.duckdb"
    built = Store(store_path)
    load_csv(built, tmp_path, "referrals.csv", CSV)
    built.close()
    app = write(tmp_path, "pack_app.py", APP)
    with running_app(store_path, tmp_path / "app.log", app=app) as url, browser_page() as page:
        page.goto(url)
        page.get_by_role("heading", name="Pack").wait_for()
        files = {}
        for label in ("Committee pack (PDF)", "Committee pack (PowerPoint)"):
            with page.expect_download(timeout=120_000) as download:
                page.get_by_role("button", name=label).click()
            files[label] = download.value.path().read_bytes()
            assert download.value.suggested_filename.startswith("board-")
    assert files["Committee pack (PDF)"].startswith(b"%PDF")
    pptx = tmp_path / "pack.pptx"
    pptx.write_bytes(files["Committee pack (PowerPoint)"])
    assert "ppt/slides/slide4.xml" in zipfile.ZipFile(pptx).namelist()  # title, 2 charts, defs
    audited = Store(store_path, read_only=True)
    try:
        rows = audited.cursor().execute(
            "SELECT actor, detail FROM audit WHERE action = 'export_unsuppressed'").fetchall()
    finally:
        audited.close()
    assert len(rows) == 2 and all(actor == "test officer" for actor, _ in rows)
