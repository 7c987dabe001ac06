"""Rebuild a store from the archive and its manifest: every load replayed through the same
ingest engine, in order, with the same options, every restore applied again, and every other
change (users, sign-ins, decks, targets, settings, comparators, audit) written again from the
values its entry logged, each at its original time, so the rebuilt store equals the original
table for table."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ingest.pipeline import UploadFile, load
from ingest.preview import PeriodChoice
from ingest.validate import Options
from store import changes, manifest
from store.archive import PRIVATE_FILE, archive_path, private_folder, restore_file
from store.connection import Store, StoreBusy
from store.versions import restore_and_record


class ReplayError(Exception):
    pass


def rebuild(archive_dir: Path, target: Store) -> str:
    """Replay `archive_dir`'s manifest into `target` (a new, empty store)."""
    events = manifest.entries(archive_dir)
    if not events:
        raise ReplayError(f"{archive_dir} holds no manifest of loads to replay.")
    new_ids: dict[int, int] = {}
    loads = restores = others = 0
    with tempfile.TemporaryDirectory(prefix="scrutiny-replay-") as folder:
        for event in events:
            if event["event"] == "rows":
                _replay_rows(target, event)
                others += 1
                continue
            if event["event"] == "restore":
                with changes.replaying_at(event["at"]):
                    restore_and_record(target, new_ids[event["load_id"]], actor=event["actor"])
                restores += 1
                continue
            files = []
            for index, item in enumerate(event["files"]):
                path = Path(folder) / f"{event['load_id']}-{index}"
                restore_file(archive_dir, item["sha256"], path)
                files.append(UploadFile(item["name"], path))
            with changes.replaying_at(event["at"]):
                outcome = _load(target, files, event)
            if not outcome.ok:
                raise ReplayError(f"Load {event['load_id']} did not replay: {outcome.message()}")
            new_ids[event["load_id"]] = outcome.stored.load_id
            loads += 1
            for path in files:
                path.path.unlink()
    _point_at_own_archive(target)
    return (f"Rebuilt {target.path} from {archive_dir}: {loads} loads, {restores} restores and "
            f"{others} other changes replayed.")


def _load(target: Store, files: list[UploadFile], event: dict):
    return load(
        target, files, Options(la_code=event["la_code"], period=event["period"]),
        actor=event["actor"], extract=event["extract"], allow_partial=event["allow_partial"],
        is_demo=event["is_demo"], code_property=event.get("code_property"),
        period_choice=PeriodChoice(event.get("period_choice") or PeriodChoice.EVERYTHING),
    )


def _replay_rows(target: Store, event: dict) -> None:
    with target.write_lock:
        con = target.cursor()
        try:
            changes.replay(con, event)
        finally:
            con.close()


def _point_at_own_archive(target: Store) -> None:
    """Load records name the archive file of each load: the rebuilt store's own (a checkpoint
    of an older store brings the original's)."""
    with target.write_lock:
        con = target.cursor()
        try:
            for (sha,) in con.execute("SELECT DISTINCT sha256 FROM load_files").fetchall():
                con.execute("UPDATE load_files SET archive_path = ? WHERE sha256 = ?",
                            [str(archive_path(target.archive_dir, sha)), sha])
        finally:
            con.close()


def backup(store_path: Path, archive_dir: Path, target: Path) -> str:
    """Copy the archive folder: raw files and the manifest of every change, which the store
    keeps complete after every write, so the copy is whole whether or not the app is running. When
    no other process holds the store, it is opened first, which puts right anything a killed
    writer left (store/connection.py)."""
    try:
        Store(store_path).close()
        note = ""
    except StoreBusy:
        note = " (the app holds the store; every write it makes reaches the manifest as it ends)"
    private_folder(target)
    copy = target / "archive"
    shutil.copytree(archive_dir, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.partial"),
                    copy_function=_private_copy)
    return f"Backed up the archive and its manifest of every change to {copy}{note}."


def _private_copy(source: str, target: str) -> str:
    shutil.copy2(source, target)
    Path(target).chmod(PRIVATE_FILE)
    return target
