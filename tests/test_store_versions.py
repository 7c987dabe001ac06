"""The store keeps every version: a newer upload replaces a period, the older one can be
restored, identical content changes nothing, and a killed load leaves the store as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, upload, write
from store.connection import Store, connect, data_version
from store.versions import list_loads, restore, restore_and_record

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"


def referrals_file(folder: Path, name: str, rows: int, quarter_start: str = "2025-07") -> Path:
    lines = [f"R{i},C{i},{quarter_start}-{1 + i % 28:02d},police,cce,15" for i in range(rows)]
    return write(folder, name, HEADER + "\n".join(lines) + "\n")


def current_count(store: Store) -> int:
    return store.cursor().execute("SELECT count(*) FROM referrals").fetchone()[0]


def test_a_newer_upload_for_the_same_period_replaces_it_and_keeps_the_old(store, tmp_path):
    first = upload(store, referrals_file(tmp_path, "q2.csv", 10))
    second = upload(store, referrals_file(tmp_path, "q2_fixed.csv", 12))
    assert second.ok and [r.load_id for r in second.stored.replaced] == [first.stored.load_id]
    assert current_count(store) == 12
    statuses = dict(zip(list_loads(store.cursor())["load_id"], list_loads(store.cursor())["status"],
                        strict=True))
    assert statuses == {first.stored.load_id: "replaced", second.stored.load_id: "current"}
    stored_rows = store.cursor().execute("SELECT count(*) FROM rows_referrals").fetchone()[0]
    assert stored_rows == 22, "both versions stay in the store"


def test_restoring_an_earlier_load_makes_it_current_again_and_is_audited(store, tmp_path):
    first = upload(store, referrals_file(tmp_path, "q2.csv", 10))
    upload(store, referrals_file(tmp_path, "q2_fixed.csv", 12))
    replaced = restore(store.cursor(), first.stored.load_id, actor="officer a")
    assert [r.rows for r in replaced] == [12]
    assert current_count(store) == 10
    actions = store.cursor().execute("SELECT action, actor FROM audit ORDER BY \"at\"").fetchall()
    assert actions[-1] == ("restore", "officer a")


def test_other_periods_are_untouched_by_a_replacement(store, tmp_path):
    upload(store, referrals_file(tmp_path, "q2.csv", 10, "2025-07"))
    upload(store, referrals_file(tmp_path, "q1.csv", 5, "2025-04"))
    upload(store, referrals_file(tmp_path, "q2b.csv", 3, "2025-07"))
    periods = dict(store.cursor().execute(
        "SELECT _period, count(*) FROM referrals GROUP BY 1").fetchall())
    assert periods == {"2025/26 Q1": 5, "2025/26 Q2": 3}


def test_the_same_file_uploaded_twice_changes_nothing(store, tmp_path):
    path = referrals_file(tmp_path, "q2.csv", 10)
    first = upload(store, path)
    version = store.cursor().execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()
    again = upload(store, path)
    assert again.stored.identical and again.stored.load_id == first.stored.load_id
    assert "nothing changed" in again.message()
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    assert store.cursor().execute(
        "SELECT value FROM meta WHERE key = 'data_version'").fetchone() == version


def test_the_kept_data_version_follows_every_load_and_restore(store, tmp_path):
    """Pages key their cached reads by the version the store keeps in memory, so it must move
    with the file's at every write, and never keep a value read while a write is under way."""
    def in_the_file() -> int:
        return data_version(store.cursor())

    assert store.data_version() == in_the_file() == 0
    first = upload(store, referrals_file(tmp_path, "q2.csv", 10))
    assert store.data_version() == in_the_file() == 1
    upload(store, referrals_file(tmp_path, "q2b.csv", 3))
    assert store.data_version() == in_the_file() == 2
    restore_and_record(store, first.stored.load_id, actor="test")
    assert store.data_version() == in_the_file() == 3
    with store.write_lock:
        store.data_version()  # read while a write is under way: not kept
        with closing(store.cursor()) as con:
            con.execute("UPDATE meta SET value = '41' WHERE key = 'data_version'")
    assert store.data_version() == 41


