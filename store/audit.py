"""Who did what, when: loads, restores, and (later) sign-ins, targets, decks and exports."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb


def record(con: duckdb.DuckDBPyConnection, actor: str, action: str, **detail: object) -> None:
    con.execute(
        "INSERT INTO audit VALUES (?, ?, ?, ?)",
        [datetime.now(), actor, action, json.dumps(detail, default=str, sort_keys=True)],
    )


def recent(con: duckdb.DuckDBPyConnection, limit: int = 500):
    return con.execute(
        'SELECT "at", actor, action, detail FROM audit ORDER BY "at" DESC LIMIT ?', [limit]
    ).df()
