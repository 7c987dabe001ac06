"""Files as officers' systems really write them: Excel workbooks with a title row, police.uk
zips of several months and forces, numbers stored as text, and two officers at once."""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import datetime

import openpyxl

from conftest import realdata, upload, write
from contracts.extracts import POLICE_HEADER


def workbook(tmp_path, name, rows) -> object:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_an_xlsx_with_a_title_row_above_the_header_is_read_from_its_header(store, tmp_path):
    path = workbook(tmp_path, "referrals.xlsx", [
        ["Extra-familial harm referrals, Q2 2025/26 (exported 03/10/2025)"],
        [],
        ["Referral ID", "Child ID", "Referral Date", "Source", "Harm Types", "Age"],
        ["R-1", "C-1", datetime(2025, 7, 1), "Police", "CCE", 15],
        ["R-2", "C-2", "02/07/2025", "Schools", "cse", "14"],
        ["R-3", "C-3", datetime(2025, 7, 3), "Health", "missing", 13.0],
    ])
    outcome = upload(store, path)
    assert outcome.ok, outcome.message()
    assert outcome.stored.rows_accepted == 3
    rows = store.cursor().execute("SELECT referral_date, age FROM referrals ORDER BY 1").fetchall()
    assert [str(d) for d, _ in rows] == ["2025-07-01", "2025-07-02", "2025-07-03"]
    assert [a for _, a in rows] == [15, 14, 13]


def test_an_xlsx_row_error_names_the_spreadsheet_row(store, tmp_path):
    path = workbook(tmp_path, "referrals.xlsx", [
        ["Title"], ["Referral ID", "Child ID", "Referral Date", "Source", "Harm Types", "Age"],
        ["R-1", "C-1", "01/07/2025", "Police", "CCE", 15],
        ["R-2", "C-2", "01/07/2025", "Police", "CCE", 31],
    ])
    outcome = upload(store, path)
    assert [(r.row, r.column) for r in outcome.report.row_issues.itertuples()] == [(4, "age")]


def police_csv(month: str, force: str, rows: int) -> str:
    lines = [",".join(POLICE_HEADER)]
    for i in range(rows):
        lines.append(f"{i:064x},{month},{force},{force},-1.31,54.56,On or near High Street,"
                     f"E01012258,Stockton-on-Tees 014A,Violence and sexual offences,"
                     f"Under investigation,")
    return "\n".join(lines) + "\n"


def test_a_police_uk_zip_of_several_months_and_forces_is_one_upload(store, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for month in ("2025-08", "2025-09"):
            for force, rows in (("Cleveland Police", 3), ("Durham Constabulary", 2)):
                slug = force.split()[0].lower()
                archive.writestr(f"{month}/{month}-{slug}-street.csv", police_csv(month, force, rows))
    path = write(tmp_path, "police.zip", buffer.getvalue())
    outcome = upload(store, path, la=None)
    assert outcome.ok, outcome.message()
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    assert sorted(outcome.report.slices) == [
        ("Cleveland Police", "2025-08", 3), ("Cleveland Police", "2025-09", 3),
        ("Durham Constabulary", "2025-08", 2), ("Durham Constabulary", "2025-09", 2)]


def test_a_newer_police_month_replaces_that_force_month_only(store, tmp_path):
    upload(store, write(tmp_path, "a.csv", police_csv("2025-08", "Cleveland Police", 3)), la=None)
    upload(store, write(tmp_path, "b.csv", police_csv("2025-08", "Durham Constabulary", 2)), la=None)
    upload(store, write(tmp_path, "c.csv", police_csv("2025-08", "Cleveland Police", 5)), la=None)
    counts = dict(store.cursor().execute(
        "SELECT force, sum(crimes) FROM sum_crime_month_lsoa GROUP BY 1").fetchall())
    assert counts == {"Cleveland Police": 5, "Durham Constabulary": 2}


def test_two_real_police_uk_months_load_as_one_batch(store):
    outcome = upload(store, realdata("2025-10-city-of-london-street.csv"),
                     realdata("2025-11-city-of-london-street.csv"), la=None)
    assert outcome.ok and outcome.stored.rows_accepted == 781 + 734


def test_two_officers_loading_the_same_period_at_once_leave_one_consistent_version(store, tmp_path):
    header = "referral_id,child_id,referral_date,source,harm_types,age\n"
    files = [write(tmp_path, f"officer{i}.csv",
                   header + "".join(f"R{j},C{j},2025-07-0{1 + j % 9},police,cce,{10 + i}\n"
                                    for j in range(200)))
             for i in range(2)]
    outcomes = {}
    threads = [threading.Thread(target=lambda p=p: outcomes.setdefault(p.name, upload(store, p)))
               for p in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(o.ok for o in outcomes.values())
    con = store.cursor()
    assert con.execute("SELECT count(*) FROM referrals").fetchone()[0] == 200
    assert con.execute("SELECT count(DISTINCT age) FROM referrals").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM current_slices").fetchone()[0] == 1
