"""Pure Plotly figure builders: no Streamlit, no SQL.

Each builder takes the tidy measure frame (``period, breakdown, breakdown_value, value,
numerator, denominator, suppressed``) or, for maps and the matrix, a frame named in its
docstring, and returns a ``go.Figure`` that already has:

- the ``scrutiny`` template (or ``scrutiny_presentation`` for the projector), a title
  stating the finding, a subtitle, and axis titles that name the unit;
- suppressed values drawn as gaps (``None``, never 0), written "c" in labels and hover
  text, with a note "c: 1 to 7, suppressed to protect privacy".

A figure travels to the browser whole, so a suppressed row's numbers (value, numerator,
denominator) are never put into it, not even into hidden ``customdata``.

Maps are drawn as filled ``Scatter`` polygons on plain x/y axes: Plotly's geo and map
traces fetch base maps or topojson from the internet, which council networks often block.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.figure_cache import shared
from ui.labels import breakdown_title
from ui.text import (
    SMALL_COUNT_MAX,
    SUPPRESSED,
    SUPPRESSED_LABEL,
    SUPPRESSED_NOTE,
    format_number,
    format_value,
    is_missing,
    is_percentage,
    sentence_start,
    series_points,
    suppressed_flags,
    value_axis_title,
)

# Annotation names, so pages and tests can find the marks a builder added.
SUPPRESSED_MARK = "suppressed-value"
NOTE = "note"
EVENT = "event"

HOVER = "<b>%{fullData.name}</b><br>%{x}: %{customdata}<extra></extra>"
HOVER_HORIZONTAL = "<b>%{fullData.name}</b><br>%{y}: %{customdata}<extra></extra>"
SHARE_NOTE = "Shares are of the groups shown"
# Vertical room per stacked "c" badge, enough for the projector's type size.
BADGE_ROW = 30


@dataclass(frozen=True)
class Cell:
    """One value as a chart may show it: ``value`` is None when suppressed or missing."""

    value: float | None
    suppressed: bool


GAP = Cell(value=None, suppressed=False)


# --- shared helpers ------------------------------------------------------------------


def _unique_in_order(values: Iterable[object]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values))


def _periods(*frames: pd.DataFrame | None) -> list[str]:
    """Every period in the frames, in order (labels like "2025/26 Q3" sort as strings)."""
    return sorted({str(p) for frame in frames if frame is not None for p in frame["period"]})


def _groups(df: pd.DataFrame, column: str, order: Sequence[str] | None) -> list[str]:
    present = _unique_in_order(df[column])
    if order is None:
        return present
    return [str(name) for name in order if str(name) in present] + [
        name for name in present if name not in {str(o) for o in order}
    ]


def _cells(df: pd.DataFrame, keys: Sequence[str]) -> dict[tuple[str, ...], Cell]:
    """Each row's value keyed by the given columns; suppressed rows keep no number."""
    flags = suppressed_flags(df)
    key_values = zip(*(df[key].astype(str) for key in keys), strict=True)
    return {
        key: Cell(
            value=None if suppressed or is_missing(value) else float(value),
            suppressed=bool(suppressed),
        )
        for key, value, suppressed in zip(key_values, df["value"], flags, strict=True)
    }


def _label(cell: Cell, unit: str, *, with_unit: bool = True) -> str:
    if cell.suppressed:
        return SUPPRESSED_LABEL
    return format_value(cell.value, unit, with_unit=with_unit)


def _finish(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    x_title: str,
    y_title: str,
    presentation: bool,
) -> go.Figure:
    fig.update_layout(
        template=theme.template_name(presentation),
        title={"text": title, "subtitle": {"text": subtitle}},
        xaxis_title_text=x_title,
        yaxis_title_text=y_title,
    )
    fig.update_layout(margin_t=_top_margin(fig, theme.type_scale(presentation), with_title=True))
    return fig


def _top_margin(fig: go.Figure, type_: theme.TypeScale, *, with_title: bool) -> int:
    return theme.top_margin(
        type_,
        with_title=with_title,
        with_subtitle=bool(fig.layout.title.subtitle.text),
        with_note=has_top_note(fig),
        legend_rows=_legend_rows(fig),
    )


def _legend_rows(fig: go.Figure) -> int:
    """Rows the top legend takes: none if hidden, one more for a title above the items."""
    if fig.layout.showlegend is not None:
        visible = bool(fig.layout.showlegend)
    else:
        visible = sum(trace.showlegend is not False for trace in fig.data) > 1
    if not visible:
        return 0
    return 2 if fig.layout.legend.title.text else 1


