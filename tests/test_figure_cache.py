"""Figures are built once per distinct content and shared by every session that asks for the
same one: never one session's figure for another's different data, and never changed in use."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from apptest import open_app_page
from ui import charts
from ui.figure_cache import FIGURES, shared


def referrals(counts: list[float], suppressed: list[bool] | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "period": ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3"],
        "breakdown_value": "All",
        "value": counts,
        "suppressed": suppressed or [False] * len(counts),
    })


def test_equal_content_gets_the_same_figure_and_different_content_its_own():
    first = charts.line_chart(referrals([12, 15, 9]), title="Referrals", unit="referrals")
    again = charts.line_chart(referrals([12, 15, 9]), title="Referrals", unit="referrals")
    other = charts.line_chart(referrals([12, 15, 10]), title="Referrals", unit="referrals")
    retitled = charts.line_chart(referrals([12, 15, 9]), title="Referrals rose", unit="referrals")
    assert again is first, "a new frame with the same values is the same figure"
    assert other is not first and list(other.data[0].y) != list(first.data[0].y)
    assert retitled is not first


def test_a_suppressed_view_and_an_unsuppressed_view_are_different_figures():
    officers = charts.line_chart(referrals([12, 3, 9]), title="Referrals", unit="referrals")
    public = charts.line_chart(referrals([12, float("nan"), 9], [False, True, False]),
                               title="Referrals", unit="referrals")
    assert public is not officers
    assert "3" not in json.dumps([list(trace.y) for trace in public.data], default=str)


def test_a_titleless_copy_is_shared_too_and_leaves_the_original_titled():
    titled = charts.line_chart(referrals([1, 2, 30]), title="Referrals", unit="referrals")
    untitled = charts.without_title(titled)
    assert charts.without_title(titled) is untitled
    assert titled.layout.title.text == "Referrals" and not untitled.layout.title.text


def test_inputs_without_a_content_key_are_built_each_time():
    built = []

    @shared
    def figure_of(thing):
        built.append(thing)
        return charts.line_chart(referrals([1, 2, 3]), title="T", unit="referrals")

    opaque = object()
    figure_of(opaque)
    figure_of(opaque)
    assert len(built) == 2


def test_the_least_recently_used_figure_goes_first_when_full(monkeypatch):
    monkeypatch.setattr(FIGURES, "capacity", 2)
    FIGURES.clear()
    a = charts.line_chart(referrals([1, 2, 3]), title="A", unit="referrals")
    b = charts.line_chart(referrals([1, 2, 3]), title="B", unit="referrals")
    assert charts.line_chart(referrals([1, 2, 3]), title="A", unit="referrals") is a
    charts.line_chart(referrals([1, 2, 3]), title="C", unit="referrals")
    assert len(FIGURES) == 2
    assert charts.line_chart(referrals([1, 2, 3]), title="A", unit="referrals") is a
    assert charts.line_chart(referrals([1, 2, 3]), title="B", unit="referrals") is not b


@pytest.mark.parametrize("page", ["overview", "referrals", "contextual", "violence", "mace",
                                  "programmes", "compare"])
def test_a_page_drawn_again_from_shared_figures_is_drawn_the_same(
        monkeypatch, demo_store_path, page):
    """Nothing changes a shared figure: the second session's charts match the first's."""
    FIGURES.clear()
    first = open_app_page(monkeypatch, demo_store_path, page, "officer")
    shared_before = len(FIGURES)
    second = open_app_page(monkeypatch, demo_store_path, page, "officer")
    assert not second.exception
    assert shared_before > 0 and len(FIGURES) == shared_before, "the second run built nothing"
    specs = [[chart.proto.spec for chart in app.get("plotly_chart")] for app in (first, second)]
    assert specs[0] and specs[0] == specs[1]
