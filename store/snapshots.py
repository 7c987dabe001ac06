"""Published snapshots: how more than one app process serves one store.

DuckDB lets one process write a store file (pitfalls.md). That process, the writer, publishes an
immutable copy of the store into a snapshots folder whenever what a viewer sees has changed;
read-only replicas open the newest copy (store/replica.py). Copies are numbered in order of
publication, written under a temporary name and renamed into place, so a replica never sees half
a file. Old copies are pruned: a replica still reading one keeps it open (POSIX unlink).

`SCRUTINY_SNAPSHOTS=<folder>` makes a writer (the app or `cli.py`) publish; without it nothing
is copied.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

PUBLISH_ENV = "SCRUTINY_SNAPSHOTS"
KEEP = 3
_NAME = re.compile(r"^(\d{12})\.duckdb$")


def publish_folder() -> Path | None:
    folder = os.environ.get(PUBLISH_ENV)
    return Path(folder) if folder else None


# Audited actions that change nothing a viewer sees; every other audited action (loads, restores,
# targets, settings, decks, users, and any added later) makes the writer publish.
_UNSEEN_ACTIONS = ("sign_in", "sign_in_failed", "sign_out", "export_unsuppressed",
                   "audit_downloaded")


def fingerprint(con: duckdb.DuckDBPyConnection) -> tuple:
    """What a viewer of a replica sees changes with: the data version (loads and restores) and
    the number of audited changes (every write to the store is audited)."""
    return con.execute(
        "SELECT (SELECT value FROM meta WHERE key = 'data_version'), "
        "(SELECT count(*) FROM audit WHERE action NOT IN (SELECT unnest(?)))",
        [list(_UNSEEN_ACTIONS)],
    ).fetchone()


def published(folder: Path) -> list[tuple[int, Path]]:
    """The snapshots in `folder`, oldest first, with their sequence numbers."""
    if not folder.is_dir():
        return []
    found = ((_NAME.match(path.name), path) for path in folder.iterdir())
    return sorted((int(match.group(1)), path) for match, path in found if match)


def newest(folder: Path) -> tuple[int, Path] | None:
    snapshots = published(folder)
    return snapshots[-1] if snapshots else None


def _snapshot_fingerprint(path: Path) -> tuple | None:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return None
    try:
        return fingerprint(con)
    finally:
        con.close()


class Publisher:
    """A writer's publication of its store into `folder`, only when the fingerprint moved."""

    def __init__(self, folder: Path):
        self.folder = folder
        latest = newest(folder)
        self._published = _snapshot_fingerprint(latest[1]) if latest else None

    def publish_if_changed(self, con: duckdb.DuckDBPyConnection) -> Path | None:
        """Call with no write in progress (under the store's write lock)."""
        now = fingerprint(con)
        if now == self._published:
            return None
        path = self._publish(con)
        self._published = now
        return path

    def _publish(self, con: duckdb.DuckDBPyConnection) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        latest = newest(self.folder)
        final = self.folder / f"{(latest[0] if latest else 0) + 1:012d}.duckdb"
        temporary = self.folder / f".{final.name}.{os.getpid()}.tmp"
        temporary.unlink(missing_ok=True)
        catalog = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
        target = str(temporary).replace("'", "''")
        # A copy through DuckDB, not of the file: it is one consistent transaction even while
        # sessions read, and it leaves out the write-ahead log.
        con.execute(f"ATTACH '{target}' AS snapshot_out")
        try:
            con.execute(f'COPY FROM DATABASE "{catalog}" TO snapshot_out')
        finally:
            con.execute("DETACH snapshot_out")
        os.replace(temporary, final)
        self._prune()
        return final

    def _prune(self) -> None:
        for _, path in published(self.folder)[:-KEEP]:
            path.unlink(missing_ok=True)
