"""Before a load replaces anything, the officer (or script) sees what: rows now and after per
authority and period, and a period that one stray date would wipe needs an explicit choice."""

from __future__ import annotations

from test_cli import cli

from conftest import realdata, upload, write
from ingest.pipeline import UploadFile, check, load
from ingest.preview import PeriodChoice
from ingest.validate import Options

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"


def referrals(first: int, count: int, date: str) -> str:
    return "".join(f"R{i},C{i},{date},police,cce,15\n" for i in range(first, first + count))


def last_year_q4(tmp_path):
    """Stockton's 2024/25 Q4: 83 referrals."""
    return write(tmp_path, "q4_2024-25.csv", HEADER + referrals(0, 83, "2025-02-10"))


def this_year_with_one_stray_row(tmp_path):
    """A 2025/26 file of 44 referrals, and one dated 31/03/2025 (2024/25 Q4) by mistake."""
    return write(tmp_path, "referrals_2025-26.csv",
                 HEADER + referrals(100, 44, "2025-07-01") + referrals(500, 1, "31/03/2025"))


def preview_of(store, path):
    con = store.cursor()
    try:
        return check(con, [UploadFile(path.name, path)], Options(la_code="E06000004")).preview
    finally:
        con.close()


def test_the_preview_shows_rows_now_and_after_and_flags_the_stray_period(store, tmp_path):
    assert upload(store, last_year_q4(tmp_path)).ok
    preview = preview_of(store, this_year_with_one_stray_row(tmp_path))
    rows = {row["period"]: row for row in preview.table({"E06000004": "Stockton-on-Tees"})}
    q4 = rows["2024/25 Q4"]
    assert (q4["rows now"], q4["rows after"], q4["difference"]) == (83, 1, "-82")
    assert q4["authority or force"] == "Stockton-on-Tees"
    assert q4["all authorities"] == "Referrals about extra-familial harm: 83 → 1"
    assert q4["check"] == "stray dates?"
    assert rows["2025/26 Q2"]["check"] == "" and rows["2025/26 Q2"]["rows now"] == 0
    assert preview.needs_choice
    assert preview.stray_periods == ["2024/25 Q4"] and preview.main_periods == ["2025/26 Q2"]
    said = " ".join(preview.warnings())
    assert "most likely stray dates" in said and "replace the 83 rows" in said


def test_a_period_losing_more_than_half_its_rows_is_flagged_even_from_a_whole_file(store, tmp_path):
    assert upload(store, last_year_q4(tmp_path)).ok
    smaller = write(tmp_path, "q4_again.csv", HEADER + referrals(0, 30, "2025-02-10"))
    preview = preview_of(store, smaller)
    assert [c.loses_most for c in preview.changes] == [True]
    assert "loses more than half" in preview.warnings()[0]


def test_a_file_spread_evenly_over_many_periods_is_not_flagged(store, tmp_path):
    months = "".join(referrals(q * 10, 10, f"2024-{q:02d}-05") for q in range(1, 13))
    preview = preview_of(store, write(tmp_path, "year.csv", HEADER + months))
    assert not preview.needs_choice


def test_without_a_choice_nothing_is_stored_and_with_main_periods_the_stray_rows_are_rejected(
        store, tmp_path):
    assert upload(store, last_year_q4(tmp_path)).ok
    path = this_year_with_one_stray_row(tmp_path)
    files, options = [UploadFile(path.name, path)], Options(la_code="E06000004")
    refused = load(store, files, options, actor="test", period_choice=None)
    assert not refused.ok and refused.awaiting_choice and "not loaded" in refused.message()
    con = store.cursor()
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    outcome = load(store, files, options, actor="test", period_choice=PeriodChoice.MAIN_PERIODS)
    assert outcome.ok, outcome.message()
    assert (outcome.stored.rows_accepted, outcome.stored.rows_rejected) == (44, 1)
    assert "1 row of stray periods left out" in outcome.message()
    assert con.execute("SELECT count(*) FROM referrals r JOIN current_slices c ON "
                       "c.load_id = r._load_id AND c.period = r._period WHERE r._period = "
                       "'2024/25 Q4'").fetchone()[0] == 83, "last year's Q4 is untouched"
    assert con.execute("SELECT code, value FROM load_issues WHERE load_id = ?",
                       [outcome.stored.load_id]).fetchall() == [("stray_period", "2025-03-31")]


def test_the_cli_refuses_a_flagged_load_with_the_table_unless_confirmed(tmp_path):
    assert cli(tmp_path, "ingest", str(last_year_q4(tmp_path)), "--la", "E06000004").returncode == 0
    path = this_year_with_one_stray_row(tmp_path)
    refused = cli(tmp_path, "ingest", str(path), "--la", "E06000004")
    assert refused.returncode == 1
    assert "Stockton-on-Tees | 2024/25 Q4 | 83 -> 1 (-82)" in refused.stderr
    assert "--confirm-drop" in refused.stderr and "--main-periods-only" in refused.stderr
    assert "rejected=45\tload=-" in refused.stdout
    main = cli(tmp_path, "ingest", str(path), "--la", "E06000004", "--main-periods-only")
    assert main.returncode == 0, main.stderr
    assert "accepted=44\trejected=1\tload=2" in main.stdout
    other = {"SCRUTINY_STORE": str(tmp_path / "other" / "cli.duckdb")}
    assert cli(tmp_path, "ingest", str(last_year_q4(tmp_path)), "--la", "E06000004",
               **other).returncode == 0
    confirmed = cli(tmp_path, "ingest", str(path), "--la", "E06000004", "--confirm-drop", **other)
    assert confirmed.returncode == 0, confirmed.stderr
    assert "accepted=45\trejected=0\tload=2" in confirmed.stdout


def test_police_rows_in_no_known_authority_are_counted_by_the_area_their_lsoa_names(store, tmp_path):
    real = realdata("2025-10-city-of-london-street.csv").read_text(encoding="utf-8")
    placed = dict(preview_of(store, realdata("2025-10-city-of-london-street.csv")).unplaced)
    assert "City of London" not in placed, "every English authority is known by its LSOA names"
    # The same month as if its LSOAs lay in an area no authority list names
    unknown = write(tmp_path, "2025-10-atlantis-street.csv", real.replace("City of London", "Atlantis"))
    areas = dict(preview_of(store, unknown).unplaced)
    assert areas.get("Atlantis", 0) > 0
    said = preview_of(store, unknown).unplaced_text(["Stockton-on-Tees", "Hartlepool"])
    assert f"{sum(areas.values()):,} rows fall in no authority" in said
    assert "Atlantis" in said and "geography lookup" in said
