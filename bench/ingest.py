"""Ingest speed: `cli.py ingest` of a police.uk-format file into an empty store, beside DuckDB's
bare `read_csv` of the same file in the same run. The ingest figure includes CLI start-up,
hashing, archiving, validation, the versioned load and the summary refresh. Target (set with
the ingest work): at least half the bare read's speed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.process import run_measured
from bench.stores import ROOT, store_env, write_police_file
from bench.table import Figure, within_memory_budget

INGEST_TARGET = 0.5


_BARE_READ = """
import sys, time, duckdb
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
started = time.perf_counter()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [sys.argv[1]])
print(time.perf_counter() - started)
"""


def bare_read_seconds(path: Path) -> float:
    """DuckDB's own typed read of the whole file into a table: the floor for our ingest. In a
    process of its own: Linux carries a parent's peak memory into a child it starts (ru_maxrss
    survives exec), so a bare read done here would inflate the CLI's measured peak."""
    done = subprocess.run([sys.executable, "-c", _BARE_READ, str(path)], capture_output=True,
                          text=True, check=True)
    return float(done.stdout)


def ingest_figures(rows: int, folder: Path) -> list[Figure]:
    path = write_police_file(folder / "2025-07-ingest-street.csv", "2025-07", rows, seed=rows)
    megabytes = path.stat().st_size / 2**20
    bare = bare_read_seconds(path)
    store = folder / f"ingest-{rows}" / "bench.duckdb"
    ingest = run_measured([sys.executable, str(ROOT / "cli.py"), "ingest", str(path)],
                          store_env(store), ROOT)
    path.unlink()
    label = f"ingest {rows / 1e6:g}M police rows ({megabytes:,.0f} MB)"
    speed = Figure(f"{label}, rows/s", rows / ingest.seconds, "rows/s", rows / bare,
                   "read_csv", f">= {INGEST_TARGET}x floor",
                   bare / ingest.seconds >= INGEST_TARGET)
    return [
        speed,
        Figure(f"{label}, MB/s", megabytes / ingest.seconds, "MB/s", megabytes / bare, "read_csv"),
        within_memory_budget(f"{label}, CLI peak memory", ingest.peak_mb),
    ]
