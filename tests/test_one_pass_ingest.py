"""One pass from file to validated rows (issue 17): a CSV is read, typed and judged by one
statement, and its problems still name the exact spreadsheet row, however the reader splits the
file between its threads; raw files are archived with zstd and older gzip archives still replay."""

from __future__ import annotations

import gzip

from conftest import upload, write
from contracts.extracts import POLICE_HEADER
from store.archive import archive_path, restore_file, sha256_of

ROWS = 300_000  # several of DuckDB's CSV buffers and row groups, read by more than one thread
GOOD = ("{i:064x},2025-07,Cleveland Police,Cleveland Police,-1.3{i:05d},54.5,"
        "On or near High Street,E01012258,Stockton-on-Tees 014A,Burglary,Under investigation,")


def police_lines(bad: dict[int, str]) -> list[str]:
    """A police.uk month of ROWS records; record n (from 1) is `bad[n]` where given."""
    return [bad.get(n, GOOD.format(i=n)) for n in range(1, ROWS + 1)]


def test_problems_name_the_exact_row_in_a_large_file_read_in_parallel(store, tmp_path):
    wrong_longitude = GOOD.replace("-1.3{i:05d}", "west")
    bad = {
        7: GOOD.format(i=7).replace("On or near High Street", '"On or near\nHigh Street"'),  # one row
        20: ",,,,,,,,,,,",  # no value at all: not a row, but its number is used
        150_001: wrong_longitude.format(i=150_001),
        244_444: GOOD.format(i=244_444).replace("2025-07", "July"),
        ROWS - 1: GOOD.format(i=ROWS - 1) + ",surprise",
        ROWS: wrong_longitude.format(i=ROWS),
    }
    path = write(tmp_path, "2025-07-cleveland-street.csv",
                 "\n".join([",".join(POLICE_HEADER), *police_lines(bad)]) + "\n")
    outcome = upload(store, path, la=None)
    found = {(int(r.row), r.column, r.code, r.value)
             for r in outcome.report.row_issues.itertuples()}
    # the header is row 1, so record n is row n + 1
    assert found == {
        (150_002, "longitude", "not_a_number", "west"),
        (244_445, "month", "invalid_month", "July"),
        (ROWS, "", "extra_cells", ""),
        (ROWS + 1, "longitude", "not_a_number", "west"),
    }
    assert outcome.report.rows_read == ROWS - 1
    assert outcome.report.rows_valid == ROWS - 5
    assert not outcome.ok, "rows with problems are not stored without the officer's consent"


def test_the_valid_rows_are_stored_with_their_row_numbers(store, tmp_path):
    lines = [",".join(POLICE_HEADER), *police_lines({3: ",,,,,,,,,,,",
                                                     9: GOOD.format(i=9).replace("2025-07", "July")})]
    path = write(tmp_path, "2025-07-cleveland-street.csv", "\n".join(lines[:12]) + "\n")
    outcome = upload(store, path, la=None, allow_partial=True)
    assert outcome.ok, outcome.message()
    stored = store.cursor().execute(
        "SELECT _row, crime_id FROM rows_police_street_crime ORDER BY _row").fetchall()
    assert stored == [(n + 1, f"{n:064x}") for n in range(1, 12) if n not in (3, 9)]
    assert outcome.stored.rows_accepted == 9 and outcome.stored.rows_rejected == 1


def test_a_stored_file_is_archived_with_zstd_and_restored_byte_for_byte(store, tmp_path):
    path = write(tmp_path, "2025-07-cleveland-street.csv",
                 "\n".join([",".join(POLICE_HEADER), *police_lines({})[:50]]) + "\n")
    assert upload(store, path, la=None).ok
    sha = sha256_of(path)
    kept = archive_path(store.archive_dir, sha)
    assert kept.suffix == ".zst" and kept.exists()
    assert restore_file(store.archive_dir, sha, tmp_path / "back.csv").read_bytes() == path.read_bytes()


def test_a_file_archived_with_gzip_by_an_older_version_is_still_read(store, tmp_path):
    original = b"referral_id,child_id\nR1,C1\n"
    sha = "cd" * 32
    older = store.archive_dir / sha[:2] / f"{sha}.gz"
    older.parent.mkdir(parents=True)
    older.write_bytes(gzip.compress(original))
    assert archive_path(store.archive_dir, sha) == older
    assert restore_file(store.archive_dir, sha, tmp_path / "back.csv").read_bytes() == original
