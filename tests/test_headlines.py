"""A headline states the finding in words a councillor can repeat: never "Other highest",
"Unknown highest" or a state ("new highest", "closed highest"), never "…did not highest",
and for the breakdowns where "which is highest" says little (risk movement, the two groups of
children compared, the recommendations' ratings, a change on last year), the sentence that
does. Tested through ui.measure_view.finding_title, the function every card and slide calls."""

from __future__ import annotations

import re

import pandas as pd

from metrics.context_outcomes import NOT_SAFER, SAFER
from metrics.model import TIDY_COLUMNS
from metrics.registry import measure
from ui.measure_view import finding_title

NOT_A_FINDING = re.compile(
    r"\b(Other|Unknown|Not recorded|new|review|closed|open|did not)\b (highest|\()", re.I)


def frame(breakdown: str, values: dict[str, float], period: str = "2026/27 Q2",
          suppressed: tuple[str, ...] = (), earlier: dict[str, float] | None = None,
          earlier_period: str = "2026/27 Q1") -> pd.DataFrame:
    rows = [(earlier_period, k, v) for k, v in (earlier or {}).items()]
    rows += [(period, k, v) for k, v in values.items()]
    return pd.DataFrame([{
        "measure_id": "m", "period": p, "breakdown": breakdown, "breakdown_value": k,
        "value": float("nan") if k in suppressed else v, "numerator": v,
        "denominator": float("nan"), "suppressed": k in suppressed} for p, k, v in rows]
    )[TIDY_COLUMNS]


def test_other_unknown_and_not_recorded_are_never_the_finding_even_when_largest():
    shares = frame("source", {"Other": 40.0, "Unknown": 30.0, "Not recorded": 20.0,
                              "Police": 10.0})
    title = finding_title("Referrals by source", shares, measure("referrals_by_source"))
    assert title == "Referrals by source in 2026/27 Q2: highest for Police (10.0%)"


def test_a_count_split_by_its_state_gives_each_part_not_a_state_highest():
    discussed = frame("discussion", {"New": 30.0, "Review": 35.0})
    title = finding_title("Children discussed at MACE", discussed, measure("mace_children"))
    assert title == "Children discussed at MACE in 2026/27 Q2: 35 at review and 30 new"
    days = frame("status", {"Closed": 119.0, "Open": 56.0})
    title = finding_title("Median days on MACE", days, measure("time_on_mace"))
    assert title == "Median days on MACE in 2026/27 Q2: 119 days (closed) and 56 days (open)"


def test_the_two_groups_of_children_are_compared_in_a_sentence_that_reads():
    groups = frame("context_change", {NOT_SAFER: 52.0, SAFER: 40.0})
    title = finding_title("Children whose risk fell, by whether their contexts became safer",
                          groups, measure("children_in_safer_contexts"))
    assert title == ("Children whose risk fell, by whether their contexts became safer in "
                     "2026/27 Q2: 40.0% linked to a context that became safer, against 52.0% "
                     "linked only to contexts that did not")
    assert not NOT_A_FINDING.search(title)


def test_risk_movement_says_how_many_moved_down_stayed_or_moved_up():
    cells = frame("child", {"High → Low": 5.0, "Very high → High": 10.0, "High → High": 35.0,
                            "Low → Medium": 10.0})
    title = finding_title("Risk movement for children", cells, measure("risk_change_matrix"))
    assert title == ("Risk movement for children in 2026/27 Q2: 15 children moved to a lower "
                     "risk level, 35 stayed at the same level and 10 moved higher")


def test_risk_movement_with_a_suppressed_cell_does_not_state_totals_it_cannot_know():
    cells = frame("context", {"High → Low": 5.0, "High → High": 35.0}, suppressed=("High → Low",))
    title = finding_title("Risk movement for contexts", cells, measure("risk_change_matrix"))
    assert "moved to a lower" not in title
    assert title == "Risk movement for contexts in 2026/27 Q2: highest for High → High (35 contexts)"


def test_the_recommendations_headline_counts_ratings_never_names_a_number_highest():
    ratings = pd.concat([
        frame("recommendation", {"1": 2.0, "2": 2.0, "3": 4.0}, period="2026-03-13"),
        frame("recommendation", {"1": 1.0, "2": 3.0}, period="2026-06-10"),
    ], ignore_index=True)
    title = finding_title("Progress on the review's recommendations", ratings,
                          measure("recommendation_progress"))
    assert title == ("Progress on the review's recommendations, as last assessed: 1 fully "
                     "achieved, 1 slipped and 1 not achieved")


def test_a_change_on_last_year_states_the_change_not_the_change_in_the_change():
    change = frame("total", {"All": -12.34}, period="2025-09", earlier={"All": 5.0},
                   earlier_period="2025-08")
    declared = measure("violence_recorded_change")
    title = finding_title(declared.title, change, declared)
    assert title == "Violence and sexual offences in 2025-09: down 12.3% on a year before"
