"""What an officer reads about an upload: counts in agreeing words ("1 row", never "1 rows" or
"row(s)"), authorities by name, never by code, and "identical, nothing changed" only when
loading the file again would truly change nothing: the same file stored with another choice
(its authority, its stray periods) or after a later load replaced it is a new load."""

from __future__ import annotations

import re

from test_cli import cli
from test_replacement_preview import HEADER, last_year_q4, referrals, this_year_with_one_stray_row
from test_upload_choices import files_dropped
from test_upload_page import choose_authority, key_of, open_upload_page

from apptest import said
from conftest import upload, write
from contracts.words import counted
from ingest.pipeline import UploadFile, load
from ingest.preview import PeriodChoice, Preview
from ingest.validate import Options

NOT_AGREEING = re.compile(r"(?<![\d,])1 (rows|problems|loads|authorities)\b|\(s\)")
ONE_REFERRAL = "Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\nR-1,C-1,01/07/2025,Police,CCE,15\r\n"
HARTLEPOOL = ("referral_id,child_id,referral_date,source,harm_types,age,la_code\r\n"
              "R-1,C-1,2025-07-01,police,cce,15,E06000001\r\n"
              "R-2,C-2,2025-07-02,police,cce,14,E06000001\r\n"
              "R-3,C-3,2025-07-03,police,cce,13,E06000001\r\n")


def test_counts_agree_with_their_noun():
    assert counted(1, "row") == "1 row"
    assert counted(0, "row") == "0 rows"
    assert counted(1234, "row") == "1,234 rows"
    assert counted(1, "authority", "authorities") == "1 authority"
    assert counted(2, "authority", "authorities") == "2 authorities"


def test_the_command_line_says_1_row_of_a_one_row_file_and_of_one_stray_row(tmp_path):
    one = write(tmp_path, "one.csv", ONE_REFERRAL)
    stored = cli(tmp_path, "ingest", str(one), "--la", "E06000004")
    assert stored.returncode == 0, stored.stderr
    assert "stored as load 1: 1 row accepted, 0 rejected." in stored.stdout
    assert cli(tmp_path, "ingest", str(last_year_q4(tmp_path)), "--la", "E06000004").returncode == 0
    stray = this_year_with_one_stray_row(tmp_path)
    refused = cli(tmp_path, "ingest", str(stray), "--la", "E06000004")
    assert "the file has only 1 row in this period" in refused.stderr
    main = cli(tmp_path, "ingest", str(stray), "--la", "E06000004", "--main-periods-only")
    assert "1 row of stray periods left out" in main.stdout
    for run in (stored, refused, main):
        assert not NOT_AGREEING.search(run.stdout + run.stderr), run.stdout + run.stderr


def test_the_check_report_names_the_authority_never_its_code(monkeypatch, tmp_path):
    app = files_dropped(open_upload_page(monkeypatch, tmp_path), ("hartlepool.csv", HARTLEPOOL))
    assert not app.exception
    report = said(app.markdown)
    assert "Referrals about extra-familial harm for Hartlepool; periods: 2025/26 Q2" in report
    app.button(key=key_of(app, "load")).click().run()
    again = HARTLEPOOL.split("R-2")[0]  # one row of three: loses more than half
    app = files_dropped(app, ("hartlepool_fixed.csv", again))
    shown = " ".join([said(app.markdown), said(app.warning),
                      *(table.value.to_csv() for table in app.table)])
    assert "Hartlepool" in shown and "loses more than half" in shown
    assert "E06000001" not in shown
    assert not NOT_AGREEING.search(shown), shown


def test_the_page_offers_to_leave_out_1_row_with_errors(monkeypatch, tmp_path):
    bad = ONE_REFERRAL.replace("01/07/2025", "31/13/2025")
    app = choose_authority(files_dropped(open_upload_page(monkeypatch, tmp_path), ("bad.csv", bad)))
    assert not app.exception
    choice = app.checkbox(key=key_of(app, "partial")).label
    assert "Load the 0 valid rows and leave out the 1 row with errors" in choice
    shown = " ".join([said(app.markdown), choice, said(app.error)])
    assert not NOT_AGREEING.search(shown), shown


def test_the_same_file_for_another_authority_is_a_new_load_not_identical(store, tmp_path):
    one = write(tmp_path, "one.csv", HEADER + referrals(0, 3, "2025-07-01"))
    first = upload(store, one, la="E06000004")
    assert first.ok and not first.stored.identical
    other = upload(store, one, la="E06000001")
    assert other.ok and not other.stored.identical, other.message()
    assert other.stored.slices == [("E06000001", "2025/26 Q2", 3)]
    again = upload(store, one, la="E06000001")
    assert again.stored.identical and again.stored.load_id == other.stored.load_id
    assert "identical to load 2, already stored; nothing changed." in again.message()


def test_a_file_first_loaded_without_its_stray_period_can_then_be_loaded_whole(store, tmp_path):
    assert upload(store, last_year_q4(tmp_path)).ok
    path = this_year_with_one_stray_row(tmp_path)
    files, options = [UploadFile(path.name, path)], Options(la_code="E06000004")
    main = load(store, files, options, "test", period_choice=PeriodChoice.MAIN_PERIODS)
    assert main.ok and main.stored.slices == [("E06000004", "2025/26 Q2", 44)]
    main_again = load(store, files, options, "test", period_choice=PeriodChoice.MAIN_PERIODS)
    assert main_again.stored.identical, "the same choice again stores nothing new"
    whole = load(store, files, options, "test", period_choice=PeriodChoice.EVERYTHING)
    assert whole.ok and not whole.stored.identical, whole.message()
    assert [(r.period, r.rows) for r in whole.stored.replaced] == [("2024/25 Q4", 83),
                                                                   ("2025/26 Q2", 44)]


def test_a_file_replaced_by_a_later_load_is_made_current_again_by_loading_it(store, tmp_path):
    first = write(tmp_path, "q2.csv", HEADER + referrals(0, 10, "2025-07-01"))
    later = write(tmp_path, "q2_later.csv", HEADER + referrals(0, 9, "2025-07-01"))
    assert upload(store, first).ok and upload(store, later).ok
    again = upload(store, first)
    assert again.ok and not again.stored.identical, again.message()
    assert [r.load_id for r in again.stored.replaced] == [2]
    assert store.cursor().execute("SELECT load_id FROM current_slices").fetchall() == [(3,)]


def test_one_police_row_in_no_known_authority_is_1_row_and_a_long_list_is_counted():
    one = Preview("Police street-level crime", 10, unplaced=[("Atlantis", 1)])
    said = one.unplaced_text(["Stockton-on-Tees", "Hartlepool"])
    assert said.startswith("1 row falls in no authority") and "would show it;" in said
    england = one.unplaced_text([f"Authority {i}" for i in range(153)])
    assert "it charts the 153 authorities it knows by name" in england
    assert "Authority 7" not in england
