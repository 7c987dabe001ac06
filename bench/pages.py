"""Seconds to render each page: AppTest run time and, in headless Chromium, time until every
chart on the page is drawn, on the demo store and on a store with millions of police.uk rows,
beside a minimal one-chart page measured in the same run.

    python bench/pages.py [--police-rows 6000000] [--skip-large]

Everything runs on loopback; every figure is from this run on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import browser_page, running_app  # noqa: E402
from data.police_files import police_lsoas_for_bench, write_police_month  # noqa: E402

PAGES = ["", "referrals", "contextual", "violence", "mace", "programmes", "recommendations",
         "definitions", "data_loads"]
REPEATS = 3


def build_demo(path: Path) -> None:
    env = {**os.environ, "SCRUTINY_STORE": str(path)}
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo"], env=env, check=True,
                   capture_output=True)


def add_police_rows(path: Path, rows: int, folder: Path) -> float:
    """Load `rows` more police.uk rows (1M-row monthly files for another force) into the store."""
    env = {**os.environ, "SCRUTINY_STORE": str(path)}
    lsoas = police_lsoas_for_bench(35_000)
    started = time.perf_counter()
    for index in range(max(1, rows // 1_000_000)):
        year, month = divmod(index, 12)
        stamp = f"{2019 + year}-{month + 1:02d}"
        file = folder / f"{stamp}-national-street.csv"
        write_police_month(file, stamp, lsoas, min(rows, 1_000_000), np.random.default_rng(index),
                           force="National Bench Police")
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "ingest", str(file)], env=env,
                       check=True, capture_output=True)
        file.unlink()
    return time.perf_counter() - started


def apptest_seconds(store: Path, page: str) -> float:
    switch = f"a.switch_page({f'views/{page}.py'!r})" if page else "pass"
    code = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r})\n"
        "from streamlit.testing.v1 import AppTest\n"
        "import streamlit as st\n"
        f"a = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=300); a.run()\n"
        f"{switch}\n"
        "st.cache_data.clear()\n"
        "t = time.perf_counter(); a.run(); print(time.perf_counter() - t)\n"
    )
    env = {**os.environ, "SCRUTINY_STORE": str(store)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def charts_visible_seconds(page, url: str) -> float:
    """From navigation until the page's heading is shown, the app is idle and the number of
    drawn charts has stopped changing (for 0.5 s, not counted)."""
    started = time.perf_counter()
    page.goto(url)
    page.locator("h1").first.wait_for()
    last, stable_since = -1, None
    while time.perf_counter() - started < 120:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        drawn = page.locator(".js-plotly-plot .main-svg").count()
        now = time.perf_counter()
        if drawn != last or running:
            last, stable_since = drawn, now
        elif now - stable_since >= 0.5:
            return stable_since - started
        time.sleep(0.05)
    raise TimeoutError(url)


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def browser_timings(store: Path, app: Path, paths: list[str], log: Path) -> tuple[dict, float]:
    with running_app(store, log, app=app, with_pid=True) as (url, pid), browser_page() as page:
        charts_visible_seconds(page, f"{url}/")  # warm the process, as a meeting would
        timings = {
            path: statistics.median(charts_visible_seconds(page, f"{url}/{path}") for _ in range(REPEATS))
            for path in paths
        }
        return timings, peak_memory_mb(pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--police-rows", type=int, default=6_000_000)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-bench-pages-"))
    print(f"machine: {os.cpu_count()} cores; median of {REPEATS} browser loads per page")
    floor, _ = browser_timings(folder / "floor.duckdb", ROOT / "bench" / "minimal_app.py", [""],
                               folder / "floor.log")
    print(f"floor (minimal one-chart page): {floor['']:.2f} s to all charts visible")
    stores = [("demo", folder / "demo.duckdb")]
    build_demo(stores[0][1])
    if not args.skip_large:
        large = folder / "large.duckdb"
        shutil.copy(stores[0][1], large)
        shutil.copytree(folder / "demo-archive", folder / "large-archive")
        seconds = add_police_rows(large, args.police_rows, folder)
        print(f"loaded {args.police_rows:,} extra police.uk rows in {seconds:.0f} s")
        stores.append((f"demo + {args.police_rows / 1e6:.0f}M police rows", large))
    print(f"\n{'page':<18} " + " ".join(f"{name:>30}" for name, _ in stores))
    results = {}
    for name, store in stores:
        results[name] = browser_timings(store, ROOT / "app.py", PAGES, folder / f"{name}.log")
    for path in PAGES:
        cells = []
        for name, store in stores:
            browser = results[name][0][path]
            apptest = apptest_seconds(store, path)
            cells.append(f"{browser:5.2f} s ({browser / floor['']:3.1f}x) AppTest {apptest:5.2f} s")
        print(f"{path or 'overview':<18} " + " ".join(f"{c:>30}" for c in cells))
    print("\npeak app memory: " + ", ".join(f"{name} {results[name][1]:.0f} MB" for name, _ in stores))
    print("browser = navigation until every chart is drawn and the app is idle; (Nx) = times the "
          "floor; AppTest = one in-process run of the page with its cached reads cleared (cold).")


if __name__ == "__main__":
    main()
