"""Behaviour of the chart kit's figures (ui/charts, ui/theme): what a committee member, a
screen-reader user and a privacy reviewer rely on in a chart.

- A suppressed value ("c", 1 to 5) never reaches a figure as a number, and is never drawn as
  zero: the whole figure travels to the browser, so a number hidden in hover data or
  customdata would still leak.
- Charts carry titles, axis titles with units, the Analysis Function palette in order,
  and a second cue (marker, dash or pattern) besides colour.
- Maps draw offline, and hexagons show small counts as "c".

Summaries, tables, downloads, the Streamlit configuration and the card are in
test_ui_words_and_tables.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
from measure_frames import (
    LEAKED_DENOMINATOR,
    LEAKED_NUMERATOR,
    LEAKED_VALUE,
    referrals_by_source,
    series,
)

from ui import charts, theme


@pytest.fixture
def by_source() -> pd.DataFrame:
    return referrals_by_source()


def figure_json(fig) -> str:
    return pio.to_json(fig, validate=False)


def assert_no_leak(fig) -> None:
    shown = figure_json(fig)
    for number in (LEAKED_VALUE, LEAKED_NUMERATOR, LEAKED_DENOMINATOR):
        assert f"{number:g}" not in shown


def annotations_named(fig, name: str) -> list:
    return [a for a in fig.layout.annotations if a.name == name]


# --- theme ---------------------------------------------------------------------------


def test_palette_is_the_analysis_function_order():
    assert theme.CATEGORICAL == (
        "#12436D",
        "#28A197",
        "#801650",
        "#F46A25",
        "#3D3D3D",
        "#A285D1",
    )
    assert theme.SEQUENTIAL == ("#12436D", "#2073BC", "#6BACE6")
    template = pio.templates[theme.TEMPLATE_NAME]
    assert list(template.layout.colorway) == list(theme.CATEGORICAL)


def test_adjacent_palette_colours_differ_by_3_to_1():
    pairs = zip(theme.CATEGORICAL, theme.CATEGORICAL[1:], strict=False)
    assert all(theme.contrast_ratio(a, b) >= 3 for a, b in pairs)


def test_better_and_worse_colours_are_readable_as_text_on_white():
    for colour in (theme.BETTER_COLOUR, theme.WORSE_COLOUR, theme.NEUTRAL_COLOUR):
        assert theme.contrast_ratio(colour, "#FFFFFF") >= 4.5


def test_templates_are_readable_from_the_back_of_the_room():
    screen = pio.templates[theme.TEMPLATE_NAME].layout
    projector = pio.templates[theme.PRESENTATION_TEMPLATE_NAME].layout
    assert screen.font.size >= 14
    assert projector.font.size > screen.font.size
    assert screen.title.x == 0 and screen.title.xanchor == "left"
    assert screen.legend.orientation == "h" and screen.legend.yanchor == "bottom"
    assert screen.yaxis.showgrid and not screen.xaxis.showgrid


def test_sequential_scale_runs_light_to_dark():
    colours = theme.sequential_colours(10)
    assert len(colours) == 10
    assert colours[-1] == theme.SEQUENTIAL[0]
    luminance = [theme.relative_luminance(c) for c in colours]
    assert luminance == sorted(luminance, reverse=True)


def test_more_series_than_palette_colours_is_refused():
    with pytest.raises(ValueError, match="at most 6 series"):
        theme.series_style(6)


# --- suppression in figures ----------------------------------------------------------


def test_line_chart_draws_suppressed_point_as_a_gap_marked_c(by_source):
    fig = charts.line_chart(by_source, title="Referrals rose", unit="referrals")
    health = next(trace for trace in fig.data if trace.name == "Health")
    position = list(health.x).index("2024/25 Q3")
    assert health.y[position] is None
    assert health.customdata[position].startswith("c")
    marks = annotations_named(fig, charts.SUPPRESSED_MARK)
    assert [(m.x, m.text) for m in marks] == [("2024/25 Q3", "<b>c</b>")]
    assert "Health" in marks[0].hovertext and ": c" in marks[0].hovertext
    assert "c = 1 to 7, suppressed" in annotations_named(fig, charts.NOTE)[0].text
    assert_no_leak(fig)


def test_suppressed_values_never_leak_from_any_figure(by_source):
    latest = by_source[by_source["period"] == "2024/25 Q3"]
    levels = ["Low", "Medium", "High", "Very high"]
    matrix = pd.DataFrame(
        [
            {"from_level": a, "to_level": b, "value": 7.0, "suppressed": False}
            for a in levels
            for b in levels
        ]
    )
    matrix.loc[1, ["value", "suppressed"]] = [LEAKED_VALUE, True]
    figures = [
        charts.line_chart(by_source, title="t", unit="referrals", comparison=by_source),
        charts.bar_chart(latest, title="t", unit="referrals", horizontal=True),
        charts.bar_chart(by_source, title="t", unit="referrals", series="period"),
        charts.bar_chart(
            by_source,
            title="t",
            unit="referrals",
            category="period",
            series="breakdown_value",
            stacked=True,
        ),
        charts.share_chart(by_source, title="t", unit="referrals"),
        charts.matrix_chart(matrix, levels=levels, title="t"),
    ]
    for fig in figures:
        assert_no_leak(fig)
        assert annotations_named(fig, charts.SUPPRESSED_MARK)
        assert annotations_named(fig, charts.NOTE)
    assert_no_leak(charts.sparkline(series([5, 6, 7, 8], suppressed_at={"2024/25 Q2"})))


def test_bars_leave_suppressed_bar_out_and_label_it_c(by_source):
    latest = by_source[by_source["period"] == "2024/25 Q3"]
    fig = charts.bar_chart(
        latest, title="Police make most referrals", unit="referrals", horizontal=True
    )
    (bars,) = fig.data
    assert list(bars.y) == ["Police", "Education", "Health"]  # ranked, largest first
    assert list(bars.x) == [45.0, 25.0, None]
    assert list(bars.text) == ["45", "25", ""]
    assert bars.customdata[2].startswith("c")
    assert fig.layout.yaxis.autorange == "reversed"
    (mark,) = annotations_named(fig, charts.SUPPRESSED_MARK)
    assert (mark.x, mark.y) == (0.0, 2.0)


def test_grouped_bar_badge_sits_on_its_own_bar(by_source):
    two = by_source[by_source["period"].isin(["2024/25 Q2", "2024/25 Q3"])]
    fig = charts.bar_chart(two, title="t", unit="referrals", series="period")
    (mark,) = annotations_named(fig, charts.SUPPRESSED_MARK)
    health = 2  # third category; the second period's bar is right of its centre
    assert health < mark.x < health + 0.5
    assert mark.y == 0  # at the base of the missing bar, not at a made-up height


def test_share_chart_shares_are_of_the_groups_shown(by_source):
    fig = charts.share_chart(by_source, title="t", unit="referrals")
    q3 = {trace.name: trace.y[2] for trace in fig.data}
    assert q3["Health"] is None
    assert q3["Police"] + q3["Education"] == pytest.approx(100)
    assert "Shares are of the groups shown" in annotations_named(fig, charts.NOTE)[0].text
    assert fig.layout.yaxis.title.text == "Percentage of referrals (%)"


def test_matrix_writes_numbers_and_c_in_cells():
    levels = ["Low", "Medium", "High", "Very high"]
    frame = pd.DataFrame(
        [
            {"from_level": "Low", "to_level": "High", "value": 12.0, "suppressed": False},
            {"from_level": "High", "to_level": "Low", "value": np.nan, "suppressed": True},
        ]
    )
    fig = charts.matrix_chart(frame, levels=levels, title="Most risk fell")
    cells = {(a.y, a.x): a.text for a in fig.layout.annotations if a.xref == "x"}
    assert cells[("Low", "High")] == "12"
    assert cells[("High", "Low")] == "c"
    assert cells[("Medium", "Medium")] == "0"  # a pair with no rows is nobody
    heatmap = fig.data[-1]
    assert heatmap.z[2][0] is None
    assert heatmap.colorscale[-1][1] == theme.SEQUENTIAL[0]
    assert fig.layout.yaxis.autorange == "reversed"  # first level at the top


# --- what every figure carries -------------------------------------------------------


def test_every_chart_has_a_title_and_axis_titles_with_units(by_source):
    figures = {
        "line": charts.line_chart(by_source, title="Referrals rose", unit="referrals"),
        "bar": charts.bar_chart(by_source, title="t", unit="%", series="period"),
        "share": charts.share_chart(by_source, title="t", unit="referrals"),
        "rate": charts.line_chart(by_source, title="t", unit="per 10,000 children aged 0-17"),
    }
    for fig in figures.values():
        assert fig.layout.title.text
        assert fig.layout.xaxis.title.text
        assert fig.layout.yaxis.title.text
    assert figures["line"].layout.yaxis.title.text == "Number of referrals"
    assert figures["bar"].layout.yaxis.title.text == "Percentage (%)"
    assert figures["rate"].layout.yaxis.title.text == "Rate per 10,000 children aged 0-17"


def test_line_series_differ_by_shape_or_dash_as_well_as_colour(by_source):
    fig = charts.line_chart(by_source, title="t", unit="referrals", comparison=by_source)
    looks = [
        (t.marker.symbol if "markers" in t.mode else None, t.line.dash, t.line.color)
        for t in fig.data
    ]
    shapes = [(symbol, dash) for symbol, dash, _ in looks]
    assert len(set(shapes)) == len(shapes) == 6
    main = [look for look in looks if look[1] == "solid"]
    assert [colour for *_, colour in main] == list(theme.CATEGORICAL[:3])


def test_bar_series_differ_by_pattern_as_well_as_colour(by_source):
    fig = charts.bar_chart(by_source, title="t", unit="referrals", series="period")
    patterns = [trace.marker.pattern.shape for trace in fig.data]
    colours = [trace.marker.color for trace in fig.data]
    assert len(set(patterns)) == len(patterns)
    assert colours == list(theme.CATEGORICAL[: len(colours)])


def test_events_are_drawn_only_within_the_periods_shown(by_source):
    fig = charts.line_chart(
        by_source,
        title="t",
        unit="referrals",
        events=[("2024/25 Q4", "MACE hub starts"), ("2019/20 Q1", "Too early")],
    )
    assert [a.text for a in annotations_named(fig, charts.EVENT)] == ["MACE hub starts"]
    assert [(s.x0, s.yref) for s in fig.layout.shapes] == [("2024/25 Q4", "paper")]


def test_presentation_figures_use_the_bigger_template(by_source):
    fig = charts.line_chart(by_source, title="t", unit="referrals", presentation=True)
    assert fig.layout.template.layout.font.size == theme.PRESENTATION_TYPE.base


def test_without_title_removes_the_title_and_its_room(by_source):
    fig = charts.line_chart(by_source, title="Referrals rose", unit="referrals", subtitle="s")
    bare = charts.without_title(fig)
    assert not bare.layout.title.text and not bare.layout.title.subtitle.text
    assert bare.layout.margin.t < fig.layout.margin.t
    assert fig.layout.title.text == "Referrals rose"  # the original is untouched


def test_sparkline_is_bare():
    fig = charts.sparkline(series([5, 6, None, 8], suppressed_at={"2024/25 Q2"}))
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible
    assert list(fig.data[0].y) == [5.0, None, None, 8.0]
    assert fig.layout.height <= 100


# --- maps without internet -----------------------------------------------------------


def square(x: float, y: float, size: float = 0.01) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


@pytest.fixture
def wards() -> dict:
    def feature(code, name, geometry):
        return {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": geometry}

    return {
        "type": "FeatureCollection",
        "features": [
            feature(
                "E05000001", "Abbey", {"type": "Polygon", "coordinates": [square(-1.50, 52.50)]}
            ),
            feature(
                "E05000002", "Brook", {"type": "Polygon", "coordinates": [square(-1.48, 52.50)]}
            ),
            feature(
                "E05000003",
                "Castle",
                {
                    "type": "MultiPolygon",
                    "coordinates": [[square(-1.46, 52.50)], [square(-1.46, 52.52, 0.005)]],
                },
            ),
        ],
    }


def test_area_map_draws_one_filled_trace_per_area_offline(wards):
    data = pd.DataFrame(
        {
            "breakdown_value": ["E05000001", "E05000002", "E05000003"],
            "value": [12.5, LEAKED_VALUE, 40.0],
            "suppressed": [False, True, False],
        }
    )
    fig = charts.area_map(
        wards,
        code_property="code",
        name_property="name",
        data=data,
        title="Rates are highest in Castle",
        unit="per 10,000 children",
    )
    areas = [trace for trace in fig.data if trace.fill == "toself"]
    assert [trace.name for trace in areas] == ["Abbey", "Brook", "Castle"]
    assert {trace.type for trace in fig.data} == {"scatter"}  # no geo/map traces
    assert "<b>Brook</b>" in areas[1].text and areas[1].text.endswith(": c (1 to 7, suppressed)")
    assert areas[0].text.endswith(": 12.5")
    assert list(areas[2].x).count(None) == 1  # two polygons, one shape
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / np.cos(np.radians(52.5125)), 1e-3)
    legend = [trace.name for trace in fig.data if trace.showlegend is not False]
    assert "c: 1 to 7, suppressed" in legend
    assert_no_leak(fig)


def test_point_map_hexagons_show_small_counts_as_c(wards):
    points = pd.DataFrame({"lon": [-1.495] * 3 + [-1.475] * 9, "lat": [52.505] * 12})
    fig = charts.point_map(points, title="t", hexbin=True, hex_radius=0.004, outline=wards)
    assert {trace.type for trace in fig.data} == {"scatter"}
    counts = next(trace for trace in fig.data if trace.name == "Counts")
    assert sorted(counts.text) == ["9 crimes", "c"]
    assert "3 crimes" not in figure_json(fig)


def test_hex_counts_put_nearby_points_together():
    hexagons = charts.hex_counts([0.0, 0.0001, 1.0], [0.0, 0.0001, 1.0], radius=0.01)
    assert sorted(h.count for h in hexagons) == [1, 2]


# --- words ---------------------------------------------------------------------------

