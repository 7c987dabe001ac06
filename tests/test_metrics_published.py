"""How we compare: DfE's published figures per 10,000 children and re-referral rates, measured
first on small hand-made Explore Education Statistics files whose answers are worked out below,
then on the real DfE files (../shared/realdata), checked against the same arithmetic done
independently with the csv module.

Why these tests exist: a published rate is only comparable if it follows DfE's rule (year T
factors over the year T-1 population), and a figure DfE withheld must stay a gap with its
symbol: a 'c' read as 0 would tell the committee that no child was harmed.
"""

from __future__ import annotations

import csv
import math

import pandas as pd
import pytest

from conftest import realdata, upload, write
from contracts.roles import Role
from metrics.api import compute
from metrics.model import Query
from metrics.published import published_authorities, reporting_year
from store.connection import Store

STOCKTON, HARTLEPOOL, BOLTON = "E06000004", "E06000001", "E08000001"
EES = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
       "region_name,old_la_code,new_la_code,la_name")
NATIONAL = "Reporting year,National,E92000001,England,,,,,"
NORTH_EAST = "Reporting year,Regional,E92000001,England,E12000001,North East,,,"
NORTH_WEST = "Reporting year,Regional,E92000001,England,E12000002,North West,,,"
STOCKTON_ROW = f"Reporting year,Local authority,E92000001,England,E12000001,North East,808,{STOCKTON},Stockton-on-Tees"
HARTLEPOOL_ROW = f"Reporting year,Local authority,E92000001,England,E12000001,North East,805,{HARTLEPOOL},Hartlepool"
BOLTON_ROW = f"Reporting year,Local authority,E92000001,England,E12000002,North West,350,{BOLTON},Bolton"

CATEGORY = "Factors identified at the end of assessment"
FACTORS = (EES + ",category,Going_missing,Child_sexual_exploitation,Trafficking,Gangs,"
           "Child_criminal_exploitation,Self_harm\n"
           # year, area,                    GM,    CSE,   Traf, Gangs, CCE,   Self_harm
           f"2024,{NATIONAL},{CATEGORY},16000,12000,2000,9000,15000,40000\n"
           f"2024,{NORTH_EAST},{CATEGORY},900,600,100,500,800,2000\n"
           f"2024,{NORTH_WEST},{CATEGORY},1500,1100,200,900,700,5000\n"
           f"2023,{STOCKTON_ROW},{CATEGORY},87,48,11,79,0,10\n"
           f"2024,{STOCKTON_ROW},{CATEGORY},150,58,c,126,90,12\n"
           f"2025,{STOCKTON_ROW},{CATEGORY},129,89,12,45,c,14\n"
           f"2024,{HARTLEPOOL_ROW},{CATEGORY},79,44,c,26,21,8\n"
           f"2025,{HARTLEPOOL_ROW},{CATEGORY},80,64,c,20,33,9\n"
           f"2024,{BOLTON_ROW},{CATEGORY},200,90,6,40,50,30\n")
AGE = "Children aged 0 to 17 years"
POPULATION = (EES + ",age_group,population_estimate\n"
              f"2023,{NATIONAL},{AGE},12000000\n"
              f"2024,{NATIONAL},{AGE},12100000\n"
              f"2023,{NORTH_EAST},{AGE},500000\n"
              f"2023,{NORTH_WEST},{AGE},1400000\n"
              f"2022,{STOCKTON_ROW},{AGE},44000\n"
              f"2023,{STOCKTON_ROW},{AGE},45000\n"
              f"2024,{STOCKTON_ROW},{AGE},50000\n"
              f"2023,{HARTLEPOOL_ROW},{AGE},21000\n"
              f"2024,{HARTLEPOOL_ROW},{AGE},x\n"
              f"2023,{BOLTON_ROW},{AGE},50000\n")
RR = "Referrals and Re-referrals"
REREFERRALS = (EES + ",category,referral_count,rereferral_count,rereferral_percent\n"
               f"2025,{NATIONAL},{RR},632830,142900,22.6\n"
               f"2025,{NORTH_EAST},{RR},32490,6730,20.7\n"
               f"2024,{STOCKTON_ROW},{RR},4031,1221,30.3\n"
               f"2025,{STOCKTON_ROW},{RR},3959,1140,28.8\n"
               f"2024,{HARTLEPOOL_ROW},{RR},x,x,x\n"
               f"2025,{HARTLEPOOL_ROW},{RR},2020,536,26.5\n"
               f"2025,{BOLTON_ROW},{RR},1000,250,u\n")


