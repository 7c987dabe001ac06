"""The upload page with a 1,000,000-row police.uk file, in headless Chromium: seconds from
dropping the file to the check report, and from "Load" to done, beside DuckDB's bare read of
the same CSV, with the app process's peak memory. The file goes up as the zip police.uk hands
out (the CSV itself is over the 200 MB upload limit).

    python bench/upload.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.ingest import bare_read_seconds  # noqa: E402
from bench.pages import peak_memory_mb  # noqa: E402
from browser import browser_page, running_app  # noqa: E402
from data.police_files import police_lsoas_for_bench, write_police_month  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-bench-upload-"))
    csv_path = folder / "2025-07-cleveland-street.csv"
    write_police_month(csv_path, "2025-07", police_lsoas_for_bench(2_000), args.rows,
                       np.random.default_rng(7))
    zip_path = folder / "police-2025-07.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.write(csv_path, f"2025-07/{csv_path.name}")
    bare = bare_read_seconds(csv_path)
    print(f"machine: {os.cpu_count()} cores; {args.rows:,} rows; CSV "
          f"{csv_path.stat().st_size / 2**20:.0f} MB, zip {zip_path.stat().st_size / 2**20:.0f} MB")
    print(f"DuckDB bare read of the CSV: {bare:.2f} s")
    with running_app(folder / "store.duckdb", folder / "app.log", with_pid=True) as (url, pid), \
            browser_page() as page:
        page.set_default_timeout(600_000)
        page.goto(f"{url}/upload")
        page.get_by_text("Officer view (unsuppressed)").click()
        page.locator("input[type=file]").wait_for(state="attached")
        started = time.perf_counter()
        page.locator("input[type=file]").set_input_files(str(zip_path))
        page.get_by_text("Rows valid").wait_for()
        to_report = time.perf_counter() - started
        started = time.perf_counter()
        page.get_by_role("button", name="Load", exact=True).click()
        page.get_by_text("stored as load").first.wait_for()
        to_done = time.perf_counter() - started
        memory = peak_memory_mb(pid)
    print(f"upload to check report: {to_report:.1f} s ({to_report / bare:.0f}x the bare read)")
    print(f"'Load' to done:         {to_done:.1f} s ({to_done / bare:.0f}x the bare read)")
    print(f"app peak memory:        {memory:.0f} MB (target under 1,536 MB)")


if __name__ == "__main__":
    main()
