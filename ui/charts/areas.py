"""Area maps drawn as filled polygons on plain axes (no base map fetched from the internet),
and the shared map helpers."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.charts.common import GAP, Cell, _add_note, _cells, _finish, _label
from ui.text import (
    SUPPRESSED,
    SUPPRESSED_NOTE,
    format_number,
    is_missing,
    value_axis_title,
)


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
