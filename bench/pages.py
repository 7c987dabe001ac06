"""Seconds per page in headless Chromium, and the app's start-up and peak memory, on a store,
beside a minimal one-chart page (bench/minimal_app.py) measured the same way in the same run.

Each round starts a fresh app process on loopback, then:
1. cold start: from launching `streamlit run` to the health check answering, and to the first
   page drawn (the data specification, which reads no measure, so the imports and the sidebar's
   reads are paid here and not by the first chart page);
2. first view of every page, its measures not yet cached (what the first viewer after a load or
   a restart waits);
3. every page again, from the cache (everyone else).
Each figure is the median over rounds; peak memory is the highest over rounds.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench.charts import charts_visible_seconds
from bench.process import peak_memory_mb
from bench.stores import ROOT
from bench.table import Figure, within_memory_budget
from browser import browser_page, running_app

PAGE_TARGET = 1.5  # times the page's first view on the demo store
PAGES = ["", "referrals", "contextual", "violence", "mace", "programmes", "recommendations",
         "compare", "definitions"]
FIRST_PAGE = "specification"
MINIMAL_APP = ROOT / "bench" / "minimal_app.py"


def page_name(path: str) -> str:
    return path or "overview"


@dataclass(frozen=True)
class AppRun:
    to_healthy: float
    to_first_page: float
    first_view: dict[str, float]
    cached: dict[str, float]
    peak_mb: float


def app_run(store: Path, log_dir: Path, rounds: int, app: Path = ROOT / "app.py",
            pages: list[str] = PAGES, first_page: str = FIRST_PAGE) -> AppRun:
    measured = [_one_round(store, log_dir / f"{app.stem}-{store.stem}-{n}.log", app, pages,
                           first_page) for n in range(rounds)]
    return AppRun(
        statistics.median(r.to_healthy for r in measured),
        statistics.median(r.to_first_page for r in measured),
        {p: statistics.median(r.first_view[p] for r in measured) for p in pages},
        {p: statistics.median(r.cached[p] for r in measured) for p in pages},
        max(r.peak_mb for r in measured),
    )


def minimal_run(log_dir: Path, rounds: int) -> AppRun:
    """The floor: a one-chart page, its first page the same chart."""
    return app_run(log_dir / "none.duckdb", log_dir, rounds, app=MINIMAL_APP, pages=[""],
                   first_page="")


def _one_round(store: Path, log: Path, app: Path, pages: list[str], first_page: str) -> AppRun:
    with browser_page() as page:
        started = time.perf_counter()
        with running_app(store, log, app=app, with_pid=True) as (url, pid):
            to_healthy = time.perf_counter() - started
            navigated = time.perf_counter() - started
            to_first_page = navigated + charts_visible_seconds(page, f"{url}/{first_page}")
            first_view = {p: charts_visible_seconds(page, f"{url}/{p}") for p in pages}
            cached = {p: charts_visible_seconds(page, f"{url}/{p}") for p in pages}
            return AppRun(to_healthy, to_first_page, first_view, cached, peak_memory_mb(pid))


def startup_figures(label: str, run: AppRun, floor: AppRun) -> list[Figure]:
    return [
        Figure(f"cold start to healthy, {label}", run.to_healthy, "s", floor.to_healthy,
               "minimal app"),
        Figure(f"cold start to first page drawn, {label}", run.to_first_page, "s",
               floor.to_first_page, "minimal app"),
        within_memory_budget(f"app peak memory, pages, {label}", run.peak_mb, floor.peak_mb,
                             "minimal app"),
    ]


def page_figures(label: str, run: AppRun, floor: AppRun, demo: AppRun | None) -> list[Figure]:
    """First view of each page (held to PAGE_TARGET times the demo store's on a large store),
    and the slowest page from the cache."""
    figures = []
    for path in PAGES:
        value, target, met = run.first_view[path], "", None
        if demo is not None:
            limit = PAGE_TARGET * demo.first_view[path]
            target, met = f"<= {PAGE_TARGET}x demo = {limit:.2f} s", value <= limit
        figures.append(Figure(f"page {page_name(path)}, first view, {label}", value, "s",
                              floor.first_view[""], "one-chart page", target, met))
    slowest = max(PAGES, key=run.cached.__getitem__)
    figures.append(Figure(f"slowest page from cache ({page_name(slowest)}), {label}",
                          run.cached[slowest], "s", floor.cached[""], "one-chart page"))
    return figures
