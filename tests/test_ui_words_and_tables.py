"""Behaviour of the UI kit's words, tables and Streamlit parts (ui/text, ui/card, the app's
Streamlit configuration): what a committee member, a screen-reader user and a privacy
reviewer rely on around a chart.

- Summaries and titles say in words what changed, and never show a suppressed value.
- Data tables and CSV downloads show "c" for every number of a suppressed row, and CSV
  downloads cannot run formulas.
- .streamlit/config.toml uses only options this Streamlit knows (it ignores unknown ones
  silently, and a sequential palette of other than ten colours).
- The chart card shows its heading, summary, table, downloads and source.

The figures themselves are tested in test_ui_charts.py.
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import streamlit.config as streamlit_config
from measure_frames import LEAKED_VALUE, referrals_by_source, series
from streamlit.testing.v1 import AppTest

from apptest import open_card_details
from ui import text, theme
from ui.text import breakdown_title

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def by_source() -> pd.DataFrame:
    return referrals_by_source()



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
    from ui.card_content import CardContent, slide_table
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
        table=slide_table(frame),
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
    group = breakdown_title("source")  # the breakdown's name, not "Group"
    hidden = table[table[group] == "=Health"].iloc[0]
    assert hidden["Value"] == "c" and hidden.get("Numerator", "c") == "c"
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
