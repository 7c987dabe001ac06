"""The Contextual page puts contexts (Level 2) and the children linked to them (Level 1) side by
side, and gives officers, never the public, one context's timeline."""

from __future__ import annotations

from apptest import open_app_page, said

NEW_SUBJECTS = (
    "Contexts safer than at first assessment",
    "Change in safety score since first assessment",
    "Children whose risk fell, by whether their contexts became safer",
    "Contexts assessed with a goal set (effort)",
    "Goals for contexts met",
)
TIMELINE = "One context's timeline (officers only)"


def _headings(app) -> str:
    return " | ".join(h.value for h in [*app.header, *app.subheader]).replace("\\", "")


def test_the_public_sees_contexts_and_children_side_by_side_but_no_timeline(monkeypatch, demo_store_path):
    app = open_app_page(monkeypatch, demo_store_path, "contextual", "public")
    assert not app.exception, app.exception
    headings = _headings(app)
    for subject in NEW_SUBJECTS:
        assert subject in headings, headings
    assert "association, not a cause" in said(app.caption)
    assert TIMELINE not in said(app.header)
    assert not [box for box in app.selectbox if box.key == "context_timeline_choice"]


def test_an_officer_chooses_a_context_and_sees_its_timeline(monkeypatch, demo_store_path):
    app = open_app_page(monkeypatch, demo_store_path, "contextual", "officer")
    assert not app.exception, app.exception
    assert TIMELINE in said(app.header)
    choice = next(box for box in app.selectbox if box.key == "context_timeline_choice")
    assert len(choice.options) > 100 and " · " in choice.options[0]
    table = app.dataframe[-1].value
    assert list(table.columns) == ["date", "step", "what happened", "children linked by then"]
    assert table["step"].iloc[0] == "Identified"
    assert "children linked through referrals that named it" in said(app.markdown)
