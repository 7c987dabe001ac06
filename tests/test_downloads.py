"""What a chart's CSV and Excel downloads hold (ui/downloads.py).

Why: a download leaves the dashboard. Whoever opens it later must be able to tell what the
figures are (measure, definition, filters, data date, source) and whether small counts are
hidden; and the file must not run anything when it is opened in a spreadsheet, whatever an
uploaded extract put into a name or a note (CSV/formula injection, OWASP).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.escape import unescape

from ui import downloads, text

# Text a spreadsheet would run as a formula, or that starts one (OWASP's list).
FORMULAS = ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"]
LOADED = datetime(2026, 3, 3, 14, 5)


def about(role: str = "public", **changes) -> downloads.AboutTheData:
    facts = {
        "title": "Referrals rose 12% on the same quarter last year",
        "measure": "Referrals (referrals)",
        "filters": "Sometown, 2024/25 Q1 to 2025/26 Q2",
        "role": role,
        "definition": "A referral is a request for help about harm outside the home.",
        "data_date": LOADED,
        "source": "Front door referrals; last loaded 03 March 2026 14:05.",
    }
    return downloads.AboutTheData(**{**facts, **changes})


@pytest.fixture
def table() -> pd.DataFrame:
    """A chart's table as the page shows it: one suppressed row ("c"), one missing ("x")."""
    frame = pd.DataFrame(
        {
            "period": ["2025/26 Q1", "2025/26 Q1", "2025/26 Q1"],
            "breakdown": "source",
            "breakdown_value": ["Police", "Health", "Schools"],
            "value": [40.0, 3.0, None],
            "numerator": [40.0, 3.0, None],
            "denominator": [None, None, None],
            "suppressed": [False, True, False],
        }
    )
    return text.data_table(frame)


