"""Real-browser helpers: the app served by `streamlit run` on a free port, driven by Debian's
headless Chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_browser() -> None:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    pytest.importorskip("playwright.sync_api", reason="playwright is a test requirement")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(store_path: Path, log: Path, app: Path = ROOT / "app.py", with_pid: bool = False,
                env: dict[str, str] | None = None):
    """`streamlit run app.py` on loopback, until the block ends; yields its URL (and process id
    when asked, for memory readings). `env` adds environment variables (e.g. a replica's)."""
    port = free_port()
    env = {**os.environ, "SCRUTINY_STORE": str(store_path), **(env or {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port",
             str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the app did not start: {log.read_text()[-2000:]}")
        yield (url, process.pid) if with_pid else url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# One Chromium for a run of browser tests (launching it cost 2-8 s a test on two busy cores);
# each test gets its own browser context, so no cookie, session or storage passes between tests.
# It is closed when the next test is not a browser test (tests/conftest.py): while Playwright's
# sync API is open, its event loop runs on the main thread and `asyncio.run` there would refuse.
_shared: dict[str, object] = {}


def shared_browser():
    """The run's Chromium, launched on first use."""
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            _shared["browser"] = playwright.chromium.launch(executable_path=CHROMIUM,
                                                            args=CHROMIUM_ARGS)
        except BaseException:
            playwright.stop()
            raise
        _shared["playwright"] = playwright
    return _shared["browser"]


def close_shared_browser() -> None:
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()


@contextmanager
def browser_page(viewport: dict | None = None, timeout: int = 120_000):
    """A page in a fresh browser context of the shared Chromium. Pages a test opens for a
    second person (`page.context.browser.new_page()`) are closed with it. `timeout` is how long
    a wait for a condition may last before it fails: a chart page took 20 s with the machine's
    two cores shared five ways, so the old 30 s failed by chance."""
    browser = shared_browser()
    before = set(browser.contexts)
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout)
        yield page
    finally:
        for opened in [context, *(c for c in browser.contexts if c not in before)]:
            with suppress(Exception):  # already closed by the test
                opened.close()


TEST_PASSWORD = "correct horse battery staple"


def add_user(store_path: Path, name: str, role: str, password: str = TEST_PASSWORD) -> None:
    """Add a local user to a store file before an app opens it (as `cli.py user add` does)."""
    from store.connection import Store
    from store.users import add_user as store_add_user

    store = Store(store_path)
    try:
        store_add_user(store.cursor(), name, role, password, actor="test")
    finally:
        store.close()


def sign_in(page, url: str, name: str, password: str = TEST_PASSWORD) -> None:
    """Sign in through the app's own form; the session keeps the role until the tab reloads."""
    page.goto(f"{url}/sign_in")
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {name}").wait_for()


def upload_through_page(page, path: Path, authority: str = "Stockton-on-Tees (E06000004)") -> None:
    """As a signed-in officer: open the upload page, drop a referrals file without an la_code
    column, choose its authority, load it and wait until it is stored."""
    page.get_by_role("link", name="Upload extracts").click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_text("Referrals about extra-familial harm for").wait_for()
    choose_option(page, "Authority (for files without an la_code column)", authority)
    page.get_by_text("Rows valid").wait_for()
    page.get_by_role("button", name="Load", exact=True).click()
    page.get_by_text("stored as load").first.wait_for()


def wait_until_idle(page) -> None:
    """Wait until Streamlit has finished running the script: its status widget ("Running...")
    is gone. A widget clicked mid-run can be redrawn under the pointer, closing its list."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")


def choose_option(page, label: str, option: str, attempts: int = 4) -> None:
    """Choose `option` in the select box labelled `label`, once the app is idle, typing it as a
    person would (a long list, such as England's authorities, draws only the options in view).
    If a rerun redraws the box and closes its list before the option shows, open it again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        wait_until_idle(page)
        page.get_by_role("combobox", name=label).click()
        page.keyboard.type(option)
        try:
            page.get_by_role("option", name=option).click(timeout=7_500)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
