"""A chart's downloads follow the role of the person asking, and an export of unsuppressed
figures is audited (issue 6 downloads, issue 7 roles).

Why: a download is the easiest way for a count of 1 to 5 children to leave the council. The
files are built from the same disclosure-controlled frame as the chart, so a public viewer's
file holds "c" where an officer's holds the number; and an officer's click leaves a row in the
audit log ("export_unsuppressed") while a public click leaves none.

The files are made when the button is clicked (a callable `data`), so these tests catch the
callables Streamlit registers for a run and call them as the browser's click would.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest import offered_downloads, open_app_page, open_card_details, stored

PAGE = "mace"
# Disruptions by type: in the demo store some types of disruption happen 1 to 5 times a quarter.
CARD = "disruptions-type"
COUNTS = "Numerator"


def open_as(monkeypatch, store_path: Path, role: str, page: str = PAGE) -> AppTest:
    """The page through app.py, signed in as `role`, every card's data opened."""
    app = open_card_details(open_app_page(monkeypatch, store_path, page, role))
    assert not app.exception, app.exception
    return app


@pytest.fixture
def offered(monkeypatch) -> dict[str, object]:
    return offered_downloads(monkeypatch)


def downloaded_table(offered: dict, file_name: str) -> tuple[dict[str, str], pd.DataFrame]:
    """Click's file, as the header block (key -> value) and the table (every cell as text)."""
    rows = list(csv.reader(io.StringIO(offered[file_name]().decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    return dict(rows[:blank]), pd.DataFrame(rows[blank + 2:], columns=rows[blank + 1])


def small_counts(column: pd.Series) -> list[str]:
    return [cell for cell in column if cell.replace(".", "", 1).isdigit() and 1 <= float(cell) <= 5]


def test_a_public_download_holds_c_where_an_officers_holds_the_small_count(
        monkeypatch, demo_store_copy, offered):
    open_as(monkeypatch, demo_store_copy, "public")
    public_header, public = downloaded_table(offered, f"{CARD}.csv")
    offered.clear()
    open_as(monkeypatch, demo_store_copy, "officer")
    officer_header, officer = downloaded_table(offered, f"{CARD}.csv")

    assert "c" in set(public[COUNTS]), "the demo store should have a suppressed type"
    assert small_counts(public[COUNTS]) == []
    assert public_header["Viewer's role"] == "public"
    assert public_header["Disclosure"].startswith("Suppressed")

    assert "c" not in set(officer[COUNTS])
    assert small_counts(officer[COUNTS])
    assert officer_header["Viewer's role"] == "officer"
    assert officer_header["Disclosure"].startswith("NOT SUPPRESSED")
    # Both describe the same chart: measure, filters and data date from the page.
    for key in ("Measure", "Filters", "Data date"):
        assert public_header[key] == officer_header[key], key
    assert public_header["Data date"].startswith("Last loaded ")


def test_the_excel_download_follows_the_role_too(monkeypatch, demo_store_path, offered):
    import openpyxl

    open_as(monkeypatch, demo_store_path, "public")
    sheet = openpyxl.load_workbook(io.BytesIO(offered[f"{CARD}.xlsx"]())).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "c" in values
    heading = next(row for row in sheet.iter_rows() if row[0].value == "Period")
    column = next(cell.column for cell in heading if cell.value == COUNTS)
    counts = [sheet.cell(row, column).value for row in range(heading[0].row + 1,
                                                             sheet.max_row + 1)]
    assert not [n for n in counts if isinstance(n, int | float) and 1 <= n <= 5]


def exports() -> list[tuple[str, dict]]:
    rows = stored("SELECT actor, detail FROM audit WHERE action = 'export_unsuppressed'")
    return [(actor, json.loads(detail)) for actor, detail in rows]


def test_an_officers_download_is_audited_as_an_export_of_unsuppressed_data(
        monkeypatch, demo_store_path, tmp_path, offered):
    store_path = tmp_path / "store.duckdb"
    shutil.copy(demo_store_path, store_path)
    app = open_as(monkeypatch, store_path, "officer")
    assert exports() == []
    offered[f"{CARD}.xlsx"]()  # what Streamlit runs when the button is clicked
    assert not app.exception, app.exception
    [(actor, detail)] = exports()
    assert actor == "test-officer"
    assert detail["role"] == "officer"
    assert detail["file"] == f"{CARD}.xlsx"
    assert detail["what"] == "chart data"
    assert detail["rows"] > 0 and detail["measure"] and detail["filters"]


def test_a_public_download_leaves_no_audit_row(monkeypatch, demo_store_path, tmp_path, offered):
    store_path = tmp_path / "store.duckdb"
    shutil.copy(demo_store_path, store_path)
    open_as(monkeypatch, store_path, "public")
    offered[f"{CARD}.csv"]()
    offered[f"{CARD}.xlsx"]()
    assert exports() == []


def test_a_download_click_runs_no_script(monkeypatch, demo_store_path, offered):
    """A rerun would give every download button new file ids, and a second button clicked
    before the browser had them would download nothing."""
    app = open_as(monkeypatch, demo_store_path, "officer")
    buttons = [b for b in app.get("download_button") if b.key.startswith(CARD)]
    assert len(buttons) == 2 and all(b.proto.ignore_rerun for b in buttons)


@pytest.mark.parametrize("page", ["overview", "referrals", "contextual", "violence", "mace",
                                  "programmes", "compare"])
def test_every_chart_download_says_when_its_data_was_last_loaded(monkeypatch, demo_store_copy,
                                                                  offered, page):
    open_as(monkeypatch, demo_store_copy, "officer", page)
    chart_files = [name for name in offered if name.endswith(".csv")
                   and "Measure" in downloaded_table(offered, name)[0]]
    assert len(chart_files) >= 3, chart_files
    undated = [name for name in chart_files
               if not downloaded_table(offered, name)[0]["Data date"].startswith("Last loaded ")]
    assert undated == []
