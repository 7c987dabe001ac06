"""Referral measures on small hand-made extracts, each answer worked out by hand here."""

from __future__ import annotations

import pytest

from conftest import upload, write
from contracts.roles import Role
from metrics.api import compute
from metrics.model import Query

HEADER = "referral_id,child_id,referral_date,source,harm_types,age,sex,outcome,context_ids,ward_code\n"
POPULATION = (
    "area_code,area_name,area_type,year,age_band,population\n"
    "E06000004,Stockton-on-Tees,la,2024,0-17,40000\n"
    "E06000004,Stockton-on-Tees,la,2025,0-17,50000\n"
    "E06000004,Stockton-on-Tees,la,2025,10-17,20000\n"
)


@pytest.fixture
def referrals(store, tmp_path):
    """Eight referrals of five children across 2024/25 Q4 and 2025/26 Q1."""
    rows = [
        # 2024/25 Q4 (January to March 2025): three referrals
        "R1,A,2025-01-10,police,cce;missing,15,male,mace_referral,X1,E05001523",
        "R2,B,2025-03-31,schools,cse,14,female,early_help,,E05001523",   # 31 March: still Q4
        "R3,C,2025-02-01,police,cce,16,male,no_further_action,,E05001524",
        # 2025/26 Q1 (April to June 2025): five referrals
        "R4,B,2025-04-01,health,cse,14,female,assessment,X2;X3,E05001523",  # 1 April: Q1
        "R5,A,2026-01-10,police,cce,16,male,section_47,,E05001523",  # 2025/26 Q4, A again
        "R6,D,2025-05-05,police,county_lines,17,male,mace_referral,X1,E05001524",
        "R7,E,2025-06-30,individual,online_harm,12,female,early_help,,E05001524",
        "R8,C,2025-06-01,police,cce,16,male,assessment,,E05001524",
    ]
    upload(store, write(tmp_path, "referrals.csv", HEADER + "\n".join(rows) + "\n"))
    upload(store, write(tmp_path, "population.csv", POPULATION))
    return store.cursor()


def by_period(con, measure_id, role=Role.OFFICER, **query):
    frame = compute(con, measure_id, Query(**query), role)
    return {(row.period, row.breakdown_value): row.value for row in frame.itertuples()}


def test_referrals_are_counted_in_the_financial_quarter_of_their_date(referrals):
    # R1, R2 (31 March), R3 -> 2024/25 Q4; R4 (1 April), R6, R7, R8 -> 2025/26 Q1; R5 -> Q4.
    assert by_period(referrals, "referrals") == {
        ("2024/25 Q4", "All"): 3, ("2025/26 Q1", "All"): 4, ("2025/26 Q4", "All"): 1}


def test_children_referred_counts_each_child_once_per_quarter(referrals):
    counts = by_period(referrals, "children_referred")
    assert counts[("2025/26 Q1", "All")] == 4  # B, D, E, C


def test_the_rate_uses_the_latest_population_at_or_before_the_financial_year(referrals):
    rates = by_period(referrals, "referral_rate_0_17")
    # 2024/25 uses the 2024 estimate (40,000): 3 / 40,000 * 10,000 = 0.75
    assert rates[("2024/25 Q4", "All")] == pytest.approx(0.75)
    # 2025/26 uses 2025 (50,000): 4 / 50,000 * 10,000 = 0.8
    assert rates[("2025/26 Q1", "All")] == pytest.approx(0.8)
    # aged 10-17: 4 / 20,000 * 10,000 = 2.0; no 10-17 estimate for 2024 -> no rate
    rates_10_17 = by_period(referrals, "referral_rate_10_17")
    assert rates_10_17[("2025/26 Q1", "All")] == pytest.approx(2.0)
    assert rates_10_17[("2024/25 Q4", "All")] != rates_10_17[("2024/25 Q4", "All")]  # NaN


def test_a_child_referred_again_exactly_12_months_later_is_a_re_referral(referrals):
    shares = by_period(referrals, "re_referrals_12m")
    # 2025/26 Q1: R4 (B, earlier R2 the day before) and R8 (C, earlier R3 in February) are
    # re-referrals; R6 and R7 are first referrals: 2 / 4 = 50%.
    assert shares[("2025/26 Q1", "All")] == pytest.approx(50.0)
    # 2025/26 Q4: R5 on 2026-01-10 is exactly 12 months after R1 (2025-01-10): counts, 100%.
    assert shares[("2025/26 Q4", "All")] == pytest.approx(100.0)


def test_shares_by_source_and_outcome_add_up_to_the_quarter(referrals):
    sources = by_period(referrals, "referrals_by_source", breakdown="source")
    # 2025/26 Q1: police R6, R8 (2), health R4 (1), individual R7 (1) of 4.
    assert sources[("2025/26 Q1", "police")] == pytest.approx(50.0)
    assert sources[("2025/26 Q1", "health")] == pytest.approx(25.0)
    outcomes = by_period(referrals, "referral_outcomes", breakdown="outcome")
    assert sum(v for (p, _), v in outcomes.items() if p == "2024/25 Q4") == pytest.approx(100.0)


def test_a_referral_naming_several_harms_counts_under_each(referrals):
    harms = by_period(referrals, "referrals_by_harm", breakdown="harm_type")
    assert harms[("2024/25 Q4", "cce")] == 2  # R1, R3
    assert harms[("2024/25 Q4", "missing")] == 1  # R1 names two harms


def test_context_named_at_referral(referrals):
    shares = by_period(referrals, "context_recorded")
    assert shares[("2024/25 Q4", "All")] == pytest.approx(100 / 3)  # R1 only
    assert shares[("2025/26 Q1", "All")] == pytest.approx(50.0)  # R4, R6


def test_the_profile_counts_children_by_age_band_and_sex(referrals):
    profile = by_period(referrals, "referral_profile", breakdown="age_band_sex")
    assert profile[("2025/26 Q1", "16-17 · male")] == 2  # D (17) and C (16)


def test_filters_narrow_every_referral_measure(referrals):
    counts = by_period(referrals, "referrals", ward="E05001524", period_from="2025/26 Q1",
                       period_to="2025/26 Q1")
    assert counts == {("2025/26 Q1", "All"): 3}  # R6, R7, R8
    assert by_period(referrals, "referrals", harm_type="cse") == {
        ("2024/25 Q4", "All"): 1, ("2025/26 Q1", "All"): 1}


def test_the_public_view_suppresses_counts_of_one_to_five_children(referrals):
    public = compute(referrals, "referrals", Query(), Role.PUBLIC)
    assert public["suppressed"].all()
    assert public["value"].isna().all() and public["numerator"].isna().all()
    officer = compute(referrals, "referrals", Query(), Role.OFFICER)
    assert not officer["suppressed"].any()
