"""Targets officers set per programme, authority and financial year, and saved choices such as
comparator authorities. Both are append-only (the latest entry is current) and audited like loads."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import duckdb

from store import audit, changes

if TYPE_CHECKING:  # only named in annotations: importing it costs the CLI ~0.6 s
    import pandas as pd


def set_target(con: duckdb.DuckDBPyConnection, programme: str, la_code: str,
               financial_year: str, target: float, actor: str) -> None:
    with changes.transaction(con) as change:
        change.insert("targets", {"programme": programme, "la_code": la_code,
                                  "financial_year": financial_year, "target": float(target),
                                  "set_by": actor, "set_at": changes.now()})
        audit.record(con, actor, "target", programme=programme, la_code=la_code,
                     financial_year=financial_year, target=target)


def current_targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The latest target for each programme, authority and financial year."""
    return con.execute(
        """SELECT programme, la_code, financial_year, target, set_by, set_at FROM targets
           QUALIFY row_number() OVER (PARTITION BY programme, la_code, financial_year
                                      ORDER BY set_at DESC) = 1
           ORDER BY programme, la_code, financial_year"""
    ).df()


def save_setting(con: duckdb.DuckDBPyConnection, key: str, value: object, actor: str) -> None:
    with changes.transaction(con) as change:
        change.insert("settings", {"key": key, "value": json.dumps(value), "set_by": actor,
                                   "set_at": changes.now()})
        audit.record(con, actor, "setting", key=key, value=value)


def read_setting(con: duckdb.DuckDBPyConnection, key: str, default: object = None) -> object:
    row = con.execute(
        "SELECT value FROM settings WHERE key = ? ORDER BY set_at DESC LIMIT 1", [key]
    ).fetchone()
    return json.loads(row[0]) if row else default
