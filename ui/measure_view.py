"""One measure on a page, in words: its frame for the viewer's role, the finding as a title,
the summary, the measure line and the source. ui.card_content builds a card from these, for the
page (ui.page_card), the slide and the pack alike."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from contracts.extracts import CATALOGUE
from metrics.model import Measure, Query
from ui import headlines, text
from ui.auth import current_role
from ui.chart_registry import (  # noqa: F401 - pages and ui.comparators read them here
    MAX_CATEGORIES,
    categories_kept,
    events,
    period_title_of,
)
from ui.filters import current_query, describe_filters
from ui.session import last_loaded, measure_frame
from ui.shared_frames import derived

UPLOAD_PAGE = "views/upload.py"


def source_line(declared: Measure) -> str:
    titles = [CATALOGUE[name].title for name in declared.extracts if name in CATALOGUE]
    loaded = last_loaded(declared.extracts)
    when = f"; last loaded {loaded:%d %B %Y %H:%M}" if loaded else ""
    return f"{text.plain_list(titles)}{when}."


def frame_for(measure_id: str, breakdown: str = "total", query: Query | None = None,
              top: int | None = MAX_CATEGORIES) -> pd.DataFrame:
    """The measure for the viewer; breakdowns beyond `top` categories add up as "Other"
    (pass top=None for a chart whose cells must stay apart, such as a matrix)."""
    query = query or current_query()
    return measure_frame(measure_id, Query(**{**query.__dict__, "breakdown": breakdown}),
                         current_role(), top=categories_kept(breakdown, top))


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


def page_intro(title: str, lead: str) -> None:
    st.title(title)
    st.markdown(lead)
