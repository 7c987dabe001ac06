"""A backup taken while a real app process holds the store rebuilds every table: users, sign-ins,
decks, targets, settings, comparators, the audit, loads and restores, made before the app
started, through its pages (a sign-in and an upload) and through the command line, which hands
its writes to the app."""

from __future__ import annotations

import pandas as pd
import pytest
from test_cli_while_app_runs import CSV, cli
from test_rebuild_backup import every_table, fill, fill_the_rest

from browser import browser_page, require_browser, running_app, sign_in, upload_through_page
from conftest import write
from ingest.replay import rebuild
from store.connection import Store

pytestmark = pytest.mark.browser

PASSWORD = "a long enough password"  # jo.officer's, as fill_the_rest adds her


def test_a_backup_taken_while_the_app_runs_rebuilds_every_table(tmp_path):
    require_browser()
    path = tmp_path / "store" / "s.duckdb"
    before_app = Store(path)
    try:
        fill(before_app, tmp_path)
        fill_the_rest(before_app)
    finally:
        before_app.close()
    upload = write(tmp_path, "referrals_2025-26_Q2.csv", CSV)
    with running_app(path, tmp_path / "app.log") as url, browser_page() as page:
        page.set_default_timeout(120_000)  # a first page run on a busy machine
        sign_in(page, url, "jo.officer", PASSWORD)  # a sign-in and its audit, by the app
        upload_through_page(page, upload)  # a load, by the app
        added = cli(path, "user", "add", "sam.member", "--role", "member", "--password-stdin",
                    stdin="yet another long password\n")  # handed to the app
        assert added.returncode == 0, added.stderr
        backed_up = cli(path, "backup", str(tmp_path / "bk"))
        assert backed_up.returncode == 0, backed_up.stderr
        assert "the app holds the store" in backed_up.stdout
    rebuilt = Store(tmp_path / "from-backup" / "s.duckdb")
    try:
        summary = rebuild(tmp_path / "bk" / "archive", rebuilt)
    finally:
        rebuilt.close()
    assert "6 loads, 1 restores" in summary
    before, after = every_table(path), every_table(rebuilt.path)
    assert set(before) == set(after)
    assert {"jo.officer", "al.admin", "sam.member"} <= set(before["users"]["name"])
    assert {"sign_in", "load", "user_added"} <= set(before["audit"]["action"])
    for table, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[table], obj=table)
