"""Words, not codes: the label every contract gives its allowed values ("cce" -> "Child
criminal exploitation"), put in place of the code in a measure's breakdown before anything is
charted, titled, summarised, tabled or packed, so the page, the slide and the pack all say the
same words.

A value is looked up in the columns of the measure's own extracts first (where "1" is a rating
in one contract and a risk level in another, the measure's extract decides), then among the
values every contract labels alike. Authority and ward codes, and recommendation numbers, are
left as they are: pages join maps and the tracker on them and name them themselves.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from contracts.extracts import CATALOGUE
from metrics.model import Measure

# A breakdown whose name differs from the contract column it groups by.
COLUMN_OF = {"harm_type": "harm_types", "age_band": "age_band"}
# Values a measure makes up itself (not a contract's): their words.
MADE_UP = {
    "open": "Open",
    "closed": "Closed",
    "referral": "Had a referral",
    "intervention": "Had an intervention",
    "Not recorded": "Not recorded",
}
# Breakdowns whose codes are names pages join on (maps, the tracker): never relabelled.
KEPT_AS_CODES = ("total", "authority", "ward", "area", "recommendation")
COMBINED = " · "  # a breakdown of two columns at once, e.g. "10-13 · female"
AGE_RANGE = re.compile(r"^(\d+)-(\d+)$")
OTHER = "Other"  # what metrics.api calls the categories it adds up


@cache
def _labels_alike() -> dict[str, str]:
    """Values every contract labels the same way, for breakdowns no column is named for."""
    seen: dict[str, set[str]] = {}
    for contract in CATALOGUE:
        for column in contract.columns:
            for choice in column.choices:
                seen.setdefault(choice.value, set()).add(choice.label)
    return {value: labels.pop() for value, labels in seen.items() if len(labels) == 1}


@cache
def _column_labels(extracts: tuple[str, ...], column_name: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for name in extracts:
        if name not in CATALOGUE:
            continue
        for column in CATALOGUE[name].columns:
            if column.name == column_name:
                labels.update({c.value: c.label for c in column.choices})
    return labels


def value_label(value: str, declared: Measure, breakdown: str) -> str:
    """The words for one breakdown value of `declared` (the value itself if it has none)."""
    if breakdown in KEPT_AS_CODES:
        return value
    if COMBINED in value:
        return COMBINED.join(value_label(part, declared, breakdown)
                             for part in value.split(COMBINED))
    own = _column_labels(tuple(declared.extracts), COLUMN_OF.get(breakdown, breakdown))
    if value in own:
        return own[value]
    if value in MADE_UP:
        return MADE_UP[value]
    if value in _labels_alike():
        return _labels_alike()[value]
    ages = AGE_RANGE.match(value)
    if ages:
        return f"{ages[1]} to {ages[2]}"
    return value


def labelled(frame: pd.DataFrame, declared: Measure) -> pd.DataFrame:
    """The measure's frame with every breakdown value in words. A contract's own "other"
    becomes "Other (as recorded)" where the frame also holds the "Other" that adds up the
    smaller categories, so the two never merge into one bar."""
    if frame.empty or "breakdown_value" not in frame.columns:
        return frame
    breakdowns = set(frame["breakdown"]) if "breakdown" in frame.columns else {"total"}
    if breakdowns <= set(KEPT_AS_CODES):
        return frame
    added_up = bool((frame["breakdown_value"] == OTHER).any())
    words = {}
    for breakdown, value in frame[["breakdown", "breakdown_value"]].drop_duplicates().itertuples(
            index=False):
        label = value if value == OTHER else value_label(str(value), declared, breakdown)
        if label == OTHER and value != OTHER and added_up:
            label = f"{OTHER} (as recorded)"
        words[(breakdown, value)] = label
    keys = list(zip(frame["breakdown"], frame["breakdown_value"], strict=True))
    return frame.assign(breakdown_value=[words[key] for key in keys])


def kind_label(declared: Measure) -> str:
    """What the measure shows, in words: "Change: an outcome", "Effort: activity" or
    "Context: background" (the literature's warning is against measuring effort instead of
    change, so every card and definition says which a figure is)."""
    return declared.kind.label
