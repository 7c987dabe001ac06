"""Ingest speed: `cli.py ingest` of police.uk-format files beside DuckDB's bare read of the same
file, in the same run. Target: validation and load at no less than half the bare read speed.

    python bench/ingest.py [--rows 100000 1000000] [--keep DIR]

Prints a table; every figure comes from this run on this machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data.police_files import police_lsoas_for_bench, write_police_month  # noqa: E402


def bare_read_seconds(path: Path) -> float:
    """DuckDB's own typed read of the whole file into a table: the floor for our ingest."""
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def bare_read_to_file_seconds(path: Path, folder: Path) -> float:
    """The same read written into a DuckDB file and committed: what storing alone costs."""
    target = folder / "bare.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    started = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    con.execute("CHECKPOINT")
    elapsed = time.perf_counter() - started
    con.close()
    target.unlink(missing_ok=True)
    return elapsed


def cli_ingest_seconds(path: Path, store: Path) -> tuple[float, str]:
    env = {**os.environ, "SCRUTINY_STORE": str(store)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "ingest", str(path)],
                            env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"ingest failed: {result.stderr}")
    return elapsed, result.stdout.splitlines()[0]


def python_start_seconds() -> float:
    """The fixed cost of starting the CLI (imports), so it can be told apart from the work."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import cli"], cwd=ROOT, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--keep", help="folder for the generated files (default: temporary)")
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="scrutiny-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    lsoas = police_lsoas_for_bench(2_000)
    startup = python_start_seconds()
    print(f"machine: {os.cpu_count()} cores; CLI start-up (imports) {startup:.2f} s")
    print(f"{'rows':>10} {'MB':>7} {'bare read s':>12} {'bare rows/s':>12} {'to file s':>10} "
          f"{'ingest s':>9} {'ingest rows/s':>14} {'MB/s':>7} {'ratio':>6}")
    for rows in args.rows:
        path = folder / f"{rows}-police.csv"
        if not path.exists():
            write_police_month(path, "2025-07", lsoas, rows, np.random.default_rng(rows))
        megabytes = path.stat().st_size / 1024 / 1024
        bare = bare_read_seconds(path)
        to_file = bare_read_to_file_seconds(path, folder)
        store = folder / f"store-{rows}" / "bench.duckdb"
        if store.parent.exists():
            for leftover in store.parent.iterdir():
                if leftover.is_file():
                    leftover.unlink()
        ingest, line = cli_ingest_seconds(path, store)
        print(f"{rows:>10,} {megabytes:>7.1f} {bare:>12.2f} {rows / bare:>12,.0f} {to_file:>10.2f} "
              f"{ingest:>9.2f} "
              f"{rows / ingest:>14,.0f} {megabytes / ingest:>7.1f} {bare / ingest:>6.2f}")
        print(f"{'':>10} cli: {line}")
    print("bare read = DuckDB read_csv into memory; to file = the same into a DuckDB file, "
          "checkpointed.\nratio = bare read time / ingest time (target >= 0.5); ingest includes "
          "CLI start-up, hashing, archive, validation, versioned load and summary refresh.")


if __name__ == "__main__":
    main()
