"""The first administrator, through the one-time setup link `make run` prints (store.setup)."""

from __future__ import annotations

from contextlib import closing

from store.setup import create_first_administrator, has_administrator, setup_token_valid
from ui.auth import sign_in_local
from ui.session import store


def setup_state(token: str | None) -> str:
    """"done" (an administrator exists), "open" (the link is valid) or "invalid"."""
    with closing(store().cursor()) as con:
        if has_administrator(con):
            return "done"
        return "open" if setup_token_valid(con, token) else "invalid"


def create_first_admin(token: str | None, name: str, password: str) -> None:
    """Create the administrator (SetupError or UserError say why not), then sign them in."""
    with store().write_lock, closing(store().cursor()) as con:
        create_first_administrator(con, token, name, password)
    sign_in_local(name, password)
