"""Seeded demo extracts for two authorities, written exactly as officers would upload them.

`write_demo_extracts` writes CSV files in the formats of shared/spec/extracts.md for
Stockton-on-Tees (E06000004) and Hartlepool (E06000001) over twelve financial quarters,
2023/24 Q3 to 2026/27 Q2 (1 October 2023 to 30 September 2026; fixed dates, never relative to
today). Quarterly extracts come as one file per authority per quarter, police.uk files as one
file per month for the whole force, so loading them in order replays an officer's uploads.

The numbers follow the "Calibrating the demo store" figures: about 400 extra-familial harm
referrals a year in Stockton and 200 in Hartlepool, about 28% of them re-referrals within
12 months, mid-year populations from ONS (Stockton 0-17 in 2024: 45,079). They also tell one
story, so that the charts have something to find: the MACE hub starts in 2024/25 Q1, after
which more contexts are assessed and reviewed, their risk falls more often, the contextual
share of interventions rises from about 15% to 45%, disruptions rise, and more referrals name
a context (35% rising to 60%). Police-recorded violence drifts down in the last year and is
concentrated in a few town-centre LSOAs so that a top-10 ranking means something.

Conventions worth knowing when reading the files:
- Every file is written as it would be exported at the end of the period (30 September 2026),
  so an intervention in an early quarter's file may carry a later end date and status.
- A quarterly extract with no rows is not written, so there are no MACE files before the hub
  starts. Recommendation progress belongs to Stockton's own scrutiny review: one file for
  Stockton holding every monitoring point (its rows fall in five different quarters).
- violence_indicators give each financial quarter's `period` as its first month (`2025-10` for
  2025/26 Q3), because "2025-Q3" would be read as a calendar quarter by some and a financial
  quarter by others.
- Identifiers are random pseudonyms (`C-7F3A91` children, `R-` referrals, `CX-` contexts,
  `I-` interventions, `RV-` reviews, `M-` MACE discussions, `P-` persons of concern, `D-`
  disruptions, `A-` programme activities; `SCH-014`-style organisation numbers).
- Geography: with the real boundary files Stockton's LSOAs and wards are the real 2011 LSOAs
  and 2013 wards, each LSOA placed in the ward that contains its centroid. Without them,
  Stockton keeps its real ward codes and names but gets made-up LSOAs (E01019xxx), and
  Hartlepool always has made-up LSOAs and ward codes (its 2012 ward names are real). Made-up
  codes may belong to real areas elsewhere in England: never join them to ONS lookups.
"""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

import numpy as np

from data.demo_contexts import context_outcome_rows
from data.police_files import write_police_month


@dataclass(frozen=True)
class DemoExtract:
    path: Path  # the CSV (or .geojson) written
    extract: str  # the extract type, a key of EXTRACT_COLUMNS or "boundaries"
    la_code: str | None  # None for police_street_crime, whose rows carry LSOA codes
    period: str | None  # "2025/26 Q3" for quarterly files, "2025-07" for police months


EXTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "referrals": (
        "referral_id", "child_id", "referral_date", "source", "harm_types", "age", "sex",
        "ethnicity", "ward_code", "outcome", "context_ids",
    ),
    "contexts": (
        "context_id", "context_type", "identified_date", "ward_code", "lsoa_code", "label",
        "lead_agency",
    ),
    "interventions": (
        "intervention_id", "target_level", "target_id", "intervention_type", "lead_agency",
        "start_date", "end_date", "status",
    ),
    "reviews": ("review_id", "subject_level", "subject_id", "review_date", "risk_level", "tool"),
    "mace": (
        "discussion_id", "meeting_date", "subject_level", "subject_id", "discussion", "actions",
        "closed",
    ),
    "disruptions": ("disruption_id", "date", "type", "subject_id", "lead_agency"),
    "police_street_crime": (
        "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
        "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
    ),
    "violence_indicators": ("period", "area_code", "indicator", "value", "source"),
    "programme_activity": (
        "activity_id", "date", "programme", "organisation_type", "organisation_id", "sessions",
        "participants",
    ),
    "population": ("area_code", "area_name", "area_type", "year", "age_band", "population"),
    "geography": ("lsoa_code", "lsoa_name", "ward_code", "ward_name", "la_code", "la_name"),
    "recommendation_progress": ("recommendation", "assessed_on", "progress", "commentary", "lead"),
    "context_assessments": (
        "assessment_id", "context_id", "assessment_date", "domain", "indicator", "score", "method",
        "respondents",
    ),
    "context_goals": (
        "goal_id", "context_id", "domain", "goal", "set_date", "baseline_score", "target_score",
        "status", "closed_date", "lead_agency",
    ),
}

# Quarterly extracts in the order an officer would load one quarter's files.
QUARTERLY_EXTRACTS = (
    "contexts", "referrals", "interventions", "reviews", "context_assessments", "context_goals",
    "mace", "disruptions", "violence_indicators", "programme_activity",
)

PERIOD_START = date(2023, 10, 1)
PERIOD_END = date(2026, 9, 30)
MACE_START = date(2024, 4, 1)
REAL_LSOA_FILE = "stockton_lsoa2011_E06000004.geojson"
REAL_WARD_FILE = "stockton_wards_E06000004_pre2019.geojson"


