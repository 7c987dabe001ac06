"""What each measure is, in words a councillor reads without a glossary. The contextual
safeguarding literature warns against "measuring effort instead of change", so every measure
declares whether it shows change (an outcome), effort (activity) or context (background), and
no measure can be declared without saying which."""

from __future__ import annotations

import dataclasses

import pytest

from metrics.model import Better, Disclosure, Measure, MeasureKind
from metrics.registry import MEASURES, measure


@pytest.mark.parametrize("declared", MEASURES, ids=lambda m: m.id)
def test_every_registered_measure_says_whether_it_shows_change_effort_or_context(declared):
    assert isinstance(declared.kind, MeasureKind), f"{declared.id} declares no kind"


def test_a_measure_cannot_be_declared_without_a_kind():
    kind = next(f for f in dataclasses.fields(Measure) if f.name == "kind")
    assert kind.default is dataclasses.MISSING
    with pytest.raises(TypeError, match="kind"):
        Measure("m", "M", "d", "n", "d", "children", Better.NEITHER, ("referrals",), ("total",),
                Disclosure.CHILDREN, "s", compute=lambda con, q: None)


@pytest.mark.parametrize(("measure_id", "kind"), [
    ("child_risk_reduced", MeasureKind.CHANGE),
    ("context_risk_reduced", MeasureKind.CHANGE),
    ("re_referrals_12m", MeasureKind.CHANGE),
    ("knife_serious_violence_u25", MeasureKind.CHANGE),
    ("referrals", MeasureKind.EFFORT),
    ("contextual_share", MeasureKind.EFFORT),
    ("mace_children", MeasureKind.EFFORT),
    ("staff_trained", MeasureKind.EFFORT),
    ("recommendation_progress", MeasureKind.EFFORT),
    ("violence_recorded", MeasureKind.CONTEXT),
    ("violence_by_area", MeasureKind.CONTEXT),
    ("published_harm_factors", MeasureKind.CONTEXT),
])
def test_outcomes_are_change_activity_is_effort_and_background_is_context(measure_id, kind):
    assert measure(measure_id).kind == kind


def test_the_dashboard_holds_outcomes_as_well_as_activity():
    kinds = {declared.kind for declared in MEASURES}
    assert kinds == set(MeasureKind)
