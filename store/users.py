"""Local users for deployments without an OpenID Connect provider (the embedded default, tests).

Passwords are kept only as scrypt hashes (memory-hard: about 16 MiB and ~50 ms an attempt, which
is the point) in one self-describing string, so the cost can be raised later without breaking
stored hashes. Every sign-in attempt is recorded and audited; no password is ever written, logged
or returned.

Roles are `contracts.roles.Role`. A signed-out visitor is "public", so no stored user holds that
role.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import duckdb

from contracts.roles import Role
from store import audit, changes

if TYPE_CHECKING:  # only named in annotations: importing it costs the CLI ~0.6 s
    import pandas as pd

ROLES = tuple(role.value for role in Role)
USER_ROLES = ROLES[1:]

NAME_PATTERN = re.compile(r"[A-Za-z0-9._@-]{3,64}")
MIN_PASSWORD = 12

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN = 2**14, 8, 1, 32
SALT_BYTES = 16
# n=2**14, r=8 needs 16 MiB; OpenSSL's default ceiling is 32 MiB, so a later rise in cost
# (stored hashes name their own) needs this headroom.
MAX_MEMORY = 128 * 1024 * 1024

FAILURES_TO_LOCK = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)

SESSION_HOURS = 8
IDLE_MINUTES = 30

WRONG = "unknown or wrong password"  # one message for both, so names cannot be probed
LOCKED = "locked"
DISABLED = "disabled"

# Checked against for unknown names, so they cost the same scrypt work as known ones.
_DUMMY_HASH = (f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}$"
               f"{base64.b64encode(bytes(SALT_BYTES)).decode()}$"
               f"{base64.b64encode(bytes(SCRYPT_DKLEN)).decode()}")


class UserError(ValueError):
    """A refused change to the user list: the message is for the person making it."""


@dataclass(frozen=True)
class SignIn:
    ok: bool
    name: str
    role: str = "public"  # what the visitor may see: public unless signed in
    reason: str = ""      # empty when ok; WRONG, LOCKED or DISABLED otherwise


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R,
                            p=SCRYPT_P, dklen=SCRYPT_DKLEN, maxmem=MAX_MEMORY)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def password_matches(password: str, stored: str) -> bool:
    """Recompute with the parameters the stored string names; compare in constant time."""
    scheme, n, r, p, salt, expected = stored.split("$")
    if scheme != "scrypt":
        raise ValueError(f"unknown password hash scheme {scheme!r}")
    wanted = base64.b64decode(expected)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n),
                            r=int(r), p=int(p), dklen=len(wanted), maxmem=MAX_MEMORY)
    return hmac.compare_digest(digest, wanted)


def normalise_name(name: str) -> str:
    return name.strip().lower()


def _check_new_user(name: str, role: str, password: str) -> None:
    problems = []
    if not NAME_PATTERN.fullmatch(name):
        problems.append("A user name is 3 to 64 letters, digits or . _ - @ (no spaces).")
    if role not in USER_ROLES:
        problems.append(f"The role must be one of {', '.join(USER_ROLES)} "
                        "(signed-out visitors are public).")
    if len(password) < MIN_PASSWORD:
        problems.append(f"The password must be at least {MIN_PASSWORD} characters long.")
    if problems:
        raise UserError(" ".join(problems))


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str,
             actor: str) -> None:
    name = normalise_name(name)
    _check_new_user(name, role, password)
    password_hash = hash_password(password)  # outside the transaction: ~50 ms of scrypt
    with changes.transaction(con) as change:
        if con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise UserError(f"There is already a user called {name}.")
        change.insert("users", {"name": name, "role": role, "password_hash": password_hash,
                                "disabled": False, "created_by": actor, "created_at": changes.now()})
        audit.record(con, actor, "user_added", name=name, role=role)


def disable_user(con: duckdb.DuckDBPyConnection, name: str, actor: str) -> None:
    _change(con, normalise_name(name), actor, "user_disabled", {"disabled": True})


def _change(con: duckdb.DuckDBPyConnection, name: str, actor: str, action: str, values: dict,
            **detail: object) -> None:
    """One audited change to one existing user, in its own transaction."""
    with changes.transaction(con) as change:
        if not con.execute("SELECT count(*) FROM users WHERE name = ?", [name]).fetchone()[0]:
            raise UserError(f"There is no user called {name}.")
        change.update("users", {"name": name}, values)
        audit.record(con, actor, action, name=name, **detail)


def set_role(con: duckdb.DuckDBPyConnection, name: str, role: str, actor: str) -> None:
    name = normalise_name(name)
    if role not in USER_ROLES:
        raise UserError(f"The role must be one of {', '.join(USER_ROLES)}.")
    _change(con, name, actor, "user_role_changed", {"role": role}, role=role)


def enable_user(con: duckdb.DuckDBPyConnection, name: str, actor: str) -> None:
    _change(con, normalise_name(name), actor, "user_enabled", {"disabled": False})


def reset_password(con: duckdb.DuckDBPyConnection, name: str, password: str, actor: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must be at least {MIN_PASSWORD} characters long.")
    _change(con, normalise_name(name), actor, "user_password_reset",
            {"password_hash": hash_password(password)})


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Everyone on the list, with their last successful sign-in; never the hashes."""
    return con.execute(
        """SELECT u.name, u.role, u.disabled, u.created_by, u.created_at,
                  (SELECT max(s."at") FROM sign_ins s WHERE s.name = u.name AND s.ok)
                      AS last_sign_in
           FROM users u ORDER BY u.name"""
    ).df()


