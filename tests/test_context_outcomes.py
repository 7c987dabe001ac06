"""Contexts as outcomes: the context_assessments and context_goals extracts, and the measures
read from them, on small files whose answers are worked out by hand below. Files go through the
real upload path, so the measures read exactly what an officer's upload stores.

Why these tests exist: a context's goals and re-assessments are the committee's evidence that a
context (not only a child) changed; each definition is a promise, and these pin it down."""

from __future__ import annotations

import pytest

from conftest import by_period, cells, write
from conftest import load_csv as load
from contracts.extracts import CATALOGUE
from contracts.roles import Role
from contracts.templates import template_file_name, template_text
from ingest.pipeline import UploadFile, check
from ingest.validate import Options
from metrics.api import compute
from metrics.context_outcomes import NOT_SAFER, SAFER
from metrics.context_timeline import context_timeline
from metrics.model import MeasureKind, Query
from metrics.registry import measure

STOCKTON = "E06000004"

ASSESSMENTS = "assessment_id,context_id,assessment_date,domain,indicator,score,method,respondents\n"
GOALS = ("goal_id,context_id,domain,goal,set_date,baseline_score,target_score,status,closed_date,"
         "lead_agency\n")
CONTEXTS = "context_id,context_type,identified_date,label\n"
REVIEWS = "review_id,subject_level,subject_id,review_date,risk_level\n"
REFERRALS = "referral_id,child_id,referral_date,source,harm_types,age,context_ids\n"
INTERVENTIONS = ("intervention_id,target_level,target_id,intervention_type,lead_agency,start_date,"
                 "end_date,status\n")

GOOD_ASSESSMENTS = ASSESSMENTS + """\
A1,X1,2025-04-10,place_safety,young people feel safe after 6 pm,2,safety mapping,
A1,X1,2025-04-10,guardianship,trusted adults present,1,safety mapping,
A2,X1,2025-08-05,place_safety,young people feel safe after 6 pm,4,Observation,
A2,X1,2025-08-05,guardianship,trusted adults present,2,observation,
A3,X2,2025-04-20,peer_relationships,no pressure to carry,3,youth survey,40
A4,X2,2025-09-01,peer_relationships,no pressure to carry,2,Youth survey,35
A5,X3,2025-05-01,school_culture,corridors supervised,2,partner assessment,
A6,X4,2025-06-01,business_practice,staff trained to report,3,partner assessment,
A7,X4,2025-07-15,business_practice,staff trained to report,3,observation,
"""
GOOD_GOALS = GOALS + """\
G1,X1,place_safety,feel safe after 6 pm,2025-04-20,2,4,met,2025-08-05,Community safety
G2,X1,guardianship,adults present at key times,2025-04-20,1,3,not met,2025-08-20,Community safety
G3,X2,peer_relationships,no pressure to carry,2025-09-10,3,4,partly met,2025-12-01,YOT
G4,X3,school_culture,corridors supervised,2025-05-05,2,4,withdrawn,2025-08-01,Education
G5,X4,business_practice,staff trained,2025-06-10,3,5,open,,Licensing
"""
GOOD_CONTEXTS = CONTEXTS + """\
X1,location,2025-04-01,retail park car park
X2,peer_group,2025-04-01,group meeting near shops
X3,school,2025-04-01,secondary school
X4,business,2025-05-20,takeaway
X5,location,2025-04-01,bus station
"""


def _check(store, tmp_path, name: str, text: str):
    path = write(tmp_path, name, text)
    return check(store.cursor(), [UploadFile(path.name, path)], Options(la_code=STOCKTON))


# --- the extracts --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["context_assessments", "context_goals"])
def test_the_template_names_every_column_and_loads(store, tmp_path, name):
    contract = CATALOGUE[name]
    text = template_text(contract)
    assert text.splitlines()[0].split(",") == [c.name for c in contract.columns]
    path = write(tmp_path, template_file_name(contract), text)
    report = check(store.cursor(), [UploadFile(path.name, path)], Options(la_code=STOCKTON))
    assert report.contract.name == name and report.rows_valid == 1 and report.row_issues.empty


