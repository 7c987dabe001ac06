"""What a measure is: declared once, with its definition, read by every page and export.

A measure's `compute` returns the tidy table every consumer reads:
`measure_id, period, breakdown, breakdown_value, value, numerator, denominator, suppressed`.
Disclosure control is applied afterwards, by `metrics.api`, according to the viewer's role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import duckdb
import pandas as pd

TIDY_COLUMNS = [
    "measure_id", "period", "breakdown", "breakdown_value", "value", "numerator", "denominator",
    "suppressed",
]


class Better(StrEnum):
    UP = "up"
    DOWN = "down"
    NEITHER = "neither"


class MeasureKind(StrEnum):
    """What a measure tells a reader: the contextual safeguarding literature warns against
    "measuring effort instead of change", so every measure says which it is."""

    CHANGE = "change"  # an outcome: did risk, safety or harm change?
    EFFORT = "effort"  # activity: what services did (referrals handled, sessions delivered)
    CONTEXT = "context"  # the setting: demand, population, recorded crime

    @property
    def label(self) -> str:
        """The words every page, slide and pack shows for the kind."""
        return KIND_LABELS[self]


KIND_LABELS = {
    MeasureKind.CHANGE: "Change: an outcome",
    MeasureKind.EFFORT: "Effort: activity",
    MeasureKind.CONTEXT: "Context: background",
}


class Disclosure(StrEnum):
    """How counts are protected outside officer views (DfE children-in-need rule)."""

    CHILDREN = "children"  # counts of 1-7 children suppressed, the rest rounded to the nearest 5
    PUBLIC = "public"  # already public (police.uk, published statistics): never suppressed
    NONE = "none"  # not about people (programme activity, progress ratings)


DISCLOSURE_RULES = {
    Disclosure.CHILDREN: (
        "Counts of 1 to 7 children are shown as 'c' and every other count is rounded to the "
        "nearest 5, so no hidden count can be worked out from totals or other filters; rates and "
        "percentages are worked out from the rounded counts ('c' where either count is, 'u' for "
        "low reliability where the denominator is under 20). Officers see unrounded, "
        "unsuppressed figures."
    ),
    Disclosure.PUBLIC: "Already public (police.uk / DfE): shown as published, symbols kept.",
    Disclosure.NONE: "Not about individual children: shown in full.",
}


@dataclass(frozen=True)
class Query:
    """The filters a page or the CLI asks with; every value is bound as a SQL parameter."""

    la_codes: tuple[str, ...] = ()
    period_from: str | None = None  # financial quarter label, or month for monthly measures
    period_to: str | None = None
    breakdown: str = "total"
    ward: str | None = None
    age_band: str | None = None
    sex: str | None = None
    harm_type: str | None = None


@dataclass(frozen=True)
class Measure:
    """One measure, declared once. `plain` says what it shows in a sentence; `definition` is
    the exact rule that every figure follows."""

    id: str
    title: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    better: Better
    extracts: tuple[str, ...]
    breakdowns: tuple[str, ...]
    disclosure: Disclosure
    section: str
    compute: Callable[[duckdb.DuckDBPyConnection, Query], pd.DataFrame] = field(repr=False)
    period_kind: str = "quarter"  # "quarter", "month", "year" or "date"
    filters: tuple[str, ...] = ("la_codes", "period")  # the Query fields it honours
    next_update: str = ""  # when the published source is next due, where known
    # Change, effort or context: required, so no measure can leave a reader to guess whether
    # it shows an outcome or only activity.
    kind: MeasureKind = field(kw_only=True)
    # One sentence a councillor reads without a glossary, shown before `definition` (the exact
    # rule, behind "More detail"): no field names, no codes.
    plain: str = field(kw_only=True)

    @property
    def disclosure_rule(self) -> str:
        return DISCLOSURE_RULES[self.disclosure]


def tidy(frame: pd.DataFrame, measure_id: str, breakdown: str,
         extras: tuple[str, ...] = ()) -> pd.DataFrame:
    """Complete a compute result (period, breakdown_value, value, numerator, denominator),
    keeping any named `extras` (e.g. a published figure's symbol) beside the shared columns."""
    out = frame.copy()
    out["measure_id"] = measure_id
    out["breakdown"] = breakdown
    if "breakdown_value" not in out:
        out["breakdown_value"] = "All"
    for column in ("numerator", "denominator"):
        if column not in out:
            out[column] = pd.NA
    out["suppressed"] = False
    out["breakdown_value"] = out["breakdown_value"].fillna("Not recorded").astype(str)
    out["period"] = out["period"].astype(str)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    for column in ("numerator", "denominator"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return (out[[*TIDY_COLUMNS, *extras]].sort_values(["period", "breakdown_value"], kind="stable")
            .reset_index(drop=True))


def empty_tidy() -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in (
        ("measure_id", "object"), ("period", "object"), ("breakdown", "object"),
        ("breakdown_value", "object"), ("value", "float64"), ("numerator", "float64"),
        ("denominator", "float64"), ("suppressed", "bool"),
    )})
