"""Contextual versus individual change, measured on small extracts whose answers are worked out
by hand below. The extracts go through the real upload path, so the measures read exactly what
an officer's upload stores (risk levels written as words become '1'..'4', quarters come from
the dates, planned interventions keep their status).

Why these tests exist: each measure's definition (what counts, which quarter a child or a
context belongs to, what is left out) is a promise to the committee, and these pin it down."""

from __future__ import annotations

import math

import pytest

from conftest import by_period, cells
from conftest import load_csv as load
from contracts.roles import Role
from metrics.api import compute
from metrics.contextual import movement_cells
from metrics.model import Query
from metrics.registry import measure

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"

INTERVENTIONS = "intervention_id,target_level,target_id,intervention_type,lead_agency,start_date,end_date,status\n"
CONTEXTS = "context_id,context_type,identified_date,ward_code,lsoa_code\n"
REVIEWS = "review_id,subject_level,subject_id,review_date,risk_level\n"
REFERRALS = "referral_id,child_id,referral_date,source,harm_types,age,context_ids\n"
GEOGRAPHY = "lsoa_code,lsoa_name,ward_code,ward_name,la_code,la_name\n"
POLICE = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Crime type,Last outcome category,Context\n")


# --- interventions ---------------------------------------------------------------------

QUARTER_BOUNDARY = INTERVENTIONS + """\
I1,child,C1,mentoring,YOT,2025-03-31,2025-05-01,closed
I2,location,X1,cctv_lighting,Community safety,31/03/2025,,active
I3,peer_group,X2,detached_youth_work,Help and Support,2025-04-01,,active
I4,child,C2,mentoring,YOT,2025-04-01,,active
I5,family,C3,family_support,Children's services,2025-06-30,,active
I6,school,X3,school_assembly,Schools team,2025-05-01,,planned
"""


def test_contextual_share_counts_31_march_in_q4_and_1_april_in_q1(store, tmp_path):
    load(store, tmp_path, "interventions.csv", QUARTER_BOUNDARY)
    frame = measure("contextual_share").compute(store.cursor(), Query())
    # 2024/25 Q4 (started 31 March): I1 child, I2 location -> 1 contextual of 2 = 50%.
    # 2025/26 Q1 (from 1 April): I3 peer group, I4 child, I5 family -> 1 of 3 = 33.3%;
    # I6 is only planned, so it has not started and is in neither count.
    assert by_period(frame, "numerator") == {"2024/25 Q4": 1, "2025/26 Q1": 1}
    assert by_period(frame, "denominator") == {"2024/25 Q4": 2, "2025/26 Q1": 3}
    assert by_period(frame) == pytest.approx({"2024/25 Q4": 50.0, "2025/26 Q1": 100 / 3})


def test_contextual_share_keeps_to_the_authorities_and_quarters_asked_for(store, tmp_path):
    load(store, tmp_path, "stockton.csv", QUARTER_BOUNDARY)
    load(store, tmp_path, "hartlepool.csv", INTERVENTIONS + """\
H1,community,X9,guardianship,Community safety,2025-04-02,,active
H2,community,X9,environmental_design,Community safety,2025-04-03,,active
H3,child,C9,mentoring,YOT,2025-04-04,,active
H4,child,C8,mentoring,YOT,2025-04-05,,active
""", la=HARTLEPOOL)
    con = store.cursor()
    hartlepool = measure("contextual_share").compute(con, Query(la_codes=(HARTLEPOOL,)))
    # Hartlepool 2025/26 Q1: H1, H2 community of H1-H4 -> 2 of 4 = 50%; nothing in Q4.
    assert by_period(hartlepool) == {"2025/26 Q1": 50.0}
    q1 = Query(period_from="2025/26 Q1", period_to="2025/26 Q1", breakdown="authority")
    both = measure("contextual_share").compute(con, q1)
    # Stockton 1 of 3 (first test), Hartlepool 2 of 4.
    assert cells(both) == pytest.approx({("2025/26 Q1", STOCKTON): 100 / 3,
                                         ("2025/26 Q1", HARTLEPOOL): 50.0})


