"""Line charts: a measure over time, one line per group, with events and comparisons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.common import (
    EVENT,
    GAP,
    HOVER,
    SUPPRESSED_MARK,
    Cell,
    _add_note,
    _add_suppressed_mark,
    _category_axis,
    _cells,
    _finish,
    _groups,
    _label,
    _periods,
)
from ui.figure_cache import shared
from ui.text import (
    SUPPRESSED_NOTE,
    sentence_start,
    value_axis_title,
)


@shared
def line_chart(
    df: pd.DataFrame,
    *,
    title: str,
    unit: str,
    subtitle: str = "",
    series_order: Sequence[str] | None = None,
    comparison: pd.DataFrame | None = None,
    comparison_label: str = "same period last year",
    events: Sequence[tuple[str, str]] = (),
    value_title: str | None = None,
    period_title: str = "Period",
    presentation: bool = False,
) -> go.Figure:
    """A time series: one solid line per ``breakdown_value``, each with its own marker.

    ``comparison`` (same columns) adds a dashed line per group, e.g. last year's values
    or a rolling average, keyed to the period it is compared with. ``events`` are
    ``(period, text)`` pairs drawn as vertical lines, e.g. ("2024/25 Q2", "MACE hub
    starts"); an event outside the periods shown is left out.
    """
    periods = _periods(df, comparison)
    names = _groups(df, "breakdown_value", series_order)
    fig = go.Figure()
    any_suppressed = _add_lines(fig, df, names, periods, unit, comparison=False)
    if comparison is not None:
        compared = _groups(comparison, "breakdown_value", names)
        extra = [name for name in compared if name not in names]
        any_suppressed |= _add_lines(
            fig,
            comparison,
            compared,
            periods,
            unit,
            comparison=True,
            names={name: _comparison_name(name, names, comparison_label) for name in compared},
            style_indexes={name: (names + extra).index(name) for name in compared},
        )
    _add_events(fig, events, periods, presentation)
    fig.update_layout(xaxis=_category_axis(periods))
    if any_suppressed:
        _add_note(fig, SUPPRESSED_NOTE, presentation)
    return _finish(
        fig,
        title=title,
        subtitle=subtitle,
        x_title=period_title,
        y_title=value_axis_title(unit, value_title),
        presentation=presentation,
    )


def _comparison_name(name: str, names: Sequence[str], comparison_label: str) -> str:
    return sentence_start(comparison_label) if len(names) <= 1 else f"{name}: {comparison_label}"


def _add_lines(
    fig: go.Figure,
    df: pd.DataFrame,
    groups: Sequence[str],
    periods: Sequence[str],
    unit: str,
    *,
    comparison: bool,
    names: Mapping[str, str] | None = None,
    style_indexes: Mapping[str, int] | None = None,
) -> bool:
    """Add one line per group; returns whether any point was suppressed."""
    cells = _cells(df, ["breakdown_value", "period"])
    any_suppressed = False
    for index, group in enumerate(groups):
        style_index = style_indexes[group] if style_indexes else index
        style = theme.series_style(style_index)
        points = [cells.get((group, period), GAP) for period in periods]
        name = names[group] if names else group
        fig.add_trace(_line_trace(name, periods, points, unit, style, comparison))
        for period, point in zip(periods, points, strict=True):
            if point.suppressed:
                any_suppressed = True
                _add_suppressed_mark(
                    fig,
                    x=period,
                    y=0,
                    xref="x",
                    yref="paper",
                    colour=style.colour,
                    hover=f"{name}, {period}: {_label(point, unit)}",
                    stack_row=_next_badge_row(fig, period),
                )
    return any_suppressed


def _next_badge_row(fig: go.Figure, x: object) -> int:
    """How many "c" badges already sit at ``x`` (so the next one goes above them)."""
    return sum(a.name == SUPPRESSED_MARK and a.x == x for a in fig.layout.annotations)


def _line_trace(
    name: str,
    periods: Sequence[str],
    points: Sequence[Cell],
    unit: str,
    style: theme.SeriesStyle,
    comparison: bool,
) -> go.Scatter:
    line = {"color": style.colour, "dash": style.comparison_dash if comparison else "solid"}
    if comparison:
        line["width"] = 2
    return go.Scatter(
        x=list(periods),
        y=[point.value for point in points],
        name=name,
        mode="lines" if comparison else "lines+markers",
        line=line,
        marker={"symbol": style.symbol, "color": style.colour},
        connectgaps=False,
        customdata=[_label(point, unit) for point in points],
        hovertemplate=HOVER,
    )


def _add_events(
    fig: go.Figure, events: Sequence[tuple[str, str]], periods: Sequence[str], presentation: bool
) -> None:
    row_height = round(1.5 * theme.type_scale(presentation).small)
    shown = [(period, text) for period, text in events if period in periods]
    for row, (period, text) in enumerate(shown):
        fig.add_shape(
            type="line",
            xref="x",
            x0=period,
            x1=period,
            yref="paper",
            y0=0,
            y1=1,
            line={"color": theme.EVENT_LINE_COLOUR, "width": 2, "dash": "dot"},
            layer="below",
        )
        fig.add_annotation(
            name=EVENT,
            text=text,
            x=period,
            xref="x",
            y=1,
            yref="paper",
            yanchor="top",
            yshift=-row * row_height,
            xanchor="left",
            xshift=4,
            showarrow=False,
            bgcolor=theme.BACKGROUND_COLOUR,
        )
