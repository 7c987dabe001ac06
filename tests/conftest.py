"""Shared fixtures: a fresh store file per test, and a helper to upload files into it."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.pipeline import LoadOutcome, UploadFile, load  # noqa: E402
from ingest.validate import Options  # noqa: E402
from store.connection import Store  # noqa: E402

REALDATA = ROOT.parent / "shared" / "realdata"


def realdata(name: str) -> Path:
    """A real public file from ../shared/realdata, or a clean skip saying why it is absent."""
    path = REALDATA / name
    if not path.is_file():
        pytest.skip(f"real data file {name} is not present in {REALDATA} (it ships outside the repo)")
    return path


@pytest.fixture
def store(tmp_path, monkeypatch) -> Store:
    monkeypatch.setenv("SCRUTINY_STORE", str(tmp_path / "store" / "test.duckdb"))
    opened = Store()
    yield opened
    opened.close()


def upload(store: Store, *paths: Path, la: str | None = "E06000004", **options) -> LoadOutcome:
    extract = options.pop("extract", None)
    allow_partial = options.pop("allow_partial", False)
    return load(store, [UploadFile(p.name, p) for p in paths], Options(la_code=la, **options),
                actor="test", extract=extract, allow_partial=allow_partial)


def write(folder: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding=encoding, newline="")
    return path


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory) -> Path:
    """One demo store for the whole run (about 13 s to build); copy it before writing to it."""
    from data.demo_store import build_demo_store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    built = Store(path)
    build_demo_store(built)
    built.close()
    return path


# Users on the shared demo app (tests/browser.py: TEST_PASSWORD), by role.
DEMO_APP_USERS = {"olly.officer": "officer", "olive.officer": "officer", "ada.admin": "admin",
                  "member.tester": "member", "officer.tester": "officer",
                  "admin.tester": "admin"}


@dataclass(frozen=True)
class RunningApp:
    url: str
    store_path: Path
    log: Path


@pytest.fixture(scope="session")
def demo_app(demo_store_path, tmp_path_factory) -> RunningApp:
    """One `streamlit run app.py` on a copy of the demo store (with DEMO_APP_USERS), shared by
    the browser tests that only read and sign in: each opens its own browser context, so its
    own Streamlit session. Starting an app and drawing every page cold cost each of them about
    a minute on two busy cores. A test that loads, saves or deletes starts its own app."""
    from browser import add_user, require_browser, running_app

    require_browser()
    folder = tmp_path_factory.mktemp("demo-app")
    path = folder / "store" / "demo.duckdb"
    path.parent.mkdir()
    shutil.copy(demo_store_path, path)
    for name, role in DEMO_APP_USERS.items():
        add_user(path, name, role)
    with running_app(path, folder / "app.log") as url:
        yield RunningApp(url, path, folder / "app.log")


@pytest.fixture
def demo_store_copy(demo_store_path, tmp_path) -> Path:
    """A copy of the demo store for a test that writes to it: an officer's download, say,
    which is audited."""
    path = tmp_path / "demo-copy.duckdb"
    shutil.copy(demo_store_path, path)
    return path


def load_csv(store: Store, folder: Path, name: str, text: str, la: str | None = "E06000004") -> None:
    """Load a hand-made extract through the real ingest path, failing the test if it is refused."""
    outcome = upload(store, write(folder, name, text), la=la)
    assert outcome.ok and outcome.stored, outcome.message()


def by_period(frame, column: str = "value") -> dict:
    return dict(zip(frame["period"], frame[column], strict=True))


def cells(frame) -> dict:
    return {(row.period, row.breakdown_value): row.value for row in frame.itertuples()}


def pytest_runtest_teardown(item, nextitem):
    """Close the shared Chromium after the last of a run of browser tests (tests/browser.py)."""
    if (nextitem is None or nextitem.get_closest_marker("browser") is None) \
            and "browser" in sys.modules:
        sys.modules["browser"].close_shared_browser()
