"""First run: the first administrator, made through a one-time setup link instead of the shell.

While the store has no enabled administrator, `make run` (`cli.py setup-link`) issues a random
token and prints a link holding it; the store keeps only the token's SHA-256 (a long random
token needs no slow hash), so the store file alone does not let anyone in. The link works once:
creating the administrator deletes the token, and each new link replaces the one before. Only
someone who sees the terminal that started the app has the link; every step is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import duckdb

from store import audit, changes
from store.users import add_user

META_KEY = "setup_token_sha256"


class SetupError(ValueError):
    """The link cannot be used: the message is for the person holding it."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def has_administrator(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled").fetchone()[0] > 0


def issue_setup_token(con: duckdb.DuckDBPyConnection, actor: str) -> str | None:
    """A new one-time token when the store has no administrator (replacing any earlier one),
    else None."""
    if has_administrator(con):
        return None
    token = secrets.token_urlsafe(32)
    with changes.transaction(con) as change:
        change.delete("meta", {"key": META_KEY})
        change.insert("meta", {"key": META_KEY, "value": _digest(token)})
        audit.record(con, actor, "setup_link_issued")
    return token


def setup_token_valid(con: duckdb.DuckDBPyConnection, token: str | None) -> bool:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    return bool(token and row and hmac.compare_digest(row[0], _digest(token)))


def create_first_administrator(con: duckdb.DuckDBPyConnection, token: str | None, name: str,
                               password: str) -> None:
    """Add the first administrator with the link's token, then end the link. The caller holds
    the store's write lock, so two people holding the link cannot both succeed."""
    if has_administrator(con):
        raise SetupError("The dashboard already has an administrator: sign in, or ask them to "
                         "add you.")
    if not setup_token_valid(con, token):
        raise SetupError("This setup link is not valid: it was used already, or a newer one was "
                         "printed when the app was started again. Use the newest link.")
    with changes.transaction(con) as change:
        add_user(con, name, "admin", password, actor="setup link")  # UserError if not acceptable
        change.delete("meta", {"key": META_KEY})
        audit.record(con, name, "first_administrator_created", via="setup link")
