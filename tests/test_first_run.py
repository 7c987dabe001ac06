"""First run without the shell: while there is no administrator, `make run` prints a one-time
link; the link opens a page that creates the first administrator, once, and it is audited."""

from __future__ import annotations

import json

import pytest
from test_cli import cli

from apptest import open_app_page, said, stored
from store.connection import Store
from store.setup import SetupError, create_first_administrator, issue_setup_token
from store.users import UserError

PASSWORD = "correct horse battery staple"


def test_a_setup_token_is_kept_only_as_its_hash_and_works_once(store):
    con = store.cursor()
    token = issue_setup_token(con, actor="cli")
    assert len(token) >= 40
    kept = con.execute("SELECT value FROM meta WHERE key = 'setup_token_sha256'").fetchone()[0]
    assert token not in kept and len(kept) == 64
    with pytest.raises(UserError):  # a short password: refused, and the link still works
        create_first_administrator(con, token, "ada.admin", "short")
    create_first_administrator(con, token, "ada.admin", PASSWORD)
    assert con.execute("SELECT role FROM users WHERE name = 'ada.admin'").fetchone() == ("admin",)
    with pytest.raises(SetupError):
        create_first_administrator(con, token, "eve.admin", PASSWORD)
    assert issue_setup_token(con, actor="cli") is None, "no link once there is an administrator"
    actions = [row[0] for row in con.execute("SELECT action FROM audit ORDER BY \"at\"").fetchall()]
    assert actions == ["setup_link_issued", "user_added", "first_administrator_created"]


def test_a_newer_link_replaces_the_one_before(store):
    con = store.cursor()
    first, second = issue_setup_token(con, "cli"), issue_setup_token(con, "cli")
    with pytest.raises(SetupError):
        create_first_administrator(con, first, "ada.admin", PASSWORD)
    create_first_administrator(con, second, "ada.admin", PASSWORD)


def test_cli_prints_the_link_only_while_there_is_no_administrator(tmp_path):
    result = cli(tmp_path, "setup-link", "--url", "http://localhost:8600")
    assert result.returncode == 0
    assert "http://localhost:8600/setup?token=" in result.stdout
    store = Store(tmp_path / "store" / "cli.duckdb")
    try:
        token = result.stdout.split("token=")[1].split()[0]
        create_first_administrator(store.cursor(), token, "ada.admin", PASSWORD)
    finally:
        store.close()
    assert cli(tmp_path, "setup-link").stdout == ""


def test_the_setup_page_creates_the_first_administrator_and_signs_them_in(monkeypatch, tmp_path):
    store_path = tmp_path / "store" / "page.duckdb"
    setup = Store(store_path)
    try:
        token = issue_setup_token(setup.cursor(), "cli")
    finally:
        setup.close()
    app = open_app_page(monkeypatch, store_path, "setup", token="not-the-token")
    assert "not valid" in said(app.error)
    app.query_params["token"] = token
    app.run()
    app.text_input[0].input("ada.admin")
    app.text_input[1].input(PASSWORD)
    app.text_input[2].input(PASSWORD)
    app.button[0].click().run()
    assert not app.exception
    assert app.session_state["role"] == "admin"
    assert stored("SELECT name, role FROM users") == [("ada.admin", "admin")]
    detail = stored("SELECT detail FROM audit WHERE action = 'first_administrator_created'")
    assert json.loads(detail[0][0]) == {"via": "setup link"}
    again = open_app_page(monkeypatch, store_path, "setup", token=token)
    assert "already has an administrator" in said(again.info)
