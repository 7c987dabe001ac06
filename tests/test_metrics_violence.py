"""Violent crime measures, checked against answers worked out by hand.

Small police.uk files (the real header, one force, thirteen months from March 2024 to March 2025)
are loaded through the real upload pipeline with a geography lookup and population estimates,
so the summaries the measures read are built the way a real load builds them. Each expected
figure has its arithmetic beside it. The last test counts a real City of London police.uk file
with the csv module and expects the same number from the measure.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from conftest import realdata, upload, write
from contracts.roles import Role
from metrics import areas, violence
from metrics.api import compute
from metrics.model import Query
from metrics.registry import BY_ID

POLICE_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)
FORCE = "Test Police"
STOCKTON, HARTLEPOOL = "E06000004", "E06000001"
VIOLENCE, WEAPONS, ROBBERY, ASB = (
    "Violence and sexual offences", "Possession of weapons", "Robbery", "Anti-social behaviour",
)
# LSOA -> (name, police.uk map point). E01099999 is in no lookup and its name ("Elsewhere")
# matches no authority, so its crimes are never counted.
LSOAS = {
    "E01000001": ("Stockton-on-Tees 001A", (-1.31812, 54.56549)),  # ward Ashfield
    "E01000002": ("Stockton-on-Tees 001B", (-1.30001, 54.57002)),  # ward Ashfield
    "E01000003": ("Stockton-on-Tees 002A", (-1.28004, 54.55497)),  # ward Beckside
    "E01000004": ("Hartlepool 001A", (-1.21003, 54.68502)),  # ward Cliffe (Hartlepool)
    "E01099999": ("Elsewhere 001A", (-1.50000, 54.50000)),
}
GEOGRAPHY = """lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name
E01000001,Stockton-on-Tees 001A,E05000001,Ashfield,E06000004,Stockton-on-Tees
E01000002,Stockton-on-Tees 001B,E05000001,Ashfield,E06000004,Stockton-on-Tees
E01000003,Stockton-on-Tees 002A,E05000002,Beckside,E06000004,Stockton-on-Tees
E01000004,Hartlepool 001A,E05000003,Cliffe,E06000001,Hartlepool
"""
POPULATION = """area_code,area_name,area_type,year,age_band,population
E06000004,Stockton-on-Tees,la,2024,all,200000
E06000004,Stockton-on-Tees,la,2025,all,250000
E06000004,Stockton-on-Tees,la,2025,0-17,45000
E06000001,Hartlepool,la,2024,all,100000
E05000001,Ashfield,ward,2024,all,8000
E05000002,Beckside,ward,2024,all,5000
E05000003,Cliffe,ward,2024,all,4000
"""

# Violence and sexual offences in Stockton, by month and LSOA.
STOCKTON_VIOLENCE = {
    "2024-03": {"E01000001": 3},
    **{f"2024-{m:02d}": {"E01000001": 1} for m in range(4, 12)},  # April to November: 1 each
    "2024-12": {"E01000001": 2},
    "2025-01": {"E01000001": 1, "E01000002": 1},
    "2025-02": {"E01000001": 1},
    "2025-03": {"E01000001": 3, "E01000003": 2},
}
# Everything else, all in March 2025 unless said: Hartlepool's violence, other crime types,
# anti-social behaviour (no Crime ID) and violence in an LSOA no lookup knows.
OTHER_CRIMES = {
    "2024-03": [("E01000001", ROBBERY, 1)],
    "2025-03": [("E01000004", VIOLENCE, 4), ("E01000003", ROBBERY, 2),
                ("E01000001", WEAPONS, 1), ("E01000001", ASB, 3), ("E01099999", VIOLENCE, 2)],
}


def police_month(folder: Path, month: str, crimes: list[tuple[str, str, int]], name: str = "") -> Path:
    lines = []
    for lsoa, crime_type, count in crimes:
        lsoa_name, (lon, lat) = LSOAS[lsoa]
        for i in range(count):
            crime_id = "" if crime_type == ASB else f"{month}-{lsoa}-{crime_type[:4]}-{i}"
            outcome = "" if crime_type == ASB else "Under investigation"
            lines.append(f"{crime_id},{month},{FORCE},{FORCE},{lon},{lat},On or near Test Street,"
                         f"{lsoa},{lsoa_name},{crime_type},{outcome},")
    return write(folder, name or f"{month}-test-street.csv", POLICE_HEADER + "\n".join(lines) + "\n")


def month_crimes(month: str) -> list[tuple[str, str, int]]:
    violence_here = [(lsoa, VIOLENCE, n) for lsoa, n in STOCKTON_VIOLENCE.get(month, {}).items()]
    return violence_here + OTHER_CRIMES.get(month, [])


@pytest.fixture
def loaded(store, tmp_path):
    """The thirteen police months as one batch, then the lookups (which rebuild the summaries)."""
    files = [police_month(tmp_path, month, month_crimes(month)) for month in STOCKTON_VIOLENCE]
    assert upload(store, *files, la=None).ok
    assert upload(store, write(tmp_path, "geography.csv", GEOGRAPHY), la=None).ok
    assert upload(store, write(tmp_path, "population.csv", POPULATION), la=STOCKTON).ok
    return store


def measure(store, measure_id: str, role: Role = Role.OFFICER, **query) -> dict:
    """{(period, breakdown_value): row} of one measure."""
    frame = compute(store.cursor(), measure_id, Query(**query), role)
    return {(row.period, row.breakdown_value): row for row in frame.itertuples()}


def values(store, measure_id: str, **query) -> dict:
    return {key: row.value for key, row in measure(store, measure_id, **query).items()}


def test_monthly_counts_count_placed_crimes_of_one_type(loaded):
    stockton = values(loaded, "violence_recorded", la_codes=(STOCKTON,))
    # One row per loaded month, in order: 3, then 1 a month April-November, 2, 1+1, 1, 3+2.
    assert [stockton[(m, "All")] for m in STOCKTON_VIOLENCE] == [3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 5]
    # All authorities in March 2025: Stockton 5 + Hartlepool 4 = 9. The 2 crimes in an LSOA no
    # lookup places are left out, and so are robbery, weapons and anti-social behaviour.
    assert values(loaded, "violence_recorded", period_from="2025-03")[("2025-03", "All")] == 9
    by_authority = values(loaded, "violence_recorded", breakdown="authority", period_from="2025-02")
    # Hartlepool had no violence in February, but the force's February file is loaded: 0.
    assert by_authority == {("2025-02", HARTLEPOOL): 0, ("2025-02", STOCKTON): 1,
                            ("2025-03", HARTLEPOOL): 4, ("2025-03", STOCKTON): 5}
    assert values(loaded, "robbery", period_from="2025-03") == {("2025-03", "All"): 2}
    assert values(loaded, "weapons_possession", period_from="2025-03") == {("2025-03", "All"): 1}


def test_financial_quarters_from_the_sidebar_become_their_months(loaded):
    # 2024/25 Q4 is January to March 2025: 2, 1 and 5 crimes in Stockton.
    quarter = values(loaded, "violence_recorded", la_codes=(STOCKTON,),
                     period_from="2024/25 Q4", period_to="2024/25 Q4")
    assert quarter == {("2025-01", "All"): 2, ("2025-02", "All"): 1, ("2025-03", "All"): 5}
    with pytest.raises(ValueError, match="financial quarter"):
        values(loaded, "violence_recorded", period_from="Q4 2024")


def test_rate_per_1000_residents_uses_the_latest_estimate_at_or_before_the_year(loaded):
    rate = measure(loaded, "violence_recorded_rate", la_codes=(STOCKTON,))
    # March 2024: 3 crimes / 200,000 residents (2024 estimate) x 1,000 = 0.015.
    assert rate[("2024-03", "All")].value == pytest.approx(0.015)
    assert rate[("2024-03", "All")].denominator == 200_000
    # March 2025: 5 / 250,000 (the 2025 estimate, not the 0-17 one) x 1,000 = 0.02.
    assert rate[("2025-03", "All")].value == pytest.approx(0.02)
    # Both authorities in March 2025: (5 + 4) / (250,000 + Hartlepool's 2024 estimate 100,000)
    # x 1,000 = 9 / 350 = 0.025714...
    both = measure(loaded, "violence_recorded_rate", period_from="2025-03")[("2025-03", "All")]
    assert (both.numerator, both.denominator) == (9, 350_000)
    assert both.value == pytest.approx(9 / 350)


def test_rolling_12_months_cross_the_year_end_and_need_all_12_months(loaded):
    rolling = values(loaded, "violence_recorded_12m", la_codes=(STOCKTON,))
    # Only February and March 2025 have 12 loaded months behind them.
    # To 2025-02: March 2024 3 + April-November 8 x 1 + December 2 + January 2 + February 1 = 16.
    # To 2025-03: drop March 2024 (3), add March 2025 (5): 16 - 3 + 5 = 18.
    assert rolling == {("2025-02", "All"): 16, ("2025-03", "All"): 18}


def test_change_on_the_same_month_last_year(loaded):
    change = measure(loaded, "violence_recorded_change", la_codes=(STOCKTON,))
    # Only March 2025 has its month a year earlier loaded: (5 - 3) / 3 = +66.7%.
    assert list(change) == [("2025-03", "All")]
    row = change[("2025-03", "All")]
    assert (row.numerator, row.denominator) == (5, 3)
    assert row.value == pytest.approx(200 / 3)
    # Robbery: 2 in March 2025 against 1 in March 2024 = +100%. Weapons: 1 against 0 has no %.
    assert values(loaded, "robbery_change")[("2025-03", "All")] == pytest.approx(100)
    assert math.isnan(values(loaded, "weapons_possession_change")[("2025-03", "All")])
    # The dashed line of the monthly chart: last year's count, keyed to this year's month.
    frame = compute(loaded.cursor(), "violence_recorded_change", Query(la_codes=(STOCKTON,)))
    assert violence.same_month_last_year(frame)["value"].tolist() == [3]


def test_a_ward_filter_counts_the_wards_lsoas_over_its_residents(loaded):
    # Beckside (E05000002) is LSOA E01000003 alone: 2 crimes in March 2025, 5,000 residents.
    ward = {"la_codes": (STOCKTON,), "ward": "E05000002", "period_from": "2025-03"}
    assert values(loaded, "violence_recorded", **ward) == {("2025-03", "All"): 2}
    assert values(loaded, "violence_recorded_rate", **ward)[("2025-03", "All")] == pytest.approx(0.4)


def test_violence_by_ward_rolls_lsoas_up_over_the_last_12_months_and_ranks(loaded):
    ward_rates = measure(loaded, "violence_by_area", breakdown="ward")
    # Window: April 2024 to March 2025, all 12 months loaded.
    # Ashfield (LSOAs 001A + 001B): 8 x 1 + 2 + (1 + 1) + 1 + 3 = 16 / 8,000 x 1,000 = 2.0
    # Cliffe (Hartlepool 001A): 4 / 4,000 x 1,000 = 1.0
    # Beckside (002A): 2 / 5,000 x 1,000 = 0.4
    period = "12 months to 2025-03"
    assert {code: (row.numerator, row.value) for (p, code), row in ward_rates.items()
            if p == period} == {"E05000001": (16, 2.0), "E05000003": (4, 1.0),
                                "E05000002": (2, 0.4)}
    frame = compute(loaded.cursor(), "violence_by_area", Query(breakdown="ward"))
    ranked = frame.sort_values("value", ascending=False)["breakdown_value"].tolist()
    assert ranked == ["E05000001", "E05000003", "E05000002"]
    named = areas.with_names(frame, areas.ward_names(loaded.cursor()))
    assert dict(zip(named["ward_code"], named["breakdown_value"], strict=True)) == {
        "E05000001": "Ashfield", "E05000002": "Beckside", "E05000003": "Cliffe"}
    # An authority filter lists only its wards.
    assert set(values(loaded, "violence_by_area", la_codes=(STOCKTON,))) == {
        (period, "E05000001"), (period, "E05000002")}


def test_violence_by_ward_ends_at_the_end_of_the_period_asked_for(loaded):
    # To the end of 2024/25 Q3 (December 2024): January-December 2024, of which March-December
    # are loaded (10 months). Ashfield: 3 + 8 x 1 + 2 = 13 / 8,000 x 1,000 = 1.625.
    ward_rates = values(loaded, "violence_by_area", la_codes=(STOCKTON,), period_to="2024/25 Q3")
    assert ward_rates == {("10 months to 2024-12", "E05000001"): pytest.approx(1.625),
                          ("10 months to 2024-12", "E05000002"): 0}


def test_crime_locations_come_rounded_from_the_location_summary(loaded):
    located = violence.crime_locations(loaded.cursor(), Query(la_codes=(STOCKTON,)))
    # The 18 crimes of the 12 months to March 2025 at three map points, rounded to 0.001 degrees:
    # 001A 8 + 2 + 1 + 1 + 3 = 15, 001B 1, 002A 2.
    assert set(located["period"]) == {"12 months to 2025-03"}
    assert sorted(zip(located["lon"], located["lat"], located["crimes"], strict=True)) == [
        (-1.318, 54.565, 15), (-1.3, 54.57, 1), (-1.28, 54.555, 2)]
    assert len(violence.one_row_per_crime(located)) == 18


def test_a_newer_upload_of_a_force_month_replaces_it_and_the_counts_follow(loaded, tmp_path):
    corrected = police_month(tmp_path, "2025-03", [
        ("E01000001", VIOLENCE, 4), ("E01000003", VIOLENCE, 2), ("E01000004", VIOLENCE, 4),
    ], name="2025-03-test-street-corrected.csv")
    outcome = upload(loaded, corrected, la=None)
    assert outcome.ok and outcome.stored.replaced
    stockton = {"la_codes": (STOCKTON,), "period_from": "2025-03"}
    # March 2025 is now 4 + 2 = 6 in Stockton, 6 + 4 = 10 with Hartlepool.
    assert values(loaded, "violence_recorded", **stockton) == {("2025-03", "All"): 6}
    assert values(loaded, "violence_recorded", period_from="2025-03") == {("2025-03", "All"): 10}
    # Rolling 12 months to March: 18 - 5 + 6 = 19; change on March 2024: (6 - 3) / 3 = +100%.
    assert values(loaded, "violence_recorded_12m", **stockton) == {("2025-03", "All"): 19}
    assert values(loaded, "violence_recorded_change", **stockton)[("2025-03", "All")] == 100
    # The corrected file has no robbery: March's 2 robberies are gone with the old version.
    assert values(loaded, "robbery", period_from="2025-03") == {("2025-03", "All"): 0}
    # Ashfield: 16 - 3 + 4 = 17 / 8,000 x 1,000 = 2.125; its map point 15 - 3 + 4 = 16.
    assert values(loaded, "violence_by_area", la_codes=(STOCKTON,))[
        ("12 months to 2025-03", "E05000001")] == pytest.approx(2.125)
    located = violence.crime_locations(loaded.cursor(), Query(la_codes=(STOCKTON,)))
    assert located.set_index(["lon", "lat"])["crimes"][(-1.318, 54.565)] == 16


SVD_FILE = """period,area_code,indicator,value,source
2025-04,E06000004,knife_serious_violence_u25,12,Cleveland Police recorded crime
2025-Q2,E06000004,knife_serious_violence_u25,9,Cleveland Police recorded crime
2025-10,E06000004,knife_serious_violence_u25,4,Cleveland Police recorded crime
2025-11,E06000004,knife_serious_violence_u25,3,Cleveland Police recorded crime
2025-04,E05000001,knife_serious_violence_u25,5,Cleveland Police recorded crime
2025-04,E06000004,hospital_sharp_assault_u25,3,NHS Hospital Episode Statistics
2025-04,E06000004,homicide_u25,0,Home Office Homicide Index
"""


def test_serious_violence_duty_indicators_by_financial_quarter(store, tmp_path):
    assert upload(store, write(tmp_path, "svd.csv", SVD_FILE), la=STOCKTON).ok
    # 2025-04 is 2025/26 Q1; "2025-Q2" is the financial quarter 2025/26 Q2; October and
    # November add up to 2025/26 Q3: 4 + 3 = 7. The ward's figure stays out of the total.
    assert values(store, "knife_serious_violence_u25") == {
        ("2025/26 Q1", "All"): 12, ("2025/26 Q2", "All"): 9, ("2025/26 Q3", "All"): 7}
    assert values(store, "knife_serious_violence_u25", period_from="2025/26 Q2",
                  period_to="2025-09") == {("2025/26 Q2", "All"): 9}
    assert values(store, "knife_serious_violence_u25", breakdown="area",
                  period_to="2025/26 Q1") == {("2025/26 Q1", "E05000001"): 5,
                                              ("2025/26 Q1", STOCKTON): 12}
    # Victims under 25: 3 admissions are shown to officers, suppressed ("c") for anyone else;
    # a count of 0 is shown as 0.
    assert values(store, "hospital_sharp_assault_u25") == {("2025/26 Q1", "All"): 3}
    public = measure(store, "hospital_sharp_assault_u25", Role.PUBLIC)[("2025/26 Q1", "All")]
    assert public.suppressed and math.isnan(public.value) and math.isnan(public.numerator)
    homicides = measure(store, "homicide_u25", Role.PUBLIC)[("2025/26 Q1", "All")]
    assert (homicides.value, homicides.suppressed) == (0, False)
    # The ward's 5 is "c"; the authority's 12 is shown rounded to 10, which could be 8 to 12,
    # so it does not give the ward's count away.
    areas_public = measure(store, "knife_serious_violence_u25", Role.PUBLIC, breakdown="area",
                           period_to="2025/26 Q1")
    assert areas_public[("2025/26 Q1", "E05000001")].suppressed
    authority = areas_public[("2025/26 Q1", STOCKTON)]
    assert (authority.suppressed, authority.value) == (False, 10)


@pytest.mark.parametrize("measure_id", [m.id for m in violence.MEASURES])
def test_every_measure_is_empty_not_an_error_on_an_empty_store(store, measure_id):
    declared = BY_ID[measure_id]
    assert declared.definition and declared.unit and declared.section == violence.SECTION
    assert compute(store.cursor(), measure_id, Query(breakdown=declared.breakdowns[0])).empty


def test_real_city_of_london_violence_count_matches_the_file(store, tmp_path):
    october = realdata("2025-10-city-of-london-street.csv")
    november = realdata("2025-11-city-of-london-street.csv")
    with october.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # City of London Police also records crimes outside the City (Barnet, Birmingham ...): only
    # those in a "City of London nnnX" LSOA are placed in the City.
    expected = sum(1 for row in rows if row["Month"] == "2025-10"
                   and row["Crime type"] == VIOLENCE
                   and row["LSOA name"].startswith("City of London "))
    assert expected > 0
    assert upload(store, october, november, la=None).ok
    population = "area_code,area_name,area_type,year,age_band,population\n" \
                 "E09000001,City of London,la,2024,all,15000\n"
    assert upload(store, write(tmp_path, "population.csv", population), la="E09000001").ok
    counted = values(store, "violence_recorded", period_from="2025-10", period_to="2025-10")
    assert counted == {("2025-10", "All"): expected}
    assert store.cursor().execute(
        "SELECT count(*) FROM police_street_crime WHERE month = '2025-10'"
    ).fetchone()[0] == len(rows), "every row of the file is stored"
