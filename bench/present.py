"""A deck left on the big screen for a whole meeting: the presentation page's live slide reruns
every tick (here 1 s instead of the default 10 s, so a few minutes stand for hours of a
meeting), and the browser's JavaScript heap (after a forced garbage collection), its DOM nodes
and the app's resident memory are read each minute. A slide that leaked would grow them tick by
tick; the app's CPU per tick says what a screen left on costs the server.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.process import cpu_seconds, memory_mb
from bench.soak import GROWTH_TARGET
from bench.table import Figure
from browser import browser_page, running_app

TICK_SECONDS = 1
DEFAULT_TICK_SECONDS = 10  # ui/presentation.py's REFRESH_SECONDS
DECK = "Select committee overview"  # one of the demo store's decks
SETTLE_MS = 15_000


@dataclass(frozen=True)
class Reading:
    heap_mb: float
    nodes: int
    app_mb: float
    app_cpu: float


@dataclass(frozen=True)
class Presented:
    minutes: float
    first: Reading
    last: Reading

    @property
    def ticks(self) -> int:
        return int(self.minutes * 60 / TICK_SECONDS)

    @property
    def cpu_per_tick(self) -> float:
        return (self.last.app_cpu - self.first.app_cpu) / max(self.ticks, 1)


def _reading(cdp, pid: int) -> Reading:
    cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return Reading(metrics["JSHeapUsedSize"] / 2**20, int(metrics["Nodes"]), memory_mb(pid),
                   cpu_seconds(pid))


def present(store: Path, log: Path, minutes: float) -> Presented:
    env = {"SCRUTINY_PRESENT_REFRESH_SECONDS": str(TICK_SECONDS)}
    with running_app(store, log, with_pid=True, env=env) as (url, pid), browser_page() as page:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(f"{url}/present?deck={quote(DECK)}&slide=2")
        page.wait_for_timeout(SETTLE_MS)
        first = _reading(cdp, pid)
        started = time.monotonic()
        while (left := minutes * 60 - (time.monotonic() - started)) > 0:
            page.wait_for_timeout(min(60, left) * 1000)
        return Presented(minutes, first, _reading(cdp, pid))


def present_figures(presented: Presented) -> list[Figure]:
    label = (f"deck on screen {presented.minutes:g} min, {presented.ticks} ticks "
             f"(= {presented.ticks * DEFAULT_TICK_SECONDS / 60:g} min at {DEFAULT_TICK_SECONDS} s)")
    first, last = presented.first, presented.last

    def held(what: str, end: float, start: float, unit: str) -> Figure:
        grown = 100 * (end - start) / start
        return Figure(f"{label}: {what} at the end", end, unit, start,
                      f"after {SETTLE_MS // 1000} s",
                      f"<= +{GROWTH_TARGET:g}%", grown <= GROWTH_TARGET)

    return [
        held("browser JS heap", last.heap_mb, first.heap_mb, "MB"),
        held("browser DOM nodes", last.nodes, first.nodes, ""),
        held("app memory", last.app_mb, first.app_mb, "MB"),
        Figure(f"{label}: app CPU per tick", presented.cpu_per_tick, "s"),
    ]
