"""What the store holds, for filters and empty states: periods, authorities, wards, freshness."""

from __future__ import annotations

from datetime import datetime

import duckdb

from contracts.periods import parse_quarter
from store.authorities import our_authorities, store_authority_names


def quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Financial quarters any quarterly extract covers, oldest first."""
    rows = con.execute(
        "SELECT DISTINCT period FROM current_slices WHERE period LIKE '____/__ Q_' ORDER BY 1"
    ).fetchall()
    labels = []
    for (label,) in rows:
        try:
            parse_quarter(label)
        except ValueError:
            continue
        labels.append(label)
    return labels


def months(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [m for (m,) in con.execute(
        "SELECT DISTINCT month FROM sum_crime_month_lsoa ORDER BY 1"
    ).fetchall()]


def authorities(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """la_code -> name for "our authorities" (the administrator's setting, home first), then
    every other authority named in a current load."""
    codes = [code for (code,) in con.execute(
        "SELECT DISTINCT unnest(l.la_codes) AS code FROM loads l "
        "WHERE l.load_id IN (SELECT load_id FROM current_slices) ORDER BY 1"
    ).fetchall()]
    names = store_authority_names(con)
    return {code: names.get(code, code) for code in dict.fromkeys([*our_authorities(con), *codes])}


def authority_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """la_code -> name of every authority the store can name (England's, from the shipped list,
    and any an uploaded lookup adds), by name."""
    return dict(sorted(store_authority_names(con).items(), key=lambda item: item[1]))


def wards(con: duckdb.DuckDBPyConnection, la_codes: tuple[str, ...] = ()) -> dict[str, str]:
    rows = con.execute(
        "SELECT DISTINCT ward_code, ward_name FROM geography "
        "WHERE len(?) = 0 OR la_code IN (SELECT unnest(?)) ORDER BY ward_name",
        [list(la_codes), list(la_codes)],
    ).fetchall()
    return dict(rows)


def has_rows(con: duckdb.DuckDBPyConnection, extract: str) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM current_slices WHERE extract = ?", [extract]
    ).fetchone()[0])


def last_loaded(con: duckdb.DuckDBPyConnection, extracts: tuple[str, ...]) -> datetime | None:
    row = con.execute(
        "SELECT max(since) FROM current_slices WHERE extract IN (SELECT unnest(?))", [list(extracts)]
    ).fetchone()
    return row[0] if row else None


def holds_demo_data(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "SELECT count(*) FROM current_slices c JOIN loads l USING (load_id) WHERE l.is_demo"
    ).fetchone()[0])


DUE_AFTER_DAYS = 45  # a quarter's extract is expected within this many days of its end


def coverage(con: duckdb.DuckDBPyConnection, extract: str, today=None):
    """Authority × financial quarter for one quarterly extract: the current load, or 'late'
    (the latest quarter whose extract was due DUE_AFTER_DAYS after its end and has not come),
    'missing' (an earlier gap) or 'not due yet'."""
    import pandas as pd

    from contracts.periods import financial_quarter, quarter_bounds, quarters_between

    today = today or datetime.now().date()
    slices = con.execute(
        "SELECT partition, period, load_id FROM current_slices WHERE extract = ? "
        "AND period LIKE '____/__ Q_'", [extract]
    ).fetchall()
    if not slices:
        return pd.DataFrame()
    loaded = {(partition, period): load_id for partition, period, load_id in slices}
    periods = quarters_between(min(p for _, p, _ in slices), financial_quarter(today))
    due = [p for p in periods if (today - quarter_bounds(p)[1]).days > DUE_AFTER_DAYS]
    latest_due = due[-1] if due else None
    rows = []
    for partition in sorted({p for p, _, _ in slices}):
        row = {"authority": partition}
        for period in periods:
            if (partition, period) in loaded:
                row[period] = f"load {loaded[(partition, period)]}"
            elif period not in due:
                row[period] = "not due yet"
            else:
                row[period] = "late" if period == latest_due else "missing"
        rows.append(row)
    return pd.DataFrame(rows)
