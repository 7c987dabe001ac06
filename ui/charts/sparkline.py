"""A small trend line with no axes, for headline tiles."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.common import _category_axis
from ui.figure_cache import shared
from ui.text import (
    series_points,
)


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
