"""MACE hub and disruption, measured on small extracts whose answers are worked out by hand
below. The extracts go through the real upload path, so the measures read exactly what an
officer's upload stores (yes/no becomes a boolean, quarters come from the dates).

Why these tests exist: each definition (who counts as new, when time on MACE starts and stops,
what "known to referrals and interventions" means, which quarter a discussion belongs to) is a
promise to the committee about recommendation 8, and these pin it down."""

from __future__ import annotations

import pytest

from conftest import upload, write
from contracts.roles import Role
from metrics.api import compute
from metrics.model import Query
from metrics.registry import measure

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"

MACE = "discussion_id,meeting_date,subject_level,subject_id,discussion,actions,closed\n"
REFERRALS = "referral_id,child_id,referral_date,source,harm_types,age\n"
INTERVENTIONS = "intervention_id,target_level,target_id,intervention_type,lead_agency,start_date,end_date,status\n"
DISRUPTIONS = "disruption_id,date,type,subject_id,lead_agency\n"


def load(store, tmp_path, name: str, text: str, la: str | None = STOCKTON) -> None:
    outcome = upload(store, write(tmp_path, name, text), la=la)
    assert outcome.ok and outcome.stored, outcome.message()


def by_period(frame, column: str = "value") -> dict:
    return dict(zip(frame["period"], frame[column], strict=True))


def cells(frame, column: str = "value") -> dict:
    return {(row.period, row.breakdown_value): getattr(row, column) for row in frame.itertuples()}


# Stockton's hub. Meetings: 31 March 2025 (2024/25 Q4); 1 April, 13 May, 10 and 20 June
# (2025/26 Q1); 8 July and 9 September (2025/26 Q2).
DISCUSSIONS = MACE + """\
M01,2025-03-31,child,C1,new,2,no
M02,2025-04-01,child,C1,review,1,no
M03,2025-04-01,child,C2,new,3,no
M09,2025-04-01,context,X2,review,1,no
M04,2025-05-13,child,C2,review,1,yes
M05,2025-05-13,child,C3,new,2,no
M06,2025-06-10,child,C1,review,0,yes
M07,2025-06-10,peer_group,X1,new,2,no
M08,2025-06-10,context,X2,new,1,no
M13,2025-06-20,context,X1,review,0,no
M10,2025-07-08,child,C2,new,2,no
M11,2025-07-08,person_of_concern,P1,new,1,no
M12,2025-07-08,child,C4,,1,no
M14,2025-09-09,person_of_concern,P1,review,1,no
M15,2025-09-09,context,X3,new,0,yes
"""


# --- children and contexts discussed -----------------------------------------------------


def test_mace_children_counts_each_child_once_a_quarter_new_if_any_discussion_was_new(store, tmp_path):
    load(store, tmp_path, "mace.csv", DISCUSSIONS)
    con = store.cursor()
    total = measure("mace_children").compute(con, Query())
    # 2024/25 Q4 (31 March): C1. 2025/26 Q1 (from 1 April): C1 (twice), C2 (twice), C3 -> 3.
    # 2025/26 Q2: C2, C4 -> 2. Contexts and persons of concern are not children.
    assert by_period(total) == {"2024/25 Q4": 1, "2025/26 Q1": 3, "2025/26 Q2": 2}
    split = measure("mace_children").compute(con, Query(breakdown="discussion"))
    # Q1: C1 only at reviews -> review; C2 new then review -> new; C3 new -> new.
    # Q2: C2 new again; C4's discussion is blank -> Not recorded. Each quarter adds up to its total.
    assert cells(split) == {
        ("2024/25 Q4", "new"): 1,
        ("2025/26 Q1", "new"): 2, ("2025/26 Q1", "review"): 1,
        ("2025/26 Q2", "new"): 1, ("2025/26 Q2", "Not recorded"): 1,
    }