def load(store, tmp_path, name: str, text: str) -> None:
    outcome = upload(store, write(tmp_path, name, text), la=None)
    assert outcome.ok, outcome.message()


@pytest.fixture
def published(store, tmp_path):
    load(store, tmp_path, "factors.csv", FACTORS)
    load(store, tmp_path, "population.csv", POPULATION)
    load(store, tmp_path, "rereferrals.csv", REREFERRALS)
    return store


def cell(frame, period: str, area: str, factor: str | None = None) -> pd.Series:
    key = f"{area} · {factor}" if factor else area
    found = frame[(frame["period"] == period) & (frame["breakdown_value"] == key)]
    assert len(found) == 1, (period, key, frame[["period", "breakdown_value"]].to_string())
    return found.iloc[0]


def values(frame, factor: str = "Child criminal exploitation") -> dict:
    rows = frame[frame["factor"] == factor] if "factor" in frame else frame
    return {(row.period, row.area): (None if math.isnan(row.value) else round(row.value, 6))
            for row in rows.itertuples()}


# --- per 10,000: year T factors over the year T-1 population ----------------------------
# Periods are DfE's reporting years written as financial years: the files' 2024 is 2023/24
# (April 2023 to March 2024), whose rate uses the mid-2023 population.


def test_factors_per_10000_use_the_population_of_the_year_before(published):
    frame = compute(published.cursor(), "published_harm_factors",
                    Query(la_codes=(STOCKTON, HARTLEPOOL)))
    assert values(frame) == {
        ("2023/24", "England"): 12.5,             # 15,000 / 12,000,000 (2023) x 10,000
        ("2023/24", "North East"): 16.0,           # 800 / 500,000 (2023) x 10,000
        ("2022/23", "Stockton-on-Tees"): 0.0,      # 0 / 44,000 (2022): a real zero, shown as 0
        ("2023/24", "Stockton-on-Tees"): 20.0,     # 90 / 45,000 (2023), not / 50,000 (2024) = 18
        ("2024/25", "Stockton-on-Tees"): None,     # 'c' in the file: a gap
        ("2023/24", "Hartlepool"): 10.0,           # 21 / 21,000 (2023)
        ("2024/25", "Hartlepool"): None,           # 33 / 'x' (2024 population): no rate
    }
    stockton_2024 = cell(frame, "2023/24", "Stockton-on-Tees", "Child criminal exploitation")
    assert (stockton_2024["numerator"], stockton_2024["denominator"]) == (90, 45000)
    # Gangs 2025: 45 / 50,000 (2024) x 10,000 = 9.0
    assert values(frame, "Gangs")[("2024/25", "Stockton-on-Tees")] == 9.0


def test_a_published_symbol_is_kept_as_a_gap_with_its_symbol_never_a_zero(published):
    frame = compute(published.cursor(), "published_harm_factors",
                    Query(la_codes=(STOCKTON, HARTLEPOOL)), Role.PUBLIC)
    suppressed = cell(frame, "2024/25", "Stockton-on-Tees", "Child criminal exploitation")
    assert math.isnan(suppressed["value"]) and math.isnan(suppressed["numerator"])
    assert suppressed["symbol"] == "c"
    trafficking = cell(frame, "2023/24", "Stockton-on-Tees", "Trafficking")
    assert math.isnan(trafficking["value"]) and trafficking["symbol"] == "c"
    # The count is published (33) but the population is 'x', so the rate is 'x'.
    no_population = cell(frame, "2024/25", "Hartlepool", "Child criminal exploitation")
    assert no_population["numerator"] == 33 and math.isnan(no_population["value"])
    assert no_population["symbol"] == "x"
    zero = cell(frame, "2022/23", "Stockton-on-Tees", "Child criminal exploitation")
    assert zero["value"] == 0 and zero["symbol"] is None
    assert not frame["suppressed"].any()  # our own disclosure control does not apply
    assert (frame["value"] == 0).sum() == 1, "the only 0 is the real one; no symbol became 0"
    assert frame.loc[frame["value"].isna(), "symbol"].notna().all(), "every gap says why"


