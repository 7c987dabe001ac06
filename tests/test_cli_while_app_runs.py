"""Writes while the app serves: the command line hands `ingest`, `user`, `loads` and `restore`
to the running app through its loopback door (store/door.py), and the app's pages show the new
data on their next run. Without an app to hand to, a busy store waits, then exits 3."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from browser import add_user, browser_page, require_browser, running_app
from conftest import ROOT, write
from store.door import door_path

CSV = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
       + "".join(f"R-{i},C-{i},{1 + i % 28:02d}/07/2025,Police,CCE,15\r\n" for i in range(40)))
LOADED = "Referrals about extra-familial harm in 2025/26 Q2: 40 referrals"


def cli(store_path, *argv, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRUTINY_STORE": str(store_path)}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *argv], env=env, text=True,
                          capture_output=True, timeout=300, input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL)


@pytest.mark.browser
def test_a_cli_ingest_lands_while_the_app_holds_the_store_and_shows_on_the_next_page(tmp_path):
    require_browser()
    store = tmp_path / "store" / "s.duckdb"
    add_user(store, "al.admin", "admin")
    path = write(tmp_path, "referrals_2025-26_Q2.csv", CSV)
    with running_app(store, tmp_path / "app.log") as url, browser_page() as page:
        page.goto(url)
        page.get_by_text("No data yet").first.wait_for()  # the app has opened the store
        assert door_path(store).exists()
        loaded = cli(store, "ingest", str(path), "--la", "E06000004")
        assert loaded.returncode == 0, loaded.stderr
        assert "stored as load 1" in loaded.stdout
        added = cli(store, "user", "add", "jo.officer", "--role", "officer", "--password-stdin",
                    stdin="a long enough password\n")
        assert added.returncode == 0, added.stderr
        listed = cli(store, "user", "list")
        assert "jo.officer" in listed.stdout and "al.admin" in listed.stdout
        assert "current" in cli(store, "loads").stdout
        page.goto(url)
        page.get_by_role("heading", name=LOADED).wait_for()


def test_a_busy_store_with_no_app_to_hand_to_exits_3_after_waiting(store, tmp_path):
    result = cli(store.path, "--wait", "1", "loads")  # this test process holds the store
    assert result.returncode == 3
    assert "in use" in result.stderr and "waited 1 seconds" in result.stderr
    assert "Traceback" not in result.stderr


def test_adding_a_user_with_no_terminal_says_how_instead_of_failing(tmp_path):
    result = cli(tmp_path / "s.duckdb", "user", "add", "jo", "--role", "officer")
    assert result.returncode == 2
    assert "--password-stdin" in result.stderr and "Traceback" not in result.stderr
