"""Who did what, when: loads, restores, and (later) sign-ins, targets, decks and exports."""

from __future__ import annotations

import json

import duckdb

from store import changes


def record(con: duckdb.DuckDBPyConnection, actor: str, action: str, **detail: object) -> None:
    """One audit row, logged with the change it records (or on its own, when it is the change)."""
    changes.insert(con, "audit", {"at": changes.now(), "actor": actor, "action": action,
                                  "detail": json.dumps(detail, default=str, sort_keys=True)})


def recent(con: duckdb.DuckDBPyConnection, limit: int = 500):
    return con.execute(
        'SELECT "at", actor, action, detail FROM audit ORDER BY "at" DESC LIMIT ?', [limit]
    ).df()
