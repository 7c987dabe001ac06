"""The log of every load and restore, kept twice: in the store's `changes` table, written in the
same transaction as the change (so no kill can separate a load from its entry), and as an
append-only file in the archive folder beside the raw files, written just after the commit.

The archive (files by content hash), this file and the state file (store/state.py) are enough
to rebuild the store from nothing (`cli.py rebuild`). When a process is killed between a commit
and its line in the file, the next writer to open the store appends the missing entries
(`reconcile`), so the file always ends up with every change the store holds.
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


def record(con: duckdb.DuckDBPyConnection, entry: dict) -> dict:
    """Log `entry` in the store, inside the caller's transaction; returns it with its number."""
    seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM changes").fetchone()[0]
    now = datetime.now()
    logged = {**entry, "seq": int(seq), "at": now.isoformat(timespec="seconds")}
    con.execute("INSERT INTO changes VALUES (?, ?, ?)",
                [seq, now, json.dumps(logged, sort_keys=True, default=str)])
    return logged


def append(archive_dir: Path, entry: dict) -> None:
    private_folder(archive_dir)
    entry = {"at": datetime.now().isoformat(timespec="seconds"), **entry}
    line = json.dumps(entry, sort_keys=True, default=str)
    fd = os.open(manifest_path(archive_dir), os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def entries(archive_dir: Path) -> list[dict]:
    """Every complete entry; a last line cut short (a copy taken mid-write) is left out."""
    path = manifest_path(archive_dir)
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    complete = lines[:-1]  # what follows the last newline is a line still being written
    return [json.loads(line) for line in complete if line.strip()]


def reconcile(con: duckdb.DuckDBPyConnection, archive_dir: Path) -> int:
    """Append to the file the store's logged changes it lacks; returns how many."""
    written = {entry["seq"] for entry in entries(archive_dir) if "seq" in entry}
    missing = [json.loads(entry) for seq, entry in con.execute(
        "SELECT seq, entry FROM changes ORDER BY seq").fetchall() if seq not in written]
    for entry in missing:
        append(archive_dir, entry)
    return len(missing)
