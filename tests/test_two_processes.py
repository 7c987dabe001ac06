"""Scale-out, tried for real: a writer publishes snapshots of one store and a read-only replica
app, in its own process and on its own port, shows a load made after it started (docs/deploy.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from browser import browser_page, require_browser, running_app
from conftest import ROOT, write
from store.replica import REPLICA_ENV
from store.snapshots import PUBLISH_ENV

pytestmark = pytest.mark.browser

HEADER = "Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"


def referrals(folder, name: str, month: int, rows: int):
    return write(folder, name, HEADER + "".join(
        f"R-{month}-{i},C-{i},{1 + i % 28:02d}/{month:02d}/2025,Police,CCE,15\r\n"
        for i in range(rows)))


def cli_ingest(store, snapshots, path) -> None:
    env = {**os.environ, "SCRUTINY_STORE": str(store), PUBLISH_ENV: str(snapshots)}
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "ingest", str(path), "--la", "E06000004"],
                   env=env, check=True, capture_output=True, cwd=ROOT)


def wait_for_heading(page, url: str, name: str, seconds: float = 30) -> None:
    """Reload until the heading shows: the replica looks for new snapshots every few seconds."""
    from playwright.sync_api import TimeoutError as NotYet

    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        heading = page.get_by_role("heading", name=name)
        try:
            heading.wait_for(timeout=5_000)
            return
        except NotYet:
            if time.monotonic() > deadline:
                raise


def test_a_replica_shows_a_load_the_writer_published_after_it_started(tmp_path):
    require_browser()
    store, snapshots = tmp_path / "store" / "writer.duckdb", tmp_path / "snapshots"
    cli_ingest(store, snapshots, referrals(tmp_path, "q2.csv", 7, 40))
    replica_env = {REPLICA_ENV: str(snapshots)}
    with running_app(store, tmp_path / "replica.log", env=replica_env) as url, \
            browser_page() as page:
        wait_for_heading(page, url, "Referrals about extra-familial harm in 2025/26 Q2: 40 referrals")
        cli_ingest(store, snapshots, referrals(tmp_path, "q3.csv", 10, 25))
        wait_for_heading(page, url, "Referrals about extra-familial harm fell 38% on the previous quarter")
    assert "Traceback" not in (tmp_path / "replica.log").read_text()
