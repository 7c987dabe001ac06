"""The risk movement matrix: children by risk level at referral and at review."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.common import (
    SUPPRESSED_MARK,
    Cell,
    _add_note,
    _category_axis,
    _cells,
    _finish,
    _label,
)
from ui.figure_cache import shared
from ui.text import (
    SUPPRESSED,
    SUPPRESSED_NOTE,
    format_value,
)


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