# --- Calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quarter:
    index: int  # 0 for the first demo quarter
    fiscal_year: int  # 2025 for 2025/26
    number: int  # 1 = April-June

    @property
    def label(self) -> str:
        return f"{self.fiscal_year}/{(self.fiscal_year + 1) % 100:02d} Q{self.number}"

    @property
    def slug(self) -> str:
        return self.label.replace("/", "-").replace(" ", "-")

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)  # 13 is January of the next calendar year
        return date(self.fiscal_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        return _month_end(self.start + timedelta(days=62))

    @property
    def first_month(self) -> str:
        """`YYYY-MM` of the quarter's first month, the unambiguous way to name it in a file."""
        return f"{self.start.year}-{self.start.month:02d}"


def _next_quarter(fiscal_year: int, number: int) -> tuple[int, int]:
    return (fiscal_year, number + 1) if number < 4 else (fiscal_year + 1, 1)


def _demo_quarters() -> tuple[Quarter, ...]:
    quarters, fiscal_year, number = [], 2023, 3
    while len(quarters) < 12:
        quarters.append(Quarter(len(quarters), fiscal_year, number))
        fiscal_year, number = _next_quarter(fiscal_year, number)
    return tuple(quarters)


QUARTERS = _demo_quarters()
MACE_QUARTER = next(q.index for q in QUARTERS if q.start == MACE_START)


def quarter_of(day: date) -> Quarter:
    return next(q for q in QUARTERS if q.start <= day <= q.end)


def mace_maturity(quarter: Quarter) -> float:
    """0 before the MACE hub, then rising by a fifth a quarter to 1 (fully embedded)."""
    if quarter.index < MACE_QUARTER:
        return 0.0
    return min(1.0, (quarter.index - MACE_QUARTER + 1) / 5)


def contextual_share_target(quarter: Quarter) -> float:
    return 0.15 + 0.30 * mace_maturity(quarter)


def period_progress(day: date) -> float:
    """How far through the demo period `day` is, 0 at the start and 1 at the end."""
    span = (PERIOD_END - PERIOD_START).days
    return min(1.0, max(0.0, (day - PERIOD_START).days / span))


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _months_between(first: date, last: date) -> list[date]:
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = _month_end(day) + timedelta(days=1)
    return months


# --- Authorities and geography -------------------------------------------------------------

WardSeed = tuple[str, str, float, float]  # code, name, approximate centroid lon, lat

# The 26 wards of 2013-2019 (ONS WD13), with centroids taken from the public boundary file.
STOCKTON_WARDS: tuple[WardSeed, ...] = (
    ("E05001527", "Billingham Central", -1.2941, 54.6096),
    ("E05001528", "Billingham East", -1.2442, 54.6193),
    ("E05001529", "Billingham North", -1.2839, 54.6227),
    ("E05001530", "Billingham South", -1.2396, 54.5972),
    ("E05001531", "Billingham West", -1.3052, 54.6047),
    ("E05001532", "Bishopsgarth and Elm Tree", -1.3633, 54.5769),
    ("E05001533", "Eaglescliffe", -1.3764, 54.5141),
    ("E05001534", "Fairfield", -1.3589, 54.5648),
    ("E05001535", "Grangefield", -1.3387, 54.5652),
    ("E05001536", "Hardwick", -1.3550, 54.5849),
    ("E05001537", "Hartburn", -1.3623, 54.5592),
    ("E05001538", "Ingleby Barwick East", -1.2867, 54.5069),
    ("E05001539", "Ingleby Barwick West", -1.3238, 54.5172),
    ("E05001540", "Mandale and Victoria", -1.2944, 54.5546),
    ("E05001541", "Newtown", -1.3288, 54.5717),
    ("E05001542", "Northern Parishes", -1.3527, 54.6202),
    ("E05001543", "Norton North", -1.3121, 54.5887),
    ("E05001544", "Norton South", -1.2915, 54.5781),
    ("E05001545", "Norton West", -1.3244, 54.5983),
    ("E05001546", "Parkfield and Oxbridge", -1.3238, 54.5469),
    ("E05001547", "Roseworth", -1.3388, 54.5880),
    ("E05001548", "Stainsby Hill", -1.2867, 54.5322),
    ("E05001549", "Stockton Town Centre", -1.2991, 54.5668),
    ("E05001550", "Village", -1.3041, 54.5351),
    ("E05001551", "Western Parishes", -1.4098, 54.5748),
    ("E05001552", "Yarm", -1.3300, 54.4883),
)

# Hartlepool's eleven 2012-2019 ward names at approximate positions; the codes are made up.
HARTLEPOOL_WARDS: tuple[WardSeed, ...] = (
    ("E05009901", "Burn Valley", -1.2250, 54.6770),
    ("E05009902", "De Bruce", -1.2150, 54.7000),
    ("E05009903", "Fens and Rossmere", -1.2300, 54.6650),
    ("E05009904", "Foggy Furze", -1.2050, 54.6730),
    ("E05009905", "Hart", -1.2500, 54.7100),
    ("E05009906", "Headland and Harbour", -1.1850, 54.6950),
    ("E05009907", "Jesmond", -1.2250, 54.6900),
    ("E05009908", "Manor House", -1.2450, 54.6750),
    ("E05009909", "Rural West", -1.2900, 54.6800),
    ("E05009910", "Seaton", -1.1900, 54.6550),
    ("E05009911", "Victoria", -1.2100, 54.6850),
)


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    size: float  # scales activity volumes relative to Stockton
    referrals_per_year: float
    children_0_17: Mapping[int, int]
    children_10_17: Mapping[int, int]
    residents: Mapping[int, int]
    ethnicity_shares: Mapping[str, float]
    ward_seeds: tuple[WardSeed, ...]
    synthetic_lsoas: int
    first_synthetic_lsoa: int  # E01 number of the first made-up LSOA
    hotspot_wards: tuple[str, ...]  # most violent first: the town centre
    police_rows_per_month: int
    school_numbers: range
    team_numbers: range
    partner_numbers: range
    council_id: str
    mace_weekday: int  # Monday = 0; the panel meets on the second such day of each month

    def organisations(self, organisation_type: str) -> list[str]:
        """Pseudonymous organisation numbers; the ranges keep the two authorities apart."""
        prefix, numbers, digits = {
            "school": ("SCH", self.school_numbers, 3),
            "team": ("TEAM", self.team_numbers, 2),
            "partner": ("PTR", self.partner_numbers, 2),
        }[organisation_type]
        return [f"{prefix}-{number:0{digits}d}" for number in numbers]


STOCKTON = Authority(
    code="E06000004",
    name="Stockton-on-Tees",
    size=1.0,
    referrals_per_year=400,
    children_0_17={2023: 44466, 2024: 45079, 2025: 45390, 2026: 45610},
    children_10_17={2023: 20480, 2024: 20860, 2025: 21090, 2026: 21240},
    residents={2023: 199650, 2024: 201100, 2025: 202000, 2026: 202800},
    ethnicity_shares={
        "White": 0.83, "Mixed": 0.04, "Asian or Asian British": 0.05,
        "Black or Black British": 0.025, "Other ethnic groups": 0.01, "Refused": 0.01,
        "Information not yet obtained": 0.035,
    },
    ward_seeds=STOCKTON_WARDS,
    synthetic_lsoas=120,
    first_synthetic_lsoa=19001,
    hotspot_wards=(
        "Stockton Town Centre", "Newtown", "Mandale and Victoria", "Parkfield and Oxbridge",
        "Billingham Central",
    ),
    police_rows_per_month=2000,
    school_numbers=range(1, 61),
    team_numbers=range(1, 15),
    partner_numbers=range(1, 16),
    council_id="CNL-01",
    mace_weekday=1,
)

HARTLEPOOL = Authority(
    code="E06000001",
    name="Hartlepool",
    size=0.5,
    referrals_per_year=200,
    children_0_17={2023: 20541, 2024: 21090, 2025: 21240, 2026: 21350},
    children_10_17={2023: 9520, 2024: 9790, 2025: 9890, 2026: 9960},
    residents={2023: 92900, 2024: 93600, 2025: 94000, 2026: 94300},
    ethnicity_shares={
        "White": 0.91, "Mixed": 0.025, "Asian or Asian British": 0.02,
        "Black or Black British": 0.01, "Other ethnic groups": 0.005, "Refused": 0.005,
        "Information not yet obtained": 0.025,
    },
    ward_seeds=HARTLEPOOL_WARDS,
    synthetic_lsoas=58,
    first_synthetic_lsoa=19501,
    hotspot_wards=("Victoria", "Headland and Harbour", "Jesmond", "Burn Valley"),
    police_rows_per_month=1000,
    school_numbers=range(61, 96),
    team_numbers=range(15, 25),
    partner_numbers=range(16, 27),
    council_id="CNL-02",
    mace_weekday=3,
)

AUTHORITIES = (STOCKTON, HARTLEPOOL)


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Lsoa:
    code: str
    name: str
    ward_code: str
    lon: float
    lat: float


@dataclass
class Area:
    """One authority's wards and LSOAs, with the weights that place people and crime."""

    authority: Authority
    wards: list[Ward]
    lsoas: list[Lsoa]
    boundary_file: Path | None = None
    crime_weight: dict[str, float] = field(default_factory=dict)  # by LSOA code
    violence_weight: dict[str, float] = field(default_factory=dict)  # by LSOA code
    child_weight: dict[str, float] = field(default_factory=dict)  # by ward code
    resident_weight: dict[str, float] = field(default_factory=dict)  # by ward code

    def ward_lsoa_counts(self) -> dict[str, int]:
        counts = dict.fromkeys((w.code for w in self.wards), 0)
        for lsoa in self.lsoas:
            counts[lsoa.ward_code] += 1
        return counts

    def hotspot_ward_codes(self) -> list[str]:
        by_name = {w.name: w.code for w in self.wards}
        return [by_name[name] for name in self.authority.hotspot_wards if name in by_name]


Polygon = list[list[list[float]]]  # outer ring, then holes; each ring a list of [lon, lat]


def _polygons(geometry: Mapping) -> list[Polygon]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"unsupported geometry type {geometry['type']!r}")