def test_mace_contexts_counts_contexts_and_peer_groups_not_persons_of_concern(store, tmp_path):
    load(store, tmp_path, "mace.csv", DISCUSSIONS)
    con = store.cursor()
    total = measure("mace_contexts").compute(con, Query())
    # Q1: X1 (peer group 10 June, context 20 June) and X2 (1 April, 10 June) -> 2.
    # Q2: X3 -> 1. P1 is a person of concern and never counts.
    assert by_period(total) == {"2025/26 Q1": 2, "2025/26 Q2": 1}
    levels = measure("mace_contexts").compute(con, Query(breakdown="subject_level"))
    # X1 was last discussed (20 June) as a context, so Q1 has two contexts and no peer group.
    assert cells(levels) == {("2025/26 Q1", "context"): 2, ("2025/26 Q2", "context"): 1}
    new = measure("mace_contexts").compute(con, Query(breakdown="discussion"))
    # X2 was first discussed at a review (1 April) but had a 'new' discussion on 10 June -> new.
    assert cells(new) == {("2025/26 Q1", "new"): 2, ("2025/26 Q2", "new"): 1}


def test_the_period_filter_chooses_quarters_and_authorities_are_kept_apart(store, tmp_path):
    load(store, tmp_path, "mace.csv", DISCUSSIONS)
    load(store, tmp_path, "hartlepool.csv", MACE + "H1,2025-04-15,child,C1,new,1,no\n", la=HARTLEPOOL)
    con = store.cursor()
    q1 = Query(period_from="2025/26 Q1", period_to="2025/26 Q1")
    # Hartlepool's C1 is another child from Stockton's C1: 3 + 1 = 4 in Q1.
    assert by_period(measure("mace_children").compute(con, q1)) == {"2025/26 Q1": 4}
    by_la = measure("mace_children").compute(con, Query(breakdown="authority", period_from="2025/26 Q1",
                                                         period_to="2025/26 Q1"))
    assert cells(by_la) == {("2025/26 Q1", STOCKTON): 3, ("2025/26 Q1", HARTLEPOOL): 1}


# --- time on MACE ------------------------------------------------------------------------


def test_time_on_mace_runs_from_the_episodes_first_discussion_to_closing_or_the_last_meeting(store, tmp_path):
    load(store, tmp_path, "mace.csv", DISCUSSIONS)
    con = store.cursor()
    frame = measure("time_on_mace").compute(con, Query())
    # 2024/25 Q4: C1 open, first discussed 31 March, the quarter's last meeting 31 March -> 0.
    # 2025/26 Q1 (last meeting 20 June):
    #   C1 closed 10 June, episode from 31 March (before the quarter: the look-back reads it)
    #      -> 30 + 31 + 10 = 71 days;
    #   C2 closed 13 May, from 1 April -> 29 + 13 = 42;
    #   C3 open, from 13 May to 20 June -> 18 + 20 = 38;
    #   X1 open, from 10 June to 20 June -> 10;
    #   X2 open, from 1 April (a review, still its first discussion) to 20 June -> 29 + 31 + 20 = 80.
    #   Median of 10, 38, 42, 71, 80 = 42 over 5 subjects.
    # 2025/26 Q2 (last meeting 9 September):
    #   C2 closed in May, so 8 July starts a new episode: open, 8 July to 9 September -> 23 + 31 + 9 = 63;
    #   C4 open from 8 July -> 63; P1 (a person of concern counts here) from 8 July -> 63;
    #   X3 closed at its first discussion -> 0. Median of 0, 63, 63, 63 = 63 over 4.
    assert by_period(frame) == {"2024/25 Q4": 0, "2025/26 Q1": 42, "2025/26 Q2": 63}
    assert by_period(frame, "numerator") == {"2024/25 Q4": 1, "2025/26 Q1": 5, "2025/26 Q2": 4}
    status = measure("time_on_mace").compute(con, Query(breakdown="status"))
    # Q1 closed: 42 and 71 -> 56.5; open: 10, 38, 80 -> 38. Q2 closed: X3 0; open: 63.
    assert cells(status) == {
        ("2024/25 Q4", "open"): 0,
        ("2025/26 Q1", "closed"): 56.5, ("2025/26 Q1", "open"): 38,
        ("2025/26 Q2", "closed"): 0, ("2025/26 Q2", "open"): 63,
    }


# --- MACE children in referrals and interventions ----------------------------------------

