"""Scale-out, tried for real (docs/deploy.md): two app processes on two ports serve one store.
An officer loads a file through the writer; the read-only replica, started before the load,
shows it after its next look for a snapshot, and refuses a sign-in (which would write)."""

from __future__ import annotations

import time

import pytest

from browser import (
    add_user,
    browser_page,
    require_browser,
    running_app,
    sign_in,
    upload_through_page,
)
from conftest import write
from store.replica import REPLICA_ENV
from store.snapshots import PUBLISH_ENV

pytestmark = pytest.mark.browser

CSV = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
       + "".join(f"R-{i},C-{i},{1 + i % 28:02d}/07/2025,Police,CCE,15\r\n" for i in range(40)))
LOADED = "Referrals about extra-familial harm in 2025/26 Q2: 40 referrals"


def reload_until_heading(page, url: str, name: str, seconds: float = 30) -> None:
    """The replica looks for a new snapshot every few seconds: reload until the heading shows."""
    from playwright.sync_api import TimeoutError as NotYet

    deadline = time.monotonic() + seconds
    while True:
        page.goto(url)
        try:
            page.get_by_role("heading", name=name).wait_for(timeout=5_000)
            return
        except NotYet:
            if time.monotonic() > deadline:
                raise


def test_a_load_through_the_writer_shows_on_a_replica_after_its_refresh(tmp_path):
    require_browser()
    store, snapshots = tmp_path / "store" / "writer.duckdb", tmp_path / "snapshots"
    add_user(store, "jo.officer", "officer")
    path = write(tmp_path, "referrals_2025-26_Q2.csv", CSV)
    with running_app(store, tmp_path / "writer.log", env={PUBLISH_ENV: str(snapshots)}) as writer, \
            running_app(store, tmp_path / "replica.log", env={REPLICA_ENV: str(snapshots)}) as replica, \
            browser_page() as officer:
        sign_in(officer, writer, "jo.officer")  # the writer opens the store and publishes it
        viewer = officer.context.browser.new_page()
        viewer.goto(replica)
        viewer.get_by_text("No data yet").first.wait_for()
        upload_through_page(officer, path)
        reload_until_heading(viewer, replica, LOADED)
        viewer.goto(f"{replica}/sign_in")
        viewer.get_by_text("This is a read-only copy of the dashboard").wait_for()
        assert viewer.get_by_label("Password", exact=True).count() == 0