def _point_in_ring(lon: float, lat: float, ring: Sequence[Sequence[float]]) -> bool:
    """Even-odd ray casting: count ring edges crossed by a ray running east from the point."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def point_in_polygons(lon: float, lat: float, polygons: Iterable[Polygon]) -> bool:
    return any(
        _point_in_ring(lon, lat, polygon[0])
        and not any(_point_in_ring(lon, lat, hole) for hole in polygon[1:])
        for polygon in polygons
    )


def polygons_centroid(polygons: Sequence[Polygon]) -> tuple[float, float]:
    """Area-weighted centroid of the outer rings (shoelace formula); holes are ignored."""
    total_area = total_x = total_y = 0.0
    for polygon in polygons:
        ring = polygon[0]
        for (x1, y1), (x2, y2) in zip(ring, list(ring[1:]) + [ring[0]], strict=True):
            cross = x1 * y2 - x2 * y1
            total_area += cross
            total_x += (x1 + x2) * cross
            total_y += (y1 + y2) * cross
    if total_area == 0:
        points = [point for polygon in polygons for point in polygon[0]]
        return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
    return total_x / (3 * total_area), total_y / (3 * total_area)


def _real_stockton_area(realdata_dir: Path) -> Area:
    ward_file = realdata_dir / REAL_WARD_FILE
    ward_shapes = [
        (feature["properties"], _polygons(feature["geometry"]))
        for feature in json.loads(ward_file.read_text(encoding="utf-8"))["features"]
    ]
    wards = sorted(
        (Ward(props["WD13CD"], props["WD13NM"], *polygons_centroid(shape))
         for props, shape in ward_shapes),
        key=lambda w: w.code,
    )
    lsoa_features = json.loads((realdata_dir / REAL_LSOA_FILE).read_text(encoding="utf-8"))
    lsoas = []
    for feature in lsoa_features["features"]:
        lon, lat = polygons_centroid(_polygons(feature["geometry"]))
        ward_code = _ward_containing(lon, lat, ward_shapes, wards)
        props = feature["properties"]
        lsoas.append(Lsoa(props["LSOA11CD"], props["LSOA11NM"], ward_code, lon, lat))
    lsoas.sort(key=lambda lsoa: lsoa.code)
    return Area(STOCKTON, wards, lsoas, boundary_file=ward_file)


def _ward_containing(
    lon: float, lat: float, ward_shapes: list[tuple[Mapping, list[Polygon]]], wards: list[Ward]
) -> str:
    for props, shape in ward_shapes:
        if point_in_polygons(lon, lat, shape):
            return props["WD13CD"]
    nearest = min(wards, key=lambda w: (w.lon - lon) ** 2 + (w.lat - lat) ** 2)
    return nearest.code


def _synthetic_area(authority: Authority, rng: np.random.Generator) -> Area:
    """Made-up LSOAs scattered around the ward centroids, named by MSOA like ONS does."""
    wards = [Ward(*seed) for seed in authority.ward_seeds]
    per_ward = np.full(len(wards), authority.synthetic_lsoas // len(wards))
    extra = authority.synthetic_lsoas - int(per_ward.sum())
    per_ward[rng.choice(len(wards), size=extra, replace=False)] += 1
    lsoas = []
    for ward, count in zip(wards, per_ward.tolist(), strict=True):
        for _ in range(count):
            number = len(lsoas)
            msoa, letter = divmod(number, 4)
            lsoas.append(
                Lsoa(
                    code=f"E01{authority.first_synthetic_lsoa + number:06d}",
                    name=f"{authority.name} {msoa + 1:03d}{'ABCD'[letter]}",
                    ward_code=ward.code,
                    lon=round(ward.lon + float(rng.normal(0, 0.007)), 6),
                    lat=round(ward.lat + float(rng.normal(0, 0.004)), 6),
                )
            )
    return Area(authority, wards, lsoas)


def _weight_area(area: Area, rng: np.random.Generator) -> None:
    """Where people live and where crime happens: hotspot wards are busier and more violent,
    the town-centre ward most of all."""
    hotspots = area.hotspot_ward_codes()
    town_centre = hotspots[:1]
    for lsoa in area.lsoas:
        busy = float(rng.lognormal(0, 0.35)) * (1.8 if lsoa.ward_code in hotspots else 1.0)
        area.crime_weight[lsoa.code] = busy
        violent = 2.5 if lsoa.ward_code in hotspots else 1.0
        violent *= 1.8 if lsoa.ward_code in town_centre else 1.0
        area.violence_weight[lsoa.code] = busy * violent
    counts = area.ward_lsoa_counts()
    for ward in area.wards:
        lsoa_count = max(counts[ward.code], 1)
        deprivation = 1.3 if ward.code in hotspots else 1.0
        area.child_weight[ward.code] = lsoa_count * deprivation * float(rng.lognormal(0, 0.15))
        area.resident_weight[ward.code] = lsoa_count * float(rng.lognormal(0, 0.1))


def build_areas(realdata_dir: Path | None, seed: int) -> list[Area]:
    areas = []
    for authority in AUTHORITIES:
        rng = _component_rng(seed, "geography", authority.code)
        real = (
            authority is STOCKTON
            and realdata_dir is not None
            and (realdata_dir / REAL_LSOA_FILE).is_file()
            and (realdata_dir / REAL_WARD_FILE).is_file()
        )
        area = _real_stockton_area(realdata_dir) if real else _synthetic_area(authority, rng)
        _weight_area(area, rng)
        areas.append(area)
    return areas


# --- Random helpers ------------------------------------------------------------------------

K = TypeVar("K")
T = TypeVar("T")


def _component_rng(seed: int, *names: str) -> np.random.Generator:
    """An independent stream per part of the demo, so changing one part leaves the rest be."""
    return np.random.default_rng([seed, *(zlib.crc32(name.encode()) for name in names)])


def _pick(rng: np.random.Generator, shares: Mapping[K, float]) -> K:
    keys = list(shares)
    weights = np.array(list(shares.values()), dtype=float)
    return keys[int(rng.choice(len(keys), p=weights / weights.sum()))]


def _pick_item(
    rng: np.random.Generator, items: Sequence[T], weights: Sequence[float] | None = None
) -> T:
    if weights is None:
        return items[int(rng.integers(len(items)))]
    p = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=p / p.sum()))]


def _random_day(rng: np.random.Generator, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))


class Pseudonyms:
    """Unique random ids like C-7F3A91: six hex digits after a prefix that names the kind.

    Ids holding a digit followed by two letters are skipped: "R-BB82FC" reads as the postcode
    BB8 2FC, and a loader that refuses postcodes in a file would refuse the whole extract.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def new(self, prefix: str) -> str:
        while True:
            value = f"{prefix}-{int(self._rng.integers(0, 16**6)):06X}"
            if value not in self._used and not POSTCODE_INWARD_CODE.search(value):
                self._used.add(value)
                return value


