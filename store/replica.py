"""A read-only replica's store: the newest snapshot the writer has published (store/snapshots.py),
followed as new ones appear.

`SCRUTINY_REPLICA_OF=<snapshots folder>` makes the app a replica. The folder is looked at no
more than every REFRESH_SECONDS, so a run costs a clock read, not a directory listing. The
snapshot's sequence number is the replica's data version: cached reads are keyed by it, so
they follow a new snapshot whether it brought a load, a restore or an officer's target.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from store.connection import Store
from store.snapshots import newest

REPLICA_ENV = "SCRUTINY_REPLICA_OF"
REFRESH_SECONDS = 2.0


def replica_folder() -> Path | None:
    folder = os.environ.get(REPLICA_ENV)
    return Path(folder) if folder else None


class NoSnapshot(Exception):
    """The writer has not published yet: the message is for the engineer deploying."""


class Replica:
    """The newest snapshot in `folder`, opened read-only. Thread-safe: shared by every session.

    A snapshot that is replaced is not closed here: sessions may still hold cursors of it, and
    DuckDB frees it when the last one closes.
    """

    def __init__(self, folder: Path, refresh_seconds: float = REFRESH_SECONDS):
        self.folder = folder
        self.refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._sequence = 0
        self._store: Store | None = None

    def current(self) -> tuple[Store, int]:
        """The open snapshot and its sequence number."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= self.refresh_seconds:
                self._checked_at = now
                latest = newest(self.folder)
                if latest and latest[0] != self._sequence:
                    self._store = Store(latest[1], read_only=True)
                    self._sequence = latest[0]
            if self._store is None:
                raise NoSnapshot(
                    f"No snapshot has been published in {self.folder} yet: start the writer "
                    "with SCRUTINY_SNAPSHOTS set to this folder (docs/deploy.md)."
                )
            return self._store, self._sequence
