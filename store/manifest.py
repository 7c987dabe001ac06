"""The log of every change (loads, restores, and every write of the store's own tables through
store/changes.py), kept twice: in the store's `changes` table, written in the same transaction
as the change (so no kill can separate a change from its entry), and as an append-only file in
the archive folder beside the raw files, written when the write lock is let go after the commit.

The archive (files by content hash) and this file are enough to rebuild the store from nothing
(`cli.py rebuild`). When a process is killed between a commit and its line in the file, the next
writer to open the store appends the missing entries (`reconcile`), so the file always ends up
with every change the store holds.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import duckdb

from store.archive import PRIVATE_FILE, private_folder

MANIFEST = "manifest.jsonl"


def manifest_path(archive_dir: Path) -> Path:
    return archive_dir / MANIFEST


def record(con: duckdb.DuckDBPyConnection, entry: dict, at: datetime) -> dict:
    """Log `entry` in the store, inside the caller's transaction; returns it with its number."""
    seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchone()[0]
    logged = {**entry, "seq": int(seq), "at": at.isoformat()}
    con.execute("INSERT INTO changes VALUES (?, ?, ?)",
                [seq, at, json.dumps(logged, sort_keys=True, default=str)])
    return logged


def append(archive_dir: Path, lines: list[str]) -> None:
    """Add logged entries (their JSON text, as the store holds it) to the file, on disk before
    this returns."""
    private_folder(archive_dir)
    fd = os.open(manifest_path(archive_dir), os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
        handle.flush()
        os.fsync(handle.fileno())


def flush(con: duckdb.DuckDBPyConnection, archive_dir: Path, after: int) -> int:
    """Append the store's entries numbered above `after` (the last one the file holds); returns
    the new last number. One indexed read and one append per write, however long the log."""
    rows = con.execute("SELECT seq, entry FROM changes WHERE seq > ? ORDER BY seq", [after]).fetchall()
    if rows:
        append(archive_dir, [entry for _, entry in rows])
    return int(rows[-1][0]) if rows else after


def entries(archive_dir: Path) -> list[dict]:
    """Every complete entry; a last line cut short (a copy taken mid-write) is left out."""
    path = manifest_path(archive_dir)
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    complete = lines[:-1]  # what follows the last newline is a line still being written
    return [json.loads(line) for line in complete if line.strip()]


def has_log(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'changes' "
                            "AND schema_name = 'main'").fetchone()[0])


def reconcile(con: duckdb.DuckDBPyConnection, archive_dir: Path) -> int:
    """Append to the file the store's logged changes it lacks; returns the last number the file
    then holds."""
    written = {entry["seq"] for entry in entries(archive_dir) if "seq" in entry}
    missing = [(seq, entry) for seq, entry in con.execute(
        "SELECT seq, entry FROM changes ORDER BY seq").fetchall() if seq not in written]
    if missing:
        append(archive_dir, [entry for _, entry in missing])
    return max([*written, *(seq for seq, _ in missing)], default=0)