POSTCODE_INWARD_CODE = re.compile(r"[0-9][A-Z]{2}")


# --- The story of one authority ------------------------------------------------------------

HARM_TYPES = (
    "cce", "cse", "county_lines", "serious_youth_violence", "peer_on_peer_abuse", "online_harm",
    "missing", "trafficking_modern_slavery", "radicalisation", "other",
)
HARM_SHARES_MALE = {
    "cce": 0.30, "serious_youth_violence": 0.22, "county_lines": 0.14, "missing": 0.13,
    "cse": 0.04, "peer_on_peer_abuse": 0.05, "online_harm": 0.04,
    "trafficking_modern_slavery": 0.02, "radicalisation": 0.02, "other": 0.04,
}
HARM_SHARES_FEMALE = {
    "cse": 0.30, "missing": 0.24, "cce": 0.12, "peer_on_peer_abuse": 0.10, "online_harm": 0.10,
    "serious_youth_violence": 0.05, "county_lines": 0.04, "trafficking_modern_slavery": 0.02,
    "radicalisation": 0.005, "other": 0.025,
}
# Harms that are often recorded together with the primary one.
CO_OCCURRING_HARMS = {
    "cce": ("missing", "county_lines"),
    "county_lines": ("cce", "missing"),
    "cse": ("missing", "online_harm"),
    "missing": ("cse", "cce"),
    "serious_youth_violence": ("cce", "peer_on_peer_abuse"),
    "peer_on_peer_abuse": ("online_harm",),
    "online_harm": ("cse",),
    "trafficking_modern_slavery": ("county_lines", "cce"),
}
SOURCE_SHARES = {
    "police": 0.38, "schools": 0.20, "LA services": 0.14, "health": 0.09, "individual": 0.06,
    "education services": 0.03, "other legal agency": 0.03, "housing": 0.015, "other": 0.03,
    "anonymous": 0.015, "unknown": 0.01,
}
SEX_SHARES = {"male": 0.58, "female": 0.40, "other": 0.005, "unknown": 0.015}
AGE_SHARES = {
    8: 0.5, 9: 1, 10: 3, 11: 5, 12: 8, 13: 12, 14: 16, 15: 18, 16: 16, 17: 11, 18: 3, 19: 2,
    20: 1.5, 21: 1, 22: 0.7, 23: 0.5, 24: 0.3, 25: 0.2,
}
OUTCOME_SHARES_BEFORE_MACE = {
    "no_further_action": 0.13, "information_advice": 0.11, "early_help": 0.19,
    "assessment": 0.33, "strategy_discussion": 0.12, "section_47": 0.08, "other": 0.04,
}
MACE_REFERRAL_SHARE = 0.14
SUPPORT_OUTCOMES = frozenset(
    {"early_help", "assessment", "strategy_discussion", "section_47", "mace_referral"}
)
REVIEWED_OUTCOMES = frozenset({"assessment", "strategy_discussion", "section_47", "mace_referral"})
MACE_HARMS = frozenset({"cce", "county_lines", "cse", "trafficking_modern_slavery"})

# Share of referrals followed by another referral of the same child; with gaps mostly under a
# year this gives DfE-style re-referrals within 12 months of about 28%.
RE_REFERRAL_CONTINUATION = 0.33
WARM_UP_START = date(2022, 10, 1)  # children referred before the demo period still recur in it

CONTEXT_TYPE_SHARES = {
    "peer_group": 0.35, "location": 0.30, "school": 0.12, "business": 0.10, "online": 0.08,
    "other": 0.05,
}
CONTEXT_LABELS = {
    "peer_group": (
        "group of young people meeting in local park", "older peer group linked to drug supply",
        "peer group associated with youth violence", "mixed-age group gathering near shops",
        "peer group linked to missing episodes",
    ),
    "location": (
        "retail park car park", "bus station concourse", "park and play area",
        "underpass near local shops", "riverside footpath", "recreation ground",
        "shopping parade", "railway station approach", "multi-storey car park",
        "alleyway behind shops",
    ),
    "school": (
        "secondary school", "pupil referral unit", "further education college",
        "alternative provision", "secondary academy year group",
    ),
    "business": (
        "takeaway", "convenience store", "short-let accommodation", "taxi operator",
        "vape shop", "hotel", "hand car wash", "barber shop",
    ),
    "online": (
        "social media group chat", "online gaming group", "messaging app drug line",
        "image sharing among peers",
    ),
    "other": ("youth club", "sports club", "community centre", "supported accommodation"),
}
CONTEXT_LEADS = {
    "peer_group": ("Children's Services", "Youth Justice Service", "Cleveland Police"),
    "location": ("Community Safety", "Cleveland Police"),
    "school": ("Education",),
    "business": ("Licensing", "Cleveland Police"),
    "online": ("Cleveland Police",),
    "other": ("Community Safety",),
}
OPEN_CONTEXTS_AT_START = 6  # for Stockton; scaled by authority size
PLACED_CONTEXTS = frozenset({"location", "business", "school"})  # these carry an LSOA