def test_interventions_by_level_counts_started_interventions_by_target_level_and_type(store, tmp_path):
    load(store, tmp_path, "interventions.csv", QUARTER_BOUNDARY)
    con = store.cursor()
    by_level = measure("interventions_by_level").compute(con, Query(breakdown="target_level"))
    assert cells(by_level) == {
        ("2024/25 Q4", "child"): 1, ("2024/25 Q4", "location"): 1,
        ("2025/26 Q1", "child"): 1, ("2025/26 Q1", "family"): 1, ("2025/26 Q1", "peer_group"): 1,
    }  # no school: I6 is planned
    by_type = measure("interventions_by_level").compute(
        con, Query(period_from="2025/26 Q1", breakdown="intervention_type"))
    assert cells(by_type) == {("2025/26 Q1", "mentoring"): 1, ("2025/26 Q1", "detached_youth_work"): 1,
                              ("2025/26 Q1", "family_support"): 1}
    total = measure("interventions_by_level").compute(con, Query())
    assert by_period(total) == {"2024/25 Q4": 2, "2025/26 Q1": 3}


# --- contexts ----------------------------------------------------------------------------

WARDS = GEOGRAPHY + """\
E01012201,Stockton-on-Tees 001A,E05001501,Ward one,E06000004,Stockton-on-Tees
E01012202,Stockton-on-Tees 001B,E05001502,Ward two,E06000004,Stockton-on-Tees
"""


def test_contexts_assessed_by_type_and_ward_named_directly_or_through_its_lsoa(store, tmp_path):
    load(store, tmp_path, "geography.csv", WARDS)
    load(store, tmp_path, "contexts.csv", CONTEXTS + """\
X1,peer_group,2025-04-01,E05001501,
X2,location,2025-05-01,,E01012201
X3,location,2025-06-30,E05001502,
X4,school,2025-07-01,E05001501,
""")
    con = store.cursor()
    by_type = measure("contexts_assessed").compute(con, Query(breakdown="context_type"))
    assert cells(by_type) == {("2025/26 Q1", "peer_group"): 1, ("2025/26 Q1", "location"): 2,
                              ("2025/26 Q2", "school"): 1}
    # Ward one: X1 and X4 name it; X2 names an LSOA in it; X3 is in ward two.
    ward_one = measure("contexts_assessed").compute(con, Query(ward="E05001501"))
    assert by_period(ward_one) == {"2025/26 Q1": 2, "2025/26 Q2": 1}


# --- risk reviews ---------------------------------------------------------------------------

RISK_REVIEWS = REVIEWS + """\
V01,context,X1,2025-04-10,3
V02,context,X1,2025-08-01,1
V03,context,X2,2025-08-02,4
V04,context,X3,2025-04-15,2
V05,context,X3,2025-05-20,medium
V06,context,X3,2025-07-10,1
V07,context,X4,2025-05-01,low
V08,context,X4,2025-09-01,High
V11,child,C1,2025-04-01,4
V12,child,C1,2025-06-01,4
V13,child,C1,2025-12-01,2
V14,child,C2,2025-12-02,1
"""


def test_context_risk_reduced_compares_the_latest_review_in_each_quarter_with_the_first(store, tmp_path):
    load(store, tmp_path, "reviews.csv", RISK_REVIEWS)
    frame = measure("context_risk_reduced").compute(store.cursor(), Query())
    # 2025/26 Q1: X3 has two reviews (2 then 2): not lower -> 0 of 1. X1 and X4 have one so far.
    # 2025/26 Q2: X1 3 -> 1 lower; X3 first 2 -> last 1 lower; X4 1 ("low") -> 3 ("High")
    #             higher -> 2 of 3. X2 has one review only and is not counted anywhere.
    assert by_period(frame, "numerator") == {"2025/26 Q1": 0, "2025/26 Q2": 2}
    assert by_period(frame, "denominator") == {"2025/26 Q1": 1, "2025/26 Q2": 3}
    assert by_period(frame) == pytest.approx({"2025/26 Q1": 0.0, "2025/26 Q2": 200 / 3})


def test_a_first_review_before_the_chosen_period_still_counts_as_the_first(store, tmp_path):
    load(store, tmp_path, "reviews.csv", RISK_REVIEWS)
    frame = measure("context_risk_reduced").compute(store.cursor(), Query(period_from="2025/26 Q2"))
    # Only Q2 is reported, but X1's and X4's first reviews (in Q1) are still their first.
    assert by_period(frame, "denominator") == {"2025/26 Q2": 3}


