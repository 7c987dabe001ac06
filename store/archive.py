"""Raw uploaded files, kept by content hash beside the store, compressed, so any load can be
re-examined or replayed (`cli.py rebuild`).

Only what was stored is kept: a file is compressed to a `.partial` beside its place while it is
checked, moved into place just before its load commits, and removed if the load is refused or
does not commit. `sweep` removes what a killed process left: partial files, and archived files
that no load refers to. The folder is private to the store's owner (0700, files 0600).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

_CHUNK = 4 * 1024 * 1024
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
PARTIAL = ".partial"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_path(archive_dir: Path, sha256: str) -> Path:
    return archive_dir / sha256[:2] / f"{sha256}.gz"


def private_folder(folder: Path) -> Path:
    """Make `folder` (and missing parents) readable by its owner only."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    os.chmod(folder, PRIVATE_FOLDER)
    return folder


def private_file(path: Path):
    """Open a new file for writing that only its owner can read (created 0600, never wider)."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE), "wb")


def stage_file(archive_dir: Path, path: Path, sha256: str) -> Path | None:
    """Compress `path` to a partial file beside its place in the archive; None when the archive
    already holds it (another load kept the same bytes)."""
    target = archive_path(archive_dir, sha256)
    if target.exists():
        return None
    private_folder(archive_dir)
    private_folder(target.parent)
    partial = target.with_suffix(f".{os.getpid()}{PARTIAL}")
    with path.open("rb") as source, private_file(partial) as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as out:
        shutil.copyfileobj(source, out, _CHUNK)
    return partial


def keep(partial: Path, archive_dir: Path, sha256: str) -> Path:
    """Move a staged file into its place; returns that place."""
    target = archive_path(archive_dir, sha256)
    os.replace(partial, target)
    return target


def archive_file(archive_dir: Path, path: Path, sha256: str) -> Path:
    """Write the file once under its hash (staged, then moved into place)."""
    partial = stage_file(archive_dir, path, sha256)
    return keep(partial, archive_dir, sha256) if partial else archive_path(archive_dir, sha256)


def sweep(archive_dir: Path, kept: set[str]) -> list[Path]:
    """Remove partial files and archived files whose hash no load refers to (`kept`): what a
    process killed mid-load left behind. Returns what was removed."""
    removed = []
    if not archive_dir.is_dir():
        return removed
    for path in [*archive_dir.glob(f"*{PARTIAL}"), *archive_dir.glob("??/*")]:
        if path.name.endswith(PARTIAL) or (path.suffix == ".gz" and path.stem not in kept):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def restore_file(archive_dir: Path, sha256: str, target: Path) -> Path:
    with gzip.open(archive_path(archive_dir, sha256), "rb") as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, _CHUNK)
    return target