CONTEXT_TARGET_LEVEL = {
    "peer_group": "peer_group", "school": "school", "location": "location", "online": "online",
    "business": "business", "other": "community",
}
INTERVENTION_TYPE_SHARES = {
    "child": {
        "mentoring": 0.35, "safety_planning": 0.35, "detached_youth_work": 0.10, "cawn": 0.05,
        "other": 0.15,
    },
    "family": {"safety_planning": 0.65, "other": 0.35},
    "peer_group": {
        "detached_youth_work": 0.45, "mentoring": 0.25, "safety_planning": 0.20, "other": 0.10,
    },
    "school": {"school_assembly": 0.60, "safety_planning": 0.20, "other": 0.20},
    "location": {
        "cctv_lighting": 0.30, "environmental_design": 0.25, "detached_youth_work": 0.25,
        "guardianship": 0.20,
    },
    "online": {"other": 0.60, "safety_planning": 0.40},
    "business": {
        "licensing_action": 0.45, "closure_order": 0.20, "guardianship": 0.20, "other": 0.15,
    },
    "community": {"guardianship": 0.50, "detached_youth_work": 0.30, "environmental_design": 0.20},
}
INTERVENTION_LEADS = {
    "mentoring": ("Help and Support", "Youth Justice Service"),
    "safety_planning": ("Children's Services", "Help and Support"),
    "detached_youth_work": ("Community Safety", "Help and Support"),
    "guardianship": ("Community Safety",),
    "environmental_design": ("Community Safety",),
    "cctv_lighting": ("Community Safety",),
    "school_assembly": ("Education", "Cleveland Police"),
    "licensing_action": ("Licensing",),
    "cawn": ("Cleveland Police",),
    "closure_order": ("Cleveland Police",),
    "other": ("Children's Services", "Community Safety"),
}
DISRUPTION_SHARES = {
    "arrest": 0.30, "charge": 0.15, "drugs_seizure": 0.15, "nrm_referral": 0.10,
    "weapon_seizure": 0.08, "cawn": 0.08, "warrant": 0.08, "closure_order": 0.03, "other": 0.03,
}
FIRST_RISK_CHILD = {1: 0.08, 2: 0.37, 3: 0.40, 4: 0.15}
FIRST_RISK_CONTEXT = {1: 0.05, 2: 0.30, 3: 0.45, 4: 0.20}
REVIEW_COUNT_SHARES = {
    "child": (0.35, 0.30, 0.20, 0.15),
    "context_before_mace": (0.60, 0.25, 0.10, 0.05),
    "context_after_mace": (0.20, 0.35, 0.28, 0.17),
}
# Chance that risk goes (down, stays, up) between reviews.
RISK_STEP = {
    "child": (0.35, 0.50, 0.15),
    "context_before_mace": (0.20, 0.55, 0.25),
    "context_after_mace": (0.50, 0.42, 0.08),
}
REVIEW_TOOLS = {"child": "exploitation risk assessment", "context": "context assessment"}


