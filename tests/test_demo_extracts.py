"""The demo generator writes what officers would upload, and tells the story the charts need.

These tests hold the demo files to the extract contracts in shared/spec/extracts.md (headers,
allowed values, ISO dates inside the demo period, pseudonyms only), to the calibration figures
(Stockton's 45,079 children in 2024, about 400 extra-familial referrals a year), to the MACE
story (the contextual share of interventions rises), and to determinism: the same seed must
give byte-identical files, or a reloaded demo store would show spurious new versions.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from data.demo_extracts import (
    PERIOD_END,
    PERIOD_START,
    DemoExtract,
    point_in_polygons,
    polygons_centroid,
    write_demo_extracts,
)
from data.police_files import police_lsoas_for_bench, write_police_month

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
STOCKTON, HARTLEPOOL = "E06000004", "E06000001"

# Copied by hand from shared/spec/extracts.md, so a drift in the generator shows up here.
SPEC_COLUMNS = {
    "referrals": "referral_id,child_id,referral_date,source,harm_types,age,sex,ethnicity,"
    "ward_code,outcome,context_ids",
    "contexts": "context_id,context_type,identified_date,ward_code,lsoa_code,label,lead_agency",
    "interventions": "intervention_id,target_level,target_id,intervention_type,lead_agency,"
    "start_date,end_date,status",
    "reviews": "review_id,subject_level,subject_id,review_date,risk_level,tool",
    "mace": "discussion_id,meeting_date,subject_level,subject_id,discussion,actions,closed",
    "disruptions": "disruption_id,date,type,subject_id,lead_agency",
    "police_street_crime": "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context",
    "violence_indicators": "period,area_code,indicator,value,source",
    "programme_activity": "activity_id,date,programme,organisation_type,organisation_id,sessions,"
    "participants",
    "population": "area_code,area_name,area_type,year,age_band,population",
    "geography": "lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name",
    "recommendation_progress": "recommendation,assessed_on,progress,commentary,lead",
    # Not in extracts.md: contexts as outcomes (issue 19), declared in contracts/extracts.py.
    "context_assessments": "assessment_id,context_id,assessment_date,domain,indicator,score,method,"
    "respondents",
    "context_goals": "goal_id,context_id,domain,goal,set_date,baseline_score,target_score,status,"
    "closed_date,lead_agency",
}

ALLOWED_VALUES = {
    ("referrals", "source"): {
        "individual", "schools", "education services", "health", "housing", "LA services",
        "police", "other legal agency", "other", "anonymous", "unknown",
    },
    ("referrals", "sex"): {"female", "male", "other", "unknown"},
    ("referrals", "ethnicity"): {
        "White", "Mixed", "Asian or Asian British", "Black or Black British",
        "Other ethnic groups", "Refused", "Information not yet obtained",
    },
    ("referrals", "outcome"): {
        "no_further_action", "information_advice", "early_help", "assessment",
        "strategy_discussion", "mace_referral", "section_47", "other",
    },
    ("contexts", "context_type"): {
        "peer_group", "school", "location", "online", "business", "other",
    },
    ("interventions", "target_level"): {
        "child", "family", "peer_group", "school", "location", "online", "business", "community",
    },
    ("interventions", "status"): {"planned", "active", "closed"},
    ("reviews", "subject_level"): {"child", "context"},
    ("reviews", "risk_level"): {"1", "2", "3", "4"},
    ("mace", "subject_level"): {"child", "context", "peer_group", "person_of_concern"},
    ("mace", "discussion"): {"new", "review"},
    ("mace", "closed"): {"yes", "no"},
    ("disruptions", "type"): {
        "arrest", "charge", "cawn", "closure_order", "nrm_referral", "warrant", "drugs_seizure",
        "weapon_seizure", "other",
    },
    ("violence_indicators", "indicator"): {
        "knife_serious_violence_u25", "hospital_sharp_assault_u25", "homicide_u25",
    },
    ("programme_activity", "programme"): {
        "schools_awareness", "staff_training", "partner_awareness", "members_awareness",
        "community_guardians", "healthy_schools",
    },
    ("programme_activity", "organisation_type"): {"school", "team", "partner", "council"},
    ("population", "area_type"): {"la", "ward", "lsoa"},
    ("population", "age_band"): {"0-9", "10-17", "18-24", "0-17", "all"},
    ("recommendation_progress", "progress"): {"1", "2", "3", "4"},
}
HARM_TYPES = {
    "cce", "cse", "county_lines", "serious_youth_violence", "peer_on_peer_abuse", "online_harm",
    "missing", "trafficking_modern_slavery", "radicalisation", "other",
}

PSEUDONYM = re.compile(r"^(C|R|CX|I|RV|M|P|D|A|CA|CG)-[0-9A-F]{6}$")
ORGANISATION_ID = re.compile(r"^(SCH-\d{3}|TEAM-\d{2}|PTR-\d{2}|CNL-\d{2})$")
# What extracts.md tells the loader to refuse, matched loosely so that near misses fail too.
IDENTIFIER_LOOKALIKES = {
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "postcode": re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE),
    "postcode inward code": re.compile(r"[0-9][A-Z]{2}", re.IGNORECASE),
    "ten digits": re.compile(r"\b\d{3} ?\d{3} ?\d{4}\b"),
    "UPN": re.compile(r"\b[A-Z]\d{12}\b", re.IGNORECASE),
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rows_of(extracts: list[DemoExtract], extract: str, la_code: str | None = None) -> list[dict]:
    return [
        row
        for item in extracts
        if item.extract == extract and (la_code is None or item.la_code == la_code)
        for row in read_rows(item.path)
    ]


def csv_extracts(extracts: list[DemoExtract]) -> list[DemoExtract]:
    return [item for item in extracts if item.path.suffix == ".csv"]


def fiscal_quarter_index(day: str) -> int:
    """0 for 2023/24 Q3 (October-December 2023), 11 for 2026/27 Q2."""
    year, month = int(day[:4]), int(day[5:7])
    return ((year - 2023) * 12 + month - 10) // 3


@pytest.fixture(scope="module")
def synthetic_demo(tmp_path_factory) -> tuple[Path, list[DemoExtract]]:
    out_dir = tmp_path_factory.mktemp("synthetic")
    return out_dir, write_demo_extracts(out_dir, realdata_dir=None, seed=42)


@pytest.fixture(scope="module")
def real_demo(tmp_path_factory) -> tuple[Path, list[DemoExtract]]:
    if not (REALDATA / "stockton_lsoa2011_E06000004.geojson").is_file():
        pytest.skip(f"real Stockton boundary files not found in {REALDATA}")
    out_dir = tmp_path_factory.mktemp("real")
    return out_dir, write_demo_extracts(out_dir, realdata_dir=REALDATA, seed=42)


@pytest.fixture(params=["synthetic", "real"])
def demo(request) -> list[DemoExtract]:
    fixture = "synthetic_demo" if request.param == "synthetic" else "real_demo"
    return request.getfixturevalue(fixture)[1]


def test_same_seed_writes_byte_identical_files(synthetic_demo, tmp_path):
    first_dir, first = synthetic_demo
    second = write_demo_extracts(tmp_path, realdata_dir=None, seed=42)
    assert [p.path.relative_to(first_dir) for p in first] == [
        p.path.relative_to(tmp_path) for p in second
    ]
    for one, two in zip(first, second, strict=True):
        assert one.path.read_bytes() == two.path.read_bytes(), one.path.name


def test_another_seed_writes_other_referrals(synthetic_demo, tmp_path):
    _, first = synthetic_demo
    other = write_demo_extracts(tmp_path, realdata_dir=None, seed=7)
    assert rows_of(first, "referrals") != rows_of(other, "referrals")


def test_every_header_is_the_spec_header(demo):
    extracts_seen = set()
    for item in csv_extracts(demo):
        header = item.path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert header == SPEC_COLUMNS[item.extract], item.path.name
        extracts_seen.add(item.extract)
    assert extracts_seen == set(SPEC_COLUMNS)


def test_values_are_the_ones_the_spec_allows(demo):
    for (extract, column), allowed in ALLOWED_VALUES.items():
        values = {row[column] for row in rows_of(demo, extract)}
        assert values <= allowed, (extract, column, values - allowed)
    for row in rows_of(demo, "referrals"):
        assert set(row["harm_types"].split(";")) <= HARM_TYPES
        assert 0 <= int(row["age"]) <= 25
        assert row["ward_code"].startswith("E05")


def test_load_order_starts_with_reference_files_then_quarters_oldest_first(demo):
    reference = {"geography", "population", "boundaries"}
    kinds = [item.extract for item in demo]
    first_quarterly = next(i for i, kind in enumerate(kinds) if kind not in reference)
    assert set(kinds[:first_quarterly]) >= {"geography", "population"}
    assert reference.isdisjoint(kinds[first_quarterly:])
    quarter_order = [
        fiscal_quarter_index(period_start(item.period))
        for item in demo[first_quarterly:]
        if item.period is not None
    ]
    assert quarter_order == sorted(quarter_order)
    assert len({item.path for item in demo}) == len(demo)


def period_start(period: str) -> str:
    """First day of a police month ("2025-07") or a financial quarter ("2025/26 Q3")."""
    if ISO_MONTH.match(period):
        return f"{period}-01"
    fiscal_year, number = int(period[:4]), int(period[-1])
    month = 4 + 3 * (number - 1)
    return f"{fiscal_year + (month > 12)}-{(month - 1) % 12 + 1:02d}-01"


def test_files_come_per_quarter_and_per_police_month(demo):
    periods = {(item.extract, item.la_code, item.period) for item in demo}
    for la_code in (STOCKTON, HARTLEPOOL):
        quarters = {p for kind, la, p in periods if kind == "referrals" and la == la_code}
        assert len(quarters) == 12
        assert {"2023/24 Q3", "2026/27 Q2"} <= quarters
    police = [item for item in demo if item.extract == "police_street_crime"]
    assert [item.period for item in police][0] == "2023-10"
    assert [item.period for item in police][-1] == "2026-09"
    assert len(police) == 36 and all(item.la_code is None for item in police)


def test_no_date_outside_the_demo_period(demo):
    first, last = PERIOD_START.isoformat(), PERIOD_END.isoformat()
    for item in csv_extracts(demo):
        for row in read_rows(item.path):
            for column, value in row.items():
                if ISO_DATE.match(value):
                    assert first <= value <= last, (item.path.name, column, value)
                elif ISO_MONTH.match(value):
                    assert first[:7] <= value <= last[:7], (item.path.name, column, value)


def test_ids_are_pseudonyms_and_nothing_looks_like_a_person(demo):
    for item in csv_extracts(demo):
        if item.extract == "police_street_crime":
            continue
        for row in read_rows(item.path):
            for column, value in row.items():
                if column == "organisation_id":
                    assert ORGANISATION_ID.match(value), (column, value)
                elif column.endswith("_id") and value:
                    assert PSEUDONYM.match(value), (item.path.name, column, value)
                elif column.endswith("_ids") and value:
                    assert all(PSEUDONYM.match(v) for v in value.split(";")), value
                for kind, pattern in IDENTIFIER_LOOKALIKES.items():
                    assert not pattern.search(value), (item.path.name, column, kind, value)


def test_police_files_look_like_police_uk(demo):
    crime_id = re.compile(r"^[0-9a-f]{64}$")
    for item in [i for i in demo if i.extract == "police_street_crime"][:3]:
        rows = read_rows(item.path)
        assert 2_400 <= len(rows) <= 3_600
        for row in rows:
            asb = row["Crime type"] == "Anti-social behaviour"
            assert (row["Crime ID"] == "") == asb and (row["Last outcome category"] == "") == asb
            assert asb or crime_id.match(row["Crime ID"])
            assert row["Month"] == item.period and row["Falls within"] == "Cleveland Police"
            assert row["Location"].startswith("On or near ") or row["Location"] == "No Location"
            without_id = ",".join(v for k, v in row.items() if k != "Crime ID")
            assert not any(p.search(without_id) for p in IDENTIFIER_LOOKALIKES.values()), row


def test_populations_match_ons_and_wards_add_up(demo):
    rows = rows_of(demo, "population")
    totals: Counter = Counter()
    for row in rows:
        key = (row["area_code"] if row["area_type"] == "la" else "wards", row["year"],
               row["age_band"])
        totals[key] += int(row["population"])
    assert totals[(STOCKTON, "2024", "0-17")] == 45079
    assert 190_000 <= totals[(STOCKTON, "2024", "all")] <= 210_000
    assert 20_000 <= totals[(HARTLEPOOL, "2024", "0-17")] <= 22_000
    assert 88_000 <= totals[(HARTLEPOOL, "2024", "all")] <= 98_000
    for year in ("2023", "2024", "2025", "2026"):
        for band in ("0-17", "10-17", "all"):
            la_total = totals[(STOCKTON, year, band)] + totals[(HARTLEPOOL, year, band)]
            assert totals[("wards", year, band)] == la_total


def test_referrals_are_calibrated_to_stockton_and_hartlepool(demo):
    for la_code, band in ((STOCKTON, (300, 500)), (HARTLEPOOL, (140, 270))):
        referrals = rows_of(demo, "referrals", la_code)
        per_year = Counter(fiscal_quarter_index(r["referral_date"]) // 4 for r in referrals)
        assert sorted(per_year) == [0, 1, 2]
        assert all(band[0] <= count <= band[1] for count in per_year.values()), per_year
        ages = [int(r["age"]) for r in referrals]
        assert np.mean([11 <= age <= 17 for age in ages]) > 0.75


def test_about_a_quarter_of_later_referrals_are_re_referrals(demo):
    referrals = sorted(rows_of(demo, "referrals"), key=lambda r: r["referral_date"])
    last_seen: dict[str, date] = {}
    re_referred = []
    for row in referrals:
        day = date.fromisoformat(row["referral_date"])
        previous = last_seen.get(row["child_id"])
        if day >= date(2024, 10, 1):  # once a year of history is in the store
            re_referred.append(previous is not None and (day - previous).days <= 365)
        last_seen[row["child_id"]] = day
    assert 0.22 <= np.mean(re_referred) <= 0.35


def test_links_between_extracts_resolve(demo):
    contexts = {row["context_id"]: row for row in rows_of(demo, "contexts")}
    referrals = rows_of(demo, "referrals")
    children = {row["child_id"] for row in referrals}
    for row in referrals:
        for context_id in filter(None, row["context_ids"].split(";")):
            assert contexts[context_id]["identified_date"] <= row["referral_date"]
    for row in rows_of(demo, "interventions"):
        individual = row["target_level"] in {"child", "family"}
        assert row["target_id"] in (children if individual else contexts), row
    reviewed = {row["subject_id"] for row in rows_of(demo, "reviews")}
    assert reviewed <= children | set(contexts)
    mace = rows_of(demo, "mace")
    mace_children = {r["subject_id"] for r in mace if r["subject_level"] == "child"}
    mace_contexts = {
        r["subject_id"] for r in mace if r["subject_level"] in {"context", "peer_group"}
    }
    assert mace_children <= children and len(mace_children) > 100
    assert mace_contexts <= set(contexts) and len(mace_contexts) > 50
    geography = {row["lsoa_code"]: row for row in rows_of(demo, "geography")}
    for context in contexts.values():
        if context["lsoa_code"]:
            assert geography[context["lsoa_code"]]["ward_code"] == context["ward_code"]
    police_lsoas = {
        row["LSOA code"]
        for item in demo
        if item.extract == "police_street_crime" and item.period == "2025-07"
        for row in read_rows(item.path)
        if row["LSOA code"]
    }
    assert police_lsoas <= set(geography)


def test_the_mace_story_shows_in_the_numbers(demo):
    interventions = rows_of(demo, "interventions")
    contextual_by_quarter: dict[int, list[bool]] = {}
    for row in interventions:
        quarter = fiscal_quarter_index(row["start_date"])
        contextual = row["target_level"] not in {"child", "family"}
        contextual_by_quarter.setdefault(quarter, []).append(contextual)
    first_year = np.mean([x for q in range(4) for x in contextual_by_quarter[q]])
    last_year = np.mean([x for q in range(8, 12) for x in contextual_by_quarter[q]])
    assert first_year < 0.25 and last_year > 0.40

    def per_quarter(extract: str, column: str) -> Counter:
        return Counter(fiscal_quarter_index(r[column]) for r in rows_of(demo, extract))

    for extract, column in (("contexts", "identified_date"), ("disruptions", "date")):
        counts = per_quarter(extract, column)
        assert sum(counts[q] for q in range(8, 12)) > 1.5 * sum(counts[q] for q in range(4))
    assert min(r["meeting_date"] for r in rows_of(demo, "mace")) >= "2024-04-01"
    naming_by_year: dict[int, list[bool]] = {}
    for row in rows_of(demo, "referrals"):
        year = fiscal_quarter_index(row["referral_date"]) // 4
        naming_by_year.setdefault(year, []).append(bool(row["context_ids"]))
    assert np.mean(naming_by_year[2]) > np.mean(naming_by_year[0]) + 0.08


def test_real_geography_uses_the_real_stockton_lsoas_and_wards(real_demo):
    _, extracts = real_demo
    lsoa_file = json.loads((REALDATA / "stockton_lsoa2011_E06000004.geojson").read_text())
    real_lsoas = {f["properties"]["LSOA11CD"] for f in lsoa_file["features"]}
    geography = rows_of(extracts, "geography", STOCKTON)
    assert {row["lsoa_code"] for row in geography} == real_lsoas
    assert len({row["ward_code"] for row in geography}) == 26
    boundaries = [item for item in extracts if item.extract == "boundaries"]
    assert [(b.la_code, b.period) for b in boundaries] == [(STOCKTON, None)]
    ward_file = REALDATA / "stockton_wards_E06000004_pre2019.geojson"
    assert boundaries[0].path.read_bytes() == ward_file.read_bytes()


def test_without_real_data_the_geography_is_made_up(synthetic_demo):
    _, extracts = synthetic_demo
    assert not any(item.extract == "boundaries" for item in extracts)
    for la_code, lsoa_count, ward_count in ((STOCKTON, 120, 26), (HARTLEPOOL, 58, 11)):
        geography = rows_of(extracts, "geography", la_code)
        assert len(geography) == lsoa_count
        assert len({row["ward_code"] for row in geography}) == ward_count


def test_point_in_polygons_handles_holes_and_multipolygons():
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]
    far_square = [[10, 10], [12, 10], [12, 12], [10, 12], [10, 10]]
    assert point_in_polygons(0.5, 0.5, [[square, hole]])
    assert not point_in_polygons(2, 2, [[square, hole]])
    assert point_in_polygons(11, 11, [[square], [far_square]])
    assert not point_in_polygons(5, 5, [[square], [far_square]])
    assert polygons_centroid([[square]]) == pytest.approx((2, 2))


def test_write_police_month_writes_the_rows_asked_for(tmp_path):
    path = tmp_path / "2025-07-bench-street.csv"
    lsoas = police_lsoas_for_bench(500)
    write_police_month(path, "2025-07", lsoas, 50_000, np.random.default_rng(1))
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SPEC_COLUMNS["police_street_crime"]
    assert len(lines) == 50_001
    rows = read_rows(path)
    crime_types = Counter(row["Crime type"] for row in rows)
    assert 0.27 <= crime_types["Violence and sexual offences"] / len(rows) <= 0.33
    assert {row["LSOA code"] for row in rows} - {""} <= {code for code, _, _, _ in lsoas}
    assert sum(row["Location"] == "No Location" for row in rows) > 100
