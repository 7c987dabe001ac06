"""Raw uploaded files, kept by content hash beside the store, compressed, so any load can be
re-examined or replayed (`cli.py rebuild`)."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

_CHUNK = 4 * 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_path(archive_dir: Path, sha256: str) -> Path:
    return archive_dir / sha256[:2] / f"{sha256}.gz"


def archive_file(archive_dir: Path, path: Path, sha256: str) -> Path:
    """Write the file once under its hash; written to a temporary name first, then renamed."""
    target = archive_path(archive_dir, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    with path.open("rb") as source, gzip.open(partial, "wb", compresslevel=1) as out:
        shutil.copyfileobj(source, out, _CHUNK)
    os.replace(partial, target)
    return target


def restore_file(archive_dir: Path, sha256: str, target: Path) -> Path:
    with gzip.open(archive_path(archive_dir, sha256), "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, _CHUNK)
    return target
