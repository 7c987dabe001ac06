"""Disclosure control for public and Members' views, following DfE's rounding rule.

Suppressing small cells table by table is not enough: every filter value is another table,
and a public viewer can subtract one from another (all referrals minus girls minus boys left
the suppressed 'unknown' count). So every count about children that leaves this function is
either "c" or rounded to the nearest 5, and the same true count always gives the same
published figure on every page, slide, pack and download:

- a count of 0 stays 0;
- a count of 1 to 7 is "c". Rounding alone would publish 6 and 7 as 5, a shown count of 1 to
  5, so 6 and 7 are treated as small too;
- every other count is rounded to the nearest 5 (8 becomes 10);
- a rate or percentage is computed again from the rounded numerator and denominator, and is
  "c" where either is; one whose rounded denominator is under 20 is shown but flagged "u"
  (ONS's low-reliability mark);
- a median (days) is shown only when the number of children behind it is shown (8 or more).

Rounding replaces secondary suppression: a rounded total minus rounded parts leaves a range of
several values, not the hidden count. See docs/disclosure.md for the method and its audit.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from metrics.model import Disclosure, Measure

SMALLEST, LARGEST = 1, 7  # counts shown as "c"
ROUND_TO = 5
LOW_RELIABILITY_BELOW = 20  # ONS: a rate on fewer than 20 is unreliable
SUPPRESSED_SYMBOL = "c"
LOW_RELIABILITY_SYMBOL = "u"
NOTE = "c: 1 to 7, suppressed to protect privacy; other counts rounded to the nearest 5"
RELIABILITY_COLUMN = "reliability"
# Units of a value that summarises its subjects (a median of days, a mean change in points),
# not a count: the count is the numerator, protected as a count; the value is shown as it is.
SUMMARY_UNITS = ("days", "points")


def is_small(series: pd.Series) -> pd.Series:
    return series.between(SMALLEST, LARGEST)


def round_count(series: pd.Series) -> pd.Series:
    """Counts rounded to the nearest 5 (whole counts never fall half way); missing stays missing."""
    return np.floor(series / ROUND_TO + 0.5) * ROUND_TO


def ratio_scale(measure: Measure) -> float | None:
    """100 for a percentage, 10,000 for "per 10,000 children", None for counts and medians."""
    unit = measure.unit.strip()
    if unit == "%":
        return 100.0
    per = re.match(r"per ([\d,]+)", unit.lower())
    return float(per.group(1).replace(",", "")) if per else None


def suppress(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The frame as a non-officer may see it: small counts set to NaN and flagged suppressed,
    every other count rounded, rates rebuilt from the rounded counts and flagged "u" when
    their denominator is under 20."""
    if measure.disclosure != Disclosure.CHILDREN or frame.empty:
        return frame
    out = frame.copy()
    numerator = out["numerator"].where(out["numerator"].notna(), out["value"])
    summary = measure.unit in SUMMARY_UNITS
    if summary:  # value is a median or mean; the count is its numerator
        numerator = out["numerator"]
    denominator = out["denominator"]
    suppressed = (out["suppressed"].astype(bool) | is_small(numerator) | is_small(denominator)
                  | summary & numerator.isna() & out["value"].notna())
    shown_numerator = round_count(numerator)
    shown_denominator = round_count(denominator)
    scale = ratio_scale(measure)
    if scale is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            out["value"] = (scale * shown_numerator / shown_denominator).where(shown_denominator > 0)
        low = shown_denominator.lt(LOW_RELIABILITY_BELOW) & ~suppressed & out["value"].notna()
        out[RELIABILITY_COLUMN] = pd.Series(np.where(low, LOW_RELIABILITY_SYMBOL, None),
                                            index=out.index, dtype=object)
    elif not summary:
        out["value"] = shown_numerator
    out["numerator"] = shown_numerator.where(out["numerator"].notna())
    out["denominator"] = shown_denominator
    out["suppressed"] = suppressed
    out.loc[suppressed, ["value", "numerator"]] = float("nan")
    out.loc[suppressed & is_small(denominator), "denominator"] = float("nan")
    return out
