"""Writing the demo as files: one per extract per quarter, police.uk months, reference tables.

A file's columns are its contract's (police.uk's exact header for police files), less the
authority column, which an officer chooses for the whole file when uploading.
"""

from __future__ import annotations

import csv
import math
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contracts.extracts import CATALOGUE, la_code_column
from data.demo_contexts import context_outcome_rows
from data.demo_extracts.areas import AUTHORITIES, STOCKTON, Area, build_areas
from data.demo_extracts.quarters import (
    MACE_START,
    PERIOD_END,
    PERIOD_START,
    QUARTERS,
    Quarter,
    months_between,
    quarter_of,
)
from data.demo_extracts.randomness import Pseudonyms, component_rng
from data.demo_extracts.story import AuthorityStory, Row
from data.demo_extracts.tables import geography_rows, population_rows, recommendation_rows
from data.police_files import write_police_month


@dataclass(frozen=True)
class DemoExtract:
    path: Path  # the CSV (or .geojson) written
    extract: str  # the extract type, a contract's name (contracts.extracts.CATALOGUE)
    la_code: str | None  # None for police_street_crime, whose rows carry LSOA codes
    period: str | None  # "2025/26 Q3" for quarterly files, "2025-07" for police months


def file_columns(extract: str) -> tuple[str, ...]:
    """A demo file's header: its contract's columns in order, less the authority column that
    the officer chooses for the whole file at upload (the geography lookup's own la_code,
    which describes the LSOA's authority, stays)."""
    return tuple(c.name for c in CATALOGUE[extract].columns if c != la_code_column())


# Quarterly extracts in the order an officer would load one quarter's files.
QUARTERLY_EXTRACTS = (
    "contexts", "referrals", "interventions", "reviews", "context_assessments", "context_goals",
    "mace", "disruptions", "violence_indicators", "programme_activity",
)


def write_police_months(out_dir: Path, areas: Sequence[Area], seed: int) -> list[DemoExtract]:
    """One Cleveland Police file a month covering both authorities' LSOAs, as police.uk
    hands out one file per force per month; violence eases in the last twelve months."""
    lsoas = [lsoa for area in areas for lsoa in area.lsoas]
    lsoa_tuples = [(lsoa.code, lsoa.name, lsoa.lon, lsoa.lat) for lsoa in lsoas]
    area_rows = {area.authority.code: area.authority.police_rows_per_month for area in areas}
    crime_weights, violence_weights = [], []
    for area in areas:
        total = sum(area.crime_weight.values())
        rows_share = area_rows[area.authority.code] / total
        crime_weights += [area.crime_weight[lsoa.code] * rows_share for lsoa in area.lsoas]
        violence_weights += [area.violence_weight[lsoa.code] * rows_share for lsoa in area.lsoas]
    extracts = []
    months = months_between(PERIOD_START, PERIOD_END)
    for index, month_start in enumerate(months):
        month = f"{month_start.year}-{month_start.month:02d}"
        rng = component_rng(seed, "police", month)
        season = 1 + 0.08 * math.sin(2 * math.pi * (month_start.month - 4) / 12)  # July peak
        n_rows = round(sum(area_rows.values()) * season * float(rng.lognormal(0, 0.04)))
        months_left = len(months) - index
        violence_share = 0.30 - 0.035 * max(0, 13 - months_left) / 12
        path = out_dir / "police" / month / f"{month}-cleveland-street.csv"
        write_police_month(
            path, month, lsoa_tuples, n_rows, rng, violence_share=violence_share,
            lsoa_weights=crime_weights, violence_weights=violence_weights,
        )
        extracts.append(DemoExtract(path, "police_street_crime", None, month))
    return extracts


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, extract: str, rows: Iterable[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = file_columns(extract)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row[column]) for column in columns] for row in rows)


def _row_quarter(extract: str, row: Row) -> Quarter:
    """The quarter a row is filed under: its contract's period column (a date, or the
    violence indicators' first month of the quarter)."""
    period_column = CATALOGUE[extract].period_column
    if extract == "violence_indicators":
        year, month = map(int, str(row[period_column]).split("-"))
        return quarter_of(date(year, month, 1))
    day = row[period_column]
    if not isinstance(day, date):
        raise TypeError(f"{extract} row has no date in {period_column}")
    return quarter_of(day)