KNOWN_REFERRALS = REFERRALS + """\
R1,C1,2025-03-31,police,cce,15
R2,C2,2025-05-14,schools,cce,14
R3,C3,2025-04-20,health,cse,16
"""
KNOWN_INTERVENTIONS = INTERVENTIONS + """\
I1,child,C1,mentoring,YOT,2025-06-10,,active
I2,family,C3,family_support,Children's services,2025-05-01,,planned
I4,child,C2,safety_planning,Children's services,2025-05-13,2025-06-01,closed
I5,child,C4,mentoring,YOT,2025-08-01,,active
I6,peer_group,C4,detached_youth_work,Help and Support,2025-07-01,,active
"""


def load_known(store, tmp_path) -> None:
    load(store, tmp_path, "mace.csv", DISCUSSIONS)
    load(store, tmp_path, "referrals.csv", KNOWN_REFERRALS)
    load(store, tmp_path, "interventions.csv", KNOWN_INTERVENTIONS)
    # Hartlepool's C4 is another child: this referral says nothing about Stockton's C4.
    load(store, tmp_path, "hartlepool.csv", REFERRALS + "H4,C4,2025-07-01,police,cce,15\n", la=HARTLEPOOL)


def test_mace_children_known_joins_referrals_and_interventions_up_to_the_last_discussion(store, tmp_path):
    load_known(store, tmp_path)
    con = store.cursor()
    records = measure("mace_children_known").compute(con, Query(breakdown="record"))
    # 2024/25 Q4, C1 last discussed 31 March: R1 on 31 March (the same day counts) -> referred;
    #   I1 starts in June -> no intervention yet.
    # 2025/26 Q1:
    #   C1 (last 10 June): referred (R1); I1 starts 10 June, the same day -> intervention.
    #   C2 (last 13 May): R2 is on 14 May, the day after -> not referred; I4 (13 May) -> yes.
    #   C3 (last 13 May): R3 (20 April) -> referred; I2 is only planned -> no intervention.
    #   -> referral 2 of 3, intervention 2 of 3.
    # 2025/26 Q2:
    #   C2 (last 8 July): R2 and I4 -> both.
    #   C4 (last 8 July): the only C4 referral is Hartlepool's; I5 starts 1 August, after the
    #   discussion; I6 targets a peer group, not the child -> neither.
    #   -> referral 1 of 2, intervention 1 of 2.
    assert cells(records, "numerator") == {
        ("2024/25 Q4", "intervention"): 0, ("2024/25 Q4", "referral"): 1,
        ("2025/26 Q1", "intervention"): 2, ("2025/26 Q1", "referral"): 2,
        ("2025/26 Q2", "intervention"): 1, ("2025/26 Q2", "referral"): 1,
    }
    assert set(records["denominator"]) == {1, 3, 2}
    assert cells(records) == pytest.approx({
        ("2024/25 Q4", "intervention"): 0.0, ("2024/25 Q4", "referral"): 100.0,
        ("2025/26 Q1", "intervention"): 200 / 3, ("2025/26 Q1", "referral"): 200 / 3,
        ("2025/26 Q2", "intervention"): 50.0, ("2025/26 Q2", "referral"): 50.0,
    })
    either = measure("mace_children_known").compute(con, Query())
    # The total counts a child found in either: Q1 C1, C2 (intervention) and C3 (referral) -> 3 of 3.
    assert by_period(either, "numerator") == {"2024/25 Q4": 1, "2025/26 Q1": 3, "2025/26 Q2": 1}
    assert by_period(either) == {"2024/25 Q4": 100.0, "2025/26 Q1": 100.0, "2025/26 Q2": 50.0}


def test_mace_children_known_is_empty_without_mace_discussions(store, tmp_path):
    load(store, tmp_path, "referrals.csv", KNOWN_REFERRALS)
    assert compute(store.cursor(), "mace_children_known", Query(), Role.OFFICER).empty


# --- disruption ----------------------------------------------------------------------------

DISRUPTION_ROWS = DISRUPTIONS + """\
D1,2025-03-31,arrest,P1,Cleveland Police
D2,2025-04-01,arrest,,Cleveland Police
D3,2025-04-02,cawn,C1,Cleveland Police
D4,2025-06-30,closure_order,X2,Community safety
D5,2025-07-01,nrm_referral,C2,Children's services
"""


