"""Rebuild a store from the archive and its manifest: every load replayed through the same
ingest engine, in order, with the same options, and every restore applied again."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ingest.pipeline import UploadFile, load
from ingest.preview import PeriodChoice
from ingest.validate import Options
from store import manifest
from store.archive import restore_file
from store.connection import Store
from store.versions import restore_and_record


class ReplayError(Exception):
    pass


def rebuild(archive_dir: Path, target: Store) -> str:
    """Replay `archive_dir`'s manifest into `target` (a new, empty store)."""
    events = manifest.entries(archive_dir)
    if not events:
        raise ReplayError(f"{archive_dir} holds no manifest of loads to replay.")
    new_ids: dict[int, int] = {}
    loads = restores = 0
    with tempfile.TemporaryDirectory(prefix="scrutiny-replay-") as folder:
        for event in events:
            if event["event"] == "restore":
                restore_and_record(target, new_ids[event["load_id"]], actor=event["actor"])
                restores += 1
                continue
            files = []
            for index, item in enumerate(event["files"]):
                path = Path(folder) / f"{event['load_id']}-{index}"
                restore_file(archive_dir, item["sha256"], path)
                files.append(UploadFile(item["name"], path))
            outcome = load(
                target, files, Options(la_code=event["la_code"], period=event["period"]),
                actor=event["actor"], extract=event["extract"],
                allow_partial=event["allow_partial"], is_demo=event["is_demo"],
                code_property=event.get("code_property"),
                period_choice=PeriodChoice(event.get("period_choice") or PeriodChoice.EVERYTHING),
            )
            if not outcome.ok:
                raise ReplayError(f"Load {event['load_id']} did not replay: {outcome.message()}")
            new_ids[event["load_id"]] = outcome.stored.load_id
            loads += 1
            for path in files:
                path.path.unlink()
    return f"Rebuilt {target.path} from {archive_dir}: {loads} loads and {restores} restores replayed."


def backup(store_path: Path, archive_dir: Path, target: Path) -> str:
    """Copy the archive and its manifest (append-only, so consistent while the app runs); when
    the store is free, also export its tables as Parquet."""
    import duckdb

    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(archive_dir, target / "archive", dirs_exist_ok=True)
    try:
        con = duckdb.connect(str(store_path), read_only=True)
    except duckdb.IOException:
        return (f"Backed up the archive and manifest to {target / 'archive'} (the store is in "
                "use by the app, so its tables were not exported; `rebuild` restores from the "
                "archive alone).")
    try:
        con.execute(f"EXPORT DATABASE '{(target / 'export').as_posix()}' (FORMAT parquet)")
    finally:
        con.close()
    return f"Backed up the archive to {target / 'archive'} and the tables to {target / 'export'}."
