"""Every change is logged in the same transaction as the change: users, roles, sign-ins, decks,
targets, settings, comparators, the setup link and the audit, as well as loads and restores. A
change whose manifest line was lost reaches the manifest when the store is next opened, and a
rebuild from the manifest alone gives every table back, a store older than the log included."""

from __future__ import annotations

import json
from contextlib import closing

import pytest
from test_rebuild_backup import HEADER, every_table

from conftest import upload, write
from ingest.replay import rebuild
from store import audit, changes, manifest, schema
from store.authorities import comparator_group_key, save_our_authorities
from store.connection import Store
from store.decks import DeckError, delete_deck, save_deck
from store.setup import create_first_administrator, issue_setup_token
from store.targets import save_setting, set_target
from store.users import add_user, disable_user, enable_user, reset_password, set_role, verify

PASSWORD = "a long enough password"

WRITES = {
    "add a user": lambda con: add_user(con, "jo.officer", "officer", PASSWORD, actor="cli"),
    "change a role": lambda con: set_role(con, "jo.officer", "admin", actor="cli"),
    "disable a user": lambda con: disable_user(con, "jo.officer", actor="cli"),
    "enable a user": lambda con: enable_user(con, "jo.officer", actor="cli"),
    "reset a password": lambda con: reset_password(con, "jo.officer", PASSWORD + "!", actor="cli"),
    "sign in": lambda con: verify(con, "jo.officer", PASSWORD + "!"),
    "fail to sign in": lambda con: verify(con, "jo.officer", "wrong password"),
    "save a deck": lambda con: save_deck(con, "Committee", '{"slides": []}', actor="jo"),
    "delete a deck": lambda con: delete_deck(con, "Committee", actor="jo"),
    "set a target": lambda con: set_target(con, "cce", "E06000004", "2025/26", 40, actor="jo"),
    "save a setting": lambda con: save_setting(con, "theme", {"dark": True}, actor="jo"),
    "choose comparators": lambda con: save_setting(
        con, comparator_group_key("E06000004"), ["E06000001", "E06000002"], actor="jo"),
    "choose our authorities": lambda con: save_our_authorities(con, ["E06000004"], actor="jo"),
    "audit an export": lambda con: audit.record(con, "jo", "export", what="referrals.csv"),
}


def logged(con) -> list[dict]:
    return [json.loads(entry) for (entry,) in con.execute("SELECT entry FROM changes ORDER BY seq").fetchall()]


def test_every_kind_of_change_is_logged_with_its_rows_in_its_own_transaction(store):
    with store.write_lock, closing(store.cursor()) as con:
        for kind, write_it in WRITES.items():
            before = len(logged(con))
            write_it(con)
            entries = logged(con)
            assert len(entries) == before + 1, kind
            tables = {op[1] for op in entries[-1]["ops"]}
            assert "audit" in tables, kind
    assert [e["seq"] for e in manifest.entries(store.archive_dir)] == list(range(1, len(WRITES) + 1))


def test_a_refused_change_logs_nothing(store):
    con = store.cursor()
    save_deck(con, "Committee", '{"slides": []}', actor="jo")
    with pytest.raises(DeckError):
        delete_deck(con, "No such deck", actor="jo")
    assert len(logged(con)) == 1


def test_the_setup_link_and_the_first_administrator_are_one_logged_change_each(store):
    with store.write_lock, closing(store.cursor()) as con:
        token = issue_setup_token(con, actor="make run")
        create_first_administrator(con, token, "al.admin", PASSWORD)
        entries = logged(con)
    assert len(entries) == 2
    assert [op[0] for op in entries[1]["ops"]] == ["insert", "insert", "delete", "insert"]


def test_a_change_whose_manifest_line_was_lost_reaches_the_manifest_when_the_store_opens(
        store, monkeypatch):
    """A kill between the commit and the manifest line, made by stopping the line's write."""
    with monkeypatch.context() as killed:
        killed.setattr(manifest, "append", lambda *_: (_ for _ in ()).throw(SystemExit("killed")))
        with pytest.raises(SystemExit), store.write_lock, closing(store.cursor()) as con:
            add_user(con, "jo.officer", "officer", PASSWORD, actor="cli")
    assert manifest.entries(store.archive_dir) == []
    store.close()
    reopened = Store(store.path)
    try:
        assert [op[1] for op in manifest.entries(reopened.archive_dir)[0]["ops"]] == ["users", "audit"]
    finally:
        reopened.close()


def test_a_store_older_than_the_log_is_logged_whole_once_and_rebuilds_every_table(
        tmp_path, monkeypatch):
    path = tmp_path / "old" / "s.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        old_code.setattr(schema, "SCHEMA_VERSION", 4)
        old = Store(path)
        upload(old, write(tmp_path, "q2.csv", HEADER + "R3,C1,2025-07-02,health,cce,15,male,\n"))
        with closing(old.cursor()) as con:
            con.execute("INSERT INTO users VALUES ('jo.officer', 'officer', 'x', false, 'cli', now())")
            con.execute("INSERT INTO audit VALUES (now(), 'cli', 'user_added', '{}')")
        old.close()
    opened = Store(path)
    try:
        with opened.write_lock, closing(opened.cursor()) as con:
            save_deck(con, "Committee", '{"slides": []}', actor="jo.officer")
        load, whole, deck = manifest.entries(opened.archive_dir)
        assert (load["event"], whole["event"], deck["event"]) == ("load", "rows", "rows")
        assert {"users", "audit", "loads"} <= {op[1] for op in whole["ops"]}
    finally:
        opened.close()
    rebuilt = Store(tmp_path / "rebuilt" / "s.duckdb")
    try:
        rebuild(path.parent / "s-archive", rebuilt)
    finally:
        rebuilt.close()
    before, after = every_table(path), every_table(rebuilt.path)
    assert set(before) == set(after)
    for table, frame in before.items():
        assert frame.equals(after[table]), table


def test_a_replayed_change_is_stamped_with_its_original_time(store):
    with changes.replaying_at("2025-01-02T03:04:05.000006"), closing(store.cursor()) as con:
        audit.record(con, "jo", "export", what="x")
        assert str(con.execute('SELECT "at" FROM audit').fetchone()[0]) == "2025-01-02 03:04:05.000006"