def test_disruptions_are_counted_by_type_in_the_quarter_of_their_date(store, tmp_path):
    load(store, tmp_path, "disruptions.csv", DISRUPTION_ROWS)
    con = store.cursor()
    total = measure("disruptions").compute(con, Query())
    # 31 March is 2024/25 Q4; 1 April and 30 June are 2025/26 Q1; 1 July is Q2.
    assert by_period(total) == {"2024/25 Q4": 1, "2025/26 Q1": 3, "2025/26 Q2": 1}
    types = measure("disruptions").compute(con, Query(breakdown="type"))
    assert cells(types) == {
        ("2024/25 Q4", "arrest"): 1, ("2025/26 Q1", "arrest"): 1, ("2025/26 Q1", "cawn"): 1,
        ("2025/26 Q1", "closure_order"): 1, ("2025/26 Q2", "nrm_referral"): 1,
    }


# --- disclosure control ----------------------------------------------------------------------

# 2025/26 Q1: seven children, six of them new and one (C7) discussed only at review.
# 2025/26 Q2: two children.
SEVEN_THEN_TWO = MACE + "".join(f"N{n},2025-04-0{n},child,C{n},new,1,no\n" for n in range(1, 7)) + """\
N7,2025-05-01,child,C7,review,1,no
N8,2025-07-01,child,C8,new,1,no
N9,2025-07-02,child,C9,review,1,no
"""


def test_the_public_sees_c_for_one_to_seven_children_discussed_and_officers_see_the_count(store, tmp_path):
    load(store, tmp_path, "mace.csv", SEVEN_THEN_TWO)
    con = store.cursor()
    public = compute(con, "mace_children", Query(), Role.PUBLIC)
    # Q1: 7 children and Q2: 2 children, both "c" (7 would round to a shown 5).
    assert by_period(public, "suppressed") == {"2025/26 Q1": True, "2025/26 Q2": True}
    assert public["value"].isna().all()
    officer = compute(con, "mace_children", Query(), Role.OFFICER)
    assert by_period(officer) == {"2025/26 Q1": 7, "2025/26 Q2": 2}
    assert not officer["suppressed"].any()


def test_small_groups_of_mace_children_by_discussion_are_c(store, tmp_path):
    load(store, tmp_path, "mace.csv", SEVEN_THEN_TWO)
    con = store.cursor()
    public = compute(con, "mace_children", Query(breakdown="discussion"), Role.PUBLIC)
    q1 = public[public["period"] == "2025/26 Q1"]
    # Q1: review 1 and new 6 are both 1 to 7, so both "c".
    assert dict(zip(q1["breakdown_value"], q1["suppressed"], strict=True)) == {"new": True, "review": True}
    assert q1["value"].isna().all()
    officer = compute(con, "mace_children", Query(breakdown="discussion"), Role.OFFICER)
    assert cells(officer)[("2025/26 Q1", "new")] == 6


def test_disruption_counts_of_one_to_five_are_suppressed_because_some_are_about_children(store, tmp_path):
    load(store, tmp_path, "disruptions.csv", DISRUPTION_ROWS)
    con = store.cursor()
    public = compute(con, "disruptions", Query(), Role.PUBLIC)
    # 1, 3 and 1 activities, among them a CAWN and an NRM referral naming children: all "c".
    assert public["suppressed"].all() and public["value"].isna().all()
    officer = compute(con, "disruptions", Query(), Role.OFFICER)
    assert by_period(officer) == {"2024/25 Q4": 1, "2025/26 Q1": 3, "2025/26 Q2": 1}


def test_a_median_time_over_one_to_five_subjects_is_suppressed_for_the_public(store, tmp_path):
    load(store, tmp_path, "mace.csv", DISCUSSIONS)
    con = store.cursor()
    public = compute(con, "time_on_mace", Query(), Role.PUBLIC)
    # 1, 5 and 4 subjects: a median over so few could be one child's own time on MACE.
    assert public["suppressed"].all() and public["value"].isna().all()
    officer = compute(con, "time_on_mace", Query(), Role.OFFICER)
    assert by_period(officer) == {"2024/25 Q4": 0, "2025/26 Q1": 42, "2025/26 Q2": 63}
