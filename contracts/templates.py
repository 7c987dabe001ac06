"""Blank templates officers download: the header of a contract and one example row."""

from __future__ import annotations

import csv
import io
import json

from contracts.extracts import EES_FIXED_COLUMNS
from contracts.model import Contract


def template_text(contract: Contract) -> str:
    if contract.file_kind == "geojson":
        return json.dumps(_geojson_example(), indent=2) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if contract.extra_columns_expected:
        example = contract.example_row()
        writer.writerow([*EES_FIXED_COLUMNS, "characteristic", "Child_criminal_exploitation"])
        writer.writerow([*(example[name] for name in EES_FIXED_COLUMNS), "Factors", "134"])
    else:
        writer.writerow(contract.exact_header or [c.name for c in contract.columns])
        writer.writerow([c.example for c in contract.columns])
    return out.getvalue()


def template_file_name(contract: Contract) -> str:
    suffix = "geojson" if contract.file_kind == "geojson" else "csv"
    return f"template_{contract.name}.{suffix}"


def _geojson_example() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {"WD23CD": "E05001523", "WD23NM": "Example ward"},
            "geometry": {"type": "Polygon", "coordinates": [[
                [-1.32, 54.56], [-1.30, 54.56], [-1.30, 54.58], [-1.32, 54.58], [-1.32, 54.56],
            ]]},
        }],
    }