def _story_rows(story: AuthorityStory) -> dict[str, list[Row]]:
    return {
        "contexts": story.context_rows(),
        "referrals": story.referral_rows(),
        "interventions": story.intervention_rows(),
        "reviews": story.review_rows(),
        "mace": story.mace_rows(),
        "disruptions": story.disruption_rows(),
        "violence_indicators": story.violence_indicator_rows(),
        "programme_activity": story.programme_rows(),
    }


def _write_quarterly(
    out_dir: Path, area: Area, rows_by_extract: Mapping[str, list[Row]]
) -> list[DemoExtract]:
    """One file per extract per quarter that has rows (so no MACE files before the hub)."""
    code = area.authority.code
    extracts = []
    for extract in QUARTERLY_EXTRACTS:
        rows_by_quarter: dict[Quarter, list[Row]] = {}
        for row in rows_by_extract[extract]:
            rows_by_quarter.setdefault(_row_quarter(extract, row), []).append(row)
        for quarter, rows in rows_by_quarter.items():
            path = out_dir / code / quarter.slug / f"{extract}_{code}_{quarter.slug}.csv"
            write_csv(path, extract, rows)
            extracts.append(DemoExtract(path, extract, code, quarter.label))
    return extracts


def _write_reference(out_dir: Path, area: Area) -> list[DemoExtract]:
    code = area.authority.code
    extracts = []
    tables = (("geography", geography_rows(area)), ("population", population_rows(area)))
    for extract, rows in tables:
        path = out_dir / code / f"{extract}_{code}.csv"
        write_csv(path, extract, rows)
        extracts.append(DemoExtract(path, extract, code, None))
    if area.boundary_file is not None:
        path = out_dir / code / area.boundary_file.name
        shutil.copyfile(area.boundary_file, path)
        extracts.append(DemoExtract(path, "boundaries", code, None))
    return extracts


REFERENCE_ORDER = ("geography", "population", "boundaries")
QUARTERLY_ORDER = (*QUARTERLY_EXTRACTS, "police_street_crime")


def _load_order(extract: DemoExtract) -> tuple:
    """Reference files first, then each quarter oldest first (authorities' extracts, then the
    force's monthly police files), then the recommendation tracker."""
    la_codes = [authority.code for authority in AUTHORITIES]
    la_rank = la_codes.index(extract.la_code) if extract.la_code else len(la_codes)
    if extract.extract in REFERENCE_ORDER:
        return (0, REFERENCE_ORDER.index(extract.extract), la_rank)
    if extract.extract == "recommendation_progress":
        return (2, la_rank)
    if extract.extract == "police_street_crime":
        year, month = map(int, str(extract.period).split("-"))
        quarter = quarter_of(date(year, month, 1))
    else:
        quarter = next(q for q in QUARTERS if q.label == extract.period)
    return (1, quarter.index, la_rank, QUARTERLY_ORDER.index(extract.extract), extract.period)


def write_demo_extracts(
    out_dir: Path, realdata_dir: Path | None = None, seed: int = 42
) -> list[DemoExtract]:
    """Writes every demo file under out_dir and returns them in a sensible load order (geography,
    population, boundaries first; then quarterly files oldest first)."""
    out_dir = Path(out_dir)
    areas = build_areas(Path(realdata_dir) if realdata_dir is not None else None, seed)
    ids = Pseudonyms(component_rng(seed, "pseudonyms"))
    # Context assessments and goals draw their own ids and numbers, leaving the rest unchanged.
    outcome_ids = Pseudonyms(component_rng(seed, "context outcome pseudonyms"))
    extracts: list[DemoExtract] = []
    for area in areas:
        code = area.authority.code
        story = AuthorityStory(area, component_rng(seed, "story", code), ids)
        rows = _story_rows(story)
        rows |= context_outcome_rows(rows, component_rng(seed, "context outcomes", code),
                                     outcome_ids.new, MACE_START, PERIOD_END)
        extracts += _write_reference(out_dir, area)
        extracts += _write_quarterly(out_dir, area, rows)
    extracts += write_police_months(out_dir, areas, seed)
    tracker = out_dir / STOCKTON.code / f"recommendation_progress_{STOCKTON.code}.csv"
    write_csv(tracker, "recommendation_progress", recommendation_rows())
    extracts.append(DemoExtract(tracker, "recommendation_progress", STOCKTON.code, None))
    return sorted(extracts, key=_load_order)
