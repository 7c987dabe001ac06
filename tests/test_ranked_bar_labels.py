"""A ranked bar chart's long category labels wrap at word boundaries, so a phone's narrow chart
keeps room for its bars and its axis title (tests/test_browser_chart_layout.py measures that at
390 px); what a reader hovers on and the data behind the chart keep the whole label."""

from __future__ import annotations

import pandas as pd

from ui import charts
from ui.charts.bars import LABEL_WRAP, wrapped_label

LONG = "Peer-on-peer (child-on-child) abuse"
HARMS = {LONG: 40.0, "Child criminal exploitation": 25.0, "Online harm": 10.0}


def harm_rows() -> pd.DataFrame:
    return pd.DataFrame({
        "period": "2025/26 Q2", "breakdown": "harm_type", "breakdown_value": list(HARMS),
        "value": list(HARMS.values()), "numerator": list(HARMS.values()), "denominator": None,
        "suppressed": False,
    })


def test_a_long_label_breaks_into_short_lines_at_spaces():
    assert wrapped_label(LONG) == "Peer-on-peer<br>(child-on-child)<br>abuse"
    assert wrapped_label("Online harm") == "Online harm"
    assert all(len(line) <= LABEL_WRAP or " " not in line
               for line in wrapped_label("Trafficking / modern slavery").split("<br>"))


def test_ranked_bars_show_wrapped_labels_but_keep_the_whole_label_for_hover_and_data():
    figure = charts.bar_chart(harm_rows(), title="Harms", unit="referrals", horizontal=True,
                              ranked=True)
    axis = figure.layout.yaxis
    assert list(axis.tickvals) == list(HARMS)
    assert list(axis.ticktext) == [wrapped_label(label) for label in HARMS]
    assert "<br>" in axis.ticktext[0]
    assert list(figure.data[0].y) == list(HARMS)  # hover's %{y} and the data: the whole label


def test_bars_that_are_not_ranked_keep_their_labels_on_one_line():
    figure = charts.bar_chart(harm_rows(), title="Harms", unit="referrals", horizontal=True,
                              ranked=False)
    assert figure.layout.yaxis.ticktext is None
    wards = charts.bar_chart(harm_rows(), title="Wards", unit="referrals", horizontal=True,
                             ranked=True, wrap_labels=False)
    assert wards.layout.yaxis.ticktext is None


def test_the_tracker_writes_each_recommendations_progress_in_words_not_its_rating_number():
    """A councillor reads "▲ On track" on the bar, not "2": the rating's words are the bar's
    text, and the value axis keeps its gridlines without a second set of labels."""
    import pandas as pd

    from ui import charts

    frame = pd.DataFrame({
        "period": "2026-03-13", "breakdown": "recommendation",
        "breakdown_value": ["1. A strategic partnership approach", "7. Community guardians"],
        "value": [1, 2], "numerator": [1, 2], "denominator": None, "suppressed": False,
    })
    levels = {1: "● Fully achieved", 2: "▲ On track", 3: "■ Slipped", 4: "✕ Not achieved"}
    figure = charts.tracker_chart(frame, title="The review's recommendations",
                                  unit="rating, 1 fully achieved to 4 not achieved", levels=levels)
    bars = figure.data[0]
    assert dict(zip(bars.y, bars.text, strict=True)) == {
        "1. A strategic partnership approach": "● Fully achieved",
        "7. Community guardians": "▲ On track"}
    assert figure.layout.xaxis.showticklabels is False
    assert list(figure.layout.xaxis.tickvals) == [1, 2, 3, 4]
