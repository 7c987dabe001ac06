"""Rebuild a store from the archive and its manifest: every load replayed through the same
ingest engine, in order, with the same options, and every restore applied again; then the
store's own tables (users, decks, targets, settings, audit, load records) taken from the state
file beside them (store/state.py), so the rebuilt store equals the original table for table."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ingest.pipeline import UploadFile, load
from ingest.preview import PeriodChoice
from ingest.validate import Options
from store import manifest, state
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
    summary = f"Rebuilt {target.path} from {archive_dir}: {loads} loads and {restores} restores replayed"
    return summary + _restore_state(archive_dir, target, events) + "."


def _restore_state(archive_dir: Path, target: Store, events: list[dict]) -> str:
    """Take the store's own tables from the state file; the load records too when the file
    holds every change the manifest does (a kill after a commit can leave it one behind)."""
    path = state.state_path(archive_dir)
    if not path.exists():
        return "; no state file, so users, decks, targets, settings and the audit are not restored"
    logged = max((event.get("seq", 0) for event in events), default=0)
    with_loads = state.last_change(path) >= logged
    with target.write_lock:
        con = target.cursor()
        try:
            restored = state.restore(con, path, with_loads=with_loads)
            for (sha,) in con.execute("SELECT DISTINCT sha256 FROM load_files").fetchall():
                con.execute("UPDATE load_files SET archive_path = ? WHERE sha256 = ?",
                            [str(archive_path(target.archive_dir, sha)), sha])
        finally:
            con.close()
    note = "" if with_loads else " (load records as replayed: the state file is older than the manifest)"
    return f"; restored {', '.join(restored)} from the state file{note}"


def backup(store_path: Path, archive_dir: Path, target: Path) -> str:
    """Copy the archive folder: raw files, manifest and state file, which the store keeps
    complete after every write, so the copy is whole whether or not the app is running. When
    no other process holds the store, it is opened first, which puts right anything a killed
    writer left (store/connection.py)."""
    try:
        Store(store_path).close()
        note = ""
    except StoreBusy:
        note = " (the app holds the store; its state file is kept current by every write)"
    private_folder(target)
    copy = target / "archive"
    shutil.copytree(archive_dir, copy, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.partial"),
                    copy_function=_private_copy)
    return f"Backed up the archive, manifest and state file to {copy}{note}."


def _private_copy(source: str, target: str) -> str:
    shutil.copy2(source, target)
    Path(target).chmod(PRIVATE_FILE)
    return target
