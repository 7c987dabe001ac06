"""Behaviour of the chart/UI kit (ui/): what a committee member, a screen-reader user and
a privacy reviewer rely on.

- A suppressed value ("c", 1 to 5) never reaches a figure, table or download as a number,
  and is never drawn as zero: the whole figure travels to the browser, so a number hidden
  in hover data or customdata would still leak.
- Charts carry titles, axis titles with units, the Analysis Function palette in order,
  and a second cue (marker, dash or pattern) besides colour.
- Summaries and titles say in words what changed; CSV downloads cannot run formulas.
- .streamlit/config.toml uses only options this Streamlit knows (it ignores unknown ones
  silently, and a sequential palette of other than ten colours).
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
import streamlit.config as streamlit_config
from streamlit.testing.v1 import AppTest

from apptest import open_card_details
from ui import charts, text, theme

ROOT = Path(__file__).resolve().parents[1]
# Distinctive numbers put into suppressed rows; they must appear nowhere in a figure.
LEAKED_VALUE = 4242.0
LEAKED_NUMERATOR = 3131.0
LEAKED_DENOMINATOR = 9797.0

QUARTERS = ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4", "2025/26 Q1", "2025/26 Q2"]


def measure_rows(groups: dict[str, list[float | None]], suppressed: set[tuple[str, str]] = ()):
    """A tidy measure frame; each suppressed row still carries leak-detecting numbers."""
    rows = []
    for group, values in groups.items():
        for period, value in zip(QUARTERS, values, strict=False):
            hidden = (group, period) in suppressed
            rows.append(
                {
                    "measure_id": "referrals",
                    "period": period,
                    "breakdown": "source",
                    "breakdown_value": group,
                    "value": LEAKED_VALUE if hidden else value,
                    "numerator": LEAKED_NUMERATOR if hidden else value,
                    "denominator": LEAKED_DENOMINATOR if hidden else 1000.0,
                    "suppressed": hidden,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def by_source() -> pd.DataFrame:
    return measure_rows(
        {
            "Police": [40, 42, 45, 50, 48, 56],
            "Education": [20, 22, 25, 24, 30, 28],
            "Health": [10, 12, 9, 11, 14, 13],
        },
        suppressed={("Health", "2024/25 Q3")},
    )


def series(values: list[float | None], suppressed_at: set[str] = ()) -> pd.DataFrame:
    return measure_rows(
        {"Total": values}, suppressed={("Total", period) for period in suppressed_at}
    ).assign(breakdown="total")


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


def test_summary_of_a_rising_series_says_so_with_a_verdict():
    rising = series([100, 104, 110, 90, 112, 123.2])
    summary = text.summarise_series(rising, "referrals", better="down")
    assert summary == (
        "In 2025/26 Q2 the figure was 123.2 referrals. That is up 10% on the previous "
        "quarter (112) and up 18% on the same quarter last year (104), which is worse."
    )
    assert text.finding_title("referrals", rising, "referrals") == (
        "Referrals rose 18% on the same quarter last year"
    )


def test_summary_of_a_falling_percentage_uses_percentage_points():
    falling = series([30.0, 32.5, 31.0, 30.0, 29.0, 28.0])
    summary = text.summarise_series(falling, "%", better="down")
    assert "28.0%" in summary
    assert "down 4.5 percentage points on the same quarter last year (32.5%), which is better" in (
        summary
    )
    assert text.finding_title("Repeat referrals", falling, "%") == (
        "Repeat referrals fell 4.5 percentage points on the same quarter last year"
    )


def test_summary_when_the_latest_figure_is_suppressed():
    hidden = series([10, 12, 9, 11, 14, 13], suppressed_at={"2025/26 Q2"})
    summary = text.summarise_series(hidden, "referrals", better="down")
    assert "suppressed (c: 1 to 7)" in summary
    assert str(int(LEAKED_VALUE)) not in summary
    assert text.finding_title("Referrals", hidden, "referrals") == (
        "Referrals: 2025/26 Q2 figure suppressed to protect privacy"
    )


def test_summary_when_a_comparison_is_suppressed():
    hidden = series([10, 12, 9, 11, 14, 13], suppressed_at={"2025/26 Q1"})
    summary = text.summarise_series(hidden, "referrals", better="neither")
    assert "not compared with the previous quarter, because a figure is suppressed (c)" in summary
    assert "up 8% on the same quarter last year (12)" in summary
    assert "better" not in summary and "worse" not in summary


def test_no_change_and_change_from_zero_are_worded_plainly():
    assert text.finding_title("Referrals", series([0, 10, 0, 0, 0, 10]), "referrals") == (
        "Referrals held steady compared with the same quarter last year"
    )
    assert text.finding_title("Referrals", series([0, 0, 0, 0, 0, 3]), "referrals") == (
        "Referrals rose from 0 in the same quarter last year"
    )


@pytest.mark.parametrize(
    ("period", "previous", "last_year"),
    [
        ("2025/26 Q1", "2024/25 Q4", "2024/25 Q1"),
        ("2025/26 Q3", "2025/26 Q2", "2024/25 Q3"),
        ("2099/00 Q2", "2099/00 Q1", "2098/99 Q2"),
        ("2025-01", "2024-12", "2024-01"),
        ("2025-07", "2025-06", "2024-07"),
    ],
)
def test_period_arithmetic(period, previous, last_year):
    assert text.previous_period(period) == previous
    assert text.same_period_last_year(period) == last_year


def test_values_are_formatted_by_unit():
    assert text.format_value(1234.0, "referrals", with_unit=True) == "1,234 referrals"
    assert text.format_value(12.345, "%") == "12.3%"
    assert text.format_value(45.0, "per 10,000 children") == "45.0"
    assert text.format_value(LEAKED_VALUE, "referrals", suppressed=True) == "c"
    assert text.format_value(np.nan, "referrals") == "x"


def test_markdown_is_escaped_so_names_show_literally():
    escaped = text.escape_markdown("Costs $5 *now*: :red[x]")
    assert escaped == r"Costs \$5 \*now\*\: \:red\[x\]"


# --- tables and downloads ------------------------------------------------------------


def test_data_table_shows_c_for_every_number_of_a_suppressed_row(by_source):
    table = text.data_table(by_source)
    assert "measure_id" not in table.columns and "suppressed" not in table.columns
    row = table[(table["Group"] == "Health") & (table["Period"] == "2024/25 Q3")].iloc[0]
    assert (row["Value"], row["Numerator"], row["Denominator"]) == ("c", "c", "c")
    assert table.loc[0, "Value"] == 40 and isinstance(table.loc[0, "Value"], int)
    assert text.table_notes(table) == [text.SUPPRESSED_NOTE]


def test_csv_download_neutralises_formulas_and_keeps_c(by_source):
    frame = pd.DataFrame(
        {
            '=HYPERLINK("x")': ["=1+1", "+44 7700", "-2+3", "@SUM(A1)", "\tx", "\rx", "safe"],
            "value": [-5, 1, 2, 3, 4, 5, 6],
        }
    )
    raw = text.csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    read = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert read.columns[0] == '\'=HYPERLINK("x")'
    assert list(read.iloc[:, 0]) == [
        "'=1+1",
        "'+44 7700",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "safe",
    ]
    assert read["value"].tolist()[0] == -5  # numbers are left as numbers
    table_csv = text.csv_bytes(text.data_table(by_source)).decode("utf-8-sig")
    assert ",c,c,c" in table_csv
    assert not re.search(r"4242|3131|9797", table_csv)


# --- Streamlit configuration ---------------------------------------------------------


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_every_config_option_is_known_to_streamlit(config):
    known = set(streamlit_config._config_options_template)
    used = {f"{section}.{name}" for section, options in config.items() for name in options}
    assert used <= known, used - known


def test_config_values_are_ones_streamlit_accepts(config):
    details = {option.value for option in streamlit_config.ShowErrorDetailsConfigOptions}
    assert config["client"]["showErrorDetails"] in details
    assert config["client"]["toolbarMode"] in {"auto", "developer", "viewer", "minimal"}
    assert config["client"]["disableDataExport"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == 200
    assert config["server"]["enableXsrfProtection"] is True


def test_config_chart_colours_match_the_kit(config):
    assert config["theme"]["chartCategoricalColors"] == list(theme.CATEGORICAL)
    sequential = config["theme"]["chartSequentialColors"]
    assert len(sequential) == 10  # any other count and Streamlit silently uses its own
    assert sequential == theme.sequential_colours(10)
    assert all(re.fullmatch(r"#[0-9A-F]{6}", colour) for colour in sequential)


def test_streamlit_reads_the_config(monkeypatch):
    monkeypatch.chdir(ROOT)
    streamlit_config.get_config_options(force_reparse=True)
    assert streamlit_config.get_option("theme.primaryColor") == "#12436D"
    assert streamlit_config.get_option("client.showErrorDetails") == "none"


# --- the card, tile and empty state in Streamlit -------------------------------------


def card_app():
    import numpy as np
    import pandas as pd

    from contracts.roles import Role
    from metrics.decks import Slide
    from metrics.model import MeasureKind, Query
    from ui import card, charts
    from ui.card_content import CardContent
    from ui.chart_registry import ChartKind

    frame = pd.DataFrame(
        {
            "period": ["2025/26 Q1", "2025/26 Q2", "2025/26 Q1", "2025/26 Q2"],
            "breakdown": "source",
            "breakdown_value": ["Police", "Police", "=Health", "=Health"],
            "value": [40.0, 44.0, np.nan, 12.0],
            "numerator": [40.0, 44.0, 3131.0, 12.0],
            "denominator": 1000.0,
            "suppressed": [False, False, True, False],
        }
    )
    fig = charts.line_chart(frame, title="Referrals rose 10%", unit="referrals")
    card.chart_card(CardContent(
        slide=Slide("referrals_by_source", Query(breakdown="source")),
        role=Role.PUBLIC,
        kind=ChartKind.LINE,
        measure_title="Referrals by source",
        title="Referrals rose 10% on the previous quarter",
        subtitle="Referrals by source, Sometown, 2025/26",
        summary="In 2025/26 Q2 the figure was 44 referrals.",
        figure=charts.without_title(fig),
        table=pd.DataFrame(),
        notes=(),
        source="Case management system",
        definition="A referral is a request for help, counted by its referral_date.",
        plain="How many requests for help the council received.",
        measure_type=MeasureKind.EFFORT,
        frame=frame,
    ), key="referrals")
    card.metric_tile(
        "Referrals",
        "44",
        "up 10% on last quarter",
        "up",
        "down",
        charts.sparkline(frame[frame["breakdown_value"] == "Police"]),
    )
    card.empty_state(["Referrals", "Missing episodes"], "No missing episode data yet.")


def test_chart_card_renders_heading_summary_table_download_and_source():
    app = AppTest.from_function(card_app).run()
    assert not app.exception
    assert app.header[0].value == "Referrals rose 10% on the previous quarter"
    assert app.expander[0].label == "Show the data"
    # Closed, the card sends no table, download or rule; opened, it draws them.
    assert not app.table and not app.get("download_button")
    assert not app.expander[1].markdown
    app = open_card_details(app)
    table = app.table[0].value
    hidden = table[table["Group"] == "=Health"].iloc[0]
    assert (hidden["Value"], hidden["Numerator"]) == ("c", "c")
    assert "3131" not in table.to_string()
    buttons = app.get("download_button")
    assert [button.proto.label for button in buttons] == [
        "Download this data (CSV)", "Download this data (Excel)"]
    # Made when clicked, not on every run; a public click runs nothing on the server.
    assert all(button.proto.deferred_file_id for button in buttons)
    assert all(button.proto.ignore_rerun for button in buttons)
    markdown = [element.value for element in app.markdown]
    # What the measure is, in a plain sentence; its exact rule only behind "More detail".
    assert ("**Source:** Case management system  \n**Effort\\: activity.** "
            "How many requests for help the council received\\." in markdown)
    assert app.expander[1].label == "More detail"
    assert "referral\\_date" in app.expander[1].markdown[0].value
    change = next(value for value in markdown if "▲" in value)
    assert "up 10% on last quarter (worse)" in change.replace("\\", "")
    assert f'{{foreground="{theme.WORSE_COLOUR}"}}' in change
    assert "Referrals and Missing episodes extracts" in app.info[0].value