def test_raw_files_are_archived_by_content_hash(store, tmp_path):
    outcome = upload(store, referrals_file(tmp_path, "q2.csv", 10))
    archive_path, sha = store.cursor().execute(
        "SELECT archive_path, sha256 FROM load_files WHERE load_id = ?", [outcome.stored.load_id]
    ).fetchone()
    assert Path(archive_path).exists() and sha in archive_path


def test_a_schema_version_is_recorded(store):
    from store.schema import SCHEMA_VERSION
    assert store.cursor().execute(
        "SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)


KILLED_LOADER = """
import sys, time
sys.path.insert(0, {root!r})
import store.versions as versions
from ingest.pipeline import UploadFile, load
from ingest.validate import Options
from store.connection import Store, connect, data_version

original = versions._insert_rows
def insert_then_wait(con, contract, stage, load_id):
    original(con, contract, stage, load_id)
    print("inserted", flush=True)
    time.sleep(60)  # killed here, mid-transaction
versions._insert_rows = insert_then_wait
store = Store()
load(store, [UploadFile("big.csv", __import__("pathlib").Path({path!r}))],
     Options(la_code="E06000004"), actor="test")
"""


def test_killing_the_process_mid_load_leaves_the_store_as_it_was(tmp_path):
    store_file = tmp_path / "store" / "kill.duckdb"
    env = {**os.environ, "SCRUTINY_STORE": str(store_file)}
    before = Store(store_file)
    upload(before, referrals_file(tmp_path, "q1.csv", 7, "2025-04"))
    before.close()
    big = referrals_file(tmp_path, "big.csv", 20_000)
    script = KILLED_LOADER.format(root=str(ROOT), path=str(big))
    process = subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "inserted"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    time.sleep(0.2)
    con = connect(store_file)
    assert con.execute("SELECT count(*) FROM loads").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM rows_referrals").fetchone()[0] == 7
    assert con.execute("SELECT count(*) FROM referrals").fetchone()[0] == 7
    con.close()


def test_teams_sending_different_programmes_for_one_quarter_do_not_replace_each_other(store, tmp_path):
    header = "activity_id,date,programme,participants\n"
    upload(store, write(tmp_path, "schools.csv", header + "A1,2025-07-01,schools_awareness,30\n"))
    upload(store, write(tmp_path, "workforce.csv", header + "B1,2025-07-02,staff_training,12\n"))
    upload(store, write(tmp_path, "workforce_v2.csv", header + "B1,2025-07-02,staff_training,14\n"))
    rows = store.cursor().execute(
        "SELECT programme, participants, la_code FROM programme_activity ORDER BY 1").fetchall()
    assert rows == [("schools_awareness", 30, "E06000004"), ("staff_training", 14, "E06000004")]


def test_a_second_connection_to_an_open_store_shares_its_settings(tmp_path):
    """Tests and tools open the store while the app's connection is open in the same process:
    DuckDB refuses that unless both connections have the same configuration."""
    store = Store(tmp_path / "store.duckdb")
    try:
        with closing(connect(store.path)) as con:
            assert con.execute("SELECT count(*) FROM loads").fetchone() == (0,)
        with pytest.raises(duckdb.ConnectionException, match="different configuration"):
            duckdb.connect(str(store.path))
    finally:
        store.close()


def test_a_store_from_the_first_release_gains_every_table_added_since_with_its_map_filled(
        demo_store_path, tmp_path):
    """Targets, settings, users, sign-ins and the crime map grid were once added to version 1
    after stores of that version existed; such a store, opened now, gains them all, and the grid
    is rebuilt from the police rows it already holds."""
    path = tmp_path / "first-release.duckdb"
    shutil.copy(demo_store_path, path)
    added = ("targets", "settings", "users", "sign_ins", "sum_crime_month_grid")
    grid = "SELECT * FROM sum_crime_month_grid ORDER BY ALL"
    with closing(connect(path)) as con:
        expected_grid = con.execute(grid).fetchall()
        for table in added:
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    assert len(expected_grid) > 1000
    store = Store(path)
    try:
        con = store.cursor()
        tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert set(added) <= tables
        assert con.execute(grid).fetchall() == expected_grid
        assert con.execute("SELECT count(*) FROM loads").fetchone()[0] > 0  # the data is kept
    finally:
        store.close()
