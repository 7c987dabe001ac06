"""The archive and its manifest are enough to rebuild the store: every measure comes out the
same, restores included; a backup taken while the store is open rebuilds the same way."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd

from conftest import ROOT, upload, write
from contracts.roles import Role
from data.police_files import police_lsoas_for_bench, write_police_month
from ingest.replay import backup, rebuild
from metrics.api import compute
from metrics.model import Query
from metrics.registry import MEASURES
from store.connection import Store
from store.versions import restore_and_record

HEADER = "referral_id,child_id,referral_date,source,harm_types,age,sex,context_ids\n"


def every_measure(store: Store) -> dict[str, pd.DataFrame]:
    con = store.cursor()
    return {
        f"{m.id}/{b}": compute(con, m.id, Query(breakdown=b), Role.OFFICER)
        for m in MEASURES for b in m.breakdowns
    }


def fill(store: Store, tmp_path) -> None:
    upload(store, write(tmp_path, "q1.csv", HEADER + "R1,C1,2025-04-02,police,cce,15,male,\n"
                                                    "R2,C2,2025-05-02,schools,cse;missing,14,female,X1\n"))
    first = upload(store, write(tmp_path, "q2.csv", HEADER + "R3,C1,2025-07-02,health,cce,15,male,\n"))
    upload(store, write(tmp_path, "q2b.csv", HEADER + "R3,C1,2025-07-02,health,cce,15,male,\n"
                                                      "R4,C4,2025-08-09,police,county_lines,16,male,\n"))
    upload(store, write(tmp_path, "hartlepool.csv", HEADER + "H1,C9,2025-06-01,police,cce,13,female,\n"),
           la="E06000001")
    restore_and_record(store, first.stored.load_id, actor="officer")
    police = tmp_path / "2025-10-cleveland-street.csv"
    write_police_month(police, "2025-10", police_lsoas_for_bench(20), 500, np.random.default_rng(1))
    upload(store, police, la=None)


def test_a_rebuilt_store_gives_every_measure_identically(store, tmp_path):
    fill(store, tmp_path)
    rebuilt = Store(tmp_path / "rebuilt" / "rebuilt.duckdb")
    try:
        summary = rebuild(store.archive_dir, rebuilt)
        assert "5 loads, 1 restores and 0 other changes" in summary
        before, after = every_measure(store), every_measure(rebuilt)
        for key, frame in before.items():
            pd.testing.assert_frame_equal(frame, after[key], obj=key)
    finally:
        rebuilt.close()


def every_table(path) -> dict[str, pd.DataFrame]:
    """Every table of a closed store file, rows in a stable order; archive paths name the
    store's own archive folder, so they are compared by file name."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [name for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
        frames = {}
        for table in tables:
            frame = con.execute(f'SELECT * FROM "{table}"').df()
            if "archive_path" in frame:
                frame["archive_path"] = frame["archive_path"].map(lambda p: os.path.basename(p))
            frame = frame.astype(str)
            frames[table] = frame.sort_values(list(frame.columns)).reset_index(drop=True)
        return frames
    finally:
        con.close()


def fill_the_rest(store: Store) -> None:
    """What officers do beside loads: users, sign-ins, decks, targets, settings, audit."""
    from store.audit import record
    from store.decks import save_deck
    from store.targets import save_setting, set_target
    from store.users import add_user, verify

    with store.write_lock:
        con = store.cursor()
        add_user(con, "jo.officer", "officer", "a long enough password", actor="cli")
        add_user(con, "al.admin", "admin", "another long password", actor="cli")
        verify(con, "jo.officer", "a long enough password")
        verify(con, "jo.officer", "a wrong password")
        save_deck(con, "Committee, March", '{"slides": []}', actor="jo.officer")
        set_target(con, "cce-programme", "E06000004", "2025/26", 40.0, actor="jo.officer")
        save_setting(con, "comparators", ["E06000001", "E06000002"], actor="jo.officer")
        record(con, "jo.officer", "export", what="referrals.csv")
        con.close()


def test_a_backup_taken_while_the_store_is_open_rebuilds_every_table(store, tmp_path):
    fill(store, tmp_path)
    fill_the_rest(store)
    env = {**os.environ, "SCRUTINY_STORE": str(store.path)}
    result = subprocess.run([sys.executable, str(ROOT / "cli.py"), "backup", str(tmp_path / "bk")],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "the app holds the store" in result.stdout  # this process holds the store open
    store.close()
    rebuilt = Store(tmp_path / "from-backup" / "s.duckdb")
    try:
        rebuild(tmp_path / "bk" / "archive", rebuilt)
    finally:
        rebuilt.close()
    before, after = every_table(store.path), every_table(rebuilt.path)
    assert set(before) == set(after)
    assert len(before["users"]) == 2 and len(before["decks"]) == 1
    for table, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[table], obj=table)


def test_backups_and_the_archive_are_readable_by_their_owner_only(store, tmp_path):
    fill(store, tmp_path)
    backup(store.path, store.archive_dir, tmp_path / "bk")
    for root in (store.archive_dir, tmp_path / "bk"):
        for path in [root, *root.rglob("*")]:
            mode = path.stat().st_mode & 0o777
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
    assert store.path.stat().st_mode & 0o777 == 0o600
