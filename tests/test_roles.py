"""Who may see and do what, proved through the real entry point for each role: the pages in each
role's navigation (and no others), the actions each role may take (checked on the server, so a
forged request from a public session is refused), sign-in and its failures, session expiry,
sign-in through the council's OpenID Connect provider mapped by the roles file, and officers'
commentary kept from the public."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import open_app_page, said, sign_in_as, stored
from conftest import ROOT
from contracts.roles import Role
from store.connection import Store
from store.users import FAILURES_TO_LOCK, add_user, disable_user
from ui.identity import RoleMap, RolesFileError, load_role_map, role_for

EVERYONE = ["overview", "referrals", "contextual", "violence", "mace", "programmes",
            "recommendations", "compare", "definitions", "specification", "accessibility",
            "present"]
ALLOWED = {
    "public": EVERYONE + ["sign_in"],
    "member": EVERYONE,
    "officer": EVERYONE + ["upload", "data_loads", "decks"],
    "admin": EVERYONE + ["upload", "data_loads", "decks", "admin", "settings"],
}
ALL_PAGES = sorted({page for pages in ALLOWED.values() for page in pages})
PASSWORD = "correct horse battery staple"


def fresh_app(monkeypatch, store_path, role: str = "public") -> AppTest:
    monkeypatch.setenv("SCRUTINY_STORE", str(store_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in_as(app, role)
    return app.run()


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_reaches_its_pages_and_no_others(monkeypatch, tmp_path, role):
    app = fresh_app(monkeypatch, tmp_path / "roles.duckdb", role)
    for page in ALL_PAGES:
        if page in ALLOWED[role]:
            app.switch_page(f"views/{page}.py").run()
            assert not app.exception, (role, page, app.exception)
            assert app.title, (role, page)
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                app.switch_page(f"views/{page}.py")


# --- actions, called directly as a forged request would call them --------------------------

def _attempt(action: str) -> None:
    import streamlit as st

    from metrics.decks import Deck, Slide
    from metrics.model import Query
    from ui import admin, comparators, decks, targets, uploads

    calls = {
        "load data": lambda: uploads.load_upload(None, allow_partial=False, period_choice=None),
        "restore a load": lambda: uploads.restore_load(1),
        "set a target": lambda: targets.save_target("staff_trained", "E06000004", "2025/26", 40),
        "choose comparators": lambda: comparators.save_comparators("E06000004", ["E06000001"]),
        "save a deck": lambda: decks.save(Deck("Forged", (Slide("referrals", Query()),))),
        "delete a deck": lambda: decks.delete("Forged"),
        "add a user": lambda: admin.add_user("mallory", "admin", "a long enough password"),
        "change a role": lambda: admin.set_role("someone", "admin"),
        "read the audit": lambda: admin.audit_trail(),
    }
    try:
        calls[action]()
    except PermissionError as refusal:
        st.error(f"refused: {refusal}")
    except Exception as other:  # noqa: BLE001 - the point is only whether the role check passed
        st.info(f"allowed, then: {type(other).__name__}")
    else:
        st.info("allowed")


OFFICER_ACTIONS = ["load data", "restore a load", "set a target", "choose comparators",
                   "save a deck", "delete a deck"]
ADMIN_ACTIONS = ["add a user", "change a role", "read the audit"]


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", OFFICER_ACTIONS + ADMIN_ACTIONS)
def test_each_action_checks_the_role_on_the_server(monkeypatch, tmp_path, role, action):
    monkeypatch.setenv("SCRUTINY_STORE", str(tmp_path / "actions.duckdb"))
    st.cache_resource.clear()
    app = AppTest.from_function(_attempt, args=(action,), default_timeout=60)
    sign_in_as(app, role)
    app.run()
    may = role == "admin" or (role == "officer" and action in OFFICER_ACTIONS)
    if may:
        assert not app.error, (role, action, said(app.error))
    else:
        assert said(app.error).startswith("refused: Only"), (role, action)
        assert stored("SELECT count(*) FROM users") == [(0,)]
        assert stored("SELECT count(*) FROM targets") == [(0,)]
        assert stored("SELECT count(*) FROM decks") == [(0,)]


# --- signing in -----------------------------------------------------------------------------

@pytest.fixture
def with_users(tmp_path):
    path = tmp_path / "users.duckdb"
    store = Store(path)
    add_user(store.cursor(), "jo.officer", "officer", PASSWORD, actor="test")
    add_user(store.cursor(), "gone.officer", "officer", PASSWORD, actor="test")
    disable_user(store.cursor(), "gone.officer", actor="test")
    store.close()
    return path


def submit(app: AppTest, name: str, password: str) -> AppTest:
    app.text_input[0].input(name)
    app.text_input[1].input(password)
    return app.button[0].click().run()


def sign_in_page(monkeypatch, store_path) -> AppTest:
    app = fresh_app(monkeypatch, store_path)
    return app.switch_page("views/sign_in.py").run()


def test_an_officer_signs_in_and_the_officer_pages_appear(monkeypatch, with_users):
    app = submit(sign_in_page(monkeypatch, with_users), "Jo.Officer", PASSWORD)
    assert not app.exception
    assert app.session_state["role"] == "officer" and app.session_state["user_name"] == "jo.officer"
    app.switch_page("views/upload.py").run()
    assert [t.value for t in app.title] == ["Upload extracts"]
    assert stored("SELECT actor, action FROM audit WHERE action = 'sign_in'") == [
        ("jo.officer", "sign_in")]


@pytest.mark.parametrize("name, password, message", [
    ("jo.officer", "not the password", "The user name or password is not right."),
    ("nobody", PASSWORD, "The user name or password is not right."),
    ("gone.officer", PASSWORD, "This account is disabled."),
])
def test_a_failed_sign_in_says_why_and_leaves_the_public_view(monkeypatch, with_users, name,
                                                              password, message):
    app = submit(sign_in_page(monkeypatch, with_users), name, password)
    assert message in said(app.error)
    assert "role" not in app.session_state
    assert stored("SELECT count(*) FROM audit WHERE action = 'sign_in_failed'") == [(1,)]


def test_repeated_wrong_passwords_pause_signing_in(monkeypatch, with_users):
    app = sign_in_page(monkeypatch, with_users)
    for _ in range(FAILURES_TO_LOCK):
        app = submit(app, "jo.officer", "guess")
    app = submit(app, "jo.officer", PASSWORD)
    assert "signing in is paused for 15 minutes" in said(app.error)
    assert "role" not in app.session_state


def test_the_password_box_is_emptied_after_each_attempt(monkeypatch, with_users):
    app = submit(sign_in_page(monkeypatch, with_users), "jo.officer", "guess")
    assert app.text_input[1].value == ""


def test_signing_out_returns_to_the_public_view_and_is_audited(monkeypatch, tmp_path):
    app = fresh_app(monkeypatch, tmp_path / "out.duckdb", "officer")
    app.sidebar.button(key="sign_out").click().run()
    assert "role" not in app.session_state
    assert stored("SELECT action FROM audit") == [("sign_out",)]


@pytest.mark.parametrize("idle, ended", [(timedelta(minutes=29), False),
                                         (timedelta(minutes=31), True)])
def test_an_idle_session_ends_after_thirty_minutes(monkeypatch, tmp_path, idle, ended):
    app = fresh_app(monkeypatch, tmp_path / "idle.duckdb", "officer")
    app.session_state["last_seen"] = datetime.now() - idle
    app.run()
    assert ("role" not in app.session_state) is ended
    assert ("Your session ended" in said(app.info)) is ended


def test_a_session_ends_eight_hours_after_signing_in_however_busy(monkeypatch, tmp_path):
    app = fresh_app(monkeypatch, tmp_path / "long.duckdb", "officer")
    app.session_state["signed_in_at"] = datetime.now() - timedelta(hours=8, minutes=1)
    app.run()
    assert "role" not in app.session_state


# --- the council's OpenID Connect provider --------------------------------------------------

AUTH_SECRETS = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                         "cookie_secret": "test-cookie-secret",
                         "microsoft": {"client_id": "id", "client_secret": "secret",
                                       "server_metadata_url": "https://login.example/.well-known"}}}
ROLES_FILE = """
[emails]
"jo.officer@stockton.gov.uk" = "officer"

