"""DfE Explore Education Statistics files: wide, with filter and indicator columns, stored long.

EES symbols (c, x, z, u, k, low, high) are kept as symbols beside a NULL value: a suppressed
cell is never read as zero.
"""

from __future__ import annotations

import hashlib

import duckdb

from contracts.extracts import EES_FIXED_COLUMNS
from contracts.model import normalise_header
from ingest.readers import RawTable, ReadError
from ingest.validate import sql_name, sql_text

EES_SYMBOLS = ("c", "x", "z", "u", "k", "low", "high", ":")


def _is_number_or_symbol(expression: str) -> str:
    symbols = ", ".join(sql_text(s) for s in EES_SYMBOLS)
    return (f"(nullif(trim({expression}), '') IS NULL OR TRY_CAST(replace(trim({expression}), ',', '') "
            f"AS DOUBLE) IS NOT NULL OR lower(trim({expression})) IN ({symbols}))")


def _refuse_non_finite(con: duckdb.DuckDBPyConnection, raw: RawTable, index: int, cell: str) -> None:
    """NaN and infinity read as numbers but are no figure a statistics release publishes."""
    found = con.execute(
        f"SELECT rowid + {raw.header_line + 1}, c{index} FROM {raw.table} "
        f"WHERE NOT isfinite(TRY_CAST(replace(trim(c{index}), ',', '') AS DOUBLE)) ORDER BY rowid LIMIT 1"
    ).fetchone()
    if found:
        raise ReadError(
            f"Row {found[0]}, column {cell[:80]!r}: {found[1][:40]!r} is not a figure (NaN and "
            "infinity are not numbers): write the figure, or an EES symbol such as x or c."
        )


def dataset_id(filters: list[str], indicators: list[str]) -> str:
    """Named from its columns, so a renamed copy of the same file replaces, not duplicates."""
    signature = "|".join(sorted(filters)) + "#" + "|".join(sorted(indicators))
    return "ees-" + hashlib.sha1(signature.encode()).hexdigest()[:10]


def to_long(con: duckdb.DuckDBPyConnection, raw: RawTable, stage: str) -> tuple[str, list[str]]:
    """Rewrite `stage` (typed fixed columns) into the long stored shape; returns (dataset, indicators)."""
    fixed = {normalise_header(name) for name in EES_FIXED_COLUMNS}
    others = [
        (index, cell.strip()) for index, cell in enumerate(raw.header)
        if cell.strip() and normalise_header(cell) not in fixed
    ]
    indicators, filters = [], []
    for index, cell in others:
        mixed = con.execute(
            f"SELECT count(*) FROM {raw.table} WHERE NOT {_is_number_or_symbol(f'c{index}')}"
        ).fetchone()[0]
        (filters if mixed else indicators).append((index, cell))
        if not mixed:
            _refuse_non_finite(con, raw, index, cell)
    if not indicators:
        raise ReadError(
            "The file has no indicator columns (numbers or EES symbols) after its filter columns."
        )
    dataset = dataset_id([c for _, c in filters], [c for _, c in indicators])
    offset = raw.header_line + 1
    filter_json = (
        "CAST(to_json({" + ", ".join(f"{sql_text(cell)}: trim(r.c{i})" for i, cell in filters) + "}) AS VARCHAR)"
        if filters else "CAST(NULL AS VARCHAR)"
    )
    wide = ", ".join(f"r.c{i} AS {sql_name(cell)}" for i, cell in indicators)
    symbols = ", ".join(sql_text(s) for s in EES_SYMBOLS)
    con.execute(f"DROP TABLE IF EXISTS {stage}_long")
    con.execute(
        f"""CREATE TEMP TABLE {stage}_long AS
        SELECT _row, _period, {sql_text(dataset)} AS _partition, _valid, _extras,
               {sql_text(dataset)} AS t_dataset, CAST(t_time_period AS VARCHAR) AS t_time_period,
               t_time_identifier, t_geographic_level, t_country_code, t_region_code, t_region_name,
               t_old_la_code, t_new_la_code, t_la_name, t_filters, indicator AS t_indicator,
               CASE WHEN isfinite(TRY_CAST(replace(trim(raw_value), ',', '') AS DOUBLE))
                    THEN TRY_CAST(replace(trim(raw_value), ',', '') AS DOUBLE) END AS t_value,
               CASE WHEN lower(trim(raw_value)) IN ({symbols}) THEN lower(trim(raw_value)) END AS t_symbol
        FROM (
            UNPIVOT (
                SELECT s.*, {filter_json} AS t_filters, {wide}
                FROM {stage} s JOIN {raw.table} r ON r.rowid + {offset} = s._row
            ) ON {", ".join(sql_name(cell) for _, cell in indicators)}
            INTO NAME indicator VALUE raw_value
        )
        WHERE nullif(trim(raw_value), '') IS NOT NULL"""
    )
    con.execute(f"DROP TABLE {stage}")
    con.execute(f"ALTER TABLE {stage}_long RENAME TO {stage}")
    return dataset, [cell for _, cell in indicators]
