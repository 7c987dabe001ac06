"""Awareness, training and community guardians, measured on small extracts whose answers are
worked out by hand below, and read against targets set in the store.

Why these tests exist: the committee reads each programme as "x of target y" for a financial
year, so where the year starts and stops (31 March against 1 April), what a quarter adds to the
year so far, and which schools count as reached must not drift."""

from __future__ import annotations

import pytest

from conftest import by_period, cells
from conftest import load_csv as load
from contracts.roles import Role
from metrics import programmes
from metrics.api import compute
from metrics.model import Query
from metrics.registry import measure
from store.targets import set_target

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"
ACTIVITY = "activity_id,date,programme,organisation_type,organisation_id,sessions,participants\n"


# Quarters with any activity: 2024/25 Q1 to Q4, 2025/26 Q1 and Q2.
YEARS = ACTIVITY + """\
A01,2024-04-15,staff_training,team,T1,1,10
A07,2024-07-10,partner_awareness,partner,P1,1,40
A02,2024-10-01,staff_training,team,T2,1,20
A03,2025-03-31,staff_training,team,T1,2,30
A04,2025-04-01,staff_training,team,T3,1,5
A05,2025-05-20,staff_training,team,T2,1,
A06,2025-08-01,community_guardians,community,G1,1,4
A08,2025-07-15,members_awareness,council,CL,1,12
A09,2025-09-01,partner_awareness,partner,P2,1,25
"""


def test_staff_trained_adds_up_through_the_year_and_restarts_on_1_april(store, tmp_path):
    load(store, tmp_path, "activity.csv", YEARS)
    frame = measure("staff_trained").compute(store.cursor(), Query())
    # 2024/25: Q1 10; Q2 none (the quarter is loaded: partner awareness) so still 10; Q3 +20 = 30;
    #          Q4 +30 on 31 March, the year's last day = 60.
    # 2025/26: 1 April starts again: Q1 5 (A05's participants are blank and add nothing); Q2 5.
    assert by_period(frame) == {"2024/25 Q1": 10, "2024/25 Q2": 10, "2024/25 Q3": 30,
                                "2024/25 Q4": 60, "2025/26 Q1": 5, "2025/26 Q2": 5}


def test_a_quarter_chosen_alone_still_counts_the_earlier_quarters_of_its_year(store, tmp_path):
    load(store, tmp_path, "activity.csv", YEARS)
    q4 = Query(period_from="2024/25 Q4", period_to="2024/25 Q4")
    # 2024/25 Q4 alone: 10 + 20 + 30 = 60, not the 30 dated in the quarter.
    assert by_period(measure("staff_trained").compute(store.cursor(), q4)) == {"2024/25 Q4": 60}


def test_partners_members_and_guardians_are_cumulative_in_the_year_with_zero_before_any(store, tmp_path):
    load(store, tmp_path, "activity.csv", YEARS)
    con = store.cursor()
    reached = measure("partners_members_aware").compute(con, Query())
    # 2024/25: 40 partners from Q2 on. 2025/26: Q1 0 (restarted); Q2 12 Members + 25 partners = 37.
    assert by_period(reached) == {"2024/25 Q1": 0, "2024/25 Q2": 40, "2024/25 Q3": 40,
                                  "2024/25 Q4": 40, "2025/26 Q1": 0, "2025/26 Q2": 37}
    split = measure("partners_members_aware").compute(con, Query(period_from="2025/26 Q2",
                                                                 breakdown="programme"))
    assert cells(split) == {("2025/26 Q2", "members_awareness"): 12,
                            ("2025/26 Q2", "partner_awareness"): 25}
    guardians = measure("community_guardians").compute(con, Query(period_from="2025/26 Q1"))
    assert by_period(guardians) == {"2025/26 Q1": 0, "2025/26 Q2": 4}


def test_authorities_are_counted_apart_and_added_up_in_the_total(store, tmp_path):
    load(store, tmp_path, "activity.csv", YEARS)
    load(store, tmp_path, "hartlepool.csv", ACTIVITY + "H1,2025-04-02,staff_training,team,HT1,1,7\n",
         la=HARTLEPOOL)
    con = store.cursor()
    q1 = Query(period_from="2025/26 Q1", period_to="2025/26 Q1")
    assert by_period(measure("staff_trained").compute(con, q1)) == {"2025/26 Q1": 12}  # 5 + 7
    by_la = measure("staff_trained").compute(con, Query(**{**q1.__dict__, "breakdown": "authority"}))
    assert cells(by_la) == {("2025/26 Q1", STOCKTON): 5, ("2025/26 Q1", HARTLEPOOL): 7}
    stockton = measure("staff_trained").compute(con, Query(**{**q1.__dict__, "la_codes": (STOCKTON,)}))
    assert by_period(stockton) == {"2025/26 Q1": 5}


