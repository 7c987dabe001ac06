"""Checking an upload in a worker process, so the app's own process stays free for viewers.

The worker is `python -m ingest.worker`, started per check: its input and result go through
its standard input and output, pickled (both ends are this code). Not multiprocessing: its
"spawn" start re-runs the parent's main script in the child, and under Streamlit that is
app.py, which opens the store.

The app process holds the store's DuckDB file, and DuckDB lets no other process open it while
it does (not even read-only), so the worker cannot read the store. It does not need to: reading
and validating a file (the costly part: parsing, typing, every row's checks) needs no store.
The worker validates into an in-memory DuckDB of its own and writes the staged rows and their
problems as Parquet into a private folder; the app process reads those back into temporary
tables on a cursor of its own (a columnar copy, a small part of the check's cost), compares them
with the store (what it would replace) and keeps them, checked, for "Load", which commits in
the app process, under its write lock, as every write does.
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from ingest.pipeline import (
    ISSUES,
    STAGE,
    CheckReport,
    Prepared,
    UploadFile,
    compare_with_store,
    validate_upload,
)
from ingest.validate import Options
from store.connection import Store, data_version, memory_limit


def check_in_worker(files: list[UploadFile], options: Options, extract: str | None
                    ) -> tuple[CheckReport, str, float]:
    """Run in the worker process: returns the store-free half of the report, the folder of
    the staged Parquet files, and the seconds the validation took."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-checked-"))
    con = duckdb.connect(config={"memory_limit": memory_limit(),
                                 "temp_directory": str(folder / "spill")})
    try:
        report = validate_upload(con, files, options, extract)
        if _has_table(con, STAGE):
            con.execute(f"COPY {STAGE} TO '{(folder / 'stage.parquet').as_posix()}' (FORMAT parquet)")
            con.execute(f"COPY {ISSUES} TO '{(folder / 'issues.parquet').as_posix()}' (FORMAT parquet)")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        con.close()
    return report, str(folder), time.perf_counter() - started


def start_check(files: list[UploadFile], options: Options, extract: str | None
                ) -> tuple[subprocess.Popen, bytes]:
    """Start a worker process for this check; returns it and the input it still needs (give
    it to the first `communicate`, as `wait_for_check` does)."""
    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen([sys.executable, "-m", "ingest.worker"], cwd=root,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    return process, pickle.dumps((files, options, extract))


def wait_for_check(process: subprocess.Popen, pending: bytes | None, timeout: float
                   ) -> tuple[CheckReport, str, float] | None:
    """The worker's result, or None if it is still running after `timeout` seconds (call
    again with `pending` None). An error in the worker is raised here."""
    try:
        out, err = process.communicate(pending, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if process.returncode != 0 or not out:
        raise RuntimeError(f"The check's worker process failed: {err.decode(errors='replace')[-2000:]}")
    outcome = pickle.loads(out)
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def main() -> None:
    files, options, extract = pickle.loads(sys.stdin.buffer.read())
    try:
        outcome = check_in_worker(files, options, extract)
    except Exception as error:  # handed to the app, which raises it as its own
        outcome = error
    sys.stdout.buffer.write(pickle.dumps(outcome))


def adopt(store: Store, files: list[UploadFile], options: Options, extract: str | None,
          report: CheckReport, folder: str, seconds: float) -> Prepared:
    """In the app process: take the worker's staged rows onto a cursor of the store's own,
    compare them with the store and keep them for `load`."""
    con = store.cursor()
    started = time.perf_counter()
    try:
        version = data_version(con)
        stage, issues = Path(folder) / "stage.parquet", Path(folder) / "issues.parquet"
        if stage.exists():
            con.execute(f"CREATE OR REPLACE TEMP TABLE {STAGE} AS "
                        f"SELECT * FROM read_parquet('{stage.as_posix()}')")
            con.execute(f"CREATE OR REPLACE TEMP TABLE {ISSUES} AS "
                        f"SELECT * FROM read_parquet('{issues.as_posix()}')")
        compare_with_store(con, report, options.la_code)
    except BaseException:
        con.close()
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Prepared(files, options, extract, con, report, version,
                    seconds + time.perf_counter() - started)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?",
                       [name]).fetchone()[0] > 0


if __name__ == "__main__":
    main()
