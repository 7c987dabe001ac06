"""Point maps: places as dots or as hexagons counting the dots, over an outline."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.areas import (
    SUPPRESSED_BIN,
    Bin,
    _all_points,
    _bins,
    _legend_swatch,
    _plain_map_axes,
    _ring_path,
    _rings,
    value_breaks,
)
from ui.charts.common import _add_note, _finish, _groups
from ui.text import (
    SMALL_COUNT_MAX,
    SUPPRESSED,
    SUPPRESSED_NOTE,
    format_value,
)


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
