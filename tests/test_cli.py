"""`python cli.py` as officers' scripts use it: one line per file, exit codes 0/1/2, the
error list as CSV, templates, loads and restore."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

from conftest import ROOT, realdata, write

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"


def cli(tmp_path, *args, **settings):
    env = {**os.environ, "SCRUTINY_STORE": str(tmp_path / "store" / "cli.duckdb"), **settings}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_ingest_stores_a_good_file_and_prints_one_line_with_its_load_id(tmp_path):
    path = write(tmp_path, "q2.csv", HEADER + "R1,C1,2025-07-01,police,cce,15\n")
    result = cli(tmp_path, "ingest", str(path), "--la", "E06000004")
    assert result.returncode == 0, result.stderr
    assert "q2.csv\treferrals\tread=1\taccepted=1\trejected=0\tload=1" in result.stdout


def test_ingest_exits_1_and_writes_every_error_when_a_file_is_refused(tmp_path):
    path = write(tmp_path, "bad.csv", HEADER + "R1,C1,31/13/2025,police,cce,15\nR2,C2,2025-07-01,police,cce,99\n")
    errors = tmp_path / "errors.csv"
    result = cli(tmp_path, "ingest", str(path), "--la", "E06000004", "--errors", str(errors))
    assert result.returncode == 1
    rows = list(csv.DictReader(errors.open()))
    assert [(r["row"], r["column"], r["code"]) for r in rows] == [
        ("2", "referral_date", "invalid_date"), ("3", "age", "out_of_range")]
    assert "--skip-invalid" in result.stderr


def test_the_store_keeps_to_the_memory_limit_set_and_says_when_it_is_not_a_size(
        tmp_path, monkeypatch):
    from store.connection import Store

    def limit_of_a_store_opened() -> str:
        store = Store(tmp_path / "store" / "limits.duckdb")
        try:
            return store.cursor().execute("SELECT current_setting('memory_limit')").fetchone()[0]
        finally:
            store.close()

    monkeypatch.delenv("SCRUTINY_MEMORY_LIMIT", raising=False)
    assert limit_of_a_store_opened() == "953.6 MiB", "1GB unless set (DuckDB counts in 1000s)"
    monkeypatch.setenv("SCRUTINY_MEMORY_LIMIT", "300MB")
    assert limit_of_a_store_opened() == "286.1 MiB"
    wrong = cli(tmp_path, "loads", SCRUTINY_MEMORY_LIMIT="lots")
    assert wrong.returncode == 1
    assert "SCRUTINY_MEMORY_LIMIT='lots' is not a memory size" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_skip_invalid_stores_the_valid_rows_and_records_the_rejected(tmp_path):
    path = write(tmp_path, "bad.csv", HEADER + "R1,C1,2025-07-01,police,cce,15\nR2,C2,2025-07-01,police,cce,99\n")
    result = cli(tmp_path, "ingest", str(path), "--la", "E06000004", "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert "accepted=1\trejected=1" in result.stdout


def test_usage_errors_exit_2(tmp_path):
    assert cli(tmp_path, "ingest").returncode == 2
    assert cli(tmp_path, "ingest", "no-such-file.csv").returncode == 2
    assert cli(tmp_path, "bogus").returncode == 2


def test_loads_and_restore(tmp_path):
    first = write(tmp_path, "a.csv", HEADER + "R1,C1,2025-07-01,police,cce,15\n")
    second = write(tmp_path, "b.csv", HEADER + "R1,C1,2025-07-01,police,cce,16\n")
    cli(tmp_path, "ingest", str(first), "--la", "E06000004")
    cli(tmp_path, "ingest", str(second), "--la", "E06000004")
    listing = cli(tmp_path, "loads").stdout
    assert "replaced" in listing and "current" in listing
    restored = cli(tmp_path, "restore", "1")
    assert restored.returncode == 0 and "replaces load 2." in restored.stdout
    assert cli(tmp_path, "restore", "99").returncode == 1


def test_every_template_is_written_and_loads_back(tmp_path):
    from contracts.extracts import CATALOGUE

    for contract in CATALOGUE:
        result = cli(tmp_path, "template", contract.name)
        assert result.returncode == 0, result.stderr
    referrals = tmp_path / "template_referrals.csv"
    assert referrals.read_text().splitlines()[0].startswith("referral_id,child_id")


def test_a_real_police_uk_file_loads(tmp_path):
    path = realdata("2025-10-city-of-london-street.csv")
    result = cli(tmp_path, "ingest", str(path))
    assert result.returncode == 0, result.stderr
    assert "police_street_crime\tread=781\taccepted=781" in result.stdout
