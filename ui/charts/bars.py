"""Bar charts: groups side by side or ranked, with "c" badges where a bar is suppressed."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.common import (
    GAP,
    HOVER,
    HOVER_HORIZONTAL,
    Cell,
    _add_note,
    _add_suppressed_mark,
    _category_axis,
    _cells,
    _finish,
    _groups,
    _label,
    _periods,
    _unique_in_order,
)
from ui.figure_cache import shared
from ui.text import (
    SUPPRESSED_NOTE,
    breakdown_title,
    format_value,
    is_missing,
    suppressed_flags,
    value_axis_title,
)

# Characters a ranked bar's category label runs to before it breaks at a space: "Peer-on-peer
# (child-on-child) abuse" takes three short lines, not one that leaves a phone's plot no room.
LABEL_WRAP = 16
TRACKER_ROW = 60  # pixels a recommendation's bar gets: room for its name on three short lines


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
    wrap_labels: bool | None = None,
) -> go.Figure:
    """Bars with their values written on them.

    One bar per ``category`` value; with ``series`` (e.g. "period") the bars are grouped,
    or stacked with ``stacked=True``. ``horizontal=True`` with one series ranks the bars,
    largest at the top, for lists such as harm types. ``height`` in pixels (default: the
    template's), for long lists. ``wrap_labels`` (default: for ranked bars) breaks long
    category labels into lines at word boundaries, so a phone's narrow chart keeps room for
    its bars and axis title; the hover text and the data keep the whole label.
    """
    ranked = horizontal and series is None if ranked is None else ranked
    wrap_labels = ranked and horizontal if wrap_labels is None else wrap_labels
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
    _style_bar_axes(fig, categories, horizontal, stacked, wrap_labels=wrap_labels)
    if suppressed:
        _add_note(fig, SUPPRESSED_NOTE, presentation, from_right=horizontal)
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


def wrapped_label(label: str, width: int = LABEL_WRAP) -> str:
    """A category label broken into lines of about ``width`` characters at spaces ("<br>"
    between them); a single long word stays whole."""
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False,
                                     break_on_hyphens=False)) or label


@shared
def tracker_chart(
    df: pd.DataFrame,
    *,
    title: str,
    unit: str,
    levels: Mapping[int, str],
    presentation: bool = False,
) -> go.Figure:
    """Each recommendation's latest rating as a bar in the review's order, with the rating's
    words written on the bar (``levels``: 1 -> "● Fully achieved" ...), so a reader never has
    to know that 2 means on track. A longer bar is further from achieved."""
    fig = go.Figure(bar_chart(df, title=title, unit=unit, horizontal=True, ranked=False,
                              category_order=list(df["breakdown_value"]), wrap_labels=True,
                              category_title="Recommendation", presentation=presentation,
                              height=max(400, TRACKER_ROW * len(df) + 160)))
    rating = dict(zip(df["breakdown_value"], df["value"], strict=True))
    for trace in fig.data:
        trace.text = [levels.get(int(rating[c]), "") if not is_missing(rating[c]) else ""
                      for c in trace.y]
    # The words are on the bars; the axis keeps a gridline at each rating, without a second set
    # of labels to collide on a narrow screen.
    fig.update_xaxes(tickmode="array", tickvals=list(levels), showticklabels=False,
                     range=[0, max(levels) + 1.9], title_text="Latest progress")
    return fig


def _style_bar_axes(
    fig: go.Figure, categories: Sequence[str], horizontal: bool, stacked: bool, *,
    wrap_labels: bool = False,
) -> None:
    category_axis = _category_axis(categories)
    if wrap_labels:
        # Tick text only: the categories, hover text and data keep the whole label.
        category_axis.update(tickmode="array", tickvals=list(categories),
                             ticktext=[wrapped_label(str(c)) for c in categories])
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
