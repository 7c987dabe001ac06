"""Soak: sessions opening and closing pages in a loop against one app process for a set time
(loopback only; it stops by itself). The app's resident memory is read every few seconds; its
growth is measured from the end of the warm-up (caches filled, session clean-up under way) to
the end. Errors are pages that failed or showed the error box, and tracebacks in the app's log.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from bench.charts import open_page_async
from bench.pages import PAGES
from bench.process import memory_mb
from bench.table import Figure
from bench.viewers import VIEWPORT
from browser import CHROMIUM, CHROMIUM_ARGS

SESSIONS = 5
PAGES_PER_SESSION = 3
SAMPLE_SECONDS = 5
WARM_UP_SECONDS = 300  # or a third of a shorter soak
GROWTH_TARGET = 20.0  # per cent


@dataclass(frozen=True)
class Soaked:
    minutes: float
    pages: int
    start_mb: float
    end_mb: float
    errors: list[str]

    @property
    def growth(self) -> float:
        return 100 * (self.end_mb - self.start_mb) / self.start_mb


async def _session_loop(browser, url: str, first: int, deadline: float, opened: list[str],
                        errors: list[str]) -> None:
    """Open a context, view a few pages, close it; again until the deadline."""
    turn = first
    while time.monotonic() < deadline:
        context = await browser.new_context(viewport=VIEWPORT)
        page = await context.new_page()
        try:
            for _ in range(PAGES_PER_SESSION):
                if time.monotonic() >= deadline:
                    break
                path = PAGES[turn % len(PAGES)]
                turn += 1
                if await open_page_async(page, url, path, errors) is not None:
                    opened.append(path)
        finally:
            await context.close()


async def _memory(pid: int, deadline: float, readings: list[tuple[float, float]]) -> None:
    while time.monotonic() < deadline:
        readings.append((time.monotonic(), memory_mb(pid)))
        await asyncio.sleep(SAMPLE_SECONDS)
    readings.append((time.monotonic(), memory_mb(pid)))


async def _soak(url: str, pid: int, minutes: float) -> tuple[int, list, list[str]]:
    from playwright.async_api import async_playwright

    deadline = time.monotonic() + minutes * 60
    opened: list[str] = []
    errors: list[str] = []
    readings: list[tuple[float, float]] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            await asyncio.gather(
                _memory(pid, deadline, readings),
                *(_session_loop(browser, url, i * 2, deadline, opened, errors)
                  for i in range(SESSIONS)),
            )
        finally:
            await browser.close()
    return len(opened), readings, errors


def soak(url: str, pid: int, log: Path, minutes: float) -> Soaked:
    started = time.monotonic()
    pages, readings, errors = asyncio.run(_soak(url, pid, minutes))
    warm = started + min(WARM_UP_SECONDS, minutes * 20)
    start_mb = next(mb for at, mb in readings if at >= warm)
    errors += [f"log: {line.strip()}" for line in log.read_text().splitlines()
               if "Traceback" in line or " ERROR " in line]
    return Soaked(minutes, pages, start_mb, readings[-1][1], errors)


def soak_figures(soaked: Soaked) -> list[Figure]:
    label = f"soak {soaked.minutes:g} min, {SESSIONS} sessions, {soaked.pages} pages"
    return [
        Figure(f"{label}: app memory after warm-up", soaked.start_mb, "MB"),
        Figure(f"{label}: app memory at the end", soaked.end_mb, "MB", soaked.start_mb,
               "after warm-up", f"<= +{GROWTH_TARGET:g}%", soaked.growth <= GROWTH_TARGET),
        Figure(f"{label}: errors (pages and log)", len(soaked.errors), "", target="0",
               met=not soaked.errors),
    ]
