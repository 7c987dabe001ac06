"""Authority-wide tables of the demo: population, the geography lookup, and the scrutiny
review's recommendation tracker."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from data.demo_extracts.areas import Area
from data.demo_extracts.story import Row


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` into whole numbers that add up to it."""
    exact = [total * w / sum(weights) for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def population_rows(area: Area) -> list[Row]:
    authority = area.authority
    bands = {
        "0-17": (authority.children_0_17, area.child_weight),
        "10-17": (authority.children_10_17, area.child_weight),
        "all": (authority.residents, area.resident_weight),
    }
    rows: list[Row] = []
    for year in sorted(authority.residents):
        for band, (totals, ward_weights) in bands.items():
            la_row = _population_row(authority.code, authority.name, "la", year, band, totals[year])
            rows.append(la_row)
            ward_counts = _apportion(totals[year], [ward_weights[w.code] for w in area.wards])
            for ward, count in zip(area.wards, ward_counts, strict=True):
                rows.append(_population_row(ward.code, ward.name, "ward", year, band, count))
    return rows


def _population_row(code: str, name: str, area_type: str, year: int, band: str, count: int) -> Row:
    return {
        "area_code": code, "area_name": name, "area_type": area_type, "year": year,
        "age_band": band, "population": count,
    }


def geography_rows(area: Area) -> list[Row]:
    ward_names = {w.code: w.name for w in area.wards}
    return [
        {
            "lsoa_code": lsoa.code, "lsoa_name": lsoa.name, "ward_code": lsoa.ward_code,
            "ward_name": ward_names[lsoa.ward_code], "la_code": area.authority.code,
            "la_name": area.authority.name,
        }
        for lsoa in area.lsoas
    ]


RECOMMENDATION_ASSESSMENT_DATES = (
    date(2024, 3, 15), date(2024, 9, 20), date(2025, 3, 14), date(2025, 9, 19), date(2026, 3, 13),
)
# Stockton's scrutiny review: what each recommendation asks for, who leads it, and its progress
# (1 fully achieved, 2 on track, 3 slipped, 4 not achieved) at each monitoring point.
RECOMMENDATIONS = (
    ("a strategic partnership approach", "Director of Children's Services", (2, 2, 1, 1, 1)),
    (
        "a shared definition of child criminal exploitation",
        "HSSCP Business Manager",
        (3, 2, 2, 1, 1),
    ),
    (
        "outcome measures for interventions",
        "Head of Performance and Business Intelligence",
        (4, 3, 2, 2, 1),
    ),
    ("the schools awareness programme", "Education Improvement Manager", (2, 2, 2, 2, 1)),
    ("staff training in Children's Services", "Workforce Development Manager", (3, 2, 2, 1, 1)),
    ("awareness raising for partners and Members", "Community Safety Manager", (3, 3, 2, 2, 1)),
    ("the community guardian programme", "Community Safety Manager", (4, 4, 3, 2, 2)),
    ("MACE hub capacity", "MACE Hub Manager", (2, 1, 1, 1, 1)),
    (
        "the option appraisal for assessment and direct work",
        "Assistant Director, Children's Social Care",
        (4, 3, 3, 2, 2),
    ),
)
PROGRESS_COMMENTARY = {
    1: "Fully achieved: {topic} in place and reported to the partnership.",
    2: "On track: work on {topic} is progressing as planned.",
    3: "Slipped: {topic} delayed; a revised timescale has been agreed.",
    4: "Not achieved: work on {topic} has not yet started.",
}


def recommendation_rows() -> list[Row]:
    rows: list[Row] = []
    for assessed_index, assessed_on in enumerate(RECOMMENDATION_ASSESSMENT_DATES):
        for number, (topic, lead, progress) in enumerate(RECOMMENDATIONS, start=1):
            level = progress[assessed_index]
            rows.append({
                "recommendation": number, "assessed_on": assessed_on, "progress": level,
                "commentary": PROGRESS_COMMENTARY[level].format(topic=topic), "lead": lead,
            })
    return rows
