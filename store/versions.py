"""Versioned loads: every upload is kept; for each (extract, partition, period) slice one load is
current. A load or a restore is one transaction, so a crash leaves the store as it was."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from contracts.model import Contract, Partition
from store import audit, changes
from store.connection import Store
from store.schema import data_columns, rows_table
from store.summaries import refresh_summaries


@dataclass(frozen=True)
class FileRecord:
    file_name: str
    sha256: str
    bytes: int
    archive_path: str


@dataclass(frozen=True)
class Replacement:
    partition: str
    period: str
    load_id: int
    rows: int


@dataclass
class StoredLoad:
    load_id: int
    identical: bool = False  # the same content was already stored: nothing changed
    rows_accepted: int = 0
    rows_rejected: int = 0
    slices: list[tuple[str, str, int]] = field(default_factory=list)
    replaced: list[Replacement] = field(default_factory=list)


def identical_load(con: duckdb.DuckDBPyConnection, extract: str, sha256: str,
                   slices: list[tuple[str, str, int]]) -> int | None:
    """The load that already made these `slices` (authority or force, period, rows) of this
    content current, when storing them again would change nothing; else None.

    The same file is not enough: stored for another authority, as another extract, with its
    stray periods left out (or now kept), or after a later load replaced some of it, it stores
    other rows or makes them current again, so it is a new load."""
    current = current_versions(con, extract, slices)
    if not slices or len(current) != len(slices) or any(
            now.rows != rows for now, (_, _, rows) in zip(current, slices, strict=True)):
        return None
    ids = sorted({now.load_id for now in current})
    same = con.execute("SELECT count(*) FROM loads WHERE load_id IN (SELECT unnest(?)) "
                       "AND extract = ? AND sha256 = ?", [ids, extract, sha256]).fetchone()[0]
    return ids[0] if same == len(ids) else None


def stage_slices(con: duckdb.DuckDBPyConnection, stage: str) -> list[tuple[str, str, int]]:
    return [tuple(row) for row in con.execute(
        f"SELECT _partition, _period, count(*) FROM {stage} WHERE _valid "
        "GROUP BY ALL ORDER BY 1, 2"
    ).fetchall()]


def current_versions(
    con: duckdb.DuckDBPyConnection, extract: str, slices: list[tuple[str, str, int]]
) -> list[Replacement]:
    """The current loads that these slices would replace, with their row counts."""
    replaced = []
    for partition, period, _ in slices:
        row = con.execute(
            "SELECT c.load_id, s.rows FROM current_slices c JOIN load_slices s "
            "ON s.load_id = c.load_id AND s.extract = c.extract AND s.partition = c.partition "
            "AND s.period = c.period WHERE c.extract = ? AND c.partition = ? AND c.period = ?",
            [extract, partition, period],
        ).fetchone()
        if row:
            replaced.append(Replacement(partition, period, row[0], row[1]))
    return replaced


def store_version(
    con: duckdb.DuckDBPyConnection,
    *,
    contract: Contract,
    stage: str,
    issues: str,
    files: list[FileRecord],
    sha256: str,
    rows_read: int,
    rows_valid: int,
    actor: str,
    log: dict,
    is_demo: bool = False,
) -> StoredLoad:
    """Store the valid rows of `stage` as a new current version of every slice they cover.
    `log` says how to load the files again (ingest/replay.py); it is logged with the load, in
    its transaction, and receives the entry's number and time.

    `rows_read`/`rows_valid` count the file's rows; a slice counts stored rows, which differ for
    published statistics (one wide file row becomes one stored row per indicator).
    """
    slices = stage_slices(con, stage)
    existing = identical_load(con, contract.name, sha256, slices)
    if existing is not None:
        return StoredLoad(existing, identical=True)
    entry = {**log}
    with changes.transaction(con, entry):
        load_id = con.execute("SELECT nextval('load_ids')").fetchone()[0]
        entry["load_id"] = load_id
        replaced = current_versions(con, contract.name, slices)
        _insert_rows(con, contract, stage, load_id)
        accepted, rejected = rows_valid, rows_read - rows_valid
        now = changes.now()
        for partition, period, rows in slices:
            con.execute("INSERT INTO load_slices VALUES (?, ?, ?, ?, ?)",
                        [load_id, contract.name, partition, period, rows])
            con.execute("INSERT OR REPLACE INTO current_slices VALUES (?, ?, ?, ?, ?)",
                        [contract.name, partition, period, load_id, now])
        la_codes = _authorities(con, contract, stage)
        con.execute(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [load_id, contract.name, ", ".join(f.file_name for f in files), sha256, la_codes,
             sorted({period for _, period, _ in slices}), rows_read, accepted, rejected, actor, now,
             is_demo, None],
        )
        for record in files:
            con.execute("INSERT INTO load_files VALUES (?, ?, ?, ?, ?)",
                        [load_id, record.file_name, record.sha256, record.bytes, record.archive_path])
        con.execute(
            f'INSERT INTO load_issues SELECT ?, file, _row, "column", value, code, reason FROM {issues}',
            [load_id],
        )
        refresh_summaries(con, contract.name, [(p, q) for p, q, _ in slices])
        _bump_data_version(con)
        audit.record(con, actor, "load", load_id=load_id, extract=contract.name,
                     files=[f.file_name for f in files], sha256=sha256, accepted=accepted,
                     rejected=rejected, replaced=[r.load_id for r in replaced])
    log.update(entry)
    return StoredLoad(load_id, False, accepted, rejected, slices, replaced)


def _insert_rows(con: duckdb.DuckDBPyConnection, contract: Contract, stage: str, load_id: int) -> None:
    names = [name for name, _ in data_columns(contract)]
    target = ", ".join(f'"{name}"' for name in ["_load_id", "_row", "_period", "_partition", *names])
    source = ", ".join(
        [f"{int(load_id)}", "_row", "_period", "_partition"]
        + [_source_of(name) for name in names]
    )
    con.execute(
        f"INSERT INTO {rows_table(contract)} ({target}) SELECT {source} FROM {stage} WHERE _valid"
    )


def _source_of(name: str) -> str:
    """Stage column feeding a stored column."""
    return name if name == "_extras" else f'"t_{name}"'


def _authorities(con: duckdb.DuckDBPyConnection, contract: Contract, stage: str) -> list[str]:
    if contract.partition != Partition.AUTHORITY:
        return []
    return [code for (code,) in con.execute(
        f'SELECT DISTINCT "t_la_code" FROM {stage} WHERE _valid ORDER BY 1').fetchall()]


def _bump_data_version(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'data_version'"
    )


class RestoreError(Exception):
    """A restore that cannot be done: the message is for the officer."""


def restore(
    con: duckdb.DuckDBPyConnection, load_id: int, actor: str, log: dict | None = None,
) -> list[Replacement]:
    """Make every slice of an earlier load current again; returns the versions it replaced.
    `log`, when given, receives the change-log entry written in the same transaction."""
    found = con.execute("SELECT extract FROM loads WHERE load_id = ?", [load_id]).fetchone()
    if not found:
        raise RestoreError(f"There is no load {load_id}.")
    extract = found[0]
    slices = [tuple(row) for row in con.execute(
        "SELECT partition, period, rows FROM load_slices WHERE load_id = ? ORDER BY 1, 2", [load_id]
    ).fetchall()]
    if not slices:
        raise RestoreError(f"Load {load_id} stored no rows, so there is nothing to restore.")
    entry = {"event": "restore", "load_id": load_id, "actor": actor}
    with changes.transaction(con, entry):
        replaced = [r for r in current_versions(con, extract, slices) if r.load_id != load_id]
        now = changes.now()
        for partition, period, _ in slices:
            con.execute("INSERT OR REPLACE INTO current_slices VALUES (?, ?, ?, ?, ?)",
                        [extract, partition, period, load_id, now])
        refresh_summaries(con, extract, [(p, q) for p, q, _ in slices])
        _bump_data_version(con)
        audit.record(con, actor, "restore", load_id=load_id, extract=extract,
                     replaced=[r.load_id for r in replaced])
    if log is not None:
        log.update(entry)
    return replaced


def restore_and_record(store: Store, load_id: int, actor: str) -> list[Replacement]:
    """Restore under the store's write lock and log it for rebuilds: the one way to restore."""
    with store.write_lock:  # which copies the log entry to the archive's manifest file
        con = store.cursor()
        try:
            replaced = restore(con, load_id, actor, log={})
        finally:
            con.close()
    return replaced


def list_loads(con: duckdb.DuckDBPyConnection, extract: str | None = None):
    """Every load with whether it is current (all its slices), partly current, or replaced."""
    return con.execute(
        """
        SELECT l.load_id, l.extract, l.file_name, l.sha256, l.la_codes, l.periods, l.rows_read,
               l.rows_accepted, l.rows_rejected, l.loaded_by, l.loaded_at, l.is_demo,
               CASE WHEN count(s.period) = 0 THEN 'nothing stored'
                    WHEN count(c.load_id) = count(s.period) THEN 'current'
                    WHEN count(c.load_id) = 0 THEN 'replaced'
                    ELSE 'partly current' END AS status
        FROM loads l
        LEFT JOIN load_slices s ON s.load_id = l.load_id
        LEFT JOIN current_slices c ON c.load_id = s.load_id AND c.extract = s.extract
             AND c.partition = s.partition AND c.period = s.period
        WHERE ? IS NULL OR l.extract = ?
        GROUP BY ALL ORDER BY l.load_id DESC
        """,
        [extract, extract],
    ).df()