def test_context_risk_reduced_breaks_down_by_the_type_of_context(store, tmp_path):
    load(store, tmp_path, "reviews.csv", RISK_REVIEWS)
    load(store, tmp_path, "contexts.csv", CONTEXTS + """\
X1,peer_group,2025-04-01,,
X3,location,2025-04-02,,
""")
    frame = measure("context_risk_reduced").compute(store.cursor(), Query(breakdown="context_type"))
    # Q2: X1 peer group reduced (1 of 1); X3 location reduced (1 of 1); X4 is in no contexts
    # extract -> "Not recorded", 0 of 1.
    q2 = frame[frame["period"] == "2025/26 Q2"]
    assert dict(zip(q2["breakdown_value"], q2["value"], strict=True)) == {
        "Not recorded": 0.0, "location": 100.0, "peer_group": 100.0}


def test_child_risk_reduced_counts_a_child_in_each_quarter_it_is_reviewed_again(store, tmp_path):
    load(store, tmp_path, "reviews.csv", RISK_REVIEWS)
    frame = measure("child_risk_reduced").compute(store.cursor(), Query())
    # C1: 4 (April), 4 (June) -> Q1, not lower: 0 of 1; then 2 (December) -> Q3, lower: 1 of 1.
    # C2 has one review only: not counted (Q3's denominator is 1, not 2).
    assert by_period(frame) == {"2025/26 Q1": 0.0, "2025/26 Q3": 100.0}
    assert by_period(frame, "denominator") == {"2025/26 Q1": 1, "2025/26 Q3": 1}


def test_risk_change_matrix_counts_first_level_against_latest_for_children_and_contexts(store, tmp_path):
    load(store, tmp_path, "reviews.csv", RISK_REVIEWS)
    con = store.cursor()
    children = measure("risk_change_matrix").compute(con, Query(breakdown="child"))
    assert set(children["breakdown"]) == {"child"}
    # C1: very high (4) at first review and at June's; medium (2) in December.
    assert cells(children) == {("2025/26 Q1", "Very high → Very high"): 1,
                               ("2025/26 Q3", "Very high → Medium"): 1}
    contexts = measure("risk_change_matrix").compute(con, Query(breakdown="context"))
    # X3 2 -> 2 in Q1; in Q2 X1 3 -> 1, X3 2 -> 1, X4 1 -> 3.
    assert cells(contexts) == {("2025/26 Q1", "Medium → Medium"): 1, ("2025/26 Q2", "High → Low"): 1,
                               ("2025/26 Q2", "Medium → Low"): 1, ("2025/26 Q2", "Low → High"): 1}
    both = measure("risk_change_matrix").compute(con, Query())
    assert sorted(set(both["breakdown"])) == ["child", "context"] and len(both) == 6


def test_movement_cells_give_the_matrix_chart_its_from_and_to_levels_in_words(store, tmp_path):
    load(store, tmp_path, "reviews.csv", RISK_REVIEWS)
    contexts = measure("risk_change_matrix").compute(store.cursor(), Query(breakdown="context"))
    moved = movement_cells(contexts)
    q2 = moved[moved["period"] == "2025/26 Q2"]
    assert sorted(zip(q2["from_level"], q2["to_level"], strict=True)) == [
        ("High", "Low"), ("Low", "High"), ("Medium", "Low")]
    assert list(q2["value"]) == [1.0, 1.0, 1.0] and not q2["suppressed"].any()


# --- referral to intervention -------------------------------------------------------------

FIRST_REFERRALS = REFERRALS + """\
R1,C1,2025-04-10,police,cce,15,
R2,C1,2025-07-01,schools,cce,15,
R3,C2,2025-04-20,police,cse,14,X1
R4,C3,2025-05-01,health,cce,16,
R5,C5,2025-04-01,police,cce,13,
R6,C5,2025-06-01,police,cce,13,X2
"""
RESPONSES = INTERVENTIONS + """\
I0,child,C1,mentoring,YOT,2025-03-01,2025-03-30,closed
I1,child,C1,mentoring,YOT,2025-07-11,,active
I2,location,X1,cctv_lighting,Community safety,2025-05-05,,active
I3,family,C2,family_support,Children's services,2025-06-01,,active
I4,peer_group,X2,detached_youth_work,Help and Support,2025-05-01,,active
I5,peer_group,X2,detached_youth_work,Help and Support,2025-06-10,,active
"""


