"""The two demo authorities, their wards and LSOAs, and where people live and crime happens.

Stockton's real 2011 LSOAs and 2013 wards are used when the boundary files are in realdata;
otherwise both authorities get made-up LSOAs around their wards (see the package docstring).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from data.demo_extracts.randomness import component_rng

REAL_LSOA_FILE = "stockton_lsoa2011_E06000004.geojson"
REAL_WARD_FILE = "stockton_wards_E06000004_pre2019.geojson"

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
        rng = component_rng(seed, "geography", authority.code)
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