def test_good_files_are_recognised_by_their_header_and_stored_with_labels_read_as_values(store, tmp_path):
    load(store, tmp_path, "assessments.csv", GOOD_ASSESSMENTS)
    load(store, tmp_path, "goals.csv", GOOD_GOALS)
    con = store.cursor()
    assert con.execute("SELECT count(*), count(respondents) FROM context_assessments").fetchone() == (9, 2)
    # "safety mapping" and "Observation" are labels of the stored values.
    assert sorted(r[0] for r in con.execute("SELECT DISTINCT method FROM context_assessments").fetchall()) == [
        "observation", "partner_assessment", "safety_mapping", "youth_survey"]
    assert dict(con.execute("SELECT goal_id, status FROM context_goals").fetchall()) == {
        "G1": "met", "G2": "not_met", "G3": "partly_met", "G4": "withdrawn", "G5": "open"}
    assert con.execute("SELECT DISTINCT _period FROM context_goals WHERE goal_id = 'G3'").fetchone() == (
        "2025/26 Q2",)


@pytest.mark.parametrize(("name", "text", "column", "code"), [
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,place_safety,feel safe,6,observation,\n", "score", "out_of_range"),
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,place_safety,feel safe,0,observation,\n", "score", "out_of_range"),
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,place_safety,feel safe,2.5,observation,\n", "score",
     "not_a_whole_number"),
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,weather,feel safe,2,observation,\n", "domain", "not_allowed"),
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,place_safety,feel safe,2,guesswork,\n", "method", "not_allowed"),
    ("a.csv", ASSESSMENTS + "A1,X1,31/02/2025,place_safety,feel safe,2,observation,\n", "assessment_date",
     "invalid_date"),
    ("a.csv", ASSESSMENTS + "A1,X1,2099-01-01,place_safety,feel safe,2,observation,\n", "assessment_date",
     "future_date"),
    ("a.csv", ASSESSMENTS + "A1,,2025-04-10,place_safety,feel safe,2,observation,\n", "context_id",
     "missing_value"),
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,place_safety,feel safe,2,youth survey,-3\n", "respondents",
     "out_of_range"),
    ("g.csv", GOALS + "G1,X1,place_safety,feel safe,2025-04-20,2,9,open,,YOT\n", "target_score", "out_of_range"),
    ("g.csv", GOALS + "G1,X1,place_safety,feel safe,2025-04-20,2,4,done-ish,,YOT\n", "status", "not_allowed"),
    ("g.csv", GOALS + "G1,X1,place_safety,feel safe,2025-04-20,2,4,met,2099-01-01,YOT\n", "closed_date",
     "future_date"),
    ("g.csv", GOALS + "G1,X1,place_safety,,2025-04-20,2,4,open,,YOT\n", "goal", "missing_value"),
])
def test_each_kind_of_bad_value_is_reported_by_row_and_column(store, tmp_path, name, text, column, code):
    report = _check(store, tmp_path, name, text)
    issues = report.row_issues
    assert not report.file_issues
    assert [(row["row"], row["column"], row["code"]) for row in issues.to_dict("records")] == [
        (2, column, code)]


def test_a_repeated_indicator_in_one_assessment_is_a_duplicate(store, tmp_path):
    report = _check(store, tmp_path, "a.csv", ASSESSMENTS
                    + "A1,X1,2025-04-10,place_safety,feel safe,2,observation,\n" * 2)
    assert set(report.row_issues["code"]) == {"duplicate_key"}


@pytest.mark.parametrize(("name", "text", "column"), [
    ("a.csv", ASSESSMENTS + "A1,X1,2025-04-10,place_safety,ask jo.bloggs@example.com,2,observation,\n",
     "indicator"),
    ("g.csv", GOALS + "G1,X1,place_safety,safe near TS18 1AB,2025-04-20,2,4,open,,YOT\n", "goal"),
    ("g.csv", GOALS + "G1,X1,place_safety,feel safe,2025-04-20,2,4,open,,call a.b@council.gov.uk\n",
     "lead_agency"),
])
def test_a_direct_identifier_in_any_text_field_refuses_the_file_without_echoing_it(
        store, tmp_path, name, text, column):
    report = _check(store, tmp_path, name, text)
    assert [(i["code"], i["column"]) for i in report.file_issues] == [("identifier_in_text", column)]
    assert "@" not in str(report.file_issues) and "TS18" not in str(report.file_issues)


# --- measures ------------------------------------------------------------------------------