def test_days_to_intervention_runs_from_each_childs_first_referral(store, tmp_path):
    load(store, tmp_path, "referrals.csv", FIRST_REFERRALS)
    load(store, tmp_path, "interventions.csv", RESPONSES)
    frame = measure("days_to_intervention").compute(store.cursor(), Query())
    # C1: first referral 10 April; I0 (March) came before it; I1 on 11 July = 20+31+30+11 = 92
    #     days. R2 (1 July) does not restart the clock (that would give 10), nor add a Q2 row.
    # C2: referral 20 April names X1; I2 on X1 on 5 May = 15 days (I3 on 1 June is later).
    # C3: no intervention yet: in the denominator only.
    # C5: first referral 1 April; X2 is named on 1 June, so I4 (1 May) is not yet linked;
    #     I5 on 10 June = 29+31+10 = 70 days.
    # Median of 15, 70, 92 = 70; 3 children with an intervention of 4 first referred.
    assert by_period(frame) == {"2025/26 Q1": 70.0}
    assert by_period(frame, "numerator") == {"2025/26 Q1": 3}
    assert by_period(frame, "denominator") == {"2025/26 Q1": 4}


def test_days_to_intervention_honours_the_harm_filter_on_the_first_referral(store, tmp_path):
    load(store, tmp_path, "referrals.csv", FIRST_REFERRALS)
    load(store, tmp_path, "interventions.csv", RESPONSES)
    frame = measure("days_to_intervention").compute(store.cursor(), Query(harm_type="cse"))
    # Only C2's first referral names CSE: 15 days, 1 of 1.
    assert by_period(frame) == {"2025/26 Q1": 15.0}
    assert by_period(frame, "denominator") == {"2025/26 Q1": 1}


# --- reach into places of harm ---------------------------------------------------------------

ELEVEN_WARDS = GEOGRAPHY + "".join(
    f"E010000{k:02d},Stockton-on-Tees 0{k:02d}A,E050000{k:02d},Ward {k},E06000004,Stockton-on-Tees\n"
    for k in range(1, 12)
)


def police_file() -> str:
    """April 2024 to March 2025 loaded (one anti-social behaviour row a month in ward 1), plus
    June 2025. In January 2025 ward k records k violent crimes, so ward 1 has the fewest and
    wards 2-11 are the top ten."""
    row = ("{id},{month},Cleveland Police,Cleveland Police,-1.3,54.5,On or near Street,"
           "E010000{k:02d},Stockton-on-Tees 0{k:02d}A,{kind},{outcome},\n")
    months = [f"2024-{m:02d}" for m in range(4, 13)] + ["2025-01", "2025-02", "2025-03", "2025-06"]
    lines = [row.format(id="", month=m, k=1, kind="Anti-social behaviour", outcome="")
             for m in months]
    lines += [row.format(id=f"v{k}n{n}", month="2025-01", k=k, kind="Violence and sexual offences",
                         outcome="Under investigation")
              for k in range(1, 12) for n in range(k)]
    return POLICE + "".join(lines)


REACH_CONTEXTS = CONTEXTS + """\
X1,location,2024-06-01,E05000011,
X2,peer_group,2023-01-10,,E01000010
X3,location,2023-01-10,E05000009,
X4,school,2023-02-01,E05000008,
X5,location,2024-05-01,E05000001,
X6,location,2025-04-02,E05000007,
"""
REACH_INTERVENTIONS = INTERVENTIONS + """\
I1,peer_group,X2,detached_youth_work,Help and Support,2023-02-01,,active
I2,location,X3,cctv_lighting,Community safety,2023-02-01,2024-03-31,closed
I3,school,X4,school_assembly,Schools team,2025-04-01,,active
I4,child,C1,mentoring,YOT,2024-06-01,,active
"""


