"""The Definitions page as a councillor reads it: each measure's name, then what it shows
(change, effort or context) and one plain sentence; the exact rule with its field names and
counting rules behind "More detail", never before the plain words."""

from __future__ import annotations

from apptest import open_app_page
from metrics.registry import MEASURES, measure
from ui.labels import kind_label


def test_each_measure_shows_what_it_is_and_a_plain_sentence_before_the_exact_rule(
        monkeypatch, tmp_path):
    app = open_app_page(monkeypatch, tmp_path / "store.duckdb", "definitions")
    assert not app.exception, app.exception
    headings = [h.value for h in app.subheader]
    assert headings == [m.title for m in MEASURES]
    shown = [m.value.replace("\\", "") for m in app.main.markdown]
    for declared in MEASURES:
        opening = f"**{kind_label(declared)}.** {declared.plain}"
        assert opening in shown, f"{declared.id}: no {opening!r}"
    details = [e for e in app.expander if e.label == "More detail"]
    assert len(details) == len(MEASURES)
    assert all(not e.proto.expanded for e in details)
    rules = [m.value.replace("\\", "") for e in details for m in e.markdown]
    outside = " ".join(words for words in shown if words not in rules)
    for declared in MEASURES:
        assert f"**Exact rule.** {declared.definition}" in rules, declared.id
        assert declared.definition not in outside, f"{declared.id}'s rule is not behind a click"


def test_the_labels_say_change_effort_or_context_in_words():
    assert {kind_label(m) for m in MEASURES} == {
        "Change: an outcome", "Effort: activity", "Context: background"}


def test_searching_finds_measures_by_what_they_show(monkeypatch, tmp_path):
    app = open_app_page(monkeypatch, tmp_path / "store.duckdb", "definitions")
    app.text_input[0].input("Change: an outcome").run()
    titles = {h.value for h in app.subheader}
    assert titles == {m.title for m in MEASURES if m.kind == "change"}


def test_the_recommendations_page_opens_its_definition_in_plain_words(monkeypatch, tmp_path):
    app = open_app_page(monkeypatch, tmp_path / "store.duckdb", "recommendations")
    assert not app.exception, app.exception
    declared = measure("recommendation_progress")
    shown = [m.value.replace("\\", "") for m in app.main.markdown]
    assert f"**{kind_label(declared)}.** {declared.plain}" in shown
    detail = next(e for e in app.expander if e.label == "More detail")
    assert f"**Exact rule.** {declared.definition}" in [
        m.value.replace("\\", "") for m in detail.markdown]