def _add_note(fig: go.Figure, text: str, presentation: bool, *, below: bool = False) -> None:
    """A note such as the "c" key: above the legend, where a reader meets the key to the
    chart, or ``below`` a chart with no axis there (a matrix whose labels are on top).

    Not under the x-axis: tick labels rotate when crowded, and a note placed a fixed
    distance below the axis then overlaps them.
    """
    type_ = theme.type_scale(presentation)
    above_legend = _legend_rows(fig) * theme.legend_row_height(type_)
    fig.add_annotation(
        name=NOTE,
        text=text,
        xref="paper",
        x=0,
        xanchor="left",
        yref="paper",
        y=0 if below else 1,
        yanchor="top" if below else "bottom",
        yshift=-4 if below else above_legend,
        showarrow=False,
        align="left",
        font={"color": theme.SECONDARY_TEXT_COLOUR},
    )
    if below:
        fig.update_layout(margin_b=theme.note_row_height(type_) + 16)


def has_top_note(fig: go.Figure) -> bool:
    return any(a.name == NOTE and a.y == 1 for a in fig.layout.annotations)


@shared
def without_title(fig: go.Figure) -> go.Figure:
    """A copy with no title or subtitle and the room they took removed, for a page that
    shows the title as a real heading above the chart (and must not show it twice)."""
    copy = go.Figure(fig)
    copy.update_layout(
        title={"text": "", "subtitle": {"text": ""}},
        margin_t=_top_margin(copy, theme.type_scale_of(copy), with_title=False),
    )
    return copy


def _add_suppressed_mark(
    fig: go.Figure,
    *,
    x: object,
    y: object,
    xref: str,
    yref: str,
    colour: str,
    hover: str,
    horizontal: bool = False,
    stack_row: int = 0,
) -> None:
    """A small "c" badge in the series colour where a suppressed value would be; badges
    at the same place are stacked ``stack_row`` rows apart."""
    shift = stack_row * BADGE_ROW
    fig.add_annotation(
        name=SUPPRESSED_MARK,
        text=f"<b>{SUPPRESSED}</b>",
        hovertext=hover,
        x=x,
        y=y,
        xref=xref,
        yref=yref,
        xanchor="left" if horizontal else "center",
        yanchor="middle" if horizontal else "bottom",
        xshift=(2 + shift) if horizontal else 0,
        yshift=0 if horizontal else (2 + shift),
        showarrow=False,
        bgcolor=colour,
        bordercolor=colour,
        borderpad=2,
        font={"color": theme.text_colour_on(colour)},
    )


def _category_axis(periods: Sequence[str]) -> dict:
    return {"type": "category", "categoryorder": "array", "categoryarray": list(periods)}


# --- line chart ----------------------------------------------------------------------


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


# --- bar charts ----------------------------------------------------------------------


@shared
def bar_chart(
    df: pd.DataFrame,
    *,
    title: str,
    unit: str,
    subtitle: str = "",
    category: str = "breakdown_value",
    series: str | None = None,
    stacked: bool = False,
    horizontal: bool = False,
    ranked: bool | None = None,
    category_order: Sequence[str] | None = None,
    category_title: str | None = None,
    value_title: str | None = None,
    presentation: bool = False,
    height: int | None = None,
) -> go.Figure:
    """Bars with their values written on them.

    One bar per ``category`` value; with ``series`` (e.g. "period") the bars are grouped,
    or stacked with ``stacked=True``. ``horizontal=True`` with one series ranks the bars,
    largest at the top, for lists such as harm types. ``height`` in pixels (default: the
    template's), for long lists.
    """
    ranked = horizontal and series is None if ranked is None else ranked
    categories = _bar_categories(df, category, category_order, ranked)
    groups = _bar_series(df, series) or [value_axis_title(unit, value_title)]
    cells = _cells(df, [category, series] if series else [category])
    fig = go.Figure()
    for index, group in enumerate(groups):
        style = theme.series_style(index)
        row = [cells.get((c, group) if series else (c,), GAP) for c in categories]
        fig.add_trace(
            _bar_trace(group, categories, row, unit, style, horizontal, stacked, len(groups) > 1)
        )
    suppressed = _mark_suppressed_bars(
        fig,
        cells,
        categories,
        groups,
        unit,
        horizontal,
        stacked,
        grouped_by_series=series is not None,
    )
    _style_bar_axes(fig, categories, horizontal, stacked)
    if suppressed:
        _add_note(fig, SUPPRESSED_NOTE, presentation)
    fig.update_layout(showlegend=len(groups) > 1, height=height)
    value_axis = value_axis_title(unit, value_title)
    category_title = category_title or _category_title(df, category)
    return _finish(
        fig,
        title=title,
        subtitle=subtitle,
        x_title=value_axis if horizontal else category_title,
        y_title=category_title if horizontal else value_axis,
        presentation=presentation,
    )


