"""One DuckDB file per deployment, opened once per process and used through cursors.

DuckDB allows one writing process; inside it, one connection shared by threads is unsafe
(duckdb#6248), so every session or thread takes its own `cursor()` of the one connection.

Every write goes through the store's `write_lock`: one at a time in the process, refused on a
read-only store, and, when the writer publishes snapshots for replicas (store/snapshots.py),
followed by a new snapshot if it changed what viewers see.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import duckdb

from store import manifest
from store.archive import PRIVATE_FILE, private_folder, sweep
from store.schema import migrate
from store.snapshots import Publisher, publish_folder

DEFAULT_STORE = Path(__file__).resolve().parent.parent / "data" / "store" / "scrutiny.duckdb"
# DuckDB takes up to 80% of the machine's memory by default: a 6M-row police.uk load peaked at
# 3.7 GB. Capped, it spills to `<store>.tmp` beside the file and peaks at 1.2 GB, about 10%
# slower (bench/ingest.py). SCRUTINY_MEMORY_LIMIT takes DuckDB's units ("2GB", "512MB").
MEMORY_LIMIT_ENV = "SCRUTINY_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "1GB"


def store_path() -> Path:
    return Path(os.environ.get("SCRUTINY_STORE", DEFAULT_STORE))


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to a store file with the settings every connection in this process shares:
    DuckDB refuses a second connection to one file with a different configuration."""
    return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit()})


def archive_dir_for(path: Path) -> Path:
    """Raw files and the manifest live in a folder beside the store file."""
    return path.parent / f"{path.stem}-archive"


class StoreBusy(Exception):
    """Another process holds the store for writing: the message is for the person waiting."""


class StoreSettingError(ValueError):
    """A store setting in the environment that DuckDB refused: the message names it."""


class ReadOnlyStore(PermissionError):
    """A write asked of a read-only store (a replica): the message is for the person acting."""


class WriteLock:
    """One write at a time in this process; on release, publish a snapshot if one is due."""

    def __init__(self, store: Store):
        self._store = store
        self._lock = threading.Lock()

    def __enter__(self) -> WriteLock:
        if self._store.read_only:
            raise ReadOnlyStore(
                "This copy of the dashboard is read-only: loads, restores, sign-in and settings "
                "are done on the main (writer) address."
            )
        self._lock.acquire()
        self._store.forget_data_version()
        return self

    def held(self) -> bool:
        return self._lock.locked()

    def __exit__(self, *_exc) -> None:
        try:
            self._store.forget_data_version()
            self._store.flush_log()
            self._store.publish_if_changed()
        finally:
            self._lock.release()


class Store:
    """The open store of this process: the connection, its archive folder and its write lock."""

    def __init__(self, path: Path | None = None, read_only: bool = False, wait: float = 0):
        """`wait`: seconds to keep trying while another process holds the file, then StoreBusy."""
        self.path = Path(path or store_path())
        self.read_only = read_only
        if not read_only and not self.path.parent.is_dir():
            private_folder(self.path.parent)
        self._connection = _open(self.path, read_only, wait)
        if not read_only:
            os.chmod(self.path, PRIVATE_FILE)
        self.write_lock = WriteLock(self)
        self._known_version: int | None = None
        self._logged: int | None = None  # the last change the manifest file holds (None: no log)
        self._writes = 0  # write_lock entries and exits: a version read across one is not kept
        self._version_lock = threading.Lock()
        folder = None if read_only else publish_folder()
        self._publisher = Publisher(folder) if folder else None
        if not read_only:
            migrate(self._connection)
            self._recover()
            self.publish_if_changed()

    @property
    def archive_dir(self) -> Path:
        return archive_dir_for(self.path)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._connection.cursor()

    def data_version(self) -> int:
        """The store's data version (see `data_version`), read from the file once and then kept
        until a write: every write in this process goes through `write_lock`, which forgets it,
        and no other process writes while this one holds the file. Pages ask for it once per
        measure they show, and a query with a cursor of its own cost more than the measure's
        cached read (py-spy: 12% of the app's CPU with viewers opening pages)."""
        if (known := self._known_version) is not None:
            return known
        with self._version_lock:
            writes = self._writes
        con = self.cursor()
        try:
            version = data_version(con)
        finally:
            con.close()
        with self._version_lock:
            if writes == self._writes and not self.write_lock.held():
                self._known_version = version
        return version

    def forget_data_version(self) -> None:
        with self._version_lock:
            self._writes += 1
            self._known_version = None

    def _recover(self) -> None:
        """Put right what a killed writer left: archived files of loads that never committed,
        partial files, and manifest lines missing after their commit."""
        con = self.cursor()
        try:
            kept = {sha for (sha,) in con.execute("SELECT DISTINCT sha256 FROM load_files").fetchall()}
            sweep(self.archive_dir, kept)
            if manifest.has_log(con):  # a store written by code older than the log has none
                self._logged = manifest.reconcile(con, self.archive_dir)
        finally:
            con.close()

    def flush_log(self) -> None:
        """Copy the changes logged since the last write to the archive's manifest file, so the
        archive folder is a complete backup while this process holds the store."""
        if self._logged is None:
            return
        con = self.cursor()
        try:
            self._logged = manifest.flush(con, self.archive_dir, self._logged)
        finally:
            con.close()

    def publish_if_changed(self) -> None:
        """Publish a snapshot for replicas if this writer publishes and viewers would see a
        change; called with no write in progress."""
        if self._publisher is not None:
            con = self.cursor()
            try:
                self._publisher.publish_if_changed(con)
            finally:
                con.close()

    def close(self) -> None:
        self._connection.close()


def _open(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait
    while True:
        try:
            return connect(path, read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"The store {path} is in use by another program (is the app running?)"
                    + (f"; waited {wait:.0f} seconds" if wait else "") + ". Load through the "
                    "app's upload page, or try again when it is free."
                ) from None
            time.sleep(0.25)
        except duckdb.ParserException as error:
            raise StoreSettingError(
                f"{MEMORY_LIMIT_ENV}={memory_limit()!r} is not a memory size DuckDB understands "
                f"(e.g. 1GB or 512MB): {error}") from None


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Bumped by every load and restore: cached reads are keyed by it."""
    row = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    return int(row[0]) if row else 0
