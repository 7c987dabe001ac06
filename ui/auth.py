"""Who is looking: the signed-in person's name and role for this session, and the checks every
action makes on the server before it acts (a hidden button is not a permission).

The role lives only in server-side session state, set by a successful sign-in (ui/sign_in.py);
no widget, query parameter or cookie can set it. A visitor who has not signed in is public.
"""

from __future__ import annotations

from contextlib import closing

import streamlit as st

from metrics.api import UNSUPPRESSED_ROLES, Role
from store import audit
from ui.session import store

ROLE_KEY = "role"
USER_KEY = "user_name"
PUBLIC_ACTOR = "public"


def current_role() -> Role:
    return Role(st.session_state.get(ROLE_KEY, Role.PUBLIC))


def current_actor() -> str:
    """The name written in the audit for what this session does ("public" if not signed in)."""
    return st.session_state.get(USER_KEY) or PUBLIC_ACTOR


def sees_unsuppressed() -> bool:
    return current_role() in UNSUPPRESSED_ROLES


def require_role(*allowed: Role, action: str) -> None:
    """Refuse `action` unless the session's role is one of `allowed`; call it before acting."""
    if current_role() not in allowed:
        raise PermissionError(f"Only {' or '.join(r.value + 's' for r in allowed)} may {action}.")


def record_export(what: str, **detail: object) -> None:
    """Audit a download or export of unsuppressed figures (suppressed ones are public anyway)."""
    if not sees_unsuppressed():
        return
    with store().write_lock, closing(store().cursor()) as con:
        audit.record(con, current_actor(), "export_unsuppressed", what=what,
                     role=str(current_role()), **detail)
