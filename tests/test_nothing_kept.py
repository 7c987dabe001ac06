"""Nothing kept that was refused: a refused file leaves no byte of itself beside the store, in
the archive or in the temporary folder; what a killed load left is cleaned when the store opens;
a load and its log entry are one transaction."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import upload, write
from ingest.readers import WORKDIR_PREFIX
from store import manifest
from store.archive import archive_path
from store.connection import Store

HEADER = "referral_id,child_id,referral_date,source,harm_types,age"


def files_beside(store: Store) -> list[Path]:
    return [p for p in store.archive_dir.rglob("*") if p.is_file()]


def leftover_workdirs() -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"))


def test_a_refused_personal_data_file_leaves_no_byte_anywhere(store, tmp_path):
    before = set(leftover_workdirs())
    path = write(tmp_path, "bad_pii_column.csv",
                 f"{HEADER},forename\nR1,C1,2025-07-01,police,cce,15,Alice\n")
    outcome = upload(store, path)
    assert not outcome.ok and "forename" in outcome.message()
    assert files_beside(store) == []
    assert set(leftover_workdirs()) <= before
    assert store.cursor().execute("SELECT count(*) FROM changes").fetchone() == (0,)


def test_an_accepted_file_is_archived_and_logged_with_its_load(store, tmp_path):
    path = write(tmp_path, "ok.csv", f"{HEADER}\nR1,C1,2025-07-01,police,cce,15\n")
    outcome = upload(store, path)
    assert outcome.ok
    sha = store.cursor().execute("SELECT sha256 FROM load_files").fetchone()[0]
    assert archive_path(store.archive_dir, sha).exists()
    logged = store.cursor().execute("SELECT count(*) FROM changes").fetchone()[0]
    assert logged == 1 and [e["load_id"] for e in manifest.entries(store.archive_dir)] == [1]


def test_opening_the_store_removes_what_a_killed_load_left(store, tmp_path):
    path = write(tmp_path, "ok.csv", f"{HEADER}\nR1,C1,2025-07-01,police,cce,15\n")
    upload(store, path)
    orphan = archive_path(store.archive_dir, "ab" * 32)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"a file whose load never committed")
    partial = orphan.with_suffix(".123.partial")
    partial.write_bytes(b"half a file")
    dead = Path(tempfile.gettempdir()) / f"{WORKDIR_PREFIX}999999999-x"
    dead.mkdir(exist_ok=True)
    (dead / "copy.utf8.csv").write_text("converted copy")
    # a kill between the commit and the manifest line: the line is lost
    lines = manifest.manifest_path(store.archive_dir).read_text().splitlines()
    manifest.manifest_path(store.archive_dir).write_text("")
    store.close()
    reopened = Store(store.path)
    try:
        assert not orphan.exists() and not partial.exists()
        assert [e["seq"] for e in manifest.entries(reopened.archive_dir)] == [1]
        assert len(lines) == 1
        upload(reopened, write(tmp_path, "ok2.csv", f"{HEADER}\nR2,C2,2025-07-02,police,cce,15\n"))
        assert not dead.exists()
    finally:
        reopened.close()