def test_the_comparison_is_the_authority_its_region_england_and_its_comparators(published):
    con = published.cursor()
    frame = compute(con, "published_harm_factors", Query(la_codes=(STOCKTON, BOLTON)))
    # Stockton's region (North East), not Bolton's (North West): the first authority is the one
    # compared; Bolton is its comparator. Hartlepool was not asked for.
    assert set(zip(frame["area"], frame["area_type"], strict=True)) == {
        ("England", "England"), ("North East", "Region"),
        ("Stockton-on-Tees", "Local authority"), ("Bolton", "Local authority")}
    assert set(frame["factor"]) == {"Child criminal exploitation", "Child sexual exploitation",
                                    "Gangs", "Going missing", "Trafficking"}  # no Self_harm
    bolton = compute(con, "published_harm_factors", Query(la_codes=(BOLTON,)))
    assert values(bolton) == {("2023/24", "England"): 12.5, ("2023/24", "North West"): 5.0,
                              ("2023/24", "Bolton"): 10.0}  # 700 / 1,400,000; 50 / 50,000
    everything = compute(con, "published_harm_factors", Query())
    assert set(everything["area"]) == {"England", "North East", "North West", "Stockton-on-Tees",
                                       "Hartlepool", "Bolton"}


def test_periods_are_reporting_years_and_a_quarter_filter_picks_its_year(published):
    assert reporting_year("2025") == 2025
    assert reporting_year("2024/25") == reporting_year("2024/25 Q3") == 2025  # April 24-March 25
    with pytest.raises(ValueError):
        reporting_year("Q3")
    frame = compute(published.cursor(), "published_harm_factors",
                    Query(la_codes=(STOCKTON,), period_from="2024/25 Q1", period_to="2024/25 Q4"))
    assert set(frame["period"]) == {"2024/25"}  # DfE's 2025


# --- re-referrals, as published --------------------------------------------------------


def test_rereferral_rates_are_as_published_with_their_counts_and_symbols(published):
    frame = compute(published.cursor(), "published_rereferrals",
                    Query(la_codes=(STOCKTON, HARTLEPOOL, BOLTON)), Role.PUBLIC)
    # As published, not recomputed: 1,140 / 3,959 = 28.795... is published as 28.8.
    stockton = cell(frame, "2024/25", "Stockton-on-Tees")
    assert (stockton["value"], stockton["numerator"], stockton["denominator"]) == (28.8, 1140, 3959)
    assert cell(frame, "2024/25", "England")["value"] == 22.6
    assert cell(frame, "2024/25", "North East")["value"] == 20.7
    hidden = cell(frame, "2023/24", "Hartlepool")  # x in every column: not available, not 0
    assert math.isnan(hidden["value"]) and hidden["symbol"] == "x"
    assert math.isnan(hidden["numerator"]) and math.isnan(hidden["denominator"])
    unreliable = cell(frame, "2024/25", "Bolton")  # counts published, percentage marked u
    assert math.isnan(unreliable["value"]) and unreliable["symbol"] == "u"
    assert (unreliable["numerator"], unreliable["denominator"]) == (250, 1000)


def test_published_authorities_are_listed_by_name(published):
    assert published_authorities(published.cursor()) == {
        BOLTON: "Bolton", HARTLEPOOL: "Hartlepool", STOCKTON: "Stockton-on-Tees"}


def test_an_empty_store_gives_empty_tables(store):
    con = store.cursor()
    assert compute(con, "published_harm_factors", Query(la_codes=(STOCKTON,))).empty
    assert compute(con, "published_rereferrals", Query()).empty
    assert published_authorities(con) == {}


# --- the real DfE files ------------------------------------------------------------------

C3 = "dfe_c3_factors_identified_at_end_of_assessment_2018_to_2025.csv"
C1 = "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
POP = "dfe_ons_mid-year_population_estimates_2012_to_2024.csv"


@pytest.fixture(scope="module")
def real_store(tmp_path_factory):
    paths = [realdata(name) for name in (C3, C1, POP)]
    opened = Store(tmp_path_factory.mktemp("real") / "real.duckdb")
    for path in paths:
        outcome = upload(opened, path, la=None)
        assert outcome.ok, outcome.message()
    yield opened
    opened.close()


