"""One measure on a page: fetched for the viewer's role, charted, titled with its finding,
summarised in words, with its data, source and definition. Pages call these and nothing more."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from contracts.extracts import CATALOGUE
from contracts.periods import quarter_bounds
from metrics.decks import Slide
from metrics.model import Measure, Query
from metrics.registry import measure
from ui import card, charts, headlines, text
from ui.auth import current_role
from ui.filters import current_query, describe_filters
from ui.page_slides import note_shown
from ui.session import last_loaded, measure_frame
from ui.shared_frames import derived

EVENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "events.csv"
UPLOAD_PAGE = "views/upload.py"


def events(period_kind: str = "quarter") -> list[tuple[str, str]]:
    """Dated events drawn on time charts (an editable list in data/events.csv)."""
    if not EVENTS_FILE.exists():
        return []
    with EVENTS_FILE.open(encoding="utf-8") as handle:
        rows = [(row["period"], row["label"]) for row in csv.DictReader(handle)]
    if period_kind == "month":
        return [(quarter_bounds(period)[0].strftime("%Y-%m"), label) for period, label in rows]
    return rows


def source_line(declared: Measure) -> str:
    titles = [CATALOGUE[name].title for name in declared.extracts if name in CATALOGUE]
    loaded = last_loaded(declared.extracts)
    when = f"; last loaded {loaded:%d %B %Y %H:%M}" if loaded else ""
    return f"{text.plain_list(titles)}{when}."


MAX_CATEGORIES = 6  # the accessible palette's length; more are added up as "Other"


def frame_for(measure_id: str, breakdown: str = "total", query: Query | None = None,
              top: int | None = MAX_CATEGORIES) -> pd.DataFrame:
    """The measure for the viewer; breakdowns beyond `top` categories add up as "Other"
    (pass top=None for a chart whose cells must stay apart, such as a matrix)."""
    query = query or current_query()
    return measure_frame(measure_id, Query(**{**query.__dict__, "breakdown": breakdown}),
                         current_role(), top=categories_kept(breakdown, top))


def categories_kept(breakdown: str, top: int | None = MAX_CATEGORIES) -> int | None:
    """How many categories a breakdown keeps before the rest add up as "Other" (None: all;
    a total or the authorities are never grouped)."""
    return None if breakdown in ("total", "authority") else top


def show_measure(
    measure_id: str,
    *,
    breakdown: str = "total",
    subject: str | None = None,
    draw: Callable[[pd.DataFrame, Measure, str], go.Figure] | None = None,
    query: Query | None = None,
    key: str | None = None,
    top: int | None = MAX_CATEGORIES,
    unit: str | None = None,
) -> pd.DataFrame:
    """Chart one measure in a card, or say which extract to upload when there is nothing.

    `unit` overrides the declared unit where a card shows one part of a measure (e.g. the
    children half of a matrix that covers children and contexts)."""
    declared = measure(measure_id)
    if unit:
        declared = replace(declared, unit=unit)
    query = query or current_query()
    frame = frame_for(measure_id, breakdown, query, top=top)
    if frame.empty:
        card.empty_state(
            [CATALOGUE[name].title for name in declared.extracts],
            f"No data loaded yet for {declared.title[0].lower() + declared.title[1:]}.",
            upload_page=UPLOAD_PAGE,
        )
        return frame
    note_shown(Slide(measure_id, replace(query, breakdown=breakdown)))
    subject = subject or declared.title
    title = finding_title(subject, frame, declared)
    draw = draw or default_chart
    figure = draw(frame, declared, title)
    filters = describe_filters(query, declared.filters)
    card.chart_card(
        figure,
        title=title,
        subtitle=f"{subtitle_of(declared)}, {filters}",
        summary=summary(frame, declared),
        data=frame,
        source=source_line(declared),
        key=key or f"{measure_id}-{breakdown}",
        definition=declared.definition,
        measure=subtitle_of(declared),
        filters=filters,
        data_date=last_loaded(declared.extracts),
    )
    return frame


def subtitle_of(declared: Measure) -> str:
    """The measure and its unit, without saying the unit twice ("Referrals per 10,000 children")."""
    if declared.unit.lower() in declared.title.lower():
        return declared.title
    return f"{declared.title} ({declared.unit})"


def card_subtitle(declared: Measure, query: Query) -> str:
    """The measure, its unit and the filters it honours, in words, as a chart card states them."""
    return f"{subtitle_of(declared)}, {describe_filters(query, declared.filters)}"


def finding_title(subject: str, frame: pd.DataFrame, declared: Measure) -> str:
    return _shared_finding_title(frame, subject, declared)


@derived  # once per shared frame (ui/shared_frames.py)
def _shared_finding_title(frame: pd.DataFrame, subject: str, declared: Measure) -> str:
    return headlines.finding_title(subject, frame, declared)


@derived  # once per shared frame (ui/shared_frames.py)
def summary(frame: pd.DataFrame, declared: Measure) -> str:
    if (frame["breakdown"] == "total").all():
        return text.summarise_series(frame, declared.unit, str(declared.better))
    latest = frame["period"].max()
    shown = frame[frame["period"] == latest]
    parts = [
        f"{row.breakdown_value} "
        + (text.SUPPRESSED_LABEL if row.suppressed else text.format_value(row.value, declared.unit, with_unit=True))
        for row in shown.sort_values("value", ascending=False).itertuples()
    ]
    return f"In {latest}: " + "; ".join(parts) + "."


def default_chart(frame: pd.DataFrame, declared: Measure, title: str, *,
                  presentation: bool = False) -> go.Figure:
    """Time series for totals; grouped bars of the latest period for breakdowns.
    `presentation` uses the bigger type read from the back of a room (presentation mode)."""
    period_kind = declared.period_kind
    if (frame["breakdown"] == "total").all() or frame["breakdown_value"].nunique() <= 4:
        return charts.line_chart(frame, title=title, unit=declared.unit,
                                 events=events(period_kind), period_title=period_title_of(period_kind),
                                 presentation=presentation)
    latest = frame[frame["period"] == frame["period"].max()]
    return charts.bar_chart(latest, title=title, unit=declared.unit, horizontal=True,
                            ranked=True, presentation=presentation)


def share_over_time(frame: pd.DataFrame, declared: Measure, title: str) -> go.Figure:
    return charts.share_chart(frame, title=title, unit=declared.unit)


def latest_bars(frame: pd.DataFrame, declared: Measure, title: str) -> go.Figure:
    latest = frame[frame["period"] == frame["period"].max()]
    return charts.bar_chart(latest, title=title, unit=declared.unit, horizontal=True,
                            ranked=True)


def period_title_of(period_kind: str) -> str:
    return {"quarter": "Financial quarter", "month": "Month", "year": "Year"}.get(period_kind, "Period")


def page_intro(title: str, lead: str) -> None:
    st.title(title)
    st.markdown(lead)