def _category_title(df: pd.DataFrame, category: str) -> str:
    """The category axis title: "Period", or the breakdown named ("harm_type" -> "Harm type")."""
    if category == "breakdown_value" and "breakdown" in df.columns:
        names = _unique_in_order(df["breakdown"])
        if len(names) == 1:
            return breakdown_title(names[0])
    return breakdown_title(category)


def _bar_series(df: pd.DataFrame, series: str | None) -> list[str]:
    if series is None:
        return []
    return _periods(df) if series == "period" else _groups(df, series, None)


def _bar_categories(
    df: pd.DataFrame, category: str, order: Sequence[str] | None, ranked: bool
) -> list[str]:
    if category == "period":
        return _periods(df)
    categories = _groups(df, category, order)
    if not ranked:
        return categories
    return sorted(categories, key=_shown_totals(df, category).__getitem__, reverse=True)


def _shown_totals(df: pd.DataFrame, category: str) -> dict[str, float]:
    """Each category's total over the values a reader can see (suppressed count as 0)."""
    totals: dict[str, float] = {}
    rows = zip(df[category].astype(str), df["value"], suppressed_flags(df), strict=True)
    for name, value, suppressed in rows:
        shown = 0.0 if suppressed or is_missing(value) else float(value)
        totals[name] = totals.get(name, 0.0) + shown
    return totals


def _bar_trace(
    name: str,
    categories: Sequence[str],
    row: Sequence[Cell],
    unit: str,
    style: theme.SeriesStyle,
    horizontal: bool,
    stacked: bool,
    patterned: bool,
) -> go.Bar:
    values = [cell.value for cell in row]
    return go.Bar(
        x=values if horizontal else list(categories),
        y=list(categories) if horizontal else values,
        orientation="h" if horizontal else "v",
        name=name,
        marker={
            "color": style.colour,
            "pattern": theme.pattern(style.pattern if patterned else "", style.colour),
        },
        text=[format_value(cell.value, unit) if not cell.suppressed else "" for cell in row],
        textposition="inside" if stacked else "outside",
        textangle=0,
        insidetextanchor="middle",
        insidetextfont={"color": theme.text_colour_on(style.colour)},
        cliponaxis=False,
        customdata=[_label(cell, unit) for cell in row],
        hovertemplate=HOVER_HORIZONTAL if horizontal else HOVER,
    )


def _group_offset(index: int, count: int) -> float:
    """Where bar ``index`` of a group of ``count`` sits, in category units from the
    category's centre (Plotly splits 1 - bargap evenly between the bars of a group)."""
    group_width = 1 - theme.BAR_GAP
    width = group_width / count
    return -group_width / 2 + width * (index + 0.5)


def _mark_suppressed_bars(
    fig: go.Figure,
    cells: Mapping[tuple[str, ...], Cell],
    categories: Sequence[str],
    groups: Sequence[str],
    unit: str,
    horizontal: bool,
    stacked: bool,
    *,
    grouped_by_series: bool,
) -> bool:
    """Put a "c" badge where each suppressed bar would be (at the base of a grouped bar,
    on top of a stack); returns whether there was any."""
    found = False
    for position, category in enumerate(categories):
        row = [
            cells.get((category, group) if grouped_by_series else (category,), GAP)
            for group in groups
        ]
        stack_total = sum(cell.value or 0.0 for cell in row)
        badges = 0
        for index, (group, cell) in enumerate(zip(groups, row, strict=True)):
            if not cell.suppressed:
                continue
            found = True
            along = position + (0.0 if stacked else _group_offset(index, len(groups)))
            where = stack_total if stacked else 0.0
            _add_suppressed_mark(
                fig,
                x=where if horizontal else along,
                y=along if horizontal else where,
                xref="x",
                yref="y",
                colour=theme.series_style(index).colour,
                hover=f"{group}, {category}: {_label(cell, unit)}",
                horizontal=horizontal,
                stack_row=badges,
            )
            badges += 1
    return found


def _style_bar_axes(
    fig: go.Figure, categories: Sequence[str], horizontal: bool, stacked: bool
) -> None:
    category_axis = _category_axis(categories)
    if horizontal:
        # Horizontal bars read top-down, so the first (or largest) category goes at the top.
        category_axis["autorange"] = "reversed"
        fig.update_layout(
            yaxis={**category_axis, "showgrid": False, "ticks": "outside", "showline": True},
            xaxis={"showgrid": True, "showline": False, "ticks": "", "rangemode": "tozero"},
        )
    else:
        fig.update_layout(xaxis=category_axis)
    fig.update_layout(barmode="stack" if stacked else "group")


