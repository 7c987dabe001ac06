"""Areas for maps and labels: ward names from the geography lookup, and uploaded boundaries as a
GeoJSON FeatureCollection the chart kit can draw.

Boundaries are stored one row per area (`boundaries` view: area_code, area_name, geometry as
GeoJSON text, code_property, vintage), one set per code property (WD13CD, LSOA11CD, ...). A map
uses the set that holds most of the areas it has figures for; a set that matches none (another
vintage, another authority) is never drawn, so a map never joins figures to the wrong shapes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

CODE = "code"  # the feature property holding the area code, in every collection built here
NAME = "name"


def ward_names(con: duckdb.DuckDBPyConnection, la_codes: tuple[str, ...] = ()) -> dict[str, str]:
    """ward_code -> ward name, from the geography lookup."""
    return dict(con.execute(
        "SELECT ward_code, min(ward_name) FROM geography "
        "WHERE len(?) = 0 OR la_code IN (SELECT unnest(?)) GROUP BY 1 ORDER BY 2",
        [list(la_codes), list(la_codes)],
    ).fetchall())


def authority_areas(con: duckdb.DuckDBPyConnection, la_codes: tuple[str, ...] = ()) -> list[str]:
    """Every ward and LSOA code of the authorities (all authorities when none is given)."""
    return [code for (code,) in con.execute(
        "SELECT DISTINCT unnest([ward_code, lsoa_code]) FROM geography "
        "WHERE len(?) = 0 OR la_code IN (SELECT unnest(?))",
        [list(la_codes), list(la_codes)],
    ).fetchall()]


def boundary_geojson(con: duckdb.DuckDBPyConnection, codes: Iterable[str]) -> dict | None:
    """The uploaded boundaries of these areas as a FeatureCollection (properties `code`, `name`,
    plus `code_property` and `vintage` of the set on the collection), from the set holding most
    of them; None when no set holds any."""
    codes = sorted(set(codes))
    if not codes:
        return None
    best = con.execute(
        """
        SELECT code_property, any_value(vintage), count(*) AS matched FROM boundaries
        WHERE area_code IN (SELECT unnest(?)) GROUP BY 1 ORDER BY matched DESC, 1 LIMIT 1
        """,
        [codes],
    ).fetchone()
    if best is None:
        return None
    code_property, vintage, _ = best
    rows = con.execute(
        "SELECT area_code, area_name, geometry FROM boundaries "
        "WHERE code_property = ? AND area_code IN (SELECT unnest(?)) ORDER BY area_code",
        [code_property, codes],
    ).fetchall()
    return {
        "type": "FeatureCollection",
        "code_property": code_property,
        "vintage": vintage,
        "features": [
            {"type": "Feature", "properties": {CODE: code, NAME: name or code},
             "geometry": json.loads(geometry)}
            for code, name, geometry in rows
        ],
    }


def with_names(
    frame: pd.DataFrame, names: Mapping[str, str], code_column: str = "ward_code"
) -> pd.DataFrame:
    """A tidy frame with area names as `breakdown_value` (the code kept in `code_column`), for
    chart labels and tables. A name two areas share gets its code added, so bars never merge."""
    out = frame.copy()
    codes = out["breakdown_value"].astype(str)
    labels = codes.map(lambda code: names.get(code, code))
    shared = labels.duplicated(keep=False) & (labels != codes)
    labels = labels.where(~shared, labels + " (" + codes + ")")
    out.insert(out.columns.get_loc("breakdown_value") + 1, code_column, codes)
    out["breakdown_value"] = labels
    return out