def load_reach(store, tmp_path) -> None:
    load(store, tmp_path, "geography.csv", ELEVEN_WARDS)
    load(store, tmp_path, "cleveland-street-2024-25.csv", police_file(), la=None)
    load(store, tmp_path, "contexts.csv", REACH_CONTEXTS)
    load(store, tmp_path, "interventions.csv", REACH_INTERVENTIONS)


def test_hotspot_reach_counts_top_wards_with_an_active_contextual_assessment_or_intervention(
    store, tmp_path,
):
    load_reach(store, tmp_path)
    frame = measure("hotspot_reach").compute(store.cursor(), Query())
    # Only 2024/25 Q4 has all 12 months (April 2024 - March 2025) loaded: 2025/26 Q1 lacks April
    # and May 2025. Top ten wards: 2-11. Reached:
    #   ward 11: X1 identified June 2024, inside the 12 months;
    #   ward 10: X2 (LSOA in ward 10) was identified in 2023, but I1 on it is still active.
    # Not reached: ward 9 (I2 ended 31 March 2024, the day before the window), ward 8 (I3
    # starts after the quarter), ward 7 (X6 identified after the quarter); ward 1 (X5) is not
    # in the top ten; I4 targets a child. -> 2 of 10 = 20%.
    assert by_period(frame) == {"2024/25 Q4": 20.0}
    assert by_period(frame, "numerator") == {"2024/25 Q4": 2}
    assert by_period(frame, "denominator") == {"2024/25 Q4": 10}


def test_hotspot_reach_is_empty_without_geography_or_police_data(store, tmp_path):
    load(store, tmp_path, "contexts.csv", REACH_CONTEXTS)
    load(store, tmp_path, "interventions.csv", REACH_INTERVENTIONS)
    assert compute(store.cursor(), "hotspot_reach", Query(), Role.PUBLIC).empty
    load(store, tmp_path, "geography.csv", ELEVEN_WARDS)
    assert compute(store.cursor(), "hotspot_reach", Query(), Role.PUBLIC).empty


# --- disclosure control ------------------------------------------------------------------------


def test_the_public_sees_c_for_one_to_seven_contexts_and_officers_see_the_count(store, tmp_path):
    nine_then_two = [f"X{n},location,2025-04-0{n},," for n in range(1, 10)] + [
        "Y1,school,2025-07-01,,", "Y2,school,2025-07-02,,"]
    load(store, tmp_path, "contexts.csv", CONTEXTS + "\n".join(nine_then_two) + "\n")
    con = store.cursor()
    public = compute(con, "contexts_assessed", Query(), Role.PUBLIC)
    # Q1: 9 contexts, shown rounded to 10; Q2: 2 contexts, suppressed.
    assert by_period(public, "suppressed") == {"2025/26 Q1": False, "2025/26 Q2": True}
    assert public.loc[public["period"] == "2025/26 Q1", "value"].item() == 10
    assert math.isnan(public.loc[public["period"] == "2025/26 Q2", "value"].item())
    officer = compute(con, "contexts_assessed", Query(), Role.OFFICER)
    assert by_period(officer) == {"2025/26 Q1": 9, "2025/26 Q2": 2}
    assert not officer["suppressed"].any()


def test_the_public_sees_c_for_a_percentage_of_one_to_five_interventions(store, tmp_path):
    load(store, tmp_path, "interventions.csv", QUARTER_BOUNDARY)
    con = store.cursor()
    public = compute(con, "contextual_share", Query(), Role.PUBLIC)
    # 1 of 2 and 1 of 3: both denominators are 1-5 children's interventions.
    assert public["suppressed"].all() and public["value"].isna().all()
    assert public["numerator"].isna().all() and public["denominator"].isna().all()
    officer = compute(con, "contextual_share", Query(), Role.OFFICER)
    assert by_period(officer) == pytest.approx({"2024/25 Q4": 50.0, "2025/26 Q1": 100 / 3})


def test_counts_of_wards_reached_are_not_suppressed(store, tmp_path):
    load_reach(store, tmp_path)
    public = compute(store.cursor(), "hotspot_reach", Query(), Role.PUBLIC)
    # 2 of 10 wards: a count of wards, not of children, so the public sees it.
    assert by_period(public, "numerator") == {"2024/25 Q4": 2}
    assert not public["suppressed"].any()
