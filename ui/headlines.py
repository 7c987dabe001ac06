"""A chart's headline states its finding, in words: what rose or fell for a total; for a
breakdown, the group that stands out, never a group that is not a finding ("Other",
"Unknown", "Not recorded") nor a state ("new highest", "closed highest"). Some breakdowns say
more than "which is highest", so they have their own sentence: a count split by its state gives
each part, risk movement says how many moved down, stayed or moved up, the two groups of
children compared are set side by side, and the recommendations' ratings are counted.
"""

from __future__ import annotations

import pandas as pd

from metrics.context_outcomes import NOT_SAFER, SAFER
from metrics.contextual import RISK_LABELS, movement_cells
from metrics.model import Measure
from metrics.recommendations import MEASURE_ID as RECOMMENDATIONS
from metrics.recommendations import latest_assessments
from metrics.violence import CRIME_TYPES
from ui import text
from ui.labels import value_label

# Groups that are never the finding: what was not recorded, or the rest added up.
NOT_A_FINDING = ("Other", "Other (as recorded)", "Unknown", "Not recorded")
# Breakdowns that split one count by its state (new or review, open or closed): the headline
# gives each part, since "new highest" is not a finding.
STATE_SPLITS = ("discussion", "status", "record")
# The risk movement matrix's breakdowns: who moved between risk levels.
MOVEMENTS = {"child": "children", "context": "contexts"}
# The two groups of children whose risk is compared: each is named as a phrase, not a title.
COMPARED = {"context_change": (SAFER, NOT_SAFER)}
RISK_ORDER = list(RISK_LABELS.values())
# Measures that are themselves a change on the same month last year.
CHANGES_ON_LAST_YEAR = {f"{crime}_change" for crime in CRIME_TYPES}


def finding_title(subject: str, frame: pd.DataFrame, declared: Measure) -> str:
    if (frame["breakdown"] == "total").all():
        if declared.id in CHANGES_ON_LAST_YEAR:
            return _change_on_last_year(subject, frame)
        return text.finding_title(subject, frame, declared.unit)
    subject = text.sentence_start(subject)
    if declared.id == RECOMMENDATIONS:
        return _ratings(subject, frame, declared)
    latest = frame["period"].max()
    shown = frame[(frame["period"] == latest) & ~frame["suppressed"]]
    if shown.empty:
        return f"{subject} in {latest}"
    breakdowns = set(frame["breakdown"])
    unit = declared.unit
    if breakdowns <= set(STATE_SPLITS):
        return f"{subject} in {latest}: {_parts(shown, unit)}"
    if len(breakdowns) == 1 and breakdowns <= set(MOVEMENTS):
        unit = MOVEMENTS[next(iter(breakdowns))]
        moved = _movement(frame[frame["period"] == latest], unit)
        if moved:
            return f"{subject} in {latest}: {moved}"
    if breakdowns <= set(COMPARED):
        return f"{subject} in {latest}: {_side_by_side(shown, unit)}"
    named = shown[~shown["breakdown_value"].isin(NOT_A_FINDING)]
    if named.empty:
        return f"{subject} in {latest}"
    top = named.sort_values("value", ascending=False, kind="stable").iloc[0]
    value = text.format_value(top["value"], unit, with_unit=True)
    return f"{subject} in {latest}: highest for {top['breakdown_value']} ({value})"


def _parts(shown: pd.DataFrame, unit: str) -> str:
    """Each state's figure: "35 at review and 30 new"; durations keep their unit, so that
    "119 days (closed) and 56 days (open)" is not read as a count of cases."""
    parts = []
    for row in shown.sort_values("value", ascending=False, kind="stable").itertuples():
        state = _phrase(str(row.breakdown_value))
        if unit == "days":
            parts.append(f"{text.format_value(row.value, unit, with_unit=True)} ({state})")
        else:
            parts.append(f"{text.format_value(row.value, unit)} {state}")
    return text.plain_list(parts)


def _phrase(label: str) -> str:
    """A label as it reads inside a sentence: "Linked to a context…" -> "linked to a context…",
    "Review" -> "at review"; a name such as "MACE" keeps its capitals."""
    if label == "Review":
        return "at review"
    first = label.split(" ", 1)[0]
    return label if first.isupper() and len(first) > 1 else label[:1].lower() + label[1:]


def _movement(latest: pd.DataFrame, noun: str) -> str | None:
    """How many moved to a lower risk level, stayed or moved higher: exact only when no cell
    is suppressed, so with a suppressed cell the generic headline is used instead."""
    if latest.empty or latest["suppressed"].any():
        return None
    cells = movement_cells(latest)
    if not (cells["from_level"].isin(RISK_ORDER).all() and cells["to_level"].isin(RISK_ORDER).all()):
        return None
    step = cells["to_level"].map(RISK_ORDER.index) - cells["from_level"].map(RISK_ORDER.index)
    lower, same, higher = (int(cells.loc[test, "value"].sum())
                           for test in (step < 0, step == 0, step > 0))
    return (f"{lower:,} {noun} moved to a lower risk level, {same:,} stayed at the same level "
            f"and {higher:,} moved higher")


def _side_by_side(shown: pd.DataFrame, unit: str) -> str:
    """Two groups compared in one sentence, in the groups' own order: "45.0% linked to a
    context that became safer, against 30.0% linked only to contexts that did not"."""
    order = {label: place for place, label in enumerate((SAFER, NOT_SAFER))}
    rows = shown.sort_values("breakdown_value", key=lambda v: v.map(order).fillna(len(order)),
                             kind="stable").itertuples()
    parts = [f"{text.format_value(row.value, unit)} {_phrase(str(row.breakdown_value))}"
             for row in rows]
    return ", against ".join(parts)


def _ratings(subject: str, frame: pd.DataFrame, declared: Measure) -> str:
    """How many recommendations stand at each rating, as at their latest assessments: the
    finding of a tracker, where a recommendation's number is never the finding."""
    latest = latest_assessments(frame)
    if latest.empty:
        return subject
    rated = latest[~latest["suppressed"] & latest["value"].notna()]
    counts = rated["value"].astype(int).value_counts().sort_index()
    parts = [f"{count} {value_label(str(rating), declared, 'progress').lower()}"
             for rating, count in counts.items()]
    return f"{subject}, as last assessed: {text.plain_list(parts)}"


def _change_on_last_year(subject: str, frame: pd.DataFrame) -> str:
    """A measure that is itself a change on last year states that change, rather than the
    change in the change ("…change on the same month last year fell 18 percentage points")."""
    subject = text.sentence_start(subject.split(":", 1)[0])
    rows = frame[frame["value"].notna() | frame["suppressed"]].sort_values("period")
    if rows.empty:
        return f"{subject}: no figures yet"
    latest = rows.iloc[-1]
    if latest["suppressed"]:
        return f"{subject}: {latest['period']} figure suppressed to protect privacy"
    value = float(latest["value"])
    if round(value, 1) == 0:
        return f"{subject} in {latest['period']}: the same as a year before"
    direction = "up" if value > 0 else "down"
    return f"{subject} in {latest['period']}: {direction} {abs(value):.1f}% on a year before"
