"""The store's own tables (users, sign-ins, decks, targets, settings, audit, load records, the
change log) copied into one small DuckDB file in the archive folder after every write.

With the raw files and the manifest, this file makes the archive folder a complete backup that
can be copied while the app runs: the big row tables are replayed from the raw files, and
everything else comes from here. It is written to a partial file and moved into place, so a
copy taken at any moment sees one whole state; it is written again whenever a writer opens the
store, so a kill between a commit and the copy loses nothing that is not put right at restart.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from store.archive import PARTIAL, PRIVATE_FILE, private_folder

STATE = "state.duckdb"
REPLAYED_PREFIXES = ("rows_", "sum_")
REPLAYED_TABLES = ("load_issues",)  # large, and written again identically by the replay
LOAD_TABLES = ("loads", "load_files", "load_slices", "current_slices", "meta", "changes")


def state_path(archive_dir: Path) -> Path:
    return archive_dir / STATE


def kept_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The store's tables that a replay of the raw files does not write again."""
    return [name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary "
        "AND database_name = current_database() ORDER BY table_name").fetchall()
        if not name.startswith(REPLAYED_PREFIXES) and name not in REPLAYED_TABLES]


def export(con: duckdb.DuckDBPyConnection, archive_dir: Path) -> Path:
    """Write the kept tables to the state file, replacing it whole."""
    private_folder(archive_dir)
    target = state_path(archive_dir)
    partial = target.with_name(f"{STATE}.{os.getpid()}{PARTIAL}")
    partial.unlink(missing_ok=True)
    out = duckdb.connect(str(partial))
    try:
        for table in kept_tables(con):
            rows = con.sql(f'SELECT * FROM "{table}"').to_arrow_table()  # noqa: F841
            out.execute(f'CREATE TABLE "{table}" AS SELECT * FROM rows')
    finally:
        out.close()
    os.chmod(partial, PRIVATE_FILE)
    os.replace(partial, target)
    return target


def last_change(path: Path) -> int:
    """The number of the last change the state file holds (0 if none)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'changes'").fetchone()[0]:
            return 0
        return int(con.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0])
    finally:
        con.close()


def restore(con: duckdb.DuckDBPyConnection, path: Path, with_loads: bool) -> list[str]:
    """Replace the kept tables of `con`'s store with the state file's, in one transaction; the
    load records only `with_loads` (when the file holds every load the replay made)."""
    source = duckdb.connect(str(path), read_only=True)
    restored = []
    con.execute("BEGIN TRANSACTION")
    try:
        present = set(kept_tables(con))
        for table in kept_tables(source):
            if table not in present or (table in LOAD_TABLES and not with_loads):
                continue
            rows = source.sql(f'SELECT * FROM "{table}"').to_arrow_table()  # noqa: F841
            con.execute(f'DELETE FROM "{table}"')
            con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM rows')
            restored.append(table)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        source.close()
    return restored