def read_csv(raw: bytes) -> tuple[dict[str, str], list[list[str]]]:
    """The header block as a dict and the table as rows (heading first), split at the blank line."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    return dict(rows[:blank]), rows[blank + 1:]


def read_xlsx(raw: bytes):
    return openpyxl.load_workbook(io.BytesIO(raw)).active


def xlsx_text(cell) -> str:
    # XlsxWriter stores a carriage return as Excel's escape _x000D_; Excel shows it as one.
    return unescape(cell.value) if isinstance(cell.value, str) else cell.value


# --- the header block -------------------------------------------------------------------


def test_the_csv_opens_with_what_the_figures_are_then_a_blank_line_then_the_table(table):
    raw = downloads.csv_download(table, about(), downloaded=datetime(2026, 3, 4, 9, 30))
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    header, rows = read_csv(raw)
    assert header == {
        "Title": "Referrals rose 12% on the same quarter last year",
        "Measure": "Referrals (referrals)",
        "Definition": "A referral is a request for help about harm outside the home.",
        "Filters": "Sometown, 2024/25 Q1 to 2025/26 Q2",
        "Data date": "Last loaded 03 March 2026 14:05",
        "Source": "Front door referrals; last loaded 03 March 2026 14:05.",
        "Disclosure": downloads.SUPPRESSED_DISCLOSURE,
        "Symbols": f"{text.SUPPRESSED_NOTE}; {text.NOT_AVAILABLE_NOTE}",
        "Viewer's role": "public",
        "Downloaded": "04 March 2026 09:30",
    }
    assert rows == [
        ["Period", "Breakdown", "Group", "Value", "Numerator", "Denominator"],
        ["2025/26 Q1", "source", "Police", "40", "40", "x"],
        ["2025/26 Q1", "source", "Health", "c", "c", "c"],
        ["2025/26 Q1", "source", "Schools", "x", "x", "x"],
    ]


def test_a_chart_without_a_definition_or_load_date_says_so_rather_than_leaving_a_gap(table):
    header, _ = read_csv(downloads.csv_download(table, about(definition=None, data_date=None)))
    assert header["Definition"] == downloads.NO_DEFINITION
    assert header["Data date"] == downloads.NO_DATA_DATE


@pytest.mark.parametrize(("role", "unsuppressed"), [("public", False), ("member", False),
                                                     ("officer", True), ("admin", True)])
def test_the_disclosure_line_says_whether_small_counts_are_shown(table, role, unsuppressed):
    header, _ = read_csv(downloads.csv_download(table, about(role)))
    assert header["Viewer's role"] == role
    assert header["Disclosure"].startswith("NOT SUPPRESSED") is unsuppressed
    assert ("shown as c" in header["Disclosure"]) is not unsuppressed


def test_the_excel_file_has_the_header_block_on_top_and_a_frozen_filterable_table_below(table):
    sheet = read_xlsx(downloads.xlsx_download(table, about()))
    header = {}
    row = 1
    while sheet.cell(row, 1).value is not None:
        header[sheet.cell(row, 1).value] = sheet.cell(row, 2).value
        assert sheet.cell(row, 1).font.b, "header keys are bold"
        row += 1
    assert header["Measure"] == "Referrals (referrals)"
    assert header["Filters"] == "Sometown, 2024/25 Q1 to 2025/26 Q2"
    assert header["Data date"] == "Last loaded 03 March 2026 14:05"
    assert header["Definition"].startswith("A referral is")
    assert header["Disclosure"] == downloads.SUPPRESSED_DISCLOSURE
    heading = row + 1  # one blank row, then the table's heading row
    assert [cell.value for cell in sheet[heading]][:6] == [
        "Period", "Breakdown", "Group", "Value", "Numerator", "Denominator"]
    assert sheet.freeze_panes == f"A{heading + 1}"
    assert sheet.auto_filter.ref == f"A{heading}:F{heading + 3}"
    assert [cell.value for cell in sheet[heading + 1]][:6] == [
        "2025/26 Q1", "source", "Police", 40, 40, "x"]
    assert [cell.value for cell in sheet[heading + 2]][3:6] == ["c", "c", "c"]


def test_excel_columns_are_sized_to_their_contents_within_limits():
    wide = pd.DataFrame({"Group": ["A very long ward name, north of the river"], "n": [1],
                         "Note": ["x" * 400]})
    sheet = read_xlsx(downloads.xlsx_download(wide, about()))
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}
    assert widths["A"] > widths["B"] >= downloads.MIN_WIDTH
    assert widths["C"] <= downloads.MAX_WIDTH + 1  # openpyxl reads back Excel's padding


# --- formulas never run; numbers stay numbers --------------------------------------------


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_text_that_would_run_as_a_formula_starts_with_an_apostrophe(formula):
    table = pd.DataFrame({formula: [formula], "Group": [f"{formula} in a name"], "Value": [-2]})
    header, rows = read_csv(downloads.csv_download(table, about(filters=formula)))
    assert header["Filters"] == f"'{formula}"
    assert rows[0][0] == f"'{formula}"  # a column heading
    assert rows[1][:2] == [f"'{formula}", f"'{formula} in a name"]
    assert rows[1][2] == "-2"  # the negative number is written as a number


@pytest.mark.parametrize("formula", FORMULAS)
def test_excel_text_that_would_run_as_a_formula_starts_with_an_apostrophe(formula):
    table = pd.DataFrame({formula: [formula], "Group": [f"{formula} in a name"], "Value": [-2]})
    sheet = read_xlsx(downloads.xlsx_download(table, about(filters=formula)))
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"], "no cell holds a formula"
    texts = [xlsx_text(cell) for cell in cells if cell.data_type == "s"]
    assert f"'{formula}" in texts  # header block, heading and cell
    assert texts.count(f"'{formula}") == 3
    assert f"'{formula} in a name" in texts
    assert not [t for t in texts if t.startswith(tuple(text.FORMULA_TRIGGERS))]


def test_a_negative_number_stays_a_number_in_excel_and_in_csv():
    table = pd.DataFrame({"Group": ["-2", "Police"], "Change": [-2, -0.5]})
    sheet = read_xlsx(downloads.xlsx_download(table, about()))
    numbers = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "n"
               and cell.value is not None]
    assert [cell.value for cell in numbers] == [-2, -0.5]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "s"]
    assert "'-2" in texts  # the same characters as text are neutralised
    _, rows = read_csv(downloads.csv_download(table, about()))
    assert rows[1:] == [["'-2", "-2.0"], ["Police", "-0.5"]]


def test_c_and_x_are_written_as_text_unchanged(table):
    sheet = read_xlsx(downloads.xlsx_download(table, about()))
    texts = [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "s"]
    assert texts.count("c") == 3 and "'c" not in texts


def test_numpy_numbers_missing_values_and_dates_become_plain_cells():
    assert downloads.plain_cell(pd.NA) is None
    assert downloads.plain_cell(float("nan")) is None
    assert downloads.plain_cell(pd.Series([7]).iloc[0]) == 7
    assert type(downloads.plain_cell(pd.Series([7]).iloc[0])) is int
    assert downloads.plain_cell(float("inf")) is None
    assert downloads.plain_cell(True) is True
    assert downloads.plain_cell(datetime(2025, 4, 1, 9, 0)) == "2025-04-01 09:00:00"
    assert downloads.plain_cell("=cmd") == "'=cmd"
