"""An officer's load while others watch, two ways (bench/viewers.py runs either):

- `upload`: through the app itself, as an officer would: sign in, drop the police.uk zip on the
  upload page, wait for the check report, press "Load", wait for "stored as load". The app
  process does the check and the load while it serves everyone else.
- `writer`: the scale-out deployment (docs/deploy.md): the app is a read-only replica of
  published snapshots, and the load runs in the writer (`cli.py ingest`, publishing a snapshot
  the replica then picks up).
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bench.stores import ROOT, cli, store_env
from bench.table import Figure
from store.replica import REPLICA_ENV
from store.snapshots import PUBLISH_ENV

OFFICER = "bench.officer"
PASSWORD = "loopback benchmark only"
LOAD_PATHS = ("upload", "writer")


@dataclass(frozen=True)
class LoadTimes:
    to_report: float | None  # file given to the check report shown (the upload page only)
    to_done: float  # "Load" (or the CLI) to the load stored
    window: tuple[float, float] | None = None  # perf_counter() at the file given and at stored


def add_officer(store: Path) -> None:
    """An officer account in the store, added before the app opens it."""
    cli(store, "user", "add", OFFICER, "--role", "officer", "--password-stdin",
        stdin=f"{PASSWORD}\n")


def publish_first_snapshot(store: Path, snapshots: Path) -> None:
    """Opening the store as a publishing writer publishes it, so a replica has something to read."""
    cli(store, "loads", **{PUBLISH_ENV: str(snapshots)})


Load = Callable[[object, str], Awaitable[LoadTimes]]  # (browser, app URL) -> the officer's waits


def prepare_load(how: str, store: Path, snapshots: Path, upload: Path) -> tuple[dict, Load]:
    """Set a fresh store up for one way of loading `upload`: the app's extra environment, and
    the load to run while the viewers watch."""
    if how == "upload":
        add_officer(store)
        return {}, lambda browser, url: upload_as_officer(browser, url, upload)
    publish_first_snapshot(store, snapshots)
    return ({REPLICA_ENV: str(snapshots)},
            lambda browser, url: load_through_writer(store, snapshots, upload))


async def sign_in(page, url: str) -> None:
    """tests/browser.py's sign_in, for the async API."""
    await page.goto(f"{url}/sign_in")
    await page.get_by_label("User name").fill(OFFICER)
    await page.get_by_label("Password", exact=True).fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_text(f"Signed in as {OFFICER}").wait_for()


async def upload_as_officer(browser, url: str, zip_path: Path) -> LoadTimes:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = await context.new_page()
        page.set_default_timeout(600_000)
        await sign_in(page, url)
        await page.get_by_role("link", name="Upload extracts").click()
        await page.locator("input[type=file]").wait_for(state="attached")
        given = started = time.perf_counter()
        await page.locator("input[type=file]").set_input_files(str(zip_path))
        await page.get_by_text("Rows valid").wait_for()
        to_report = time.perf_counter() - started
        started = time.perf_counter()
        await page.get_by_role("button", name="Load", exact=True).click()
        await page.get_by_text("stored as load").first.wait_for()
        stored = time.perf_counter()
        return LoadTimes(to_report, stored - started, (given, stored))
    finally:
        await context.close()


async def load_through_writer(writer_store: Path, snapshots: Path, upload: Path) -> LoadTimes:
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "cli.py"), "ingest", str(upload), cwd=ROOT,
        env=store_env(writer_store, **{PUBLISH_ENV: str(snapshots)}),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, stderr = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the writer's load failed: {stderr.decode()[-2000:]}")
    stored = time.perf_counter()
    return LoadTimes(None, stored - started, (started, stored))


def load_figures(label: str, times: LoadTimes, bare_read: float) -> list[Figure]:
    """The officer's waits, beside DuckDB's bare read of the same CSV."""
    figures = [Figure(f"{label}: 'Load' to stored", times.to_done, "s", bare_read, "read_csv")]
    if times.to_report is not None:
        figures.insert(0, Figure(f"{label}: file to check report", times.to_report, "s",
                                 bare_read, "read_csv"))
    return figures
