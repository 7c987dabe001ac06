"""A store whose uploaded and typed text is hostile markdown and HTML: ward names (geography
lookup and ward boundaries, loaded through the real ingest path) and deck and meeting names
(saved as an officer saves them). Pages must show these as text: no image fetched, no link."""

from __future__ import annotations

import csv
import json
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from ingest.pipeline import UploadFile, load
from ingest.validate import Options
from metrics.decks import deck_to_json
from store.connection import Store
from store.decks import save_deck

# A markdown image (a public browser would fetch it), a markdown link, and an HTML link (Plotly
# draws <a href> in its labels and hover text).
IMAGE = "![t](http://127.0.0.1:9/x)"
LINK = "[x](http://evil.example/)"
ANCHOR = '<a href="http://evil.example">w</a>'
HOSTILE = (IMAGE, LINK, ANCHOR)
HOME = "E06000004"
WORD_JOINER = "\u2060"  # what ui.text puts inside a would-be link; invisible on screen


def hostile_ward_names(codes: list[str]) -> dict[str, str]:
    """Every ward renamed to one of the hostile names (numbered after the first three, so no two
    wards share a name)."""
    return {code: HOSTILE[i % 3] + (f" {i}" if i >= len(HOSTILE) else "")
            for i, code in enumerate(sorted(codes))}


def poison(store_path: Path, folder: Path) -> dict[str, str]:
    """Rename the home authority's wards (geography lookup, and boundaries when the store has
    them) and save one deck per hostile name, with that name as its meeting too; returns the
    ward names by code."""
    store = Store(store_path)
    try:
        with closing(store.cursor()) as con:
            columns = [c[0] for c in con.execute(
                "SELECT * FROM geography LIMIT 0").description if not c[0].startswith("_")]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM geography WHERE la_code = ?",
                               [HOME]).fetchall()
            shapes = con.execute("SELECT area_code, geometry, code_property FROM boundaries "
                                 "WHERE area_code LIKE 'E05%'").fetchall()
            decks = con.execute("SELECT deck_json FROM decks ORDER BY deck_name, version DESC "
                                "LIMIT 1").fetchall()
        names = hostile_ward_names(sorted({row[columns.index("ward_code")] for row in rows}))
        geography = folder / f"geography_{HOME}.csv"
        with geography.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(columns)
            for row in rows:
                cells = dict(zip(columns, row, strict=True))
                cells["ward_name"] = names[cells["ward_code"]]
                writer.writerow([cells[c] for c in columns])
        _load(store, geography, "geography")
        ours = [(code, geometry, prop) for code, geometry, prop in shapes if code in names]
        if ours:
            prop = ours[0][2]
            boundaries = folder / f"wards_{HOME}.geojson"
            boundaries.write_text(json.dumps({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {prop: code, prop[:-2] + "NM": names[code]},
                 "geometry": json.loads(geometry)} for code, geometry, _ in ours]}))
            _load(store, boundaries, "boundaries")
        from metrics.decks import deck_from_json
        template = deck_from_json(decks[0][0])
        with store.write_lock, closing(store.cursor()) as con:
            for name in HOSTILE:
                save_deck(con, name, deck_to_json(replace(template, name=name, committee=name)),
                          actor="test")
    finally:
        store.close()
    return names


def _load(store: Store, path: Path, extract: str) -> None:
    outcome = load(store, [UploadFile(path.name, path)], Options(la_code=HOME), actor="test",
                   extract=extract)
    assert outcome.ok and outcome.stored, outcome.message()
