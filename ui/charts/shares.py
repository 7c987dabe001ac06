"""100% stacked shares: each group's part of the whole, period by period."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.common import (
    GAP,
    HOVER,
    SHARE_NOTE,
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
    format_number,
    format_value,
    is_percentage,
)


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
        # The "c" badges stand above 100%, in room the top margin keeps for them.
        yaxis={"range": [0, 100], "tickvals": list(range(0, 101, 20)), "ticksuffix": "%"},
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
    """One "c" badge above each period's bar that leaves a group out, its hover text naming
    the groups. One badge, not one per group in the group's colour: a stack of them grew
    into the legend and the note, and told the groups apart by colour alone."""
    found = False
    for period in periods:
        hidden = [group for group in groups if cells.get((group, period), GAP).suppressed]
        if not hidden:
            continue
        found = True
        _add_suppressed_mark(
            fig,
            x=period,
            y=100,
            xref="x",
            yref="y",
            colour=theme.SECONDARY_TEXT_COLOUR,
            hover=f"{period}: {', '.join(hidden)}: {_label(Cell(None, True), unit)}",
        )
    return found
