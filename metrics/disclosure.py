"""Disclosure control, following DfE's rule for children-in-need statistics.

Primary: a count of children between 1 and 5 is suppressed ("c"); zero stays 0. A rate or
percentage is suppressed when its numerator or its denominator is such a count.
Secondary: within each period, the cells of a breakdown add up to (or bound) a total that is
shown elsewhere, so a single suppressed cell could be worked out by subtraction. Wherever a
group has exactly one suppressed cell, the smallest other non-zero cell is suppressed as well.
"""

from __future__ import annotations

import pandas as pd

from metrics.model import Disclosure, Measure

SMALLEST, LARGEST = 1, 5
NOTE = "c: 1 to 5, suppressed to protect privacy"


def _small(series: pd.Series) -> pd.Series:
    return series.between(SMALLEST, LARGEST)


def suppress(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The frame as a non-officer may see it: suppressed values set to NaN and flagged."""
    if measure.disclosure != Disclosure.CHILDREN or frame.empty:
        return frame
    out = frame.copy()
    counts = out["numerator"].where(out["numerator"].notna(), out["value"])
    primary = _small(counts) | _small(out["denominator"].fillna(0))
    out["suppressed"] = out["suppressed"] | primary
    out = _secondary(out)
    out.loc[out["suppressed"], ["value", "numerator"]] = float("nan")
    out.loc[out["suppressed"] & _small(out["denominator"].fillna(0)), "denominator"] = float("nan")
    return out


def _secondary(frame: pd.DataFrame) -> pd.DataFrame:
    """Suppress one more cell in every group where a lone suppressed cell could be recovered."""
    out = frame
    if (out["breakdown"] == "total").all():
        return out
    for _, group in out.groupby(["period", "breakdown"], sort=False):
        if len(group) < 2 or group["suppressed"].sum() != 1:
            continue
        counts = group["numerator"].where(group["numerator"].notna(), group["value"])
        candidates = counts[(~group["suppressed"]) & (counts > 0)]
        if not candidates.empty:
            out.loc[candidates.idxmin(), "suppressed"] = True
    return out