@pytest.fixture
def small_store(store, tmp_path):
    load(store, tmp_path, "contexts.csv", GOOD_CONTEXTS)
    load(store, tmp_path, "assessments.csv", GOOD_ASSESSMENTS)
    load(store, tmp_path, "goals.csv", GOOD_GOALS)
    return store


def test_contexts_with_goals_counts_goals_set_by_the_end_of_the_quarter(small_store):
    frame = measure("contexts_with_goals").compute(small_store.cursor(), Query())
    # 2025/26 Q1: X1, X2, X3, X4 assessed. Goals set in Q1: X1 (G1, G2), X3 (G4, withdrawn still
    # counts), X4 (G5); X2's goal G3 is set in Q2 -> 3 of 4.
    # 2025/26 Q2: X1 (A2), X2 (A4), X4 (A7) assessed; all have a goal by the end of Q2 -> 3 of 3.
    assert by_period(frame, "numerator") == {"2025/26 Q1": 3, "2025/26 Q2": 3}
    assert by_period(frame, "denominator") == {"2025/26 Q1": 4, "2025/26 Q2": 3}
    by_type = measure("contexts_with_goals").compute(small_store.cursor(), Query(breakdown="context_type"))
    assert cells(by_type)[("2025/26 Q1", "Peer group")] == 0.0
    assert cells(by_type)[("2025/26 Q2", "Business")] == 100.0


def test_goals_met_is_of_goals_judged_in_the_quarter_they_closed(small_store):
    frame = measure("context_goals_met").compute(small_store.cursor(), Query())
    # Closed in Q2 (July-September): G1 met, G2 not met (G4 withdrawn is left out) -> 1 of 2.
    # Closed in Q3: G3 partly met, which is not met -> 0 of 1. G5 is open.
    assert by_period(frame, "numerator") == {"2025/26 Q2": 1, "2025/26 Q3": 0}
    assert by_period(frame, "denominator") == {"2025/26 Q2": 2, "2025/26 Q3": 1}
    by_domain = measure("context_goals_met").compute(small_store.cursor(), Query(breakdown="domain"))
    assert cells(by_domain) == {("2025/26 Q2", "Guardianship"): 0.0, ("2025/26 Q2", "Place safety"): 100.0,
                                ("2025/26 Q3", "Peer relationships"): 0.0}


def test_safety_change_compares_the_latest_mean_score_with_the_first(small_store):
    con = small_store.cursor()
    frame = measure("context_safety_change").compute(con, Query())
    # Re-assessed in Q2: X1 mean 1.5 -> 3.0 (+1.5), X2 3 -> 2 (-1), X4 3 -> 3 (0): mean +1/6 over 3.
    # X3 was assessed once and is not counted; nobody had two assessments by Q1's end.
    assert by_period(frame) == pytest.approx({"2025/26 Q2": (1.5 - 1 + 0) / 3})
    assert by_period(frame, "numerator") == {"2025/26 Q2": 3}
    by_domain = measure("context_safety_change").compute(con, Query(breakdown="domain"))
    assert cells(by_domain) == pytest.approx({
        ("2025/26 Q2", "Place safety"): 2.0, ("2025/26 Q2", "Guardianship"): 1.0,
        ("2025/26 Q2", "Peer relationships"): -1.0, ("2025/26 Q2", "Business practice"): 0.0})
    safer = measure("contexts_safer").compute(con, Query())
    # Only X1 rose: 1 of 3.
    assert by_period(safer, "numerator") == {"2025/26 Q2": 1}
    assert by_period(safer) == pytest.approx({"2025/26 Q2": 100 / 3})


def test_the_safety_measures_are_declared_as_change_and_goal_setting_as_effort():
    assert measure("contexts_with_goals").kind == MeasureKind.EFFORT
    for measure_id in ("context_goals_met", "context_safety_change", "contexts_safer",
                       "children_in_safer_contexts"):
        assert measure(measure_id).kind == MeasureKind.CHANGE
        assert measure(measure_id).definition.split(". ")[0]


def test_counts_of_contexts_follow_the_childrens_rule_for_the_public(small_store):
    frame = compute(small_store.cursor(), "contexts_safer", Query(), Role.PUBLIC)
    # 1 of 3 contexts: a peer group is among them, so it is suppressed like children.
    assert frame["suppressed"].all() and frame["value"].isna().all()
    officer = compute(small_store.cursor(), "contexts_safer", Query(), Role.OFFICER)
    assert not officer["suppressed"].any()


