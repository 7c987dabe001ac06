"""Targets for the programmes of recommendations 4 to 7, on the Streamlit side: read them
(cached by data version like ui/session.py, and cleared when a target is set, because setting a
target is not a load and does not bump the data version), set them (officers only, checked here
where the write happens, under the store's write lock, audited by store.targets), and show a
programme's year against its target in a chart card.
"""

from __future__ import annotations

import re
from contextlib import closing

import pandas as pd
import streamlit as st

from contracts.roles import Role
from metrics import programmes
from metrics.decks import Slide
from metrics.model import Query
from metrics.registry import measure
from store.targets import set_target
from ui import card, charts, text
from ui.auth import current_actor, current_role, require_role
from ui.card_content import drawn_card
from ui.chart_registry import ChartKind
from ui.measure_view import UPLOAD_PAGE, frame_for
from ui.page_card import show_drawn
from ui.session import current_data_version, store

AUTHORITY_CODE = re.compile(r"^E0\d{7}$")  # an ONS local authority code, e.g. E06000004


class TargetRefused(Exception):
    """A target that cannot be stored: the message is for the officer who asked."""


@st.cache_data(show_spinner=False, max_entries=20)
def _targets(version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return programmes.current_targets(con)


def current_targets() -> pd.DataFrame:
    """The latest target for each programme, authority and financial year."""
    return _targets(current_data_version())


def target_for(measure_id: str, la_code: str, financial_year: str) -> float | None:
    return programmes.target_for(current_targets(), measure_id, la_code, financial_year)


def save_target(measure_id: str, la_code: str, financial_year: str, target: float) -> None:
    """Store a target as the current one (the earlier ones stay, and the change is audited).

    The role is checked here, on the server, whatever the page showed: a hidden form is not a
    permission."""
    require_role(Role.OFFICER, Role.ADMIN, action="set targets")
    if measure_id not in programmes.BY_MEASURE:
        raise TargetRefused(f"There is no programme {measure_id!r} to set a target for.")
    if not programmes.is_financial_year(financial_year):
        raise TargetRefused(f"{financial_year!r} is not a financial year written like 2025/26.")
    if not AUTHORITY_CODE.match(la_code or ""):
        raise TargetRefused("Choose the authority the target is for.")
    if target is None or not target > 0:
        raise TargetRefused("A target must be a number above 0.")
    with store().write_lock, closing(store().cursor()) as con:
        set_target(con, measure_id, la_code, financial_year, float(target), actor=current_actor())
    _targets.clear()


# --- a programme's year against its target ------------------------------------------


def progress_title(subject: str, progress: programmes.Progress, unit: str,
                   financial_year: str) -> str:
    quarter = progress.period[-2:]
    if progress.percent is None:
        return (f"{text.sentence_start(subject)}: {text.format_value(progress.value, unit, with_unit=True)} "
                f"by {quarter} of {financial_year}, no target set")
    verb = "target met" if progress.value >= (progress.target or 0) else (
        f"{text.format_number(progress.percent, '%')} of the target")
    return f"{text.sentence_start(subject)}: {verb} by {quarter} of {financial_year}"


def progress_sentence(progress: programmes.Progress, unit: str, place: str,
                      financial_year: str) -> str:
    """"In 2025/26 Q2: 177 staff of target 400 (44.3%)." """
    value = text.format_value(progress.value, unit, with_unit=True)
    if progress.target is None:
        return (f"In {progress.period}: {value}. No target has been set for {place} in "
                f"{financial_year}.")
    return (f"In {progress.period}: {value} of target {text.format_number(progress.target)} "
            f"({text.format_number(progress.percent, '%')}).")


def show_against_target(measure_id: str, *, la_code: str, place: str, financial_year: str,
                        subject: str) -> None:
    """One programme's quarters of a financial year, with its target as a dashed reference line
    across the year, and "x of target y (z%)" in words."""
    declared = measure(measure_id)
    quarters = programmes.financial_year_quarters(financial_year)
    query = Query(la_codes=(la_code,), period_from=quarters[0], period_to=quarters[-1])
    frame = frame_for(measure_id, "total", query)
    target = target_for(measure_id, la_code, financial_year)
    progress = programmes.progress(frame, target)
    if progress is None:
        card.empty_state([declared.title], f"No programme activity loaded for {place} in "
                         f"{financial_year}.", upload_page=UPLOAD_PAGE)
        return
    title = progress_title(subject, progress, declared.unit, financial_year)
    shown = frame.assign(breakdown_value=text.sentence_start(subject))
    line = programmes.target_line(measure_id, target, financial_year) if target else None
    figure = charts.line_chart(shown, title=title, unit=declared.unit, comparison=line,
                               comparison_label="target", period_title="Financial quarter")
    subtitle = f"{declared.title} ({declared.unit}), {place}, {financial_year}"
    show_drawn(drawn_card(
        Slide(measure_id, query), current_role(), ChartKind.AGAINST_TARGET, declared=declared,
        title=title, subtitle=subtitle,
        summary=progress_sentence(progress, declared.unit, place, financial_year),
        figure=figure, frame=shown if line is None else pd.concat([shown, line], ignore_index=True),
        filters=f"{place}, {financial_year}"), key=f"target-{measure_id}")
