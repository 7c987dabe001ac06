"""Who is looking: the signed-in person's name and role for this session, sign-in and sign-out,
session expiry, and the checks every action makes on the server before it acts (a hidden button
is not a permission).

The role lives only in server-side session state, set here by a successful sign-in: a local user
checked against its scrypt hash, or an identity from the council's OpenID Connect provider
(`st.login`) mapped to a role by the roles file (ui/identity.py). No widget, query parameter or
cookie sets it. A visitor who has not signed in is public.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from datetime import datetime

import streamlit as st

from contracts.roles import UNSUPPRESSED_ROLES, Role
from store import audit, users
from store.connection import Store
from ui.identity import load_role_map, role_for
from ui.navigation import roles_for
from ui.session import store

ROLE_KEY = "role"
USER_KEY = "user_name"
SIGNED_IN_AT_KEY = "signed_in_at"
LAST_SEEN_KEY = "last_seen"
VIA_KEY = "signed_in_via"
ENDED_KEY = "session_ended"
PUBLIC_ACTOR = "public"


def current_role() -> Role:
    return Role(st.session_state.get(ROLE_KEY, Role.PUBLIC))


def current_actor() -> str:
    """The name written in the audit for what this session does ("public" if not signed in)."""
    return st.session_state.get(USER_KEY) or PUBLIC_ACTOR


def signed_in() -> bool:
    return USER_KEY in st.session_state


def sees_unsuppressed() -> bool:
    return current_role() in UNSUPPRESSED_ROLES


def require_role(*allowed: Role, action: str) -> None:
    """Refuse `action` unless the session's role is one of `allowed`; call it before acting."""
    if current_role() not in allowed:
        raise PermissionError(f"Only {' or '.join(r.value + 's' for r in allowed)} may {action}.")


def page_guard(path: str) -> None:
    """Stop a restricted page for a role it is not for. Navigation already leaves the page out
    for that role (its address then shows the home page); this holds if that ever changes."""
    allowed = roles_for(path)
    if current_role() not in allowed:
        st.error("This page is not available to you. Officers and administrators sign in to "
                 "use it.", icon=":material/lock:")
        st.stop()


def export_recorder(what: str, **detail: object) -> Callable[[], None]:
    """What a download's file maker calls once it has made the file: it audits an export of
    unsuppressed figures, and does nothing for a viewer who sees only suppressed ones (public
    anyway).

    The file is made on Streamlit's download thread, which has no session, so the actor, role
    and store are read here, when the button is drawn. Auditing there rather than in an
    `on_click` callback spares the click a rerun: a rerun gives every download button of the
    page a new file id, and a second button clicked before the browser has them gets nothing."""
    if not sees_unsuppressed():
        return _nothing
    actor, role, app_store = current_actor(), str(current_role()), store()

    def record() -> None:
        _audit_in(app_store, actor, "export_unsuppressed", what=what, role=role, **detail)

    return record


def _nothing() -> None:
    return None


def _audit(actor: str, action: str, **detail: object) -> None:
    _audit_in(store(), actor, action, **detail)


def _audit_in(app_store: Store, actor: str, action: str, **detail: object) -> None:
    with app_store.write_lock, closing(app_store.cursor()) as con:
        audit.record(con, actor, action, **detail)


# --- signing in and out -------------------------------------------------------------

def oidc_configured() -> bool:
    """An `[auth]` section in .streamlit/secrets.toml means the council's provider signs people in."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def oidc_provider() -> str | None:
    """The named provider (`[auth.microsoft]`), or None when `[auth]` itself holds the settings."""
    named = [key for key, value in st.secrets["auth"].items() if isinstance(value, dict)]
    return named[0] if len(named) == 1 else None


def _start_session(name: str, role: Role, via: str) -> None:
    now = datetime.now()
    st.session_state.update({USER_KEY: name, ROLE_KEY: str(role), SIGNED_IN_AT_KEY: now,
                             LAST_SEEN_KEY: now, VIA_KEY: via})
    st.session_state.pop(ENDED_KEY, None)


def sign_in_local(name: str, password: str) -> users.SignIn:
    """Check a local user's password (recorded and audited by store.users.verify)."""
    with store().write_lock, closing(store().cursor()) as con:
        outcome = users.verify(con, name, password)
    if outcome.ok:
        _start_session(outcome.name, Role(outcome.role), via="local")
    return outcome


def adopt_oidc_identity() -> None:
    """After `st.login` returns, give the session the role the roles file grants the identity."""
    if signed_in() or not oidc_configured() or not st.user.is_logged_in:
        return
    email = str(st.user.get("email") or st.user.get("preferred_username") or "")
    groups = st.user.get("groups") or []
    role = role_for(email, groups if isinstance(groups, list) else [groups], load_role_map())
    _start_session(email.lower() or "unknown", role, via="oidc")
    _audit(current_actor(), "sign_in", role=str(role), via="oidc")


def sign_out(reason: str = "signed out") -> None:
    was_oidc = st.session_state.get(VIA_KEY) == "oidc"
    if signed_in():
        _audit(current_actor(), "sign_out", reason=reason)
    for key in (USER_KEY, ROLE_KEY, SIGNED_IN_AT_KEY, LAST_SEEN_KEY, VIA_KEY):
        st.session_state.pop(key, None)
    if was_oidc:
        st.logout()


def keep_session_alive() -> None:
    """End a session SESSION_HOURS after sign-in or IDLE_MINUTES after its last request; otherwise
    note this request. Runs at the start of every full run of the app."""
    if not signed_in():
        return
    now = datetime.now()
    if users.session_expired(st.session_state[SIGNED_IN_AT_KEY], st.session_state[LAST_SEEN_KEY],
                             now):
        sign_out(reason="session expired")
        st.session_state[ENDED_KEY] = True
        return
    st.session_state[LAST_SEEN_KEY] = now


def session_ended_notice() -> bool:
    """True once, after a session has expired, so the page can say why the view changed."""
    return bool(st.session_state.pop(ENDED_KEY, False))
