"""Disclosure control, DfE's rounding rule: 1 to 7 children shown as "c", zero as 0, every other
count rounded to the nearest 5, rates rebuilt from the rounded counts (and flagged "u" under a
denominator of 20). Why rounding and not a second suppressed cell: docs/disclosure.md; the
attack that proves it: test_disclosure_differencing.py."""

from __future__ import annotations

import pandas as pd

from metrics.api import group_other
from metrics.disclosure import suppress
from metrics.model import TIDY_COLUMNS, Better, Disclosure, Measure, MeasureKind


def declared(disclosure=Disclosure.CHILDREN, unit="children") -> Measure:
    return Measure("m", "M", "d", "n", "d", unit, Better.NEITHER, ("referrals",), ("total",),
                   disclosure, "s", compute=lambda con, q: None, kind=MeasureKind.EFFORT,
                   plain="A measure made up for the test.")


def cells(*rows) -> pd.DataFrame:
    """rows: (period, breakdown, value, numerator, denominator)."""
    frame = pd.DataFrame(
        [{"measure_id": "m", "period": p, "breakdown": b, "breakdown_value": v, "value": float(x),
          "numerator": float(n) if n is not None else float("nan"),
          "denominator": float(d) if d is not None else float("nan"), "suppressed": False}
         for p, b, v, x, n, d in rows]
    )
    return frame[TIDY_COLUMNS]


def test_counts_of_one_to_seven_are_suppressed_zero_stays_and_the_rest_are_rounded_to_fives():
    frame = cells(*[("Q1", "total", "All", n, n, None) for n in (0, 1, 5, 6, 7, 8, 12, 13, 184)])
    shown = suppress(frame, declared())
    assert shown["suppressed"].tolist() == [False, True, True, True, True, False, False, False,
                                            False]
    assert shown["value"].fillna(-1).tolist() == [0, -1, -1, -1, -1, 10, 10, 15, 185]
    assert shown["numerator"].fillna(-1).tolist() == [0, -1, -1, -1, -1, 10, 10, 15, 185]


def test_no_shown_count_is_ever_between_one_and_five():
    frame = cells(*[("Q1", "total", "All", n, n, None) for n in range(0, 60)])
    shown = suppress(frame, declared())["value"].dropna()
    assert not shown.between(1, 5).any()
    assert (shown % 5 == 0).all()


def test_the_issues_sum_no_longer_gives_the_hidden_count_away():
    # 184 referrals: 74 girls, 105 boys, 5 unknown. Published: 185, 75, 105 and c, so the
    # unknown count is anywhere from 185-2 - (75+2) - (105+2) to 185+2 - (75-2) - (105-2), not 5.
    frame = cells(("Q2", "total", "All", 184, 184, None), ("Q2", "sex", "female", 74, 74, None),
                  ("Q2", "sex", "male", 105, 105, None), ("Q2", "sex", "unknown", 5, 5, None))
    shown = suppress(frame, declared())
    assert shown["value"].fillna(-1).tolist() == [185, 75, 105, -1]
    assert shown["suppressed"].tolist() == [False, False, False, True]


def test_a_rate_is_rebuilt_from_rounded_counts_and_hidden_where_either_count_is_small():
    frame = cells(("Q1", "total", "All", 60.0, 3, 5), ("Q2", "total", "All", 41.0, 41, 100),
                  ("Q3", "total", "All", 0.0, 0, 4), ("Q4", "total", "All", 50.0, 9, 18))
    shown = suppress(frame, declared(unit="%"))
    assert shown["suppressed"].tolist() == [True, False, True, False]
    assert shown.loc[0, ["value", "numerator", "denominator"]].isna().all()
    assert shown.loc[1, ["value", "numerator", "denominator"]].tolist() == [40.0, 40.0, 100.0]
    assert shown.loc[2, ["value", "numerator", "denominator"]].isna().all()
    assert shown.loc[3, "value"] == 50.0  # 10 of 20 (rounded), not the true 9 of 18


def test_a_rate_per_ten_thousand_keeps_its_scale():
    frame = cells(("Q1", "total", "All", 10000 * 117 / 45610, 117, 45610))
    shown = suppress(frame, declared(unit="per 10,000 children aged 0–17"))
    assert shown.loc[0, "value"] == 10000 * 115 / 45610


def test_a_rate_on_fewer_than_twenty_is_shown_with_the_low_reliability_mark():
    frame = cells(("Q1", "total", "All", 80.0, 12, 15), ("Q2", "total", "All", 50.0, 20, 40))
    shown = suppress(frame, declared(unit="%"))
    assert shown["reliability"].tolist() == ["u", None]
    assert not shown["suppressed"].any()


def test_a_median_is_shown_unrounded_only_over_eight_or_more_children():
    frame = cells(("Q1", "total", "All", 31.5, 28, 76), ("Q2", "total", "All", 12.0, 5, 40))
    shown = suppress(frame, declared(unit="days"))
    assert shown["value"].fillna(-1).tolist() == [31.5, -1]
    assert shown["numerator"].fillna(-1).tolist() == [30, -1]
    assert shown["suppressed"].tolist() == [False, True]


def test_a_mean_change_in_points_is_shown_as_a_mean_not_replaced_by_its_rounded_count():
    # context_safety_change: value the mean change in score, numerator the contexts compared.
    frame = cells(("Q1", "total", "All", 0.84, 49, None), ("Q2", "total", "All", 1.2, 5, None))
    shown = suppress(frame, declared(unit="points"))
    assert shown["value"].fillna(-1).tolist() == [0.84, -1]
    assert shown["numerator"].fillna(-1).tolist() == [50, -1]
    assert shown["suppressed"].tolist() == [False, True]


def test_public_figures_are_never_suppressed():
    frame = cells(("2025-07", "total", "All", 3, 3, None))
    assert not suppress(frame, declared(Disclosure.PUBLIC))["suppressed"].any()


def test_grouping_into_other_happens_before_suppression_so_it_cannot_undo_it():
    # Seven sources; 'Other' adds up anonymous 2 + unknown 1 = 3, which is then suppressed:
    # grouping adds true counts, and only the sum is rounded or hidden.
    values = {"police": 50, "schools": 30, "health": 20, "la_services": 15, "individual": 10,
              "anonymous": 2, "unknown": 1}
    frame = cells(*[("Q1", "source", k, v, v, None) for k, v in values.items()])
    grouped = group_other(frame, declared(), top=6)
    assert set(grouped["breakdown_value"]) == {"police", "schools", "health", "la_services",
                                               "individual", "Other"}
    shown = suppress(grouped, declared()).set_index("breakdown_value")
    assert shown.loc["Other", "suppressed"]
    assert shown.loc["individual", "value"] == 10 and shown.loc["la_services", "value"] == 15