CHILD_LINKS = {
    "reviews.csv": REVIEWS + """\
V1,context,X5,2025-04-02,high
V2,context,X5,2025-06-02,low
V3,context,X3,2025-04-02,2
V4,context,X3,2025-06-02,3
V10,child,C1,2025-04-05,3
V11,child,C1,2025-08-05,2
V12,child,C2,2025-04-06,3
V13,child,C2,2025-08-06,3
V14,child,C3,2025-04-07,3
V15,child,C3,2025-09-07,1
V16,child,C4,2025-04-07,2
V17,child,C4,2025-09-07,3
V18,child,C5,2025-04-07,4
V19,child,C5,2025-09-07,2
V20,child,C6,2025-04-07,4
V21,child,C8,2025-04-08,3
V22,child,C8,2025-05-08,2
""",
    "referrals.csv": REFERRALS + """\
R1,C1,2025-04-01,police,cce,15,X1
R2,C2,2025-04-01,police,cce,15,X2;X5
R3,C3,2025-04-01,police,cce,14,X2
R4,C4,2025-04-01,police,cce,14,X4
R5,C5,2025-04-01,police,cce,16,X3
R6,C6,2025-04-01,police,cce,16,X1
R7,C7,2025-04-01,police,cce,16,X3
R8,C8,2025-04-01,police,cce,13,X1
""",
}


def test_children_are_split_by_whether_a_context_their_referrals_named_became_safer(small_store, tmp_path):
    for name, text in CHILD_LINKS.items():
        load(small_store, tmp_path, name, text)
    frame = measure("children_in_safer_contexts").compute(small_store.cursor(), Query())
    # Contexts: X1 safer (score 1.5 -> 3); X5 safer (risk high -> low); X2 not (3 -> 2);
    # X4 not (3 -> 3); X3 not (one assessment only; risk 2 -> 3 rose).
    # Children reviewed twice: C1 (X1, safer; 3 -> 2 fell), C2 (X2 and X5: one safer is enough;
    # 3 -> 3), C3 (X2 not; 3 -> 1 fell), C4 (X4 not; 2 -> 3), C5 (X3 not; 4 -> 2 fell),
    # C8 (X1, safer; 3 -> 2 fell, latest review in May). C6 was reviewed once and C7 never.
    # Each quarter looks back twelve months from its end, by the latest review:
    # 2025/26 Q1 (to 30 June): C8 only -> safer 1 of 1.
    # 2025/26 Q2 (to 30 September): safer C1, C2, C8 -> 2 of 3; not safer C3, C4, C5 -> 2 of 3.
    assert cells(frame) == pytest.approx({("2025/26 Q1", SAFER): 100.0,
                                          ("2025/26 Q2", SAFER): 200 / 3,
                                          ("2025/26 Q2", NOT_SAFER): 200 / 3})
    assert list(zip(frame["period"], frame["breakdown_value"], frame["denominator"], strict=True)) == [
        ("2025/26 Q1", SAFER, 1), ("2025/26 Q2", NOT_SAFER, 3), ("2025/26 Q2", SAFER, 3)]
    assert "association, not proof" in measure("children_in_safer_contexts").definition


def test_a_contexts_timeline_lists_each_step_in_date_order_with_children_linked_by_then(
        small_store, tmp_path):
    for name, text in CHILD_LINKS.items():
        load(small_store, tmp_path, name, text)
    load(small_store, tmp_path, "interventions.csv", INTERVENTIONS
         + "I1,location,X1,cctv_lighting,Community safety,2025-05-01,2025-07-01,closed\n")
    timeline = context_timeline(small_store.cursor(), STOCKTON, "X1")
    assert list(zip(timeline["step"], timeline["date"].astype(str), timeline["children linked by then"],
                    strict=True)) == [
        ("Identified", "2025-04-01", 3),  # C1, C6 and C8 named X1 on 1 April
        ("Assessed", "2025-04-10", 3),
        ("Goal set", "2025-04-20", 3),
        ("Goal set", "2025-04-20", 3),
        ("Intervention started", "2025-05-01", 3),
        ("Intervention ended", "2025-07-01", 3),
        ("Assessed", "2025-08-05", 3),
        ("Goal closed", "2025-08-05", 3),
        ("Goal closed", "2025-08-20", 3),
    ]
    assert "mean safety score 1.5 of 5" in timeline["what happened"].iloc[1]
