"""Progress on the review's nine recommendations, measured on a small hand-made extract whose
answers are worked out below, plus the declared recommendations checked against the
committee's own report.

Why these tests exist: the committee reads "the latest assessment" of each recommendation at
every monitoring report, so which row is latest (by date, not by file order; two in one quarter)
and which words go with it are promises, and the recommendations' text must stay the report's.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT, upload, write
from contracts.roles import Role
from metrics.api import compute
from metrics.model import Query
from metrics.recommendations import (
    BY_NUMBER,
    PROGRESS,
    RECOMMENDATIONS,
    latest_assessments,
    progress_grid,
    status,
)
from metrics.registry import BY_ID, measure

STOCKTON, HARTLEPOOL = "E06000004", "E06000001"
SHARED = ROOT.parent / "shared"

HEADER = "recommendation,assessed_on,progress,commentary,lead\n"
# Quarters: 14/03/2025 is 2024/25 Q4; 1 July, 19 and 30 September 2025 are all 2025/26 Q2.
# Recommendation 2 has two assessments in 2025/26 Q2, the later one first in the file.
PROGRESS_CSV = HEADER + """\
1,2025-03-14,on track,Partnership plan drafted,Director of Children's Services
1,2025-09-19,1,Agreed by all four boards,Director of Children's Services
2,19/09/2025,3,Definition delayed,HSSCP Business Manager
2,2025-07-01,2,Drafting,HSSCP Business Manager
7,2025-09-30,Not achieved,Not started,Community Safety Manager
"""


def load(store, tmp_path, text: str = PROGRESS_CSV, la: str = STOCKTON, name: str = "progress.csv"):
    outcome = upload(store, write(tmp_path, name, text), la=la)
    assert outcome.ok, outcome.message()
    return outcome


def rows(frame) -> dict:
    return {(row.period, row.breakdown_value): row.value for row in frame.itertuples()}


def test_every_assessment_is_a_row_dated_by_its_own_day_with_its_words(store, tmp_path):
    load(store, tmp_path)
    frame = compute(store.cursor(), "recommendation_progress", Query(breakdown="recommendation"),
                    Role.MEMBER)
    # One row per assessment; words ("on track", "Not achieved") were stored as their numbers;
    # the UK date 19/09/2025 is 2025-09-19.
    assert rows(frame) == {
        ("2025-03-14", "1"): 2.0, ("2025-09-19", "1"): 1.0,
        ("2025-07-01", "2"): 2.0, ("2025-09-19", "2"): 3.0,
        ("2025-09-30", "7"): 4.0,
    }
    slipped = frame[(frame["breakdown_value"] == "2") & (frame["period"] == "2025-09-19")].iloc[0]
    assert (slipped["commentary"], slipped["lead"], slipped["la_code"]) == (
        "Definition delayed", "HSSCP Business Manager", STOCKTON)
    assert not frame["suppressed"].any()  # ratings are not about children: never suppressed


def test_the_latest_assessment_of_each_recommendation_is_the_latest_date(store, tmp_path):
    load(store, tmp_path)
    frame = compute(store.cursor(), "recommendation_progress", Query(breakdown="recommendation"),
                    Role.MEMBER)
    latest = latest_assessments(frame)
    # 1: 19 Sep 2025 (1) beats 14 Mar 2025 (2). 2: 19 Sep 2025 (3, slipped) beats 1 Jul 2025
    # (2), although 1 July comes later in the file and both are in 2025/26 Q2. 7: its only one.
    assert rows(latest) == {("2025-09-19", "1"): 1.0, ("2025-09-19", "2"): 3.0,
                            ("2025-09-30", "7"): 4.0}
    assert latest["commentary"].tolist() == ["Agreed by all four boards", "Definition delayed",
                                             "Not started"]
    assert [status(v) for v in latest["value"]] == ["● Fully achieved", "■ Slipped",
                                                    "✕ Not achieved"]


def test_the_quarter_filter_chooses_assessments_and_so_the_latest_within_it(store, tmp_path):
    load(store, tmp_path)
    q4 = Query(period_from="2024/25 Q4", period_to="2024/25 Q4", breakdown="recommendation")
    frame = compute(store.cursor(), "recommendation_progress", q4)
    # Only 14 March 2025 falls in 2024/25 Q4, so recommendation 1 was then on track (2).
    assert rows(latest_assessments(frame)) == {("2025-03-14", "1"): 2.0}


def test_each_authority_keeps_its_own_assessments(store, tmp_path):
    load(store, tmp_path)
    load(store, tmp_path, HEADER + "1,2025-09-19,4,Not started,Chief Executive\n", la=HARTLEPOOL,
         name="hartlepool.csv")
    con = store.cursor()
    both = compute(con, "recommendation_progress", Query(breakdown="recommendation"))
    # Two rows share 19 Sep 2025 and recommendation 1: each keeps its own authority and words.
    shared = both[(both["period"] == "2025-09-19") & (both["breakdown_value"] == "1")]
    assert sorted(zip(shared["la_code"], shared["value"], shared["lead"], strict=True)) == [
        (HARTLEPOOL, 4.0, "Chief Executive"), (STOCKTON, 1.0, "Director of Children's Services")]
    latest = latest_assessments(both)
    assert len(latest) == 4  # Hartlepool's 1; Stockton's 1, 2 and 7
    stockton = compute(con, "recommendation_progress",
                       Query(la_codes=(STOCKTON,), breakdown="recommendation"))
    assert set(stockton["la_code"]) == {STOCKTON} and len(stockton) == 5


def test_the_grid_has_every_recommendation_by_assessment_date(store, tmp_path):
    load(store, tmp_path)
    frame = compute(store.cursor(), "recommendation_progress", Query(breakdown="recommendation"))
    grid = progress_grid(frame)
    assert grid.index.tolist() == list(range(1, 10))
    assert grid.columns.tolist() == ["2025-03-14", "2025-07-01", "2025-09-19", "2025-09-30"]
    assert grid.loc[2, "2025-07-01"] == 2 and grid.loc[2, "2025-09-19"] == 3
    assert pd.isna(grid.loc[9, "2025-09-19"])  # not assessed: a gap, not a rating


def test_an_empty_store_gives_an_empty_table(store):
    frame = compute(store.cursor(), "recommendation_progress", Query(breakdown="recommendation"))
    assert frame.empty
    assert latest_assessments(frame).empty


def test_a_rating_outside_1_to_4_or_a_tenth_recommendation_is_refused_naming_the_row(store, tmp_path):
    """The contract already refuses these (tests/uploads/bad_recommendation_progress.csv covers
    progress 7 and recommendation 10); this pins 0 and 5 too, and that nothing is stored."""
    bad = HEADER + ("1,2025-09-19,2,Fine,Lead\n"      # row 2: good
                    "0,2025-09-19,2,No such,Lead\n"    # row 3: recommendation 0
                    "4,2025-09-19,5,Off the scale,Lead\n"  # row 4: progress 5
                    "5,2025-09-19,0,Below it,Lead\n")   # row 5: progress 0
    outcome = upload(store, write(tmp_path, "bad.csv", bad))
    assert not outcome.ok
    found = {(int(r.row), r.column, r.code) for r in outcome.report.row_issues.itertuples()}
    assert found == {(3, "recommendation", "out_of_range"), (4, "progress", "not_allowed"),
                     (5, "progress", "not_allowed")}
    assert store.cursor().execute("SELECT count(*) FROM recommendation_progress").fetchone() == (0,)


def test_status_is_words_and_a_shape_never_colour_alone():
    assert [status(level) for level in (1, 2, 3, 4)] == [
        "● Fully achieved", "▲ On track", "■ Slipped", "✕ Not achieved"]
    assert status("2") == "▲ On track"
    assert status(None) == status(float("nan")) == status(7) == "○ Not yet assessed"
    assert len({p.shape for p in PROGRESS.values()}) == 4


def test_the_measure_is_declared_with_its_rule():
    declared = measure("recommendation_progress")
    assert declared.disclosure == "none" and declared.period_kind == "date"
    assert "latest" in declared.definition and "date" in declared.definition
    assert declared.breakdowns == ("recommendation",)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_nine_recommendations_are_the_committee_s_own_words():
    reports = sorted((SHARED / "seed").glob("*.txt"))
    if not reports:
        pytest.skip(f"the committee's report is not present in {SHARED / 'seed'}")
    report = _words(" ".join(path.read_text(encoding="utf-8") for path in reports))
    assert [r.number for r in RECOMMENDATIONS] == list(range(1, 10))
    for recommendation in RECOMMENDATIONS:
        assert _words(recommendation.text) in report, recommendation.number


def test_every_evidence_link_names_a_catalogued_measure_and_an_existing_page():
    spec = SHARED / "spec" / "measures.md"
    catalogued = set(re.findall(r"^\| (\w+) \|", spec.read_text(encoding="utf-8"), re.M)) \
        if spec.exists() else set()
    for recommendation in RECOMMENDATIONS:
        assert recommendation.measures or recommendation.pages, recommendation.number
        for measure_id in recommendation.measures:
            # Measures another section is still writing (MACE, programmes) are linked by id.
            assert measure_id in BY_ID or measure_id in catalogued, measure_id
        for page in recommendation.pages:
            assert (ROOT / "views" / f"{page}.py").exists(), page
    assert BY_NUMBER[8].measures == ("mace_children", "mace_contexts", "disruptions")
    assert BY_NUMBER[2].pages == BY_NUMBER[3].pages == ("definitions",)


def test_a_public_viewer_sees_the_same_ratings_as_a_member_but_not_the_commentary(store, tmp_path):
    load(store, tmp_path)
    query = Query(breakdown="recommendation")
    public = compute(store.cursor(), "recommendation_progress", query, Role.PUBLIC)
    member = compute(store.cursor(), "recommendation_progress", query, Role.MEMBER)
    officer = compute(store.cursor(), "recommendation_progress", query, Role.OFFICER)
    pd.testing.assert_frame_equal(member, officer)
    pd.testing.assert_frame_equal(public.drop(columns="commentary"),
                                  officer.drop(columns="commentary"))
    assert public["commentary"].isna().all() and officer["commentary"].notna().any()