SCHOOLS = ACTIVITY + """\
S01,2024-04-10,schools_awareness,school,SCH1,1,30
S02,2024-07-10,healthy_schools,school,SCH2,1,10
S03,2024-10-10,schools_awareness,school,SCH1,1,30
S04,2025-01-10,schools_awareness,,SCH3,1,20
S05,2025-01-11,schools_awareness,partner,PX,1,5
S06,2025-02-11,healthy_schools,school,,1,5
S07,2025-04-10,healthy_schools,school,SCH1,1,10
S08,2025-07-10,staff_training,team,T1,1,10
"""


def test_schools_engaged_counts_distinct_schools_in_the_12_months_to_the_quarter(store, tmp_path):
    load(store, tmp_path, "activity.csv", SCHOOLS)
    con = store.cursor()
    frame = measure("schools_engaged").compute(con, Query())
    # Quarters need all four of their 12 months loaded: 2024/25 Q4 is the first.
    # 2024/25 Q4 (2024/25 Q1-Q4): SCH1, SCH2, SCH3 (type blank counts) -> 3. PX is a partner and
    #   S06 names no school: neither counts.
    # 2025/26 Q1 (2024/25 Q2 - 2025/26 Q1): SCH2, SCH1, SCH3 -> 3.
    # 2025/26 Q2 (2024/25 Q3 - 2025/26 Q2): SCH1, SCH3 -> 2 (SCH2's July 2024 visit has dropped out;
    #   Q2's only activity is staff training, which loads the quarter but reaches no school).
    assert by_period(frame) == {"2024/25 Q4": 3, "2025/26 Q1": 3, "2025/26 Q2": 2}
    split = measure("schools_engaged").compute(con, Query(period_from="2025/26 Q1",
                                                          period_to="2025/26 Q1", breakdown="programme"))
    # Awareness: SCH1 (October), SCH3; Healthy Schools: SCH2, SCH1 (April) -> 2 and 2, while the
    # total counts SCH1 once: 3.
    assert cells(split) == {("2025/26 Q1", "healthy_schools"): 2, ("2025/26 Q1", "schools_awareness"): 2}


def test_programme_counts_are_never_suppressed(store, tmp_path):
    load(store, tmp_path, "activity.csv", YEARS)
    public = compute(store.cursor(), "staff_trained", Query(period_from="2025/26 Q1"), Role.PUBLIC)
    # 5 staff: a count of staff, not of children, so the public sees it.
    assert by_period(public) == {"2025/26 Q1": 5, "2025/26 Q2": 5}
    assert not public["suppressed"].any()


# --- against the target ---------------------------------------------------------------------


def year_frame(store, measure_id: str, year: str):
    quarters = programmes.financial_year_quarters(year)
    return compute(store.cursor(), measure_id,
                   Query(la_codes=(STOCKTON,), period_from=quarters[0], period_to=quarters[-1]),
                   Role.PUBLIC)


def test_each_year_is_read_against_its_own_target_across_the_april_boundary(store, tmp_path):
    load(store, tmp_path, "activity.csv", YEARS)
    con = store.cursor()
    set_target(con, "staff_trained", STOCKTON, "2024/25", 80, actor="officer")
    set_target(con, "staff_trained", STOCKTON, "2025/26", 50, actor="officer")
    set_target(con, "staff_trained", STOCKTON, "2025/26", 40, actor="officer")  # the latest counts
    targets = programmes.current_targets(con)
    # 2024/25 ends on 31 March with 60 trained: 60 of 80 = 75%.
    last_year = programmes.progress(year_frame(store, "staff_trained", "2024/25"),
                                    programmes.target_for(targets, "staff_trained", STOCKTON, "2024/25"))
    assert (last_year.period, last_year.value, last_year.target) == ("2024/25 Q4", 60, 80)
    assert last_year.percent == 75.0
    # 2025/26 restarts on 1 April: 5 by Q2, of the latest target 40 = 12.5%.
    this_year = programmes.progress(year_frame(store, "staff_trained", "2025/26"),
                                    programmes.target_for(targets, "staff_trained", STOCKTON, "2025/26"))
    assert (this_year.period, this_year.value, this_year.target) == ("2025/26 Q2", 5, 40)
    assert this_year.percent == 12.5
    # No target for Hartlepool or for another programme.
    assert programmes.target_for(targets, "staff_trained", HARTLEPOOL, "2025/26") is None
    assert programmes.target_for(targets, "community_guardians", STOCKTON, "2025/26") is None
    assert con.execute("SELECT count(*) FROM audit WHERE action = 'target'").fetchone() == (3,)


def test_the_target_line_spans_the_four_quarters_of_its_year():
    line = programmes.target_line("staff_trained", 40, "2025/26")
    assert list(line["period"]) == ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4"]
    assert set(line["value"]) == {40.0} and set(line["breakdown"]) == {"target"}


@pytest.mark.parametrize(("label", "ok"), [("2025/26", True), ("1999/00", True), ("2025/27", False),
                                           ("2025-26", False), ("2025/26 Q1", False), ("", False)])
def test_financial_years_are_written_like_2025_26(label, ok):
    assert programmes.is_financial_year(label) is ok
