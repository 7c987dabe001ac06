"""In a real browser: a chart's "Download this data" buttons give a CSV and an Excel file
that open with the header block and hold the table as the page shows it.

Why: the files are made only when a button is clicked (Streamlit's deferred downloads), a path
AppTest cannot follow; this is the click a person makes, file and all."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from browser import browser_page

pytestmark = pytest.mark.browser

CARD = "referrals-total"


def test_a_visitor_downloads_a_charts_data_as_csv_and_excel(demo_app):
    url = demo_app.url
    with browser_page() as page:
        page.goto(f"{url}/referrals")
        card = page.locator(f".st-key-card-{CARD}")
        card.get_by_text("Show the data").click()
        files = {}
        for kind in ("CSV", "Excel"):
            with page.expect_download() as download:
                card.get_by_role("button", name=f"Download this data ({kind})").click()
            files[kind] = download.value
        assert files["CSV"].suggested_filename == f"{CARD}.csv"
        assert files["Excel"].suggested_filename == f"{CARD}.xlsx"
        raw = files["CSV"].path().read_bytes()
        workbook = openpyxl.load_workbook(io.BytesIO(files["Excel"].path().read_bytes()))
        assert page.get_by_text("This app has encountered an error").count() == 0

    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    header = dict(rows[:blank])
    assert header["Measure"] == "Referrals about extra-familial harm"
    assert header["Viewer's role"] == "public"
    assert header["Data date"].startswith("Last loaded ")
    assert rows[blank + 1][:2] == ["Period", "Breakdown"]
    assert len(rows) > blank + 2

    sheet = workbook.active
    assert sheet["A1"].value == "Title" and sheet["B2"].value == header["Measure"]
    heading = blank + 2  # the same layout: header block, a blank row, the table
    assert sheet.cell(heading, 1).value == "Period"
    assert sheet.freeze_panes == f"A{heading + 1}"
    assert isinstance(sheet.cell(heading + 1, 4).value, int | float)
