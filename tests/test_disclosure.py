"""Disclosure control, DfE's rule: 1 to 5 children shown as "c", zero as 0, a second cell
suppressed where the first could be worked out, dependent rates suppressed too."""

from __future__ import annotations

import pandas as pd

from metrics.api import group_other
from metrics.disclosure import suppress
from metrics.model import TIDY_COLUMNS, Better, Disclosure, Measure


def declared(disclosure=Disclosure.CHILDREN, unit="children") -> Measure:
    return Measure("m", "M", "d", "n", "d", unit, Better.NEITHER, ("referrals",), ("total",),
                   disclosure, "s", compute=lambda con, q: None)


def cells(*rows) -> pd.DataFrame:
    """rows: (period, breakdown, value, numerator, denominator)."""
    frame = pd.DataFrame(
        [{"measure_id": "m", "period": p, "breakdown": b, "breakdown_value": v, "value": float(x),
          "numerator": float(n) if n is not None else float("nan"),
          "denominator": float(d) if d is not None else float("nan"), "suppressed": False}
         for p, b, v, x, n, d in rows]
    )
    return frame[TIDY_COLUMNS]


def test_counts_of_one_to_five_are_suppressed_and_zero_and_six_are_not():
    frame = cells(*[("Q1", "total", "All", n, n, None) for n in (0, 1, 5, 6)])
    shown = suppress(frame, declared())
    assert shown["suppressed"].tolist() == [False, True, True, False]
    assert shown["value"].isna().tolist() == [False, True, True, False]


def test_a_lone_suppressed_cell_that_a_total_would_reveal_takes_a_second_cell_with_it():
    # Sources in Q1: police 40, schools 12, health 3 (total 55 is shown elsewhere):
    # with health alone hidden, 55 - 40 - 12 = 3 gives it away, so schools (the smallest
    # other non-zero cell) is suppressed as well.
    frame = cells(("Q1", "source", "police", 40, 40, None), ("Q1", "source", "schools", 12, 12, None),
                  ("Q1", "source", "health", 3, 3, None), ("Q1", "source", "housing", 0, 0, None))
    shown = suppress(frame, declared()).set_index("breakdown_value")["suppressed"]
    assert shown.to_dict() == {"police": False, "schools": True, "health": True, "housing": False}


def test_two_suppressed_cells_need_no_secondary_suppression():
    frame = cells(("Q1", "source", "police", 40, 40, None), ("Q1", "source", "health", 3, 3, None),
                  ("Q1", "source", "housing", 2, 2, None))
    assert suppress(frame, declared())["suppressed"].sum() == 2


def test_a_rate_on_a_suppressed_count_or_a_small_denominator_is_suppressed():
    frame = cells(("Q1", "total", "All", 60.0, 3, 5), ("Q2", "total", "All", 50.0, 10, 20),
                  ("Q3", "total", "All", 100.0, 4, 4))
    shown = suppress(frame, declared(unit="%"))
    assert shown["suppressed"].tolist() == [True, False, True]
    assert shown.loc[0, ["value", "numerator", "denominator"]].isna().all()


def test_public_figures_are_never_suppressed():
    frame = cells(("2025-07", "total", "All", 3, 3, None))
    assert not suppress(frame, declared(Disclosure.PUBLIC))["suppressed"].any()


def test_grouping_into_other_happens_before_suppression_so_it_cannot_undo_it():
    # Seven sources; 'Other' adds up anonymous 2 + unknown 1 = 3, which is then suppressed.
    values = {"police": 50, "schools": 30, "health": 20, "la_services": 15, "individual": 10,
              "anonymous": 2, "unknown": 1}
    frame = cells(*[("Q1", "source", k, v, v, None) for k, v in values.items()])
    grouped = group_other(frame, declared(), top=6)
    assert set(grouped["breakdown_value"]) == {"police", "schools", "health", "la_services",
                                               "individual", "Other"}
    shown = suppress(grouped, declared()).set_index("breakdown_value")
    assert shown.loc["Other", "suppressed"] and bool(shown.loc["individual", "suppressed"])
