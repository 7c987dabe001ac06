"""The store's tables, derived from the contracts, and the migrations that keep a file current.

Every extract has a `rows_<name>` table holding every version ever loaded, and a view `<name>`
holding only the current version of each (partition, period) slice. Measures read the views and
the summary tables; nothing reads `rows_*` but the store itself.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from contracts.extracts import CATALOGUE
from contracts.model import Column, ColumnType, Contract
from store.authorities import TABLE as REFERENCE_AUTHORITIES_TABLE
from store.authorities import refresh_reference_authorities
from store.changes import checkpoint
from store.summaries import rebuild_crime_grid, rebuild_crime_summary

T = ColumnType

SQL_TYPES = {
    T.DATE: "DATE",
    T.INTEGER: "BIGINT",
    T.NUMBER: "DOUBLE",
    T.CHOICES: "VARCHAR[]",
    T.ID_LIST: "VARCHAR[]",
    T.YES_NO: "BOOLEAN",
}

# Extracts whose stored shape is not their columns one-for-one (see ingest/published.py and
# ingest/boundaries.py, which write these shapes).
SPECIAL_COLUMNS = {
    "published_statistics": (
        ("dataset", "VARCHAR"), ("time_period", "VARCHAR"), ("time_identifier", "VARCHAR"),
        ("geographic_level", "VARCHAR"), ("country_code", "VARCHAR"), ("region_code", "VARCHAR"),
        ("region_name", "VARCHAR"), ("old_la_code", "VARCHAR"), ("new_la_code", "VARCHAR"),
        ("la_name", "VARCHAR"), ("filters", "VARCHAR"), ("indicator", "VARCHAR"),
        ("value", "DOUBLE"), ("symbol", "VARCHAR"),
    ),
    "boundaries": (
        ("area_code", "VARCHAR"), ("area_name", "VARCHAR"), ("geometry", "VARCHAR"),
        ("code_property", "VARCHAR"), ("vintage", "VARCHAR"),
    ),
}

SYSTEM_COLUMNS = (
    ("_load_id", "BIGINT NOT NULL"),
    ("_row", "BIGINT"),
    ("_period", "VARCHAR NOT NULL"),
    ("_partition", "VARCHAR NOT NULL"),
)


def sql_type(column: Column) -> str:
    return SQL_TYPES.get(column.type, "VARCHAR")


def data_columns(contract: Contract) -> tuple[tuple[str, str], ...]:
    if contract.name in SPECIAL_COLUMNS:
        return SPECIAL_COLUMNS[contract.name]
    return (*((c.name, sql_type(c)) for c in contract.columns), ("_extras", "VARCHAR"))


def rows_table(contract: Contract) -> str:
    return f"rows_{contract.name}"


# Police.uk locations rounded to 0.001 degrees (about 70 m by 110 m in England), for point and
# hexagon maps without boundaries: a map reads a year of one crime type (thousands of rows),
# never the raw rows.
CRIME_GRID_TABLE = """CREATE TABLE IF NOT EXISTS sum_crime_month_grid (
        force VARCHAR, month VARCHAR, la_code VARCHAR, crime_type VARCHAR, lon DOUBLE, lat DOUBLE,
        crimes BIGINT)"""

# Version 1 as stores of it exist: a new table goes into a new numbered step, never here.
CORE_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE SEQUENCE IF NOT EXISTS load_ids START 1",
    """CREATE TABLE IF NOT EXISTS loads (
        load_id BIGINT PRIMARY KEY, extract VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL, la_codes VARCHAR[], periods VARCHAR[], rows_read BIGINT,
        rows_accepted BIGINT, rows_rejected BIGINT, loaded_by VARCHAR, loaded_at TIMESTAMP,
        is_demo BOOLEAN DEFAULT false, note VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS load_files (
        load_id BIGINT, file_name VARCHAR, sha256 VARCHAR, bytes BIGINT, archive_path VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS load_slices (
        load_id BIGINT, extract VARCHAR, partition VARCHAR, period VARCHAR, rows BIGINT)""",
    """CREATE TABLE IF NOT EXISTS current_slices (
        extract VARCHAR, partition VARCHAR, period VARCHAR, load_id BIGINT, since TIMESTAMP,
        PRIMARY KEY (extract, partition, period))""",
    """CREATE TABLE IF NOT EXISTS load_issues (
        load_id BIGINT, file VARCHAR, "row" BIGINT, "column" VARCHAR, value VARCHAR, code VARCHAR,
        reason VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS audit (
        "at" TIMESTAMP, actor VARCHAR, action VARCHAR, detail VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS sum_crime_month_lsoa (
        force VARCHAR, month VARCHAR, la_code VARCHAR, lsoa_code VARCHAR, lsoa_name VARCHAR,
        crime_type VARCHAR, crimes BIGINT)""",
)


def _create_extract_tables(con: duckdb.DuckDBPyConnection) -> None:
    for contract in CATALOGUE:
        columns = ", ".join(f'"{name}" {kind}' for name, kind in (*SYSTEM_COLUMNS, *data_columns(contract)))
        con.execute(f"CREATE TABLE IF NOT EXISTS {rows_table(contract)} ({columns})")


def _add_new_contract_columns(con: duckdb.DuckDBPyConnection) -> None:
    """A column added to a contract appears in its table: additive changes need no hand-written step."""
    for contract in CATALOGUE:
        existing = {name for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [rows_table(contract)]
        ).fetchall()}
        for name, kind in data_columns(contract):
            if name not in existing:
                con.execute(f'ALTER TABLE {rows_table(contract)} ADD COLUMN "{name}" {kind}')


def _create_current_views(con: duckdb.DuckDBPyConnection) -> None:
    for contract in CATALOGUE:
        names = ", ".join(f'r."{name}"' for name, _ in data_columns(contract))
        con.execute(
            f"CREATE OR REPLACE VIEW {contract.name} AS SELECT r._load_id, r._period, r._partition, "
            f"{names} FROM {rows_table(contract)} r JOIN current_slices c "
            f"ON c.extract = '{contract.name}' AND c.partition = r._partition "
            f"AND c.period = r._period AND c.load_id = r._load_id"
        )


def _version_1(con: duckdb.DuckDBPyConnection) -> None:
    for statement in CORE_TABLES:
        con.execute(statement)


DECKS_TABLE = """CREATE TABLE IF NOT EXISTS decks (
        deck_name VARCHAR NOT NULL, version INTEGER NOT NULL, deck_json VARCHAR,
        saved_by VARCHAR, saved_at TIMESTAMP, deleted BOOLEAN NOT NULL DEFAULT false,
        PRIMARY KEY (deck_name, version))"""


def _version_2(con: duckdb.DuckDBPyConnection) -> None:
    """Decks (store/decks.py): every saved version is kept; the latest is current, and a
    delete is a version too, so a deck shown at a meeting can always be read back."""
    con.execute(DECKS_TABLE)


SETTINGS_AND_SIGN_IN_TABLES = (
    """CREATE TABLE IF NOT EXISTS targets (
        programme VARCHAR, la_code VARCHAR, financial_year VARCHAR, target DOUBLE,
        set_by VARCHAR, set_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS settings (
        key VARCHAR, value VARCHAR, set_by VARCHAR, set_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS users (
        name VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL,
        disabled BOOLEAN DEFAULT false, created_by VARCHAR, created_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS sign_ins (
        name VARCHAR, "at" TIMESTAMP, ok BOOLEAN, reason VARCHAR)""",
)


def _version_3(con: duckdb.DuckDBPyConnection) -> None:
    """Programme targets and saved settings, users and sign-ins, and the crime map grid: once
    written into version 1 after stores of that version were in use, so such stores lacked them
    and the pages that read them failed. The grid is filled from the police rows already held."""
    for statement in SETTINGS_AND_SIGN_IN_TABLES:
        con.execute(statement)
    con.execute(CRIME_GRID_TABLE)
    # The grid is read through the current views, which `migrate` otherwise refreshes last.
    _create_extract_tables(con)
    _add_new_contract_columns(con)
    _create_current_views(con)
    rebuild_crime_grid(con)


CHANGES_TABLE = """CREATE TABLE IF NOT EXISTS changes (
        seq BIGINT PRIMARY KEY, "at" TIMESTAMP, entry VARCHAR)"""


def _version_4(con: duckdb.DuckDBPyConnection) -> None:
    """The log of loads and restores for rebuilds (store/manifest.py), written in the same
    transaction as each change; the archive's manifest file follows it. From version 5 it logs
    every other change too."""
    con.execute(CHANGES_TABLE)


def _version_5(con: duckdb.DuckDBPyConnection) -> None:
    """Every write of the store's own tables is logged from now on (store/changes.py): what a
    store already holds is logged once, whole, so a rebuild starts from it."""
    checkpoint(con)


# Numbered, append-only. Each runs once, in its own transaction, and records its number.
MIGRATIONS: tuple[Callable[[duckdb.DuckDBPyConnection], None], ...] = (
    _version_1, _version_2, _version_3, _version_4, _version_5)
SCHEMA_VERSION = len(MIGRATIONS)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND "
                            "schema_name = 'main'", [name]).fetchone()[0])


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'meta' AND schema_name = 'main'"
    ).fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the store up to SCHEMA_VERSION; derived tables and views are refreshed every time."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise RuntimeError(
            f"The store is at schema version {current}, newer than this code ({SCHEMA_VERSION})."
        )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(REFERENCE_AUTHORITIES_TABLE)  # the crime summaries read it (version 3)
        for number, step in enumerate(MIGRATIONS, start=1):
            if number > current:
                step(con)
        _create_extract_tables(con)
        _add_new_contract_columns(con)
        _create_current_views(con)
        # The shipped authorities place police rows by LSOA name: when they change, the crime
        # summaries are placed again (a store at an old version, opened by old code, has none).
        if refresh_reference_authorities(con) and _has_table(con, "sum_crime_month_grid"):
            rebuild_crime_summary(con)
            rebuild_crime_grid(con)
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.execute("INSERT OR IGNORE INTO meta VALUES ('data_version', '0')")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