# --- 100% stacked shares -------------------------------------------------------------


@shared
def share_chart(
    df: pd.DataFrame,
    *,
    title: str,
    unit: str,
    subtitle: str = "",
    group_order: Sequence[str] | None = None,
    period_title: str = "Period",
    presentation: bool = False,
) -> go.Figure:
    """Each group's share of its period's total, as 100% stacked bars over periods.

    ``value`` holds counts (``unit`` names them, e.g. "referrals"). A period's total is
    the sum of the groups shown: a suppressed group ("c", 1 to 7) is left out, so the
    shares never reveal it, and a note says so.
    """
    periods = _periods(df)
    groups = _groups(df, "breakdown_value", group_order)
    cells = _cells(df, ["breakdown_value", "period"])
    totals = {
        period: sum(cells.get((group, period), GAP).value or 0.0 for group in groups)
        for period in periods
    }
    fig = go.Figure()
    for index, group in enumerate(groups):
        row = [cells.get((group, period), GAP) for period in periods]
        fig.add_trace(_share_trace(group, periods, row, totals, unit, theme.series_style(index)))
    suppressed = _mark_suppressed_shares(fig, cells, groups, periods, unit)
    fig.update_layout(
        barmode="stack",
        xaxis=_category_axis(periods),
        # Headroom above 100% for the "c" badges; the ticks stop at 100%.
        yaxis={"range": [0, 109], "tickvals": list(range(0, 101, 20)), "ticksuffix": "%"},
    )
    if suppressed:
        _add_note(fig, f"{SUPPRESSED_NOTE}. {SHARE_NOTE}.", presentation)
    return _finish(
        fig,
        title=title,
        subtitle=subtitle,
        x_title=period_title,
        y_title="Percentage (%)" if is_percentage(unit) else f"Percentage of {unit} (%)",
        presentation=presentation,
    )


def _share_trace(
    group: str,
    periods: Sequence[str],
    row: Sequence[Cell],
    totals: Mapping[str, float],
    unit: str,
    style: theme.SeriesStyle,
) -> go.Bar:
    shares = [
        None if cell.value is None or not totals[period] else cell.value / totals[period] * 100
        for period, cell in zip(periods, row, strict=True)
    ]
    hover = [
        _label(cell, unit)
        if share is None
        else f"{format_number(share, '%')} ({format_value(cell.value, unit, with_unit=True)})"
        for cell, share in zip(row, shares, strict=True)
    ]
    return go.Bar(
        x=list(periods),
        y=shares,
        name=group,
        marker={"color": style.colour, "pattern": theme.pattern(style.pattern, style.colour)},
        # Whole percentages fit narrow bars; the hover text has one decimal place.
        text=["" if share is None else f"{share:.0f}%" for share in shares],
        textposition="inside",
        textangle=0,
        insidetextanchor="middle",
        insidetextfont={"color": theme.text_colour_on(style.colour)},
        customdata=hover,
        hovertemplate=HOVER,
    )


def _mark_suppressed_shares(
    fig: go.Figure,
    cells: Mapping[tuple[str, ...], Cell],
    groups: Sequence[str],
    periods: Sequence[str],
    unit: str,
) -> bool:
    found = False
    for period in periods:
        hidden = [
            (index, group)
            for index, group in enumerate(groups)
            if cells.get((group, period), GAP).suppressed
        ]
        for row, (index, group) in enumerate(hidden):
            found = True
            _add_suppressed_mark(
                fig,
                x=period,
                y=100,
                xref="x",
                yref="y",
                colour=theme.series_style(index).colour,
                hover=f"{group}, {period}: {_label(Cell(None, True), unit)}",
                stack_row=row,
            )
    return found


# --- risk movement matrix ------------------------------------------------------------


