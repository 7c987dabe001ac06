"""Two files that used to be refused for the wrong reason now say what is wrong: an Excel error
value (#DIV/0!) names its row, column, cell and what to do, instead of "a value is required";
one line of 50 MB says it is one line far too long, instead of "a header but no data rows"."""

from __future__ import annotations

import openpyxl
import pytest

from conftest import upload, write

HEADER = ["referral_id", "child_id", "referral_date", "source", "harm_types", "age"]


def workbook_with_error(tmp_path, value: str = "#DIV/0!"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["R1", "C1", "2025-07-01", "police", "cce", 15])
    sheet.append(["R2", "C2", "2025-07-02", "police", "cce", None])
    sheet["F3"].value = value  # what Excel keeps for a formula that failed: a cell of type "e"
    sheet["F3"].data_type = "e"
    path = tmp_path / "referrals.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("value, meaning", [("#DIV/0!", "divided by zero"),
                                            ("#N/A", "lookup found nothing")])
def test_an_excel_error_value_is_named_with_its_row_column_and_what_to_do(store, tmp_path,
                                                                          value, meaning):
    outcome = upload(store, workbook_with_error(tmp_path, value))
    message = outcome.message()
    assert not outcome.ok
    for words in ("referrals.xlsx", "row 3", "column 'age'", "cell F3", value, meaning,
                  "Correct the formula"):
        assert words in message, (words, message)
    assert "required" not in message and "nan" not in message.lower()
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone() == (0,)


def test_a_workbook_without_error_values_loads_as_before(store, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["R1", "C1", "2025-07-01", "police", "cce", 15])
    book.save(tmp_path / "fine.xlsx")
    assert upload(store, tmp_path / "fine.xlsx").ok


def test_one_line_of_50_mb_is_called_one_line_too_long(store, tmp_path):
    line = "R1,C1,2025-07-01,police,cce," + "1" * 50_000_000
    path = write(tmp_path, "referrals.csv", ",".join(HEADER) + "\n" + line + "\n")
    message = upload(store, path).message()
    assert "line 2 is 47.7 MB long" in message and "one line far longer" in message, message
    assert "no data rows" not in message
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone() == (0,)