@dataclass(frozen=True)
class Child:
    child_id: str
    sex: str
    ethnicity: str
    ward_code: str
    age_days_at_first: int
    first_referred: date
    primary_harm: str

    def age_on(self, day: date) -> int:
        return min(25, (self.age_days_at_first + (day - self.first_referred).days) // 365)


@dataclass(frozen=True)
class Context:
    context_id: str
    context_type: str
    identified: date
    ward_code: str | None
    lsoa_code: str | None
    label: str
    lead_agency: str


@dataclass(frozen=True)
class Referral:
    referral_id: str
    child: Child
    day: date
    source: str
    harms: tuple[str, ...]
    outcome: str
    context_ids: tuple[str, ...]


Row = dict[str, object]


class AuthorityStory:
    """Simulates one authority's three years; each method returns one extract's rows."""

    def __init__(self, area: Area, rng: np.random.Generator, ids: Pseudonyms) -> None:
        self.area = area
        self.authority = area.authority
        self.rng = rng
        self.ids = ids
        self.contexts = self._simulate_contexts()
        self.referrals = self._simulate_referrals()
        # id -> first MACE discussion; filled by mace_rows, so call it before disruption_rows
        self.persons_of_concern: dict[str, date] = {}

    # contexts

    def _simulate_contexts(self) -> list[Context]:
        """Contexts open when recording began are entered in its first fortnight; then a few
        a quarter, many more once the MACE hub is running."""
        first_fortnight = PERIOD_START + timedelta(days=13)
        contexts = [
            self._new_context(_random_day(self.rng, PERIOD_START, first_fortnight))
            for _ in range(round(OPEN_CONTEXTS_AT_START * self.authority.size))
        ]
        for quarter in QUARTERS:
            expected = self.authority.size * (8 + 20 * mace_maturity(quarter))
            for _ in range(int(self.rng.poisson(expected))):
                identified = _random_day(self.rng, quarter.start, quarter.end)
                contexts.append(self._new_context(identified))
        return sorted(contexts, key=lambda c: (c.identified, c.context_id))

    def _new_context(self, identified: date) -> Context:
        context_type = _pick(self.rng, CONTEXT_TYPE_SHARES)
        lsoa_code = ward_code = None
        if context_type in PLACED_CONTEXTS:
            lsoa = self._context_lsoa(mace_maturity(quarter_of(identified)))
            lsoa_code, ward_code = lsoa.code, lsoa.ward_code
        elif context_type != "online":
            ward_code = self._child_ward()
        return Context(
            context_id=self.ids.new("CX"),
            context_type=context_type,
            identified=identified,
            ward_code=ward_code,
            lsoa_code=lsoa_code,
            label=_pick_item(self.rng, CONTEXT_LABELS[context_type]),
            lead_agency=_pick_item(self.rng, CONTEXT_LEADS[context_type]),
        )

    def _context_lsoa(self, maturity: float) -> Lsoa:
        """Before MACE places are picked much like crime in general; as the hub matures they
        follow police-recorded violence, so the hotspots are reached."""
        weights = [
            self.area.crime_weight[lsoa.code] ** (1 - maturity)
            * self.area.violence_weight[lsoa.code] ** maturity
            for lsoa in self.area.lsoas
        ]
        return _pick_item(self.rng, self.area.lsoas, weights)

    def _child_ward(self) -> str:
        wards = list(self.area.child_weight)
        return _pick_item(self.rng, wards, list(self.area.child_weight.values()))

    # referrals

    def _simulate_referrals(self) -> list[Referral]:
        referrals_per_month = self.authority.referrals_per_year / 12
        new_children_per_month = referrals_per_month * (1 - RE_REFERRAL_CONTINUATION)
        referrals = []
        for month in _months_between(WARM_UP_START, PERIOD_END):
            trend = 0.92 + 0.16 * period_progress(month)
            for _ in range(int(self.rng.poisson(new_children_per_month * trend))):
                first_day = _random_day(self.rng, month, _month_end(month))
                referrals.extend(self._child_referrals(first_day))
        return sorted(referrals, key=lambda r: (r.day, r.referral_id))

    def _child_referrals(self, first_day: date) -> list[Referral]:
        child = self._new_child(first_day)
        days = [first_day]
        while self.rng.random() < RE_REFERRAL_CONTINUATION:
            gap = max(14, int(self.rng.lognormal(math.log(120), 0.9)))
            days.append(days[-1] + timedelta(days=gap))
        return [
            self._referral(child, day) for day in days if PERIOD_START <= day <= PERIOD_END
        ]

    def _new_child(self, first_day: date) -> Child:
        sex = _pick(self.rng, SEX_SHARES)
        age = _pick(self.rng, AGE_SHARES)
        harm_shares = HARM_SHARES_FEMALE if sex == "female" else HARM_SHARES_MALE
        return Child(
            child_id=self.ids.new("C"),
            sex=sex,
            ethnicity=_pick(self.rng, self.authority.ethnicity_shares),
            ward_code=self._child_ward(),
            age_days_at_first=age * 365 + int(self.rng.integers(0, 365)),
            first_referred=first_day,
            primary_harm=_pick(self.rng, harm_shares),
        )

    def _referral(self, child: Child, day: date) -> Referral:
        return Referral(
            referral_id=self.ids.new("R"),
            child=child,
            day=day,
            source=_pick(self.rng, SOURCE_SHARES),
            harms=self._harms(child),
            outcome=self._outcome(day),
            context_ids=self._named_contexts(child, day),
        )

    def _harms(self, child: Child) -> tuple[str, ...]:
        harm_shares = HARM_SHARES_FEMALE if child.sex == "female" else HARM_SHARES_MALE
        primary = child.primary_harm if self.rng.random() < 0.7 else _pick(self.rng, harm_shares)
        harms = {primary}
        if primary in CO_OCCURRING_HARMS and self.rng.random() < 0.4:
            harms.add(_pick_item(self.rng, CO_OCCURRING_HARMS[primary]))
        return tuple(h for h in HARM_TYPES if h in harms)

    def _outcome(self, day: date) -> str:
        if day < MACE_START:
            return _pick(self.rng, OUTCOME_SHARES_BEFORE_MACE)
        shares = {k: v * (1 - MACE_REFERRAL_SHARE) for k, v in OUTCOME_SHARES_BEFORE_MACE.items()}
        return _pick(self.rng, shares | {"mace_referral": MACE_REFERRAL_SHARE})

    def _named_contexts(self, child: Child, day: date) -> tuple[str, ...]:
        """Referrals increasingly name a context (35% rising to 60%), preferring contexts in the
        child's ward and peer groups identified in the last eighteen months."""
        if self.rng.random() >= 0.35 + 0.25 * period_progress(day):
            return ()
        known = [c for c in self.contexts if day - timedelta(days=540) <= c.identified <= day]
        if not known:
            return ()
        weights = [
            (4 if c.ward_code == child.ward_code else 1)
            * (2 if c.context_type == "peer_group" else 1)
            for c in known
        ]
        count = min(len(known), 2 if self.rng.random() < 0.25 else 1)
        p = np.array(weights, dtype=float) / sum(weights)
        chosen = self.rng.choice(len(known), size=count, replace=False, p=p)
        return tuple(sorted(known[int(i)].context_id for i in chosen))

    def referral_rows(self) -> list[Row]:
        return [
            {
                "referral_id": r.referral_id, "child_id": r.child.child_id,
                "referral_date": r.day, "source": r.source, "harm_types": ";".join(r.harms),
                "age": r.child.age_on(r.day), "sex": r.child.sex,
                "ethnicity": r.child.ethnicity, "ward_code": r.child.ward_code,
                "outcome": r.outcome, "context_ids": ";".join(r.context_ids),
            }
            for r in self.referrals
        ]

    def context_rows(self) -> list[Row]:
        return [
            {
                "context_id": c.context_id, "context_type": c.context_type,
                "identified_date": c.identified, "ward_code": c.ward_code,
                "lsoa_code": c.lsoa_code, "label": c.label, "lead_agency": c.lead_agency,
            }
            for c in self.contexts
        ]

    # interventions

    def intervention_rows(self) -> list[Row]:
        individual = self._individual_interventions()
        contextual = self._contextual_interventions(individual)
        rows = individual + contextual
        return sorted(rows, key=lambda row: (row["start_date"], row["intervention_id"]))

    def _individual_interventions(self) -> list[Row]:
        """Most children whose referral leads to support get an intervention 5-60 days later,
        unless one started for them in the last three months."""
        rows: list[Row] = []
        last_start: dict[str, date] = {}
        for referral in self.referrals:
            child_id = referral.child.child_id
            recent = child_id in last_start and (referral.day - last_start[child_id]).days < 90
            if referral.outcome not in SUPPORT_OUTCOMES or recent or self.rng.random() >= 0.7:
                continue
            start = referral.day + timedelta(days=int(self.rng.integers(5, 61)))
            if start <= PERIOD_END:
                level = "family" if self.rng.random() < 0.15 else "child"
                rows.append(self._intervention(level, child_id, start))
                last_start[child_id] = start
        return rows

    def _contextual_interventions(self, individual: list[Row]) -> list[Row]:
        """Enough contextual interventions each quarter to reach that quarter's target share."""
        rows: list[Row] = []
        for quarter in QUARTERS:
            n_individual = sum(
                quarter.start <= row["start_date"] <= quarter.end for row in individual
            )
            share = contextual_share_target(quarter)
            eligible = [c for c in self.contexts if c.identified <= quarter.end - timedelta(days=7)]
            if not eligible:
                continue
            weights = [3.0 if (quarter.end - c.identified).days < 365 else 1.0 for c in eligible]
            for _ in range(round(n_individual * share / (1 - share))):
                context = _pick_item(self.rng, eligible, weights)
                first = max(quarter.start, context.identified + timedelta(days=7))
                level = CONTEXT_TARGET_LEVEL[context.context_type]
                if level == "location" and self.rng.random() < 0.25:
                    level = "community"
                start = _random_day(self.rng, first, quarter.end)
                rows.append(self._intervention(level, context.context_id, start))
        return rows

    def _intervention(self, level: str, target_id: str, start: date) -> Row:
        intervention_type = _pick(self.rng, INTERVENTION_TYPE_SHARES[level])
        end = start + timedelta(days=int(self.rng.integers(28, 201)))
        if end <= PERIOD_END:
            status, end_date = "closed", end
        elif (PERIOD_END - start).days < 14 and self.rng.random() < 0.4:
            status, end_date = "planned", None
        else:
            status, end_date = "active", None
        return {
            "intervention_id": self.ids.new("I"), "target_level": level, "target_id": target_id,
            "intervention_type": intervention_type,
            "lead_agency": _pick_item(self.rng, INTERVENTION_LEADS[intervention_type]),
            "start_date": start, "end_date": end_date, "status": status,
        }

    # reviews

    def review_rows(self) -> list[Row]:
        rows = self._child_reviews() + self._context_reviews()
        return sorted(rows, key=lambda row: (row["review_date"], row["review_id"]))

    def _child_reviews(self) -> list[Row]:
        rows: list[Row] = []
        reviewed: set[str] = set()
        for referral in self.referrals:
            child_id = referral.child.child_id
            if referral.outcome not in REVIEWED_OUTCOMES or child_id in reviewed:
                continue
            reviewed.add(child_id)
            first = referral.day + timedelta(days=int(self.rng.integers(14, 46)))
            rows += self._review_series("child", child_id, first, "child")
        return rows

    def _context_reviews(self) -> list[Row]:
        rows: list[Row] = []
        for context in self.contexts:
            after_mace = context.identified >= MACE_START
            kind = "context_after_mace" if after_mace else "context_before_mace"
            first = context.identified + timedelta(days=int(self.rng.integers(0, 22)))
            rows += self._review_series("context", context.context_id, first, kind)
        return rows

    def _review_series(self, level: str, subject_id: str, first: date, kind: str) -> list[Row]:
        """1-4 reviews some two to four months apart; risk takes a step down, none or up each
        time, with the odds of a context's steps changing once the MACE hub is running."""
        count = 1 + int(self.rng.choice(4, p=REVIEW_COUNT_SHARES[kind]))
        first_risk = FIRST_RISK_CHILD if level == "child" else FIRST_RISK_CONTEXT
        risk = _pick(self.rng, first_risk)
        rows, day = [], first
        for _ in range(count):
            if day > PERIOD_END:
                break
            rows.append({
                "review_id": self.ids.new("RV"), "subject_level": level, "subject_id": subject_id,
                "review_date": day, "risk_level": risk, "tool": REVIEW_TOOLS[level],
            })
            day += timedelta(days=int(self.rng.integers(56, 121)))
            step_kind = kind if level == "child" or day < MACE_START else "context_after_mace"
            risk = self._next_risk(risk, RISK_STEP[step_kind])
        return rows

    def _next_risk(self, risk: int, odds: tuple[float, float, float]) -> int:
        down, same, _ = odds
        draw = self.rng.random()
        if draw < down:
            return max(1, risk - 1)
        return risk if draw < down + same else min(4, risk + 1)

    # MACE hub

    def mace_rows(self) -> list[Row]:
        """Monthly panels from the hub's start: new subjects come from MACE referrals, serious
        exploitation referrals and newly identified contexts; open subjects return every one to
        two months until closed."""
        rows: list[Row] = []
        open_subjects: dict[tuple[str, str], date] = {}  # (level, id) -> next review due
        previous = MACE_START - timedelta(days=90)
        for month in _months_between(MACE_START, PERIOD_END):
            meeting = _nth_weekday(month, self.authority.mace_weekday, 2)
            due = [key for key, when in open_subjects.items() if when <= meeting]
            for key in due:
                rows.append(self._discussion(meeting, key, "review", open_subjects))
            for key in self._new_mace_subjects(previous, meeting, open_subjects):
                rows.append(self._discussion(meeting, key, "new", open_subjects))
            previous = meeting
        return rows

    def _new_mace_subjects(
        self, after: date, until: date, open_subjects: Mapping[tuple[str, str], date]
    ) -> list[tuple[str, str]]:
        subjects: list[tuple[str, str]] = []
        for referral in self.referrals:
            if not after < referral.day <= until:
                continue
            escalated = referral.outcome in {"strategy_discussion", "section_47"}
            serious = escalated and bool(MACE_HARMS.intersection(referral.harms))
            if referral.outcome == "mace_referral" or (serious and self.rng.random() < 0.4):
                subjects.append(("child", referral.child.child_id))
        for context in self.contexts:
            if after < context.identified <= until and self.rng.random() < 0.75:
                level = "peer_group" if context.context_type == "peer_group" else "context"
                subjects.append((level, context.context_id))
        for _ in range(int(self.rng.poisson(1.2 * self.authority.size))):
            person_id = self.ids.new("P")
            self.persons_of_concern[person_id] = until
            subjects.append(("person_of_concern", person_id))
        return [s for s in dict.fromkeys(subjects) if s not in open_subjects]

    def _discussion(
        self,
        meeting: date,
        key: tuple[str, str],
        kind: str,
        open_subjects: dict[tuple[str, str], date],
    ) -> Row:
        closed = self.rng.random() < (0.08 if kind == "new" else 0.45)
        if closed:
            open_subjects.pop(key, None)
            actions = int(self.rng.poisson(0.6))
        else:
            open_subjects[key] = meeting + timedelta(days=int(self.rng.integers(28, 64)))
            actions = int(self.rng.poisson(2.4 if kind == "new" else 1.3))
        return {
            "discussion_id": self.ids.new("M"), "meeting_date": meeting, "subject_level": key[0],
            "subject_id": key[1], "discussion": kind, "actions": actions,
            "closed": "yes" if closed else "no",
        }

    # disruptions

    def disruption_rows(self) -> list[Row]:
        rows: list[Row] = []
        for quarter in QUARTERS:
            expected = self.authority.size * (14 + 30 * mace_maturity(quarter))
            for _ in range(int(self.rng.poisson(expected))):
                day = _random_day(self.rng, quarter.start, quarter.end)
                kind = _pick(self.rng, DISRUPTION_SHARES)
                rows.append({
                    "disruption_id": self.ids.new("D"), "date": day, "type": kind,
                    "subject_id": self._disruption_subject(kind, day),
                    "lead_agency": self._disruption_lead(kind),
                })
        return sorted(rows, key=lambda row: (row["date"], row["disruption_id"]))

    def _disruption_subject(self, kind: str, day: date) -> str | None:
        if kind in {"cawn", "nrm_referral"}:
            recent = [r.child.child_id for r in self.referrals if 0 <= (day - r.day).days <= 180]
            return _pick_item(self.rng, recent) if recent else None
        if kind in {"closure_order", "warrant", "drugs_seizure", "weapon_seizure"}:
            places = [c.context_id for c in self.contexts if c.lsoa_code and c.identified <= day]
            wanted = kind in {"closure_order", "warrant"} or self.rng.random() < 0.4
            return _pick_item(self.rng, places) if places and wanted else None
        if kind in {"arrest", "charge"}:
            known = [p for p, first in self.persons_of_concern.items() if first <= day]
            return _pick_item(self.rng, known) if known and self.rng.random() < 0.6 else None
        return None

    def _disruption_lead(self, kind: str) -> str:
        if kind == "nrm_referral":
            return "Children's Services"
        if kind == "closure_order":
            return _pick_item(self.rng, ("Cleveland Police", "Community Safety"))
        return "Cleveland Police"

    # Serious Violence Duty indicators

    def violence_indicator_rows(self) -> list[Row]:
        rows: list[Row] = []
        for quarter in QUARTERS:
            drift = 0.85 if quarter.index >= len(QUARTERS) - 4 else 1.0
            for indicator, per_quarter, source in VIOLENCE_INDICATORS:
                rows.append({
                    "period": quarter.first_month, "area_code": self.authority.code,
                    "indicator": indicator,
                    "value": int(self.rng.poisson(per_quarter * self.authority.size * drift)),
                    "source": source,
                })
        return rows

    # awareness, training and guardians

    def programme_rows(self) -> list[Row]:
        rows: list[Row] = []
        for quarter in QUARTERS:
            for programme in PROGRAMMES:
                if quarter.start >= programme.starts:
                    rows += self._programme_activities(quarter, programme)
            if quarter.number in (1, 3):  # a Members' seminar twice a year
                rows.append(
                    self._activity(
                        quarter, "members_awareness", "council", self.authority.council_id, (8, 30)
                    )
                )
        return sorted(rows, key=lambda row: (row["date"], row["activity_id"]))

    def _programme_activities(self, quarter: Quarter, programme: Programme) -> list[Row]:
        """Activities with distinct organisations, more of them as the MACE work embeds."""
        before, added = programme.per_quarter
        expected = (before + added * mace_maturity(quarter)) * self.authority.size
        organisations = self.authority.organisations(programme.organisation_type)
        count = min(len(organisations), int(self.rng.poisson(expected)))
        chosen = self.rng.choice(len(organisations), size=count, replace=False)
        return [
            self._activity(
                quarter,
                programme.name,
                programme.organisation_type,
                organisations[int(i)],
                programme.participants,
            )
            for i in chosen
        ]

    def _activity(
        self,
        quarter: Quarter,
        programme: str,
        organisation_type: str,
        organisation_id: str,
        participants: tuple[int, int],
    ) -> Row:
        return {
            "activity_id": self.ids.new("A"), "date": _term_weekday(self.rng, quarter),
            "programme": programme, "organisation_type": organisation_type,
            "organisation_id": organisation_id, "sessions": 1 + int(self.rng.poisson(0.6)),
            "participants": int(self.rng.integers(participants[0], participants[1] + 1)),
        }


@dataclass(frozen=True)
class Programme:
    name: str
    organisation_type: str
    per_quarter: tuple[float, float]  # expected activities before MACE, and added once embedded
    participants: tuple[int, int]  # fewest and most per activity (guardians recruited, pupils...)
    starts: date = PERIOD_START


PROGRAMMES = (
    Programme("schools_awareness", "school", (6, 14), (30, 180)),
    Programme("healthy_schools", "school", (3, 3), (4, 30)),
    Programme("staff_training", "team", (3, 5), (6, 25)),
    Programme("partner_awareness", "partner", (1, 3), (10, 60)),
    Programme("community_guardians", "partner", (2, 3), (2, 12), starts=date(2024, 10, 1)),
)
VIOLENCE_INDICATORS = (
    ("knife_serious_violence_u25", 16.0, "Cleveland Police recorded crime"),
    ("hospital_sharp_assault_u25", 4.0, "NHS Hospital Episode Statistics"),
    ("homicide_u25", 0.1, "Home Office Homicide Index"),
)


def _nth_weekday(month: date, weekday: int, n: int) -> date:
    first = date(month.year, month.month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _term_weekday(rng: np.random.Generator, quarter: Quarter) -> date:
    """A weekday outside the summer holiday (23 July to 31 August), when sessions happen."""
    while True:
        day = _random_day(rng, quarter.start, quarter.end)
        summer = (day.month, day.day) >= (7, 23) and day.month <= 8
        if day.weekday() < 5 and not summer:
            return day


# --- Authority-wide tables -----------------------------------------------------------------


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


# --- Police months -------------------------------------------------------------------------


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
    months = _months_between(PERIOD_START, PERIOD_END)
    for index, month_start in enumerate(months):
        month = f"{month_start.year}-{month_start.month:02d}"
        rng = _component_rng(seed, "police", month)
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


# --- Writing -------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, extract: str, rows: Iterable[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = EXTRACT_COLUMNS[extract]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(row[column]) for column in columns] for row in rows)


DATE_COLUMN = {
    "contexts": "identified_date", "referrals": "referral_date", "interventions": "start_date",
    "reviews": "review_date", "mace": "meeting_date", "disruptions": "date",
    "programme_activity": "date", "context_assessments": "assessment_date",
    "context_goals": "set_date",
}


def _row_quarter(extract: str, row: Row) -> Quarter:
    if extract == "violence_indicators":
        year, month = map(int, str(row["period"]).split("-"))
        return quarter_of(date(year, month, 1))
    day = row[DATE_COLUMN[extract]]
    if not isinstance(day, date):
        raise TypeError(f"{extract} row has no date in {DATE_COLUMN[extract]}")
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
    ids = Pseudonyms(_component_rng(seed, "pseudonyms"))
    # Context assessments and goals draw their own ids and numbers, leaving the rest unchanged.
    outcome_ids = Pseudonyms(_component_rng(seed, "context outcome pseudonyms"))
    extracts: list[DemoExtract] = []
    for area in areas:
        code = area.authority.code
        story = AuthorityStory(area, _component_rng(seed, "story", code), ids)
        rows = _story_rows(story)
        rows |= context_outcome_rows(rows, _component_rng(seed, "context outcomes", code),
                                     outcome_ids.new, MACE_START, PERIOD_END)
        extracts += _write_reference(out_dir, area)
        extracts += _write_quarterly(out_dir, area, rows)
    extracts += write_police_months(out_dir, areas, seed)
    tracker = out_dir / STOCKTON.code / f"recommendation_progress_{STOCKTON.code}.csv"
    write_csv(tracker, "recommendation_progress", recommendation_rows())
    extracts.append(DemoExtract(tracker, "recommendation_progress", STOCKTON.code, None))
    return sorted(extracts, key=_load_order)