[groups]
"members-group-id" = "member"
"""


def oidc_app(monkeypatch, tmp_path, user: dict) -> AppTest:
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES_FILE)
    monkeypatch.setenv("SCRUTINY_ROLES_FILE", str(roles))
    monkeypatch.setenv("SCRUTINY_STORE", str(tmp_path / "oidc.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.secrets = AUTH_SECRETS
    app.user = user
    return app.run()


def test_with_a_provider_configured_the_sign_in_page_offers_the_council_account(monkeypatch,
                                                                              tmp_path):
    app = oidc_app(monkeypatch, tmp_path, {"is_logged_in": False})
    app.switch_page("views/sign_in.py").run()
    assert [b.label for b in app.button] == ["Sign in with your council account"]
    assert not app.text_input, "no local password form beside the provider"


@pytest.mark.parametrize("user, role", [
    ({"is_logged_in": True, "email": "Jo.Officer@stockton.gov.uk"}, "officer"),
    ({"is_logged_in": True, "email": "cllr@stockton.gov.uk", "groups": ["members-group-id"]},
     "member"),
    ({"is_logged_in": True, "email": "someone@elsewhere.org", "groups": ["other"]}, "public"),
])
def test_a_provider_identity_gets_the_role_the_roles_file_grants(monkeypatch, tmp_path, user,
                                                                 role):
    app = oidc_app(monkeypatch, tmp_path, user)
    assert not app.exception
    assert app.session_state["role"] == role
    assert stored("SELECT actor, action, detail LIKE '%oidc%' FROM audit") == [
        (user["email"].lower(), "sign_in", True)]


def test_the_roles_file_gives_the_highest_matching_role_and_refuses_unknown_roles(tmp_path):
    role_map = RoleMap(emails={"a@x.gov.uk": Role.MEMBER}, groups={"g": Role.ADMIN})
    assert role_for("A@X.gov.uk", ["g"], role_map) == Role.ADMIN
    assert role_for("a@x.gov.uk", [], role_map) == Role.MEMBER
    assert role_for(None, [], role_map) == Role.PUBLIC
    bad = tmp_path / "roles.toml"
    bad.write_text('[emails]\n"a@x.gov.uk" = "superuser"\n')
    with pytest.raises(RolesFileError, match="superuser"):
        load_role_map(bad)
    assert load_role_map(tmp_path / "missing.toml") == RoleMap()


# --- Members see officers' commentary; the public does not -----------------------------------

@pytest.mark.parametrize("role, sees", [("public", False), ("member", True), ("officer", True)])
def test_officers_commentary_is_shown_to_members_and_officers_only(monkeypatch, demo_store_path,
                                                                  role, sees):
    app = open_app_page(monkeypatch, demo_store_path, "recommendations", role)
    assert ("Commentary:" in said(app.markdown)) is sees
