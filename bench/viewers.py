"""A full meeting watching: N real browser sessions (one Chromium, a context each) open chart
pages against one app process while an officer loads a police.uk file in another session
(bench/upload.py). Every page a viewer opens while the load runs is one sample of the seconds
to all charts visible; a viewer keeps opening pages, each in a new app session, until the load
is done. Errors are pages that failed to draw or showed the app's error box.

The floor is one viewer opening the same pages on the same app before anyone else comes.
On one machine the N Chromium renderers share the cores with the app, so two more figures say
what the machine itself allows: the app's own CPU per page opened (N of them, one after another,
since Python runs one thread at a time, bound how fast N sessions can be served whatever the
browsers cost), and N viewers at once opening the one-chart page (bench/minimal_app.py) with no
load: the best any app could do for N browsers on these cores.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import numpy as np

from bench.charts import open_page_async
from bench.pages import PAGES
from bench.process import cpu_seconds
from bench.table import Figure, within_memory_budget
from bench.upload import Load, LoadTimes
from browser import CHROMIUM, CHROMIUM_ARGS

P95_TARGET = 3.0
SLOWDOWN_TARGET = 1.5  # viewers' page time during an officer's 1M-row load, over without (issue 14)
CROWD_VISITS = 3  # pages each viewer of the one-chart page opens
VIEWPORT = {"width": 1400, "height": 1000}


@dataclass(frozen=True)
class Watched:
    samples: list[float]
    errors: list[str]
    load: LoadTimes | None
    app_cpu: float  # CPU seconds the app process used meanwhile, the officer's load included
    opened_at: tuple[float, ...] = ()  # time.perf_counter() as each sample's page was opened

    @property
    def app_cpu_per_page(self) -> float:
        return self.app_cpu / max(len(self.samples), 1)


async def _viewer(browser, url: str, paths: list[str], first: int, visits: int, loading, samples,
                  errors, opened_at) -> None:
    """Open pages in turn from paths[first]: `visits` of them, and more while `loading` is unset."""
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    opened = 0
    try:
        while opened < visits or (loading is not None and not loading.is_set()):
            path = paths[(first + opened) % len(paths)]
            opened += 1
            started = time.perf_counter()
            seconds = await open_page_async(page, url, path, errors)
            if seconds is not None:
                samples.append(seconds)
                opened_at.append(started)
    finally:
        await context.close()


async def _watch(url: str, pid: int, viewers: int, visits: int, load: Load | None,
                 paths: list[str]) -> Watched:
    from playwright.async_api import async_playwright

    samples: list[float] = []
    errors: list[str] = []
    opened_at: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        cpu = cpu_seconds(pid)
        try:
            loading = asyncio.Event() if load else None

            async def officer() -> LoadTimes | None:
                try:
                    return await load(browser, url)
                finally:
                    loading.set()

            officer_task = asyncio.create_task(officer()) if load else None
            await asyncio.gather(*(_viewer(browser, url, paths, i, visits, loading, samples,
                                           errors, opened_at) for i in range(viewers)))
            times = await officer_task if officer_task else None
        finally:
            await browser.close()
    return Watched(samples, errors, times, cpu_seconds(pid) - cpu, tuple(opened_at))


def watch(url: str, pid: int, viewers: int, visits: int = 1, load: Load | None = None,
          paths: list[str] = PAGES) -> Watched:
    """`viewers` sessions at once against the app at `url` (process `pid`), each opening at
    least `visits` of `paths`, and more for as long as `load(browser, url)` runs."""
    return asyncio.run(_watch(url, pid, viewers, visits, load, paths))


def crowd_figures(viewers: int, crowd: Watched) -> list[Figure]:
    """N viewers of the one-chart page, no load: whether these cores allow the target at all."""
    label = f"{viewers} viewers of the one-chart page, no load"
    p50, p95 = np.percentile(crowd.samples, [50, 95])
    return [
        Figure(f"{label}: p50 to chart visible", float(p50), "s"),
        Figure(f"{label}: p95 to chart visible", float(p95), "s", target=f"< {P95_TARGET:g} s",
               met=p95 < P95_TARGET),
        Figure(f"{label}: session errors ({len(crowd.samples)} pages)", len(crowd.errors), "",
               target="0", met=not crowd.errors),
    ]


def viewer_figures(label: str, watched: Watched, floor: Watched, peak_mb: float,
                   unloaded: Watched) -> list[Figure]:
    """The viewers' pages during the load, beside one viewer's (`floor`) and the same number
    of viewers' with no load (`unloaded`, for the load's own slowdown)."""
    p50, p95 = np.percentile(watched.samples, [50, 95])
    floor_p50 = float(np.median(floor.samples))
    return [
        Figure(f"{label}: p50 to all charts visible", float(p50), "s", floor_p50,
               "1 viewer, no load"),
        Figure(f"{label}: p95 to all charts visible", float(p95), "s", floor_p50,
               "1 viewer, no load", f"< {P95_TARGET:g} s", p95 < P95_TARGET),
        Figure(f"{label}: app CPU per page opened", watched.app_cpu_per_page, "s",
               floor.app_cpu_per_page, "1 viewer, no load"),
        Figure(f"{label}: session errors ({len(watched.samples)} pages)", len(watched.errors), "",
               target="0", met=not watched.errors),
        slowdown_figure(label, watched, unloaded),
        within_memory_budget(f"app peak memory, {label}", peak_mb),
    ]


def slowdown_figure(label: str, watched: Watched, unloaded: Watched) -> Figure:
    """How much the officer's load slows the people watching: the viewers' median page time
    while the file is checked and loaded (pages opened between the file given and the load
    stored), over the same number of viewers' median on the same app with no load."""
    start, end = watched.load.window if watched.load and watched.load.window else (0, float("inf"))
    during = [seconds for seconds, opened in zip(watched.samples, watched.opened_at, strict=True)
              if start <= opened <= end] or watched.samples
    value, floor = float(np.median(during)), float(np.median(unloaded.samples))
    return Figure(f"{label}: viewers' median page time while the file is checked and loaded "
                  f"({len(during)} pages; ratio = slowdown)", value, "s", floor,
                  "as many viewers, no load", f"<= {SLOWDOWN_TARGET:g}x",
                  value <= SLOWDOWN_TARGET * floor)
