"""Small pre-aggregated tables, refreshed by loads and restores for the slices they touch, so a
page reads thousands of rows whatever the size of the raw extracts.

Police.uk rows carry no authority code: it is found from the LSOA through the geography lookup,
else from the LSOA name ("Stockton-on-Tees 014A") matched to an authority name the store knows
(geography, population, published statistics, or the shipped list of England's authorities in
`reference_authorities`). A change to those lookups rebuilds the whole
crime summaries; a police load rebuilds only the force-months it brought.

- `sum_crime_month_lsoa`: crimes by force, month, authority, LSOA and crime type.
- `sum_crime_month_grid`: crimes by force, month, authority, crime type and location rounded to
  0.001 degrees, for point and hexagon maps when no boundaries are loaded.
"""

from __future__ import annotations

import duckdb

LOOKUP_EXTRACTS = frozenset({"geography", "population", "published_statistics"})

_AUTHORITY_NAMES = """
    SELECT lower(la_name) AS la_name, la_code FROM reference_authorities
    UNION
    SELECT DISTINCT lower(la_name), la_code FROM geography
    UNION SELECT DISTINCT lower(area_name), area_code FROM population WHERE area_type = 'la'
    UNION SELECT DISTINCT lower(la_name), new_la_code FROM published_statistics
          WHERE geographic_level = 'Local authority' AND new_la_code IS NOT NULL
"""

# Every current police row with the authority it falls in (NULL where neither lookup knows).
_PLACED_CRIMES = f"""
    WITH names AS (SELECT la_name, min(la_code) AS la_code FROM ({_AUTHORITY_NAMES}) GROUP BY la_name)
    SELECT p.*, coalesce(g.la_code, n.la_code) AS placed_la_code
    FROM police_street_crime p
    LEFT JOIN geography g ON g.lsoa_code = p.lsoa_code
    LEFT JOIN names n ON n.la_name = lower(regexp_replace(p.lsoa_name, ' [0-9]{{3}}[A-Z]$', ''))
"""

_CRIME_SUMMARY_SELECT = f"""
    SELECT p._partition AS force, p.month, p.placed_la_code AS la_code,
           p.lsoa_code, p.lsoa_name, p.crime_type, count(*) AS crimes
    FROM ({_PLACED_CRIMES}) p
"""

# Rows without a location (dozens a month in real files) have no place on a map.
_CRIME_GRID_SELECT = f"""
    SELECT p._partition AS force, p.month, p.placed_la_code AS la_code, p.crime_type,
           round(p.longitude, 3) AS lon, round(p.latitude, 3) AS lat, count(*) AS crimes
    FROM ({_PLACED_CRIMES}) p
    WHERE p.longitude IS NOT NULL AND p.latitude IS NOT NULL
"""

_TOUCHED = "(p._partition, p.month) IN (SELECT partition, period FROM touched_slices)"


def refresh_summaries(
    con: duckdb.DuckDBPyConnection, extract: str, slices: list[tuple[str, str]]
) -> None:
    """Called inside the load's transaction."""
    if extract == "police_street_crime":
        con.execute("CREATE TEMP TABLE IF NOT EXISTS touched_slices (partition VARCHAR, period VARCHAR)")
        con.execute("DELETE FROM touched_slices")
        con.executemany("INSERT INTO touched_slices VALUES (?, ?)", slices)
        con.execute(
            "DELETE FROM sum_crime_month_lsoa WHERE (force, month) IN "
            "(SELECT partition, period FROM touched_slices)"
        )
        con.execute(
            f"INSERT INTO sum_crime_month_lsoa {_CRIME_SUMMARY_SELECT} WHERE {_TOUCHED} GROUP BY ALL"
        )
        con.execute(
            "DELETE FROM sum_crime_month_grid WHERE (force, month) IN "
            "(SELECT partition, period FROM touched_slices)"
        )
        con.execute(
            f"INSERT INTO sum_crime_month_grid {_CRIME_GRID_SELECT} AND {_TOUCHED} GROUP BY ALL"
        )
    elif extract in LOOKUP_EXTRACTS:
        rebuild_crime_summary(con)
        rebuild_crime_grid(con)


def rebuild_crime_summary(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM sum_crime_month_lsoa")
    con.execute(f"INSERT INTO sum_crime_month_lsoa {_CRIME_SUMMARY_SELECT} GROUP BY ALL")


def rebuild_crime_grid(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM sum_crime_month_grid")
    con.execute(f"INSERT INTO sum_crime_month_grid {_CRIME_GRID_SELECT} GROUP BY ALL")



def unplaced_police_rows(con: duckdb.DuckDBPyConnection, stage: str) -> list[tuple[str, int]]:
    """Valid police rows of a staged upload that neither lookup places in an authority, counted
    by the area their LSOA name points to ("City of London 001A" -> "City of London"), largest
    first; rows without an LSOA count as "no LSOA given"."""
    # Placed once per LSOA, not once per crime: a national month is half a million rows over
    # 35,000 LSOAs, and placing each row cost two regular expressions and two anti-joins.
    return [tuple(row) for row in con.execute(f"""
        WITH names AS (SELECT la_name, min(la_code) AS la_code FROM ({_AUTHORITY_NAMES}) GROUP BY la_name),
        lsoas AS (SELECT t_lsoa_code, t_lsoa_name, count(*) AS crimes FROM {stage} WHERE _valid
                  GROUP BY ALL)
        SELECT coalesce(regexp_replace(p.t_lsoa_name, ' [0-9]{{3}}[A-Z]$', ''), 'no LSOA given') AS area,
               CAST(sum(crimes) AS BIGINT) AS crimes
        FROM lsoas p
        WHERE NOT EXISTS (SELECT 1 FROM geography g WHERE g.lsoa_code = p.t_lsoa_code)
          AND NOT EXISTS (SELECT 1 FROM names n WHERE n.la_name =
                          lower(regexp_replace(p.t_lsoa_name, ' [0-9]{{3}}[A-Z]$', '')))
        GROUP BY ALL ORDER BY crimes DESC, area
    """).fetchall()]
