"""The one way pages, exports and the CLI read a measure: computed, then disclosure-controlled
for the viewer's role."""

from __future__ import annotations

import duckdb
import pandas as pd

from contracts.roles import UNSUPPRESSED_ROLES, Role
from metrics.disclosure import suppress
from metrics.model import Measure, Query, empty_tidy
from metrics.registry import measure

# Officers' commentary is for Members and officers: a public viewer gets the figures without it.
COMMENTARY_COLUMNS = ("commentary",)


def compute(
    con: duckdb.DuckDBPyConnection, measure_id: str, query: Query, role: Role = Role.PUBLIC,
    top: int | None = None,
) -> pd.DataFrame:
    """The tidy table for one measure as this role may see it: suppressed unless an officer,
    and without officers' commentary for the public.

    `top` keeps the largest top-1 categories of a breakdown and adds the rest up as "Other",
    before disclosure control, so the grouping can never undo a suppression.
    """
    declared = measure(measure_id)
    frame = declared.compute(con, query)
    if frame.empty:
        return empty_tidy()
    if top and frame["breakdown_value"].nunique() > top:
        frame = group_other(frame, declared, top)
    if Role(role) == Role.PUBLIC:
        frame = frame.assign(**{column: None for column in COMMENTARY_COLUMNS
                                if column in frame.columns})
    return frame if Role(role) in UNSUPPRESSED_ROLES else suppress(frame, declared)


def group_other(frame: pd.DataFrame, declared: Measure, top: int) -> pd.DataFrame:
    """Counts and shares only: a rate's categories do not add up."""
    if declared.unit != "%" and frame["denominator"].notna().any():
        raise ValueError(f"{declared.id} is a rate; its categories cannot be added into 'Other'")
    ranking = frame.groupby("breakdown_value")["numerator"].sum().sort_values(ascending=False)
    kept = set(ranking.index[: top - 1])
    frame = frame.assign(
        breakdown_value=frame["breakdown_value"].where(frame["breakdown_value"].isin(kept), "Other")
    )
    grouped = frame.groupby(["measure_id", "period", "breakdown", "breakdown_value"], as_index=False).agg(
        numerator=("numerator", "sum"), denominator=("denominator", "first"),
        suppressed=("suppressed", "any"),
    )
    grouped["value"] = (100 * grouped["numerator"] / grouped["denominator"]
                        if declared.unit == "%" else grouped["numerator"])
    return grouped[frame.columns].sort_values(["period", "breakdown_value"]).reset_index(drop=True)
