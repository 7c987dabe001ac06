"""Raw uploaded files, kept by content hash beside the store, compressed, so any load can be
re-examined or replayed (`cli.py rebuild`).

Files are compressed with zstd (through pyarrow, already needed for the store's tables): a
fifth of the CPU that gzip's fastest level took, which on two cores competed with the check
it runs beside, and smaller files. Files archived before that stay gzip and are read as such.

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

import pyarrow as pa

_CHUNK = 4 * 1024 * 1024
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600
PARTIAL = ".partial"
ZSTD, GZIP = ".zst", ".gz"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def archive_path(archive_dir: Path, sha256: str) -> Path:
    """Where the archive holds (or will hold) the file with this hash: zstd, or gzip where an
    older version of the dashboard kept it."""
    older = archive_dir / sha256[:2] / f"{sha256}{GZIP}"
    return older if older.exists() else older.with_suffix(ZSTD)


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
    with private_file(partial):
        pass  # created private; the compressed stream reopens it
    with path.open("rb") as source, pa.output_stream(str(partial), compression="zstd") as out:
        while chunk := source.read(_CHUNK):
            out.write(chunk)
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
        if path.name.endswith(PARTIAL) or (path.suffix in (ZSTD, GZIP) and path.stem not in kept):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def restore_file(archive_dir: Path, sha256: str, target: Path) -> Path:
    kept = archive_path(archive_dir, sha256)
    if kept.suffix == GZIP:
        with gzip.open(kept, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, _CHUNK)
        return target
    with pa.input_stream(str(kept), compression="zstd") as source, target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            out.write(chunk)
    return target
