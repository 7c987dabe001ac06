"""The upload page, driven through app.py as an officer would: drop a file, read the check
report, load, upload a corrected version that replaces it. The page adds no validation of its
own: what it shows comes from the same engine as `cli.py ingest`."""

from __future__ import annotations

import os
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from apptest import open_app_page, said, stored

HEADER = "Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
GOOD = HEADER + "R-1,C-1,01/07/2025,Police,CCE,15\r\nR-2,C-2,02/07/2025,Schools,cse,14\r\n"
FIXED = GOOD + "R-3,C-3,03/07/2025,Health,missing,13\r\n"
WITH_ERRORS = HEADER + "R-1,C-1,01/07/2025,Police,CCE,15\r\nR-2,C-2,31/13/2025,Schools,cse,14\r\n"


def open_upload_page(monkeypatch, tmp_path) -> AppTest:
    return open_app_page(monkeypatch, tmp_path / "store" / "page.duckdb", "upload", "officer",
                         timeout=60)


def drop(app: AppTest, name: str, content: str) -> AppTest:
    app.get("file_uploader")[0].upload(name, content.encode("cp1252"), "text/csv").run()
    return app


def key_of(app: AppTest, kind: str, index: int = 0) -> str:
    """The key of the `index`th upload's widget of this kind ("la", "extract", "load", ...) in
    page order: widgets are keyed by their file, not by position."""
    widgets = [*app.selectbox, *app.button, *app.checkbox, *app.radio]
    keys = [w.key for w in widgets if w.key and w.key.startswith(f"{kind}-")]
    return list(dict.fromkeys(keys))[index]


def choose_authority(app: AppTest, code: str = "E06000004") -> AppTest:
    app.selectbox(key=key_of(app, "la")).set_value(code).run()
    return app


def test_a_file_is_checked_before_anything_is_stored_then_loaded(monkeypatch, tmp_path):
    app = drop(open_upload_page(monkeypatch, tmp_path), "referrals_q2.csv", GOOD)
    assert app.selectbox(key=key_of(app, "extract")).value == "referrals"
    assert "choose the authority" in said(app.error)
    app = choose_authority(app)
    assert [m.value for m in app.metric][:2] == ["2", "2"]
    app.button(key=key_of(app, "load")).click().run()
    assert not app.exception
    assert "stored as load 1" in said(app.success)
    assert stored("SELECT count(*) FROM referrals") == [(2,)]


def test_a_corrected_upload_shows_what_it_replaces_and_replaces_it(monkeypatch, tmp_path):
    app = choose_authority(drop(open_upload_page(monkeypatch, tmp_path), "q2.csv", GOOD))
    app.button(key=key_of(app, "load")).click().run()
    app.get("file_uploader")[0].clear().run()
    app = choose_authority(drop(app, "q2_fixed.csv", FIXED))
    tables = " ".join(t.value.to_csv() for t in app.table)
    assert "2025/26 Q2" in tables, "the report names the period this upload replaces"
    app.button(key=key_of(app, "load")).click().run()
    assert "replaces 2025/26 Q2 (load 1, 2 rows)" in said(app.success)
    assert stored("SELECT count(*) FROM referrals") == [(3,)]


def test_row_errors_need_consent_and_the_rejected_rows_are_recorded(monkeypatch, tmp_path):
    app = choose_authority(drop(open_upload_page(monkeypatch, tmp_path), "q2.csv", WITH_ERRORS))
    problems = " ".join(t.value.to_csv() for t in app.table)
    assert "not a date" in problems and "31/13/2025" in problems
    assert app.button(key=key_of(app, "load")).disabled
    app.checkbox(key=key_of(app, "partial")).check().run()
    app.button(key=key_of(app, "load")).click().run()
    assert "1 row accepted, 1 rejected" in said(app.success)
    assert stored('SELECT "row", "column", code FROM load_issues') == [(3, "referral_date", "invalid_date")]


def test_a_file_over_the_limit_is_refused_by_the_page(monkeypatch, tmp_path):
    import ui.uploads

    monkeypatch.setattr(ui.uploads, "UPLOAD_LIMIT_MB", 1)
    huge = HEADER + "R-1,C-1,01/07/2025,Police,CCE,15\r\n" * 40_000  # about 1.3 MB
    app = drop(open_upload_page(monkeypatch, tmp_path), "huge.csv", huge)
    assert "over the 1 MB limit" in said(app.error)
    assert not app.get("metric")


def test_uploaded_files_leave_the_disk_when_they_leave_the_uploader(monkeypatch, tmp_path):
    """The copies on disk hold children's data: kept only while the officer has them in the
    uploader (the store archives what is loaded), in a folder only this user can read."""
    import ui.uploads

    monkeypatch.setattr(ui.uploads, "UPLOADS_FOLDER", tmp_path / "uploads")
    app = drop(open_upload_page(monkeypatch, tmp_path), "q2.csv", GOOD)
    folder = Path(app.session_state["_upload_folder"])
    assert [path.read_bytes() for path in folder.iterdir()] == [GOOD.encode("cp1252")]
    assert (tmp_path / "uploads").stat().st_mode & 0o077 == 0, "no one else may read the folder"
    app.get("file_uploader")[0].clear().run()
    assert list(folder.iterdir()) == []


def test_a_new_upload_session_removes_folders_older_than_any_session(monkeypatch, tmp_path):
    import ui.uploads

    uploads = tmp_path / "uploads"
    monkeypatch.setattr(ui.uploads, "UPLOADS_FOLDER", uploads)
    ended, recent = uploads / "session-ended", uploads / "session-recent"
    for folder in (ended, recent):
        folder.mkdir(parents=True)
        (folder / "abc123").write_text(GOOD)
    nine_hours_ago = time.time() - 9 * 3600
    os.utime(ended, (nine_hours_ago, nine_hours_ago))
    drop(open_upload_page(monkeypatch, tmp_path), "q2.csv", GOOD)
    assert not ended.exists(), "a session ends within 8 hours, so its files are removed"
    assert recent.exists(), "a session that may still be open keeps its files"
