"""Where an ingest's time goes: one `ingest.pipeline.load` of a police.uk-format file into an
empty store, in this process, with the wall time of each stage.

    python bench/ingest_stages.py [--rows 1000000] [--work DIR]

Each stage is a function of the pipeline, timed where it is called (summed when called more
than once); `archive (beside)` runs on a thread of its own while the others run, so it is not
part of the sum. DuckDB's bare `read_csv` of the same file, in a process of its own, is the
floor (bench/ingest.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bench.ingest import bare_read_seconds  # noqa: E402
from bench.stores import write_police_file  # noqa: E402
from ingest import pipeline, readers  # noqa: E402
from ingest.pipeline import UploadFile, load  # noqa: E402
from ingest.validate import Options  # noqa: E402
from store import archive, versions  # noqa: E402
from store.connection import Store  # noqa: E402

# (label, module, attribute): each is looked up where the pipeline calls it.
STAGES = [
    ("hash, encoding and line count (one read)", readers, "scan"),
    ("read to a text table (all VARCHAR)", readers, "load_text_table"),
    ("type and judge (and read, when fused)", pipeline, "validate"),
    ("compare with the store (preview)", pipeline, "compare_with_store"),
    ("versioned insert", versions, "_insert_rows"),
    ("summaries", versions, "refresh_summaries"),
    ("whole store_version (transaction)", pipeline, "store_version"),
    ("archive (beside)", archive, "stage_file"),
]
OPTIONAL = {"read to a text table (all VARCHAR)"}  # a police.uk file is read in the validation


def timed(label: str, function, seconds: dict[str, float], cpu: dict[str, float]):
    lock = threading.Lock()

    def wrapper(*args, **kwargs):
        started, used = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            with lock:
                seconds[label] += time.perf_counter() - started
                cpu[label] += time.process_time() - used
    return wrapper


def profile(path: Path, store_path: Path):
    """Wall and CPU seconds of each stage (CPU: every thread of this process, so a stage's
    figure includes the archiving thread's work while it runs), and of the whole load."""
    seconds: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    store = Store(store_path)
    try:
        with ExitStack() as patches:
            for label, module, name in STAGES:
                if hasattr(module, name):
                    patches.enter_context(mock.patch.object(
                        module, name, timed(label, getattr(module, name), seconds, cpu)))
                elif label not in OPTIONAL:
                    raise AttributeError(f"{module.__name__}.{name}")
            started, used = time.perf_counter(), time.process_time()
            outcome = load(store, [UploadFile(path.name, path)], Options(), actor="bench")
            seconds["total"] = time.perf_counter() - started
            cpu["total"] = time.process_time() - used
    finally:
        store.close()
    return seconds, cpu, outcome.message()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--work", help="folder for the file and store (default: temporary)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="scrutiny-stages-"))
    work.mkdir(parents=True, exist_ok=True)
    path = write_police_file(work / "2025-07-stages-street.csv", "2025-07", args.rows, args.rows)
    bare = bare_read_seconds(path)
    seconds, cpu, message = profile(path, work / f"stages-{args.rows}" / "store.duckdb")
    total = seconds["total"]
    print(message)
    print(f"{args.rows:,} rows, {path.stat().st_size / 2**20:,.0f} MB; load average "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  {'stage':<40} {'wall':>8} {'CPU':>8}")
    for label, _, _ in [*STAGES, ("total", None, None)]:
        if label in seconds:
            shown = "load() in all" if label == "total" else label
            print(f"  {shown:<40} {seconds[label]:6.2f} s {cpu[label]:6.2f} s")
    print(f"  {'bare read_csv (floor)':<40} {bare:6.2f} s; {args.rows / total:,.0f} rows/s "
          f"against {args.rows / bare:,.0f}: ratio {bare / total:.2f}x")
    path.unlink()


if __name__ == "__main__":
    main()