@shared
def matrix_chart(
    df: pd.DataFrame,
    *,
    levels: Sequence[str],
    title: str,
    unit: str = "young people",
    subtitle: str = "",
    from_column: str = "from_level",
    to_column: str = "to_level",
    row_title: str = "Risk level at first review",
    column_title: str = "Risk level at latest review",
    presentation: bool = False,
) -> go.Figure:
    """How many people moved from each level at first review (rows) to each level at
    their latest review (columns), numbers written in the cells.

    ``df`` has ``from_column``, ``to_column``, ``value`` and ``suppressed``; a pair
    missing from ``df`` counts 0. The diagonal (no change) is outlined.
    """
    levels = [str(level) for level in levels]
    cells = _cells(df, [from_column, to_column])
    grid = [[cells.get((row, column), Cell(0.0, False)) for column in levels] for row in levels]
    top = max((cell.value or 0.0 for row in grid for cell in row), default=0.0) or 1.0
    scale = theme.sequential_colourscale()
    fig = go.Figure()
    fig.add_trace(_suppressed_cells_trace(grid, levels))
    fig.add_trace(
        go.Heatmap(
            x=levels,
            y=levels,
            z=[[cell.value for cell in row] for row in grid],
            zmin=0,
            zmax=top,
            colorscale=scale,
            showscale=False,
            xgap=3,
            ygap=3,
            customdata=[[_label(cell, unit) for cell in row] for row in grid],
            hovertemplate=f"{row_title}: %{{y}}<br>{column_title}: %{{x}}<br>"
            "%{customdata}<extra></extra>",
            name=unit,
        )
    )
    _write_cell_numbers(fig, grid, levels, scale, top, unit)
    _outline_diagonal(fig, levels)
    fig.update_layout(
        xaxis={**_category_axis(levels), "side": "top", "showline": False, "ticks": ""},
        yaxis={**_category_axis(levels), "autorange": "reversed", "showgrid": False},
        showlegend=False,
    )
    if any(cell.suppressed for row in grid for cell in row):
        _add_note(fig, SUPPRESSED_NOTE, presentation, below=True)
    return _finish(
        fig,
        title=title,
        subtitle=subtitle,
        x_title=column_title,
        y_title=row_title,
        presentation=presentation,
    )


def _suppressed_cells_trace(grid: Sequence[Sequence[Cell]], levels: Sequence[str]) -> go.Heatmap:
    """Grey under the suppressed cells, which the main heatmap leaves empty."""
    return go.Heatmap(
        x=list(levels),
        y=list(levels),
        z=[[1 if cell.suppressed else None for cell in row] for row in grid],
        colorscale=[[0, theme.SUPPRESSED_FILL], [1, theme.SUPPRESSED_FILL]],
        showscale=False,
        xgap=3,
        ygap=3,
        hoverinfo="skip",
        name=SUPPRESSED,
    )


def _write_cell_numbers(
    fig: go.Figure,
    grid: Sequence[Sequence[Cell]],
    levels: Sequence[str],
    scale: list[list[float | str]],
    top: float,
    unit: str,
) -> None:
    for row_level, row in zip(levels, grid, strict=True):
        for column_level, cell in zip(levels, row, strict=True):
            fill = (
                theme.SUPPRESSED_FILL
                if cell.suppressed
                else theme.colour_at(scale, (cell.value or 0.0) / top)
            )
            fig.add_annotation(
                name=SUPPRESSED_MARK if cell.suppressed else "cell",
                text=format_value(cell.value, unit, suppressed=cell.suppressed),
                x=column_level,
                y=row_level,
                xref="x",
                yref="y",
                showarrow=False,
                font={"color": theme.text_colour_on(fill)},
            )


def _outline_diagonal(fig: go.Figure, levels: Sequence[str]) -> None:
    for position in range(len(levels)):
        fig.add_shape(
            type="rect",
            xref="x",
            yref="y",
            x0=position - 0.5,
            x1=position + 0.5,
            y0=position - 0.5,
            y1=position + 0.5,
            line={"color": theme.TEXT_COLOUR, "width": 2},
        )


# --- sparkline -----------------------------------------------------------------------


