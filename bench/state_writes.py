"""What recording one small change costs, as a write under the store's lock: a programme target
set on the demo store with a year of sign-ins in its audit (each write also puts its record
beside the archive, so a backup taken while the app runs is complete).

    python bench/state_writes.py [--changes 50] [--audit 5000] [--work DIR]

Run from another checkout (PYTHONPATH) to compare code before and after a change.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from data.demo_store import build_demo_store  # noqa: E402
from store.connection import Store  # noqa: E402
from store.targets import set_target  # noqa: E402


def run(changes: int, audit_rows: int, work: Path) -> dict:
    store = Store(work / "s.duckdb")
    try:
        build_demo_store(store)
        with store.write_lock, closing(store.cursor()) as con:
            con.execute("INSERT INTO audit SELECT now() - INTERVAL (i) MINUTE, 'jo.officer', "
                        "'sign_in', '{\"role\": \"officer\"}' FROM range(?) t(i)", [audit_rows])
        times = []
        for number in range(changes):
            started = time.perf_counter()
            with store.write_lock, closing(store.cursor()) as con:
                set_target(con, "cce", "E06000004", "2025/26", float(number), actor="jo.officer")
            times.append(time.perf_counter() - started)
        beside = sum(p.stat().st_size for p in store.archive_dir.iterdir() if p.is_file())
        return {"changes": changes, "audit rows": audit_rows,
                "median ms per change": round(statistics.median(times) * 1000, 1),
                "p90 ms per change": round(sorted(times)[int(len(times) * 0.9)] * 1000, 1),
                "bytes beside the archive's raw files": beside}
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--audit", type=int, default=5000)
    parser.add_argument("--work", help="folder for the store (default: temporary, removed)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="scrutiny-state-"))
    try:
        print(run(args.changes, args.audit, work))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
