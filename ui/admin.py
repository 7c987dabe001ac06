"""Administrators' actions on users and their reading of the audit, each checked for the admin
role here, on the server, and audited by the store with the administrator's name."""

from __future__ import annotations

from contextlib import closing

import pandas as pd

from contracts.roles import Role
from store import audit, users
from ui.auth import current_actor, require_role
from ui.session import store

AUDIT_ROWS = 5000


def _as_admin(action: str):
    require_role(Role.ADMIN, action=action)
    return store().write_lock, closing(store().cursor())


def user_list() -> pd.DataFrame:
    require_role(Role.ADMIN, action="see the users")
    with closing(store().cursor()) as con:
        return users.list_users(con)


def add_user(name: str, role: str, password: str) -> None:
    lock, cursor = _as_admin("add users")
    with lock, cursor as con:
        users.add_user(con, name, role, password, actor=current_actor())


def set_role(name: str, role: str) -> None:
    lock, cursor = _as_admin("change roles")
    with lock, cursor as con:
        users.set_role(con, name, role, actor=current_actor())


def set_enabled(name: str, enabled: bool) -> None:
    lock, cursor = _as_admin("enable or disable users")
    with lock, cursor as con:
        (users.enable_user if enabled else users.disable_user)(con, name, actor=current_actor())


def reset_password(name: str, password: str) -> None:
    lock, cursor = _as_admin("reset passwords")
    with lock, cursor as con:
        users.reset_password(con, name, password, actor=current_actor())


def audit_trail(limit: int = AUDIT_ROWS) -> pd.DataFrame:
    require_role(Role.ADMIN, action="read the audit")
    with closing(store().cursor()) as con:
        return audit.recent(con, limit)


def record_audit_download(rows: int) -> None:
    lock, cursor = _as_admin("download the audit")
    with lock, cursor as con:
        audit.record(con, current_actor(), "audit_downloaded", rows=rows)
