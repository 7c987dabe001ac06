"""An append-only log of every load and restore, kept in the archive folder beside the raw files.

The archive (files by content hash) plus this log is enough to rebuild the store from nothing
(`cli.py rebuild`), and both only ever grow, so copying them while the app runs gives a
consistent backup (`cli.py backup`). An entry is written after its transaction commits.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

MANIFEST = "manifest.jsonl"


def manifest_path(archive_dir: Path) -> Path:
    return archive_dir / MANIFEST


def append(archive_dir: Path, entry: dict) -> None:
    archive_dir.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**entry, "at": datetime.now().isoformat(timespec="seconds")}, sort_keys=True)
    with manifest_path(archive_dir).open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def entries(archive_dir: Path) -> list[dict]:
    path = manifest_path(archive_dir)
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
