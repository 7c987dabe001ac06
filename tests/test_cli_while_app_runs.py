"""Writes while the app serves: the command line hands `ingest`, `user`, `loads` and `restore`
to the running app through its loopback door (store/door.py), and the app's pages show the new
data on their next run. Without an app to hand to, a busy store waits, then exits 3."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from browser import add_user, browser_page, require_browser, running_app
from conftest import ROOT, write
from store.door import door_path

CSV = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
       + "".join(f"R-{i},C-{i},{1 + i % 28:02d}/07/2025,Police,CCE,15\r\n" for i in range(40)))
LOADED = "Referrals about extra-familial harm in 2025/26 Q2: 40 referrals"
ERROR_TEXT = "This app has encountered an error"


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


@pytest.mark.browser
def test_a_scheduled_ingest_lands_while_five_sessions_browse_and_each_sees_it_on_its_next_page(
        tmp_path):
    """As a nightly job would: `cli.py ingest` runs while five people keep reloading their
    pages; none of them meets an error, and each one's next page shows the new data."""
    require_browser()
    store = tmp_path / "store" / "s.duckdb"
    path = write(tmp_path, "referrals_2025-26_Q2.csv", CSV)
    with running_app(store, tmp_path / "app.log") as url, browser_page() as first:
        pages = [first] + [first.context.browser.new_context().new_page() for _ in range(4)]
        for page in pages:  # five sessions, each with its own app session
            page.set_default_timeout(120_000)
            page.goto(url)
            page.get_by_text("No data yet").first.wait_for()
        with ThreadPoolExecutor(max_workers=1) as scheduler:
            scheduled = scheduler.submit(cli, store, "ingest", str(path), "--la", "E06000004")
            browsed = 0
            while browsed < len(pages) or not scheduled.done():  # they browse while it runs
                page = pages[browsed % len(pages)]
                page.reload()
                page.get_by_text("No data yet").or_(
                    page.get_by_role("heading", name=LOADED)).first.wait_for()
                assert page.get_by_text(ERROR_TEXT).count() == 0
                browsed += 1
            loaded = scheduled.result()
        assert loaded.returncode == 0, loaded.stderr
        assert "stored as load 1" in loaded.stdout
        for page in pages:
            page.reload()
            page.get_by_role("heading", name=LOADED).wait_for()
            assert page.get_by_text(ERROR_TEXT).count() == 0


def test_a_busy_store_with_no_app_to_hand_to_exits_3_after_waiting(store, tmp_path):
    result = cli(store.path, "--wait", "1", "loads")  # this test process holds the store
    assert result.returncode == 3
    assert "in use" in result.stderr and "waited 1 seconds" in result.stderr
    assert "Traceback" not in result.stderr


def test_adding_a_user_with_no_terminal_says_how_instead_of_failing(tmp_path):
    result = cli(tmp_path / "s.duckdb", "user", "add", "jo", "--role", "officer")
    assert result.returncode == 2
    assert "--password-stdin" in result.stderr and "Traceback" not in result.stderr