def label(year: int) -> str:
    """DfE's reporting year as the dashboard writes it: 2025 -> '2024/25'."""
    return f"{year - 1}/{year % 100:02d}"


def csv_rows(name: str) -> list[dict]:
    with realdata(name).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_real_stockton_cce_per_10000_matches_dfe_s_rule_worked_independently(real_store):
    factors = {int(r["time_period"]): r["Child_criminal_exploitation"] for r in csv_rows(C3)
               if r["new_la_code"] == STOCKTON}
    people = {int(r["time_period"]): float(r["population_estimate"]) for r in csv_rows(POP)
              if r["new_la_code"] == STOCKTON}
    # The counts the committee knows (extracts.md): 95, 82, 183, 134 for 2022 to 2025.
    assert [factors[year] for year in (2022, 2023, 2024, 2025)] == ["95", "82", "183", "134"]
    expected = {label(year): 10_000 * float(factors[year]) / people[year - 1]
                for year in (2022, 2023, 2024, 2025)}
    # e.g. 2025: 134 / 45,079 (mid-2024) x 10,000 = 29.73; 2024: 183 / 44,466 = 41.16
    frame = compute(real_store.cursor(), "published_harm_factors", Query(la_codes=(STOCKTON,)))
    stockton = frame[(frame["area_code"] == STOCKTON)
                     & (frame["factor"] == "Child criminal exploitation")]
    got = dict(zip(stockton["period"], stockton["value"], strict=True))
    assert {year: got[year] for year in expected} == pytest.approx(expected)
    assert round(got["2024/25"], 1) == 29.7 and round(got["2023/24"], 1) == 41.2
    # Before 2022 (2021/22) DfE did not collect CCE: 'x', gaps, never zeros.
    early = stockton[stockton["period"] < "2021/22"]
    assert len(early) == 4 and early["value"].isna().all() and set(early["symbol"]) == {"x"}


def test_real_suppressed_cells_stay_symbols_and_a_real_zero_stays_zero(real_store):
    frame = compute(real_store.cursor(), "published_harm_factors", Query(la_codes=(HARTLEPOOL,)))
    cce = frame[(frame["area_code"] == HARTLEPOOL) & (frame["factor"] == "Child criminal exploitation")]
    by_year = {row.period: (row.value, row.symbol) for row in cce.itertuples()}
    assert math.isnan(by_year["2021/22"][0]) and by_year["2021/22"][1] == "c"  # 'c' in the file
    assert by_year["2022/23"] == (0.0, None)  # 0 in the file: a real zero
    assert round(by_year["2024/25"][0], 1) == round(10_000 * 57 / 21_090, 1) == 27.0
    # Every 'c' among the five factors for all areas in the file is a 'c' gap in the measure.
    wanted = ("Child_criminal_exploitation", "Child_sexual_exploitation", "Gangs",
              "Going_missing", "Trafficking")
    file_cs = sum(r[f] == "c" for r in csv_rows(C3) for f in wanted)
    everything = compute(real_store.cursor(), "published_harm_factors", Query())
    assert file_cs > 0 and (everything["symbol"] == "c").sum() == file_cs
    assert everything.loc[everything["symbol"] == "c", "value"].isna().all()


def test_real_rereferral_rates_beside_england_and_the_north_east(real_store):
    expected = {(label(int(r["time_period"])), r["geographic_level"]): float(r["rereferral_percent"])
                for r in csv_rows(C1)
                if r["time_period"] == "2025" and (r["new_la_code"] == STOCKTON
                                                    or r["geographic_level"] == "National"
                                                    or r["region_code"] == "E12000001"
                                                    and r["geographic_level"] == "Regional")}
    frame = compute(real_store.cursor(), "published_rereferrals",
                    Query(la_codes=(STOCKTON,), period_from="2025", period_to="2025"))
    got = {(row.period, {"England": "National", "Region": "Regional"}.get(row.area_type,
            "Local authority")): row.value for row in frame.itertuples()}
    assert got == expected
    assert got[("2024/25", "Local authority")] == 28.8  # extracts.md: about 28-30%
