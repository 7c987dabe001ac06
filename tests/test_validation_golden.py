"""Golden upload files: each bad_*.csv lists, in bad_*.expect, exactly the (row, column, code)
problems an officer must be shown; each good_*.csv loads whole. Adding a case is adding a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import upload

UPLOADS = Path(__file__).parent / "uploads"


def expectation(path: Path) -> tuple[dict[str, str], set[tuple[int, str, str]]]:
    options, problems = {}, set()
    for line in path.with_suffix(".expect").read_text().splitlines():
        if line.startswith("#"):
            options.update(part.split("=", 1) for part in line[1:].split())
        elif line.strip():
            row, column, code = line.split(",")
            problems.add((int(row), column, code))
    return options, problems


@pytest.mark.parametrize("path", sorted(UPLOADS.glob("bad_*.csv")), ids=lambda p: p.stem)
def test_bad_file_reports_each_problem_by_row_column_and_code(store, path):
    options, expected = expectation(path)
    outcome = upload(store, path, la=options.get("la"))
    assert not outcome.ok, "a file with errors is not stored without the officer's consent"
    found = {(int(r.row), r.column, r.code) for r in outcome.report.row_issues.itertuples()}
    assert found == expected
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone()[0] == 0


@pytest.mark.parametrize("path", sorted(UPLOADS.glob("good_*.csv")), ids=lambda p: p.stem)
def test_good_file_loads_every_row(store, path):
    options, _ = expectation(path)
    outcome = upload(store, path, la=options.get("la"))
    assert outcome.ok, outcome.message()
    assert outcome.stored.rows_accepted == int(options["rows"])
    assert outcome.stored.rows_rejected == 0
