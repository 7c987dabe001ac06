"""The upload and restore actions' link to the one ingest engine: files from the browser to disk,
then the same `check` and `load` that `cli.py ingest` uses. No validation happens here; the role
is checked here, on the server, before anything is stored, whatever the page showed."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import streamlit as st

from contracts.roles import Role
from contracts.words import counted
from ingest.pipeline import (
    LoadOutcome,
    Prepared,
    UploadFile,
    group_uploads,
    load,
)
from ingest.preview import PeriodChoice
from ingest.validate import Options
from ingest.worker import adopt, start_check, wait_for_check
from store.users import SESSION_HOURS
from store.versions import restore_and_record
from ui.auth import current_actor, require_role
from ui.session import store

UPLOAD_LIMIT_MB = 200
ACCEPTED_TYPES = ["csv", "xlsx", "zip", "geojson", "json"]


UPLOADS_FOLDER = Path(tempfile.gettempdir()) / "scrutiny-uploads"


def _session_folder() -> Path:
    """This session's folder for the files in its uploader (readable by this user only).
    Making one also removes folders older than the longest session, whose sessions have
    ended: Streamlit says nothing when a session ends, and the files hold children's data
    (their archived copies are in the store)."""
    folder = st.session_state.get("_upload_folder")
    if folder is None or not Path(folder).exists():
        UPLOADS_FOLDER.mkdir(mode=0o700, exist_ok=True)
        _remove_ended_sessions_folders()
        folder = tempfile.mkdtemp(prefix="session-", dir=UPLOADS_FOLDER)
        st.session_state["_upload_folder"] = folder
    return Path(folder)


def _remove_ended_sessions_folders() -> None:
    oldest_kept = time.time() - SESSION_HOURS * 3600
    for folder in UPLOADS_FOLDER.glob("session-*"):
        if folder.stat().st_mtime < oldest_kept:
            shutil.rmtree(folder, ignore_errors=True)


def oversized(uploaded) -> list[str]:
    """Files over the limit (the browser enforces it too; this holds behind a proxy or script)."""
    return [item.name for item in uploaded if item.size > UPLOAD_LIMIT_MB * 1024 * 1024]


def save_uploaded(uploaded) -> list[list[UploadFile]]:
    """Write each browser file to disk under its content hash (never under its own name) and
    group them into uploads as the CLI does. Files over the limit are left out, and a file
    dropped twice is taken once. Files no longer in the uploader (removed, or the uploader
    emptied) are deleted from the disk."""
    folder = _session_folder()
    files = []
    for item in uploaded or []:
        if item.size > UPLOAD_LIMIT_MB * 1024 * 1024:
            continue
        data = item.getvalue()
        path = folder / hashlib.sha256(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
        if UploadFile(item.name, path) not in files:  # the same file dropped twice is one upload
            files.append(UploadFile(item.name, path))
    kept = {file.path for file in files}
    for path in folder.iterdir():
        if path not in kept:
            path.unlink(missing_ok=True)
    folder.touch()  # in use: not an ended session's folder
    return group_uploads(files)


def files_key(files: list[UploadFile]) -> str:
    """A short key of an upload's files (their names and content hashes), for its widgets: a
    file keeps its choices however the files around it are added, removed or reordered."""
    names = "|".join(sorted(f"{f.name}:{f.path.name}" for f in files))
    return hashlib.sha256(names.encode()).hexdigest()[:16]


def upload_key(files: list[UploadFile], options: Options, extract: str | None) -> str:
    names = "|".join(f"{f.name}:{f.path.name}" for f in files)
    return f"{names}|{options.la_code}|{options.period}|{extract}"


def guessed_extract(files: list[UploadFile]) -> str | None:
    """The extract recognised from the file's header, checked with no choices made. That check
    is kept (as `checked` finds it) for when the officer's choices are none."""
    guesses = st.session_state.setdefault("_guessed_extract", {})
    key = upload_key(files, Options(), None)
    if key not in guesses:
        guesses[key] = checked(files, Options(), None).report.extract
    return guesses[key]


def checked(files: list[UploadFile], options: Options, extract: str | None) -> Prepared:
    """The upload checked with these choices, once: kept with its validated rows for "Load",
    and checked again only if a load or restore changed the store since. The choices-free
    check stands in when the officer kept the recognised extract and chose nothing else."""
    kept: dict[str, Prepared] = st.session_state.setdefault("_prepared", {})
    used: set[str] = st.session_state.setdefault("_prepared_used", set())
    key = upload_key(files, options, extract)
    plain = upload_key(files, Options(), None)
    if key not in kept and options == Options() and plain in kept and (
            kept[plain].report.extract == extract):
        key = plain
    if key in kept and kept[key].version != store().data_version():
        kept.pop(key).close()
    if key not in kept:
        kept[key] = check_off_the_page(files, options, extract)
    used.add(key)
    return kept[key]


def check_off_the_page(files: list[UploadFile], options: Options, extract: str | None) -> Prepared:
    """Check an upload in a worker process while the page shows how long it has taken; the
    app's process only waits, so viewers' pages are not slowed by the check."""
    size = sum(f.path.stat().st_size for f in files) / 1e6
    with st.status(f"Checking {size:,.1f} MB…", expanded=False) as status:
        started = time.monotonic()
        process, pending = start_check(files, options, extract)
        try:
            while (result := wait_for_check(process, pending, timeout=0.5)) is None:
                pending = None
                status.update(label=f"Checking {size:,.1f} MB: reading and validating every row "
                                    f"({time.monotonic() - started:,.0f} s so far)…")
        finally:
            if process.poll() is None:  # the page was left mid-check (a rerun stops it)
                process.kill()
                process.wait()
        status.update(label="Comparing with what is stored…")
        prepared = adopt(store(), files, options, extract, *result)
        status.update(label=f"Checked {counted(prepared.report.rows_read, 'row')} in "
                            f"{prepared.seconds:,.1f} s ({prepared.rows_per_second:,.0f} rows a "
                            "second)", state="complete")
    return prepared


def release_unused_checks() -> None:
    """Close the kept checks this run of the page did not show (a file removed, or its choices
    changed), freeing their staged rows. Called at the end of the page."""
    kept: dict[str, Prepared] = st.session_state.setdefault("_prepared", {})
    used: set[str] = st.session_state.setdefault("_prepared_used", set())
    for key in [key for key in kept if key not in used]:
        kept.pop(key).close()
    used.clear()


def load_upload(prepared: Prepared, allow_partial: bool,
                period_choice: PeriodChoice | None) -> LoadOutcome:
    """Store a checked upload as the signed-in officer (audited with their name by the load):
    the rows checked are the rows stored, unless the store changed since."""
    require_role(Role.OFFICER, Role.ADMIN, action="load data")
    kept: dict[str, Prepared] = st.session_state.setdefault("_prepared", {})
    for key in [key for key, value in kept.items() if value is prepared]:
        kept.pop(key)  # storing consumes it
    return load(store(), prepared.files, prepared.options, actor=current_actor(),
                extract=prepared.extract, allow_partial=allow_partial,
                period_choice=period_choice, prepared=prepared)


def restore_load(load_id: int):
    """Make an earlier load current again (audited); returns the loads it replaced."""
    require_role(Role.OFFICER, Role.ADMIN, action="restore loads")
    return restore_and_record(store(), load_id, current_actor())
