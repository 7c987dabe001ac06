"""Files that cannot be taken at all: each is refused with a specific message, nothing stored,
and no traceback reaches the officer."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import upload, write
from ingest.pipeline import UploadFile, load
from ingest.validate import Options

REFERRALS_HEADER = "referral_id,child_id,referral_date,source,harm_types,age"
GOOD_ROW = "R1,C1,2025-07-01,police,cce,15"


def refused_with(store, path, *words, **options):
    outcome = upload(store, path, **options)
    assert not outcome.ok
    assert outcome.report.refused
    message = " ".join(issue["reason"] for issue in outcome.report.file_issues)
    for word in words:
        assert word.lower() in message.lower(), message
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone()[0] == 0
    return outcome


def test_an_empty_file_is_refused(store, tmp_path):
    refused_with(store, write(tmp_path, "empty.csv", ""), "empty")


def test_a_header_without_rows_is_refused(store, tmp_path):
    refused_with(store, write(tmp_path, "header.csv", REFERRALS_HEADER + "\n"), "no data rows")


def test_a_binary_file_named_csv_is_refused(store, tmp_path):
    refused_with(store, write(tmp_path, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 50),
                 "not a text CSV")


def test_a_semicolon_separated_file_is_refused_naming_the_delimiter(store, tmp_path):
    text = REFERRALS_HEADER.replace(",", ";") + "\n" + GOOD_ROW.replace(",", ";") + "\n"
    refused_with(store, write(tmp_path, "semi.csv", text), "semicolons")


def test_a_missing_required_column_is_named(store, tmp_path):
    text = "referral_id,child_id,referral_date,source,harm_types\nR1,C1,2025-07-01,police,cce\n"
    outcome = refused_with(store, write(tmp_path, "noage.csv", text), "'age'")
    assert outcome.report.file_issues[0]["column"] == "age"


def test_an_unrecognised_extract_is_refused_with_its_header_shown(store, tmp_path):
    refused_with(store, write(tmp_path, "shopping.csv", "apples,pears\n1,2\n"),
                 "could not be recognised", "apples")


@pytest.mark.parametrize("column", ["Forename", "DOB", "Surname", "Postcode", "NHS Number", "UPN",
                                    "Email Address", "Date of Birth"])
def test_a_direct_identifier_column_refuses_the_file(store, tmp_path, column):
    text = f"{REFERRALS_HEADER},{column}\n{GOOD_ROW},x\n"
    refused_with(store, write(tmp_path, "ids.csv", text), column, "identifier")


@pytest.mark.parametrize(("value", "what"), [
    ("seen with 943 476 5919 at the park", "NHS number"),
    ("pupil A123456789012 moved school", "unique pupil number"),
    ("contact j.smith@example.org", "email"),
    ("lives near TS18 1AB", "postcode"),
])
def test_a_direct_identifier_inside_free_text_refuses_the_file_without_echoing_it(
    store, tmp_path, value, what
):
    text = ("context_id,context_type,identified_date,label\n"
            f"X1,location,2025-07-01,car park\nX2,location,2025-07-02,{value}\n")
    outcome = refused_with(store, write(tmp_path, "ctx.csv", text), what)
    issue = outcome.report.file_issues[0]
    assert (issue["row"], issue["column"], issue["value"]) == (3, "label", "(hidden)")


def test_a_ten_digit_number_failing_the_nhs_check_is_not_an_identifier(store, tmp_path):
    text = ("context_id,context_type,identified_date,label\n"
            "X1,location,2025-07-01,incident 1234567890 logged\n")
    assert upload(store, write(tmp_path, "ctx.csv", text)).ok


def test_a_file_without_an_authority_is_refused_until_one_is_chosen(store, tmp_path):
    path = write(tmp_path, "r.csv", f"{REFERRALS_HEADER}\n{GOOD_ROW}\n")
    refused_with(store, path, "choose the authority", la=None)
    assert upload(store, path, la="E06000004").ok


def test_an_xlsx_that_is_not_a_workbook_is_refused(store, tmp_path):
    refused_with(store, write(tmp_path, "fake.xlsx", b"PK\x03\x04 not really a zip" * 10),
                 "workbook")


def test_a_file_name_with_folders_is_refused(store, tmp_path):

    path = write(tmp_path, "r.csv", f"{REFERRALS_HEADER}\n{GOOD_ROW}\n")
    outcome = load(store, [UploadFile("../../etc/r.csv", path)], Options(la_code="E06000004"), "t")
    assert not outcome.ok and "plain file name" in outcome.message()
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone()[0] == 0


def _zip(tmp_path, name, members: dict[str, bytes]):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return write(tmp_path, name, buffer.getvalue())


def test_a_zip_holding_something_other_than_csv_is_refused(store, tmp_path):
    path = _zip(tmp_path, "police.zip", {"2025-10/a.csv": b"x,y\n", "2025-10/run.exe": b"MZ"})
    refused_with(store, path, "not a CSV")


def test_a_zip_bomb_is_refused_by_its_declared_size(store, tmp_path):
    path = _zip(tmp_path, "bomb.zip", {"big.csv": b"0" * 50_000_000})
    refused_with(store, path, "unsafe")
