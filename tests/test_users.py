"""Local sign-in without an OpenID Connect provider: the store holds children's data, so a
password must never be readable from it, a guesser must learn nothing about which names exist,
repeated guessing must be slowed by a lockout, and every attempt must leave an audit line."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from conftest import ROOT
from store.users import (
    IDLE_MINUTES,
    SESSION_HOURS,
    UserError,
    add_user,
    disable_user,
    list_users,
    session_expired,
    verify,
)

PASSWORD = "correct horse battery staple"
DISTINCTIVE = "Zq7-plaintext-canary-4471"
T0 = datetime(2025, 11, 3, 9, 0)


def test_a_user_is_added_and_signs_in_with_their_role(store):
    con = store.cursor()
    add_user(con, "Alex.Officer@council.gov.uk", "officer", PASSWORD, actor="admin")
    signed_in = verify(con, "alex.officer@council.gov.uk", PASSWORD)
    assert (signed_in.ok, signed_in.role, signed_in.reason) == (True, "officer", "")


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(store):
    con = store.cursor()
    add_user(con, "alex", "officer", PASSWORD, actor="admin")
    wrong = verify(con, "alex", "not the password at all")
    unknown = verify(con, "nobody", PASSWORD)
    assert (wrong.ok, wrong.role, wrong.reason) == (unknown.ok, unknown.role, unknown.reason)
    assert wrong.reason == "unknown or wrong password" and wrong.role == "public"


def test_the_hash_is_salted_and_names_its_own_parameters(store):
    con = store.cursor()
    add_user(con, "alex", "officer", PASSWORD, actor="admin")
    add_user(con, "sam", "officer", PASSWORD, actor="admin")
    first, second = (h for (h,) in con.execute(
        "SELECT password_hash FROM users ORDER BY name").fetchall())
    assert first != second
    scheme, n, r, p, salt, digest = first.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(salt) == 24 and len(digest) == 44  # 16 and 32 bytes in base64


@pytest.mark.parametrize("name, role, password, message", [
    ("al", "officer", PASSWORD, "3 to 64"),
    ("alex smith", "officer", PASSWORD, "3 to 64"),
    ("alex", "public", PASSWORD, "signed-out visitors are public"),
    ("alex", "superuser", PASSWORD, "role must be one of"),
    ("alex", "officer", "short pass", "at least 12 characters"),
])
def test_a_bad_name_role_or_password_is_refused_with_a_reason(store, name, role, password, message):
    with pytest.raises(UserError, match=message):
        add_user(store.cursor(), name, role, password, actor="admin")
    assert store.cursor().execute("SELECT count(*) FROM users").fetchone() == (0,)


def test_a_name_cannot_be_added_twice(store):
    con = store.cursor()
    add_user(con, "alex", "officer", PASSWORD, actor="admin")
    with pytest.raises(UserError, match="already a user called alex"):
        add_user(con, "ALEX", "admin", PASSWORD, actor="admin")
    assert list_users(con)["role"].tolist() == ["officer"]


def test_five_failures_lock_the_account_for_fifteen_minutes(store):
    con = store.cursor()
    add_user(con, "alex", "officer", PASSWORD, actor="admin")
    for minute in range(5):
        assert verify(con, "alex", "wrong password!", now=T0 + timedelta(minutes=minute)).ok is False
    locked_at = T0 + timedelta(minutes=4)
    assert verify(con, "alex", PASSWORD, now=locked_at + timedelta(minutes=1)).reason == "locked"
    assert verify(con, "alex", PASSWORD, now=locked_at + timedelta(minutes=14)).reason == "locked"
    assert verify(con, "alex", PASSWORD, now=locked_at + timedelta(minutes=15)).ok is True


def test_an_unknown_name_locks_the_same_way_so_locking_reveals_nothing(store):
    con = store.cursor()
    for minute in range(5):
        verify(con, "nobody", "wrong password!", now=T0 + timedelta(minutes=minute))
    assert verify(con, "nobody", PASSWORD, now=T0 + timedelta(minutes=5)).reason == "locked"


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(store):
    con = store.cursor()
    add_user(con, "alex", "officer", PASSWORD, actor="admin")
    for minute in range(0, 50, 10):
        verify(con, "alex", "wrong password!", now=T0 + timedelta(minutes=minute))
    assert verify(con, "alex", PASSWORD, now=T0 + timedelta(minutes=41)).ok is True


def test_a_disabled_user_cannot_sign_in(store):
    con = store.cursor()
    add_user(con, "alex", "officer", PASSWORD, actor="admin")
    disable_user(con, "alex", actor="admin")
    assert verify(con, "alex", PASSWORD).reason == "disabled"
    # a guesser without the password learns nothing about the account
    assert verify(con, "alex", "wrong password!").reason == "unknown or wrong password"
    assert list_users(con)["disabled"].tolist() == [True]
    with pytest.raises(UserError, match="no user called nobody"):
        disable_user(con, "nobody", actor="admin")


def test_every_attempt_is_recorded_and_audited_without_the_password(store):
    con = store.cursor()
    add_user(con, "alex", "officer", DISTINCTIVE, actor="admin")
    verify(con, "alex", DISTINCTIVE)
    verify(con, "alex", DISTINCTIVE + "x")
    verify(con, "nobody", DISTINCTIVE)
    assert con.execute('SELECT name, ok FROM sign_ins ORDER BY "at"').fetchall() == [
        ("alex", True), ("alex", False), ("nobody", False)]
    audited = con.execute(
        """SELECT actor, action, detail FROM audit WHERE action LIKE 'sign_in%'
           ORDER BY "at" """).fetchall()
    assert [(actor, action) for actor, action, _ in audited] == [
        ("alex", "sign_in"), ("alex", "sign_in_failed"), ("nobody", "sign_in_failed")]
    assert json.loads(audited[0][2]) == {"role": "officer"}
    assert all(DISTINCTIVE not in detail for _, _, detail in audited)


def test_no_plaintext_password_anywhere_in_the_store_its_files_or_the_logs(store, caplog):
    caplog.set_level(logging.DEBUG)
    con = store.cursor()
    add_user(con, "alex", "officer", DISTINCTIVE, actor="admin")
    verify(con, "alex", DISTINCTIVE)
    verify(con, "alex", DISTINCTIVE + "x")
    verify(con, "nobody", DISTINCTIVE)

    every_cell = []
    for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables()").fetchall():
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?",
            [schema, table]).fetchall()]
        if not columns:
            continue
        cast = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns)
        for row in con.execute(f'SELECT {cast} FROM "{schema}"."{table}"').fetchall():
            every_cell.extend(value for value in row if value is not None)
    assert "alex" in every_cell  # the scan does reach the users table
    assert not [cell for cell in every_cell if DISTINCTIVE in cell]

    con.execute("CHECKPOINT")
    files = [p for p in store.path.parent.rglob("*") if p.is_file()]  # store, WAL, archive
    assert store.path in files
    needle = DISTINCTIVE.encode("utf-8")
    assert not [p for p in files if needle in p.read_bytes()]
    assert DISTINCTIVE not in caplog.text


def test_a_session_ends_after_eight_hours_or_thirty_idle_minutes():
    assert not session_expired(T0, T0 + timedelta(minutes=29), T0 + timedelta(minutes=29))
    idle = T0 + timedelta(minutes=IDLE_MINUTES)
    assert session_expired(T0, T0, idle)
    busy_all_day = T0 + timedelta(hours=SESSION_HOURS)
    assert not session_expired(T0, busy_all_day - timedelta(minutes=1),
                               busy_all_day - timedelta(seconds=1))
    assert session_expired(T0, busy_all_day - timedelta(minutes=1), busy_all_day)


def cli(tmp_path, *args, stdin=""):
    env = {**os.environ, "SCRUTINY_STORE": str(tmp_path / "store" / "cli.duckdb")}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=env, cwd=tmp_path,
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_cli_adds_lists_and_disables_users_without_showing_a_hash(tmp_path):
    added = cli(tmp_path, "user", "add", "alex", "--role", "officer", "--password-stdin",
                stdin=DISTINCTIVE + "\n")
    assert added.returncode == 0, added.stderr
    assert "Added alex as officer" in added.stdout
    listing = cli(tmp_path, "user", "list")
    assert listing.returncode == 0
    assert "alex" in listing.stdout and "officer" in listing.stdout
    assert "scrypt" not in listing.stdout and DISTINCTIVE not in listing.stdout
    assert cli(tmp_path, "user", "disable", "alex").returncode == 0
    assert cli(tmp_path, "user", "disable", "nobody").returncode == 1


def test_cli_refuses_a_short_password_or_a_duplicate_with_exit_1(tmp_path):
    short = cli(tmp_path, "user", "add", "alex", "--role", "officer", "--password-stdin",
                stdin="too short\n")
    assert short.returncode == 1
    assert "at least 12 characters" in short.stderr
    assert "No users yet." in cli(tmp_path, "user", "list").stdout
    cli(tmp_path, "user", "add", "alex", "--role", "officer", "--password-stdin", stdin=PASSWORD)
    again = cli(tmp_path, "user", "add", "alex", "--role", "admin", "--password-stdin",
                stdin=PASSWORD)
    assert again.returncode == 1 and "already a user" in again.stderr


def test_cli_usage_errors_exit_2(tmp_path):
    assert cli(tmp_path, "user").returncode == 2
    assert cli(tmp_path, "user", "add", "alex", "--role", "public",
                "--password-stdin", stdin=PASSWORD).returncode == 2


def test_stored_role_names_match_the_roles_measures_are_shown_to():
    from contracts.roles import Role
    from store.users import ROLES

    assert tuple(role.value for role in Role) == ROLES
