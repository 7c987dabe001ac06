"""GeoJSON boundaries as the ONS Open Geography Portal hands them out, checked and staged.

Only a few hundred features per authority, so this is plain Python. Coordinates must be WGS84
longitude/latitude: British National Grid eastings and northings are refused with the reason.
"""

from __future__ import annotations

import json
import re

import duckdb
import pyarrow as pa

from ingest.readers import GeoJsonFile

CODE_PROPERTY = re.compile(r"^[A-Z]{2,5}\d{2}CD$")


class BoundaryError(Exception):
    pass


def features_of(document: dict) -> list[dict]:
    """The features, each an object whose properties are an object: anything else is refused
    by name rather than failing half-way through."""
    features = document.get("features")
    if not isinstance(features, list):
        raise BoundaryError("The GeoJSON's \"features\" is not a list of features: download the "
                            "file again from the ONS Open Geography Portal.")
    if not features:
        raise BoundaryError("The GeoJSON holds no features.")
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise BoundaryError(f"Feature {number} of the GeoJSON is not an object.")
        if not isinstance(feature.get("properties") or {}, dict):
            raise BoundaryError(f"Feature {number} of the GeoJSON has properties that are not "
                                "named values (an object).")
        if not isinstance(feature.get("geometry") or {}, dict):
            raise BoundaryError(f"Feature {number} of the GeoJSON has a geometry that is not an object.")
    return features


def code_property_of(document: dict, named: str | None) -> str:
    features = features_of(document)
    properties = features[0].get("properties") or {}
    if named:
        if named not in properties:
            raise BoundaryError(
                f"The features have no property {named!r}; they have: {', '.join(properties)}."
            )
        return named
    for key in properties:
        if CODE_PROPERTY.match(key):
            return key
    raise BoundaryError(
        "Name the property that holds the area code (e.g. LSOA11CD or WD23CD); none was found "
        f"among: {', '.join(properties)}."
    )


def _positions(geometry: dict):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            yield from ring


def stage_boundaries(
    con: duckdb.DuckDBPyConnection, source: GeoJsonFile, code_property: str | None,
    vintage: str | None, stage: str, issues: str,
) -> tuple[str, int]:
    """Create `stage` and `issues` tables like the validator does; returns (property, features)."""
    document = source.document
    prop = code_property_of(document, code_property)
    name_prop = prop[:-2] + "NM"
    rows, problems = [], []
    for number, feature in enumerate(features_of(document), start=1):
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        code = str(properties.get(prop) or "").strip()[:40]
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append((number, "geometry", str(geometry.get("type")), "not_allowed",
                             "only Polygon and MultiPolygon features can be mapped"))
            continue
        try:
            if any(not (-180 <= lon <= 180 and -90 <= lat <= 90) for lon, lat, *_ in _positions(geometry)):
                raise BoundaryError("The coordinates are not longitude/latitude (WGS84): download "
                                    "the GeoJSON in WGS84 from the ONS Open Geography Portal.")
        except (TypeError, ValueError, KeyError, IndexError):
            problems.append((number, "geometry", "", "not_allowed", "coordinates are malformed"))
            continue
        if not re.fullmatch(r"[EWSNK]\d{8}", code):
            problems.append((number, prop, code, "invalid_area_code", "not an ONS area code"))
            continue
        rows.append((number, code, str(properties.get(name_prop) or ""), json.dumps(geometry)))
    feature_rows = pa.table({
        "_row": pa.array([r[0] for r in rows], pa.int64()),
        "t_area_code": pa.array([r[1] for r in rows], pa.string()),
        "t_area_name": pa.array([r[2] for r in rows], pa.string()),
        "t_geometry": pa.array([r[3] for r in rows], pa.string()),
    })
    vintage = vintage or ("20" + prop[-4:-2] if prop[-4:-2].isdigit() else "")
    con.register("boundary_features", feature_rows)
    con.execute(f"DROP TABLE IF EXISTS {stage}")
    con.execute(
        f"CREATE TEMP TABLE {stage} AS SELECT _row, 'all' AS _period, ? AS _partition, true AS _valid, "
        "CAST(NULL AS VARCHAR) AS _extras, t_area_code, t_area_name, t_geometry, "
        "? AS t_code_property, ? AS t_vintage FROM boundary_features",
        [prop, prop, vintage],
    )
    issues_table = pa.table({
        "_row": pa.array([p[0] for p in problems], pa.int64()),
        "column": pa.array([p[1] for p in problems], pa.string()),
        "value": pa.array([p[2] for p in problems], pa.string()),
        "code": pa.array([p[3] for p in problems], pa.string()),
        "reason": pa.array([p[4] for p in problems], pa.string()),
    })
    con.execute(f"DROP TABLE IF EXISTS {issues}")
    con.register("boundary_issues", issues_table)
    con.execute(f"CREATE TEMP TABLE {issues} AS SELECT * FROM boundary_issues")
    con.unregister("boundary_features")
    con.unregister("boundary_issues")
    return prop, len(document["features"])
