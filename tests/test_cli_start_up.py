"""`cli.py ingest` pays only for what a load uses (issue 17): pandas took about 0.6 s of CPU of
every call's start-up, and a clean file's load never needs it; a refused file's report still
lists its problems (and writes --errors) through it."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, write

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"
# Runs cli.py as its own __main__ and says, as it exits, whether pandas was imported.
RUN_AND_TELL = (
    "import atexit, os, runpy, sys\n"
    "atexit.register(lambda: print('pandas imported:', 'pandas' in sys.modules))\n"
    "sys.argv = sys.argv[1:]\n"
    "sys.path.insert(0, os.path.dirname(sys.argv[0]))\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def ingest(tmp_path, *args):
    env = {**os.environ, "SCRUTINY_STORE": str(tmp_path / "store" / "cli.duckdb")}
    return subprocess.run([sys.executable, "-c", RUN_AND_TELL, str(ROOT / "cli.py"), "ingest", *args],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_a_clean_file_is_loaded_without_importing_pandas(tmp_path):
    path = write(tmp_path, "q2.csv", HEADER + "R1,C1,2025-07-01,police,cce,15\n")
    result = ingest(tmp_path, str(path), "--la", "E06000004")
    assert result.returncode == 0, result.stderr
    assert "accepted=1" in result.stdout
    assert "pandas imported: False" in result.stdout


def test_a_refused_file_still_lists_every_problem(tmp_path):
    path = write(tmp_path, "q2.csv", HEADER + "R1,C1,not a date,police,cce,15\n"
                 "R2,C2,2025-07-01,police,cce,many\n")
    errors = tmp_path / "errors.csv"
    result = ingest(tmp_path, str(path), "--la", "E06000004", "--errors", str(errors))
    assert result.returncode == 1
    assert "referral_date" in result.stderr and "age" in result.stderr
    written = errors.read_text()
    assert ",3,age,many,not_a_whole_number," in written and ",2,referral_date,not a date," in written
