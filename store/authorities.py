"""The shipped list of authorities (contracts.authorities) as a table in the store,
`reference_authorities`, so SQL can place police rows by an LSOA name's authority ("City of
London 001A" -> E09000001) for every authority in England, not only those whose files are loaded.
It is refreshed whenever the store is opened with a list that differs from the one it holds."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from contracts.authorities import authorities
from store import audit, changes

TABLE = """CREATE TABLE IF NOT EXISTS reference_authorities (
    la_code VARCHAR PRIMARY KEY, la_name VARCHAR, dfe_number VARCHAR, region_code VARCHAR,
    region_name VARCHAR, former_codes VARCHAR[])"""


def refresh_reference_authorities(con: duckdb.DuckDBPyConnection) -> bool:
    """Called inside `migrate`'s transaction; True when the table changed (so the crime
    summaries, which it places, must be rebuilt)."""
    con.execute(TABLE)
    wanted = sorted((a.code, a.name, a.dfe_number, a.region_code, a.region_name, list(a.former_codes))
                    for a in authorities())
    held = [tuple(row[:5]) + (list(row[5]),) for row in con.execute(
        "SELECT * FROM reference_authorities ORDER BY la_code").fetchall()]
    if held == wanted:
        return False
    con.execute("DELETE FROM reference_authorities")
    con.executemany("INSERT INTO reference_authorities VALUES (?, ?, ?, ?, ?, ?)", wanted)
    return True


def store_authority_names(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """code -> name of every authority the store can name: the shipped list, then any the
    uploaded lookups (geography, population) name, which win."""
    rows = con.execute(
        """SELECT la_code, la_name FROM reference_authorities
           UNION ALL SELECT DISTINCT la_code, la_name FROM geography WHERE la_code IS NOT NULL
           UNION ALL SELECT area_code, max(area_name) FROM population WHERE area_type = 'la'
                     GROUP BY 1"""
    ).fetchall()
    return {code: name for code, name in rows if name}


# --- "our authorities": the council's own and its partners, a setting -----------------------

OUR_AUTHORITIES_KEY = "our_authorities"


def our_authorities(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The authorities this dashboard is for, the home authority first, as an administrator
    saved them (none until one does)."""
    row = con.execute("SELECT value FROM settings WHERE key = ? ORDER BY set_at DESC LIMIT 1",
                      [OUR_AUTHORITIES_KEY]).fetchone()
    saved = json.loads(row[0]) if row else []
    return [str(code) for code in saved] if isinstance(saved, list) else []


def save_our_authorities(con: duckdb.DuckDBPyConnection, codes: list[str], actor: str) -> list[str]:
    """Save the home authority (first) and partners, audited, as a new version of the setting.
    It changes what the filters offer, so the data version moves and every session sees it."""
    known = store_authority_names(con)
    chosen = list(dict.fromkeys(codes))
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise ValueError(f"Not an authority this store knows: {', '.join(unknown)}")
    if not chosen:
        raise ValueError("Choose at least the home authority.")
    with changes.transaction(con) as change:
        change.insert("settings", {"key": OUR_AUTHORITIES_KEY, "value": json.dumps(chosen),
                                   "set_by": actor, "set_at": changes.now()})
        audit.record(con, actor, "setting", key=OUR_AUTHORITIES_KEY, value=chosen)
        version = con.execute("SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version'"
                              ).fetchone()[0]
        change.update("meta", {"key": "data_version"}, {"value": str(version + 1)})
    return chosen


# The authorities a view with no authority chosen covers: ours, and every authority a current
# load or lookup names. A force's crimes in other authorities (City of London Police records
# some in Barnet) are placed there but are not counted in "all authorities".
COVERED_AUTHORITIES = f"""(
    SELECT unnest(la_codes) FROM loads WHERE load_id IN (SELECT load_id FROM current_slices)
    UNION SELECT la_code FROM geography
    UNION SELECT area_code FROM population WHERE area_type = 'la'
    UNION SELECT unnest(CAST(json(value) AS VARCHAR[])) FROM (
        SELECT value FROM settings WHERE key = '{OUR_AUTHORITIES_KEY}' ORDER BY set_at DESC LIMIT 1)
)"""


NEIGHBOURS_KEY = "statistical_neighbours"


def comparator_group_key(la_code: str) -> str:
    return f"comparator_group:{la_code}"


def latest_setting(con: duckdb.DuckDBPyConnection, key: str) -> tuple[object, str, datetime] | None:
    """(value, set_by, set_at) of the setting's current version, or None."""
    row = con.execute("SELECT value, set_by, set_at FROM settings WHERE key = ? "
                      "ORDER BY set_at DESC LIMIT 1", [key]).fetchone()
    return (json.loads(row[0]), row[1], row[2]) if row else None


def neighbour_group(con: duckdb.DuckDBPyConnection, la_code: str) -> tuple[list[str], str]:
    """The authority's neighbours and what they are: DfE's statistical neighbours where a list
    is loaded and names it, else the comparator group an administrator chose, else none."""
    loaded = latest_setting(con, NEIGHBOURS_KEY)
    if loaded and la_code in loaded[0].get("neighbours", {}):
        return list(loaded[0]["neighbours"][la_code]), "statistical neighbours"
    chosen = latest_setting(con, comparator_group_key(la_code))
    if chosen and chosen[0]:
        return list(chosen[0]), "comparator group"
    return [], ""