@shared
def sparkline(
    df: pd.DataFrame, *, colour: str = theme.CATEGORICAL[0], presentation: bool = False
) -> go.Figure:
    """A tiny line for a tile: no axes, no title, latest point marked, gaps for "c".

    A sparkline is decoration beside the tile's words; the words carry the numbers.
    """
    points = series_points(df)
    periods = [point.period for point in points]
    values = [point.value for point in points]
    marker_sizes = [0] * (len(values) - 1) + [8] if values else []
    fig = go.Figure(
        go.Scatter(
            x=periods,
            y=values,
            mode="lines+markers",
            line={"color": colour, "width": 2},
            marker={"size": marker_sizes, "color": colour},
            connectgaps=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        template=theme.template_name(presentation),
        height=96 if presentation else 64,
        margin={"l": 4, "r": 8, "t": 4, "b": 4},
        xaxis={"visible": False, **_category_axis(periods)},
        yaxis={"visible": False, "rangemode": "normal"},
        showlegend=False,
        hovermode=False,
    )
    return fig


# --- maps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    label: str
    colour: str


def value_breaks(values: Sequence[float], count: int = 3) -> list[float]:
    """Round-numbered breaks splitting ``values`` into about ``count`` equal-sized bins."""
    finite = sorted(v for v in values if not is_missing(v))
    if len(finite) < 2 or count < 2:
        return []
    quantiles = np.quantile(finite, [step / count for step in range(1, count)])
    breaks = sorted({_round_nicely(float(q)) for q in quantiles})
    return [b for b in breaks if finite[0] < b <= finite[-1]]


def _round_nicely(value: float) -> float:
    """Two significant figures, so a legend reads "Under 45" rather than "Under 44.73"."""
    if value == 0:
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def bin_labels(breaks: Sequence[float], unit: str) -> list[str]:
    shown = [format_number(b, unit) for b in breaks]
    if not shown:
        return ["All areas"]
    return (
        [f"Under {shown[0]}"]
        + [f"{low} to under {high}" for low, high in zip(shown, shown[1:], strict=False)]
        + [f"{shown[-1]} and over"]
    )


def _bins(breaks: Sequence[float], unit: str) -> list[Bin]:
    labels = bin_labels(breaks, unit)
    return [
        Bin(label, colour)
        for label, colour in zip(labels, theme.sequential_colours(len(labels)), strict=True)
    ]


SUPPRESSED_BIN = Bin(f"{SUPPRESSED}: 1 to 7, suppressed", theme.SUPPRESSED_FILL)
NO_DATA_BIN = Bin("No data", theme.NO_DATA_FILL)


def area_map(
    geojson: Mapping,
    *,
    code_property: str,
    data: pd.DataFrame,
    title: str,
    unit: str,
    subtitle: str = "",
    name_property: str | None = None,
    code_column: str = "breakdown_value",
    breaks: Sequence[float] | None = None,
    bin_count: int = 3,
    value_title: str | None = None,
    presentation: bool = False,
) -> go.Figure:
    """A choropleth: each area of a GeoJSON FeatureCollection filled by its value's bin.

    ``data`` has ``code_column`` (matching ``properties[code_property]``), ``value`` and
    ``suppressed``. Each area is one filled trace; the legend lists the bins. Suppressed
    areas are grey and hatched, areas without data white.
    """
    cells = _cells(data, [code_column])
    values = [cell.value for cell in cells.values() if cell.value is not None]
    breaks = list(breaks) if breaks is not None else value_breaks(values, bin_count)
    bins = _bins(breaks, unit)
    features = list(geojson.get("features", []))
    legend_title = value_axis_title(unit, value_title)
    fig = go.Figure()
    used: list[Bin] = []
    for feature in features:
        code = str(feature["properties"][code_property])
        name = str(feature["properties"].get(name_property, code)) if name_property else code
        cell = cells.get((code,), GAP)
        area_bin = _area_bin(cell, breaks, bins)
        used.append(area_bin)
        hover = f"<b>{name}</b><br>{legend_title}: {_label(cell, unit, with_unit=False)}"
        fig.add_trace(_area_trace(feature["geometry"], name, hover, area_bin))
    for legend_bin in [b for b in [*bins, SUPPRESSED_BIN, NO_DATA_BIN] if b in used or b in bins]:
        fig.add_trace(_legend_swatch(legend_bin))
    fig.update_layout(legend_title_text=legend_title)
    _plain_map_axes(fig, _all_points(features))
    if SUPPRESSED_BIN in used:
        _add_note(fig, SUPPRESSED_NOTE, presentation)
    return _finish(
        fig, title=title, subtitle=subtitle, x_title="", y_title="", presentation=presentation
    )


def _area_bin(cell: Cell, breaks: Sequence[float], bins: Sequence[Bin]) -> Bin:
    if cell.suppressed:
        return SUPPRESSED_BIN
    if cell.value is None:
        return NO_DATA_BIN
    return bins[bisect_right(list(breaks), cell.value)]


def _rings(geometry: Mapping) -> list[list[Sequence[float]]]:
    """Every ring (outer boundary or hole) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"Areas must be Polygon or MultiPolygon, not {geometry['type']}")


def _ring_path(rings: Sequence[Sequence[Sequence[float]]]) -> tuple[list, list]:
    """x and y of all rings, separated by None so Plotly draws them as one shape."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in rings:
        if xs:
            xs.append(None)
            ys.append(None)
        xs.extend(float(point[0]) for point in ring)
        ys.extend(float(point[1]) for point in ring)
    return xs, ys


def _area_trace(geometry: Mapping, name: str, hover: str, area_bin: Bin) -> go.Scatter:
    xs, ys = _ring_path(_rings(geometry))
    return go.Scatter(
        x=xs,
        y=ys,
        name=name,
        mode="lines",
        fill="toself",
        fillcolor=area_bin.colour,
        fillpattern=theme.pattern("/", area_bin.colour) if area_bin is SUPPRESSED_BIN else None,
        line={
            "color": theme.AXIS_LINE_COLOUR if area_bin is NO_DATA_BIN else "#FFFFFF",
            "width": 1,
        },
        hoveron="fills",
        text=hover,
        hoverinfo="text",
        legendgroup=area_bin.label,
        showlegend=False,
    )


def _legend_swatch(legend_bin: Bin) -> go.Scatter:
    """A legend-only entry: areas share the bin's legend group, so clicking it hides them."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=legend_bin.label,
        legendgroup=legend_bin.label,
        marker={
            "symbol": "square",
            "size": 16,
            "color": legend_bin.colour,
            "line": {"color": theme.AXIS_LINE_COLOUR, "width": 1},
        },
        hoverinfo="skip",
    )


def _all_points(features: Iterable[Mapping]) -> list[Sequence[float]]:
    return [point for feature in features for ring in _rings(feature["geometry"]) for point in ring]


def _plain_map_axes(fig: go.Figure, points: Sequence[Sequence[float]]) -> None:
    """Hidden x/y axes with equal scale; longitude is shrunk by cos(latitude) so a map in
    degrees keeps its shape (projected metres, e.g. British National Grid, stay 1:1)."""
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    fig.update_layout(
        xaxis=hidden,
        yaxis={
            **hidden,
            "scaleanchor": "x",
            "scaleratio": _aspect_ratio(points),
            "rangemode": "normal",
        },
        hovermode="closest",
    )


def _aspect_ratio(points: Sequence[Sequence[float]]) -> float:
    if not points:
        return 1.0
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    in_degrees = max(map(abs, xs)) <= 180 and max(map(abs, ys)) <= 90
    if not in_degrees:
        return 1.0
    middle_latitude = (min(ys) + max(ys)) / 2
    return 1 / math.cos(math.radians(middle_latitude))


def point_map(
    df: pd.DataFrame,
    *,
    title: str,
    subtitle: str = "",
    lon: str = "lon",
    lat: str = "lat",
    category: str | None = None,
    hexbin: bool = False,
    hex_radius: float | None = None,
    outline: Mapping | None = None,
    unit: str = "crimes",
    presentation: bool = False,
) -> go.Figure:
    """Locations on plain lon/lat axes: one marker each, or counts in hexagons.

    ``outline`` (a GeoJSON FeatureCollection) draws area boundaries for orientation.
    Points are drawn where they are, so pass only locations already published at that
    precision (police.uk snaps crimes to anonymous map points). Hexagons counting 1 to 5
    are shown as "c", like any other small count.
    """
    fig = go.Figure()
    if outline is not None:
        fig.add_trace(_outline_trace(outline))
    located = df.dropna(subset=[lon, lat])
    if hexbin:
        suppressed = _add_hexagons(fig, located, lon, lat, hex_radius, unit)
    else:
        suppressed = False
        _add_points(fig, located, lon, lat, category)
    points = list(zip(located[lon], located[lat], strict=True))
    if outline is not None:
        points += _all_points(outline.get("features", []))
    _plain_map_axes(fig, points)
    if suppressed:
        _add_note(fig, SUPPRESSED_NOTE, presentation)
    return _finish(
        fig, title=title, subtitle=subtitle, x_title="", y_title="", presentation=presentation
    )


def _outline_trace(outline: Mapping) -> go.Scatter:
    rings = [
        ring for feature in outline.get("features", []) for ring in _rings(feature["geometry"])
    ]
    xs, ys = _ring_path(rings)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name="Boundaries",
        showlegend=False,
        hoverinfo="skip",
        line={"color": theme.AXIS_LINE_COLOUR, "width": 1},
    )


def _add_points(fig: go.Figure, df: pd.DataFrame, lon: str, lat: str, category: str | None) -> None:
    groups = _groups(df, category, None) if category else ["Location"]
    for index, group in enumerate(groups):
        style = theme.series_style(index)
        rows = df[df[category].astype(str) == group] if category else df
        fig.add_trace(
            go.Scatter(
                x=rows[lon].astype(float).tolist(),
                y=rows[lat].astype(float).tolist(),
                mode="markers",
                name=group,
                marker={
                    "symbol": style.symbol,
                    "color": style.colour,
                    "size": 9,
                    "opacity": 0.8,
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                hovertemplate="<b>%{fullData.name}</b><extra></extra>",
                showlegend=category is not None,
            )
        )


@dataclass(frozen=True)
class Hexagon:
    centre: tuple[float, float]
    count: int


def hex_counts(lons: Sequence[float], lats: Sequence[float], radius: float) -> list[Hexagon]:
    """Count points in pointy-top hexagons of ``radius`` (degrees of latitude).

    Longitudes are scaled by cos(latitude) first so the hexagons are regular on the map.
    """
    x_scale = _lon_scale(lats)
    xs = np.asarray(lons, dtype=float) * x_scale
    ys = np.asarray(lats, dtype=float)
    q = (math.sqrt(3) / 3 * xs - ys / 3) / radius
    r = (2 / 3 * ys) / radius
    counts: dict[tuple[int, int], int] = {}
    for cell in zip(*_round_axial(q, r), strict=True):
        counts[cell] = counts.get(cell, 0) + 1
    return [
        Hexagon(
            centre=(radius * math.sqrt(3) * (cq + cr / 2) / x_scale, radius * 1.5 * cr),
            count=count,
        )
        for (cq, cr), count in sorted(counts.items())
    ]


def _lon_scale(lats: Sequence[float]) -> float:
    if len(lats) == 0:
        return 1.0
    middle = (float(np.min(lats)) + float(np.max(lats))) / 2
    return math.cos(math.radians(middle)) if abs(middle) <= 90 else 1.0


def _round_axial(q: np.ndarray, r: np.ndarray) -> tuple[list[int], list[int]]:
    """Round fractional axial coordinates to the nearest hexagon (cube rounding)."""
    s = -q - r
    rq, rr, rs = np.round(q), np.round(r), np.round(s)
    dq, dr, ds = np.abs(rq - q), np.abs(rr - r), np.abs(rs - s)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    rq = np.where(fix_q, -rr - rs, rq)
    rr = np.where(fix_r, -rq - rs, rr)
    return rq.astype(int).tolist(), rr.astype(int).tolist()


def _hexagon_ring(centre: tuple[float, float], radius: float, x_scale: float) -> list[tuple]:
    cx, cy = centre
    corners = [math.radians(30 + 60 * k) for k in range(7)]
    return [(cx + radius * math.cos(a) / x_scale, cy + radius * math.sin(a)) for a in corners]


def _add_hexagons(
    fig: go.Figure, df: pd.DataFrame, lon: str, lat: str, radius: float | None, unit: str
) -> bool:
    lats = df[lat].astype(float).to_numpy()
    lons = df[lon].astype(float).to_numpy()
    if len(lats) == 0:
        return False
    radius = radius or max(float(np.ptp(lats)), 1e-3) / 12
    hexagons = hex_counts(lons, lats, radius)
    shown = [h.count for h in hexagons if h.count > SMALL_COUNT_MAX]
    breaks = value_breaks(shown, 3)
    bins = _bins(breaks, unit) if shown else []
    x_scale = _lon_scale(lats)
    by_bin: dict[Bin, list[Hexagon]] = {}
    for hexagon in hexagons:
        small = hexagon.count <= SMALL_COUNT_MAX
        hex_bin = SUPPRESSED_BIN if small else bins[bisect_right(breaks, hexagon.count)]
        by_bin.setdefault(hex_bin, []).append(hexagon)
    for hex_bin in [*bins, SUPPRESSED_BIN]:
        if hex_bin in by_bin:
            fig.add_trace(_hexagon_trace(hex_bin, by_bin[hex_bin], radius, x_scale, unit))
            fig.add_trace(_legend_swatch(hex_bin))
    fig.add_trace(_hexagon_hover_trace(hexagons, unit))
    fig.update_layout(legend_title_text=f"Number of {unit}")
    return SUPPRESSED_BIN in by_bin


def _hexagon_hover_trace(hexagons: Sequence[Hexagon], unit: str) -> go.Scatter:
    """Invisible points at the hexagon centres that carry each hexagon's count."""
    return go.Scatter(
        x=[h.centre[0] for h in hexagons],
        y=[h.centre[1] for h in hexagons],
        mode="markers",
        marker={"size": 18, "opacity": 0},
        text=[
            format_value(h.count, unit, suppressed=h.count <= SMALL_COUNT_MAX, with_unit=True)
            for h in hexagons
        ],
        hovertemplate="%{text}<extra></extra>",
        showlegend=False,
        name="Counts",
    )


def _hexagon_trace(
    hex_bin: Bin, hexagons: Sequence[Hexagon], radius: float, x_scale: float, unit: str
) -> go.Scatter:
    xs, ys = _ring_path([_hexagon_ring(h.centre, radius, x_scale) for h in hexagons])
    small = hex_bin is SUPPRESSED_BIN
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=hex_bin.colour,
        fillpattern=theme.pattern("/", hex_bin.colour) if small else None,
        line={"color": "#FFFFFF", "width": 1},
        name=hex_bin.label,
        legendgroup=hex_bin.label,
        showlegend=False,
        hoveron="fills",
        text=f"{hex_bin.label} {unit}" if not small else f"{SUPPRESSED}: 1 to 5 {unit}, suppressed",
        hoverinfo="text",
    )
