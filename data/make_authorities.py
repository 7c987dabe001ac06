"""Regenerate data/authorities.csv, the children's services authorities of England, from DfE's
copy of the ONS mid-year population estimates (Explore Education Statistics, Open Government
Licence v3.0):

    .venv/bin/python data/make_authorities.py ../shared/realdata/dfe_ons_mid-year_population_estimates_2012_to_2024.csv

One row per authority in the file's latest year: ONS code, name, DfE's three-digit number, region,
and the ONS codes it replaced (`former_codes`, separated by ';'): an earlier code with the same
DfE number (Buckinghamshire E10000002 -> E06000060), and the reorganisations DfE's numbers do not
show, from ONS's code history (SUCCESSIONS). The file has no Welsh authorities: DfE publishes for
England only. A Welsh council adds its own through the geography lookup (LSOA -> authority).
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).with_name("authorities.csv")
COLUMNS = ("la_code", "la_name", "dfe_number", "region_code", "region_name", "former_codes")

# Reorganisations where the new authority has a new DfE number (ONS Code History Database).
SUCCESSIONS = {
    "E06000058": ("E06000028", "E06000029"),  # Bournemouth, Christchurch and Poole (2019)
    "E06000059": ("E10000009",),              # Dorset (2019)
    "E06000061": ("E10000021",),              # North Northamptonshire (2021)
    "E06000062": ("E10000021",),              # West Northamptonshire (2021)
    "E06000063": ("E10000006",),              # Cumberland (2023)
    "E06000064": ("E10000006",),              # Westmorland and Furness (2023)
}


def authorities(source: Path) -> list[dict[str, str]]:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["geographic_level"] == "Local authority"]
    latest = max(int(row["time_period"]) for row in rows)
    codes_by_number: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        codes_by_number[row["old_la_code"]].add(row["new_la_code"])
    current = {row["new_la_code"]: row for row in rows if int(row["time_period"]) == latest}
    out = []
    for code, row in sorted(current.items(), key=lambda item: item[1]["la_name"]):
        former = (codes_by_number[row["old_la_code"]] | set(SUCCESSIONS.get(code, ()))) - {code}
        out.append({
            "la_code": code, "la_name": row["la_name"], "dfe_number": row["old_la_code"],
            "region_code": row["region_code"], "region_name": row["region_name"],
            "former_codes": ";".join(sorted(former)),
        })
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    rows = authorities(Path(argv[0]))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} authorities written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
