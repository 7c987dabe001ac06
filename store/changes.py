"""The one way to write the store's own tables (users, sign-ins, decks, targets, settings,
comparators, the audit, the setup token): every write is logged in the `changes` table in the
same transaction as the write, so no kill can separate a change from its log entry.

A transaction's writes become one entry, `{"event": "rows", "ops": [...]}`, each op naming its
table and the values written, so `rebuild` (ingest/replay.py) applies them again in order and
the rebuilt tables equal the original. Loads and restores log their own entry (store/versions.py),
which `rebuild` replays through the ingest engine; their audit row rides in that entry.

While `rebuild` replays an entry, `replaying_at` sets the clock to the entry's own time, so the
timestamps a replayed load or restore writes are the original's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

import duckdb

from store import manifest

_CLOCK: ContextVar[datetime | None] = ContextVar("replay_clock", default=None)
_OPEN: dict[int, Change] = {}  # the change in progress on each cursor, by its id


def now() -> datetime:
    """The time a change is stamped with: the replayed entry's during `rebuild`, else now."""
    return _CLOCK.get() or datetime.now()


@contextmanager
def replaying_at(at: str | datetime) -> Iterator[None]:
    token = _CLOCK.set(datetime.fromisoformat(at) if isinstance(at, str) else at)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Change:
    """The writes of one transaction, each applied at once and noted for the log."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.ops: list[list] = []

    def insert(self, table: str, row: dict) -> None:
        names = ", ".join(_sql_name(n) for n in row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO {_sql_name(table)} ({names}) VALUES ({marks})", list(row.values()))
        self.ops.append(["insert", table, row])

    def update(self, table: str, where: dict, values: dict) -> None:
        setting = ", ".join(f"{_sql_name(n)} = ?" for n in values)
        self.con.execute(f"UPDATE {_sql_name(table)} SET {setting} WHERE {_where(where)}",
                         [*values.values(), *where.values()])
        self.ops.append(["update", table, where, values])

    def delete(self, table: str, where: dict) -> None:
        self.con.execute(f"DELETE FROM {_sql_name(table)} WHERE {_where(where)}", list(where.values()))
        self.ops.append(["delete", table, where])

    def replace(self, table: str, rows: list[dict]) -> None:
        """Every row of `table` replaced by `rows` (a checkpoint of a store older than the log)."""
        self.con.execute(f"DELETE FROM {_sql_name(table)}")
        for row in rows:
            names = ", ".join(_sql_name(n) for n in row)
            self.con.execute(f"INSERT INTO {_sql_name(table)} ({names}) VALUES "
                             f"({', '.join('?' for _ in row)})", list(row.values()))
        self.ops.append(["replace", table, rows])

    def apply(self, op: list) -> None:
        kind, table, *args = op
        getattr(self, kind)(table, *args)


def _where(where: dict) -> str:
    return " AND ".join(f"{_sql_name(n)} = ?" for n in where)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, entry: dict | None = None) -> Iterator[Change]:
    """One transaction whose writes are logged with it; inside another on the same cursor, it is
    part of that one. `entry` (a load's or restore's) is the log entry, receiving its number;
    otherwise the entry is `{"event": "rows"}`, and a transaction that wrote nothing logs none."""
    if (outer := _OPEN.get(id(con))) is not None:
        yield outer
        return
    change = Change(con)
    _OPEN[id(con)] = change
    clock = _CLOCK.set(now())  # one time for every stamp the transaction writes
    con.execute("BEGIN TRANSACTION")
    try:
        yield change
        if entry is not None:
            entry.update(manifest.record(con, {**entry, **({"ops": change.ops} if change.ops else {})},
                                         now()))
        elif change.ops:
            manifest.record(con, {"event": "rows", "ops": change.ops}, now())
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        del _OPEN[id(con)]
        _CLOCK.reset(clock)


def insert(con: duckdb.DuckDBPyConnection, table: str, row: dict) -> None:
    """Insert one row, logged: part of the cursor's open transaction, or one of its own."""
    with transaction(con) as change:
        change.insert(table, row)


def replay(con: duckdb.DuckDBPyConnection, entry: dict) -> None:
    """Apply a logged `rows` entry again, stamped and numbered as the original was."""
    with replaying_at(entry["at"]), transaction(con) as change:
        for op in entry["ops"]:
            change.apply(op)


# Tables a replay of the raw files writes again, and the log itself.
NOT_CHECKPOINTED = ("load_issues", "changes", "reference_authorities")


def checkpoint(con: duckdb.DuckDBPyConnection) -> bool:
    """Log every row of the store's own tables as one entry, in the caller's transaction, when
    a store older than this log holds any: what was written before every change was logged."""
    tables = [name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
        "AND database_name = current_database() ORDER BY table_name").fetchall()
        if not name.startswith(("rows_", "sum_")) and name not in NOT_CHECKPOINTED]
    counts = {t: con.execute(f"SELECT count(*) FROM {_sql_name(t)}").fetchone()[0] for t in tables}
    if not any(counts[t] for t in tables if t != "meta"):
        return False
    change = Change(con)
    for table in tables:
        cursor = con.execute(f"SELECT * FROM {_sql_name(table)}")
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        if table == "meta":  # key by key: the schema version is the migration's own
            for row in rows:
                if row["key"] != "schema_version":
                    change.ops += [["delete", table, {"key": row["key"]}], ["insert", table, row]]
        else:
            change.ops.append(["replace", table, rows])
    manifest.record(con, {"event": "rows", "ops": json.loads(json.dumps(change.ops, default=str))},
                    now())
    return True