def _locked(con: duckdb.DuckDBPyConnection, name: str, now: datetime) -> bool:
    """Locked for LOCKOUT after FAILURES_TO_LOCK wrong passwords within FAILURE_WINDOW.

    Attempts refused while locked are not counted, so the lock ends on time; a success clears
    the count. Applies to unknown names too, so the answers never tell which names exist.
    """
    recent = [at for (at,) in con.execute(
        """SELECT "at" FROM sign_ins
           WHERE name = ? AND NOT ok AND reason = ? AND "at" <= ?
             AND "at" > coalesce((SELECT max("at") FROM sign_ins WHERE name = ? AND ok),
                                 TIMESTAMP '-infinity')
           ORDER BY "at" DESC LIMIT ?""",
        [name, WRONG, now, name, FAILURES_TO_LOCK],
    ).fetchall()]
    if len(recent) < FAILURES_TO_LOCK:
        return False
    latest, earliest = recent[0], recent[-1]
    return latest - earliest <= FAILURE_WINDOW and now < latest + LOCKOUT


def verify(con: duckdb.DuckDBPyConnection, name: str, password: str,
           now: datetime | None = None) -> SignIn:
    """Check one sign-in attempt, record it in `sign_ins` and the audit, and say the outcome."""
    now = now or datetime.now()
    name = normalise_name(name)[:64]
    if _locked(con, name, now):
        outcome = SignIn(False, name, reason=LOCKED)
    else:
        row = con.execute("SELECT role, password_hash, disabled FROM users WHERE name = ?",
                          [name]).fetchone()
        if row is None:
            password_matches(password, _DUMMY_HASH)  # same cost as a real check; never matches
            outcome = SignIn(False, name, reason=WRONG)
        elif not password_matches(password, row[1]):
            outcome = SignIn(False, name, reason=WRONG)
        elif row[2]:  # only said once the password is right, so it reveals nothing to a guesser
            outcome = SignIn(False, name, reason=DISABLED)
        else:
            outcome = SignIn(True, name, role=row[0])
    with changes.transaction(con) as change:
        change.insert("sign_ins", {"name": name, "at": now, "ok": outcome.ok,
                                   "reason": outcome.reason})
        if outcome.ok:
            audit.record(con, name, "sign_in", role=outcome.role)
        else:
            audit.record(con, name, "sign_in_failed", reason=outcome.reason)
    return outcome


def session_expired(signed_in_at: datetime, last_seen: datetime, now: datetime) -> bool:
    """A session ends SESSION_HOURS after sign-in, or after IDLE_MINUTES without a request."""
    return (now - signed_in_at >= timedelta(hours=SESSION_HOURS)
            or now - last_seen >= timedelta(minutes=IDLE_MINUTES))
