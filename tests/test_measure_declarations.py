"""What each measure is, in words a councillor reads without a glossary. The contextual
safeguarding literature warns against "measuring effort instead of change", so every measure
declares whether it shows change (an outcome), effort (activity) or context (background), and
no measure can be declared without saying which."""

from __future__ import annotations

import dataclasses
import re

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


# A plain sentence is for a reader with no glossary: no field name (snake_case), no rule
# written as code ("target_id = child_id"), no contract code, and an abbreviation only in
# brackets after the words it stands for ("the multi-agency child exploitation (MACE) meeting").
FIELD_NAME = re.compile(r"\b\w+_\w+\b")
CODE_WORDS = re.compile(r"\b(cce|cse|cawn|lsoa|la|nfa|s47)\b")
ABBREVIATION = re.compile(r"\b[A-Z]{2,}\b")
MOST_WORDS = 35


@pytest.mark.parametrize("declared", MEASURES, ids=lambda m: m.id)
def test_every_measure_opens_with_one_plain_sentence_a_councillor_reads_without_a_glossary(
        declared):
    plain = declared.plain.strip()
    assert plain, f"{declared.id} has no plain sentence"
    assert plain[0].isupper() and plain.endswith("."), plain
    assert not re.search(r"[.!?]\s", plain[:-1]), f"more than one sentence: {plain}"
    assert len(plain.split()) <= MOST_WORDS, f"{len(plain.split())} words: {plain}"
    assert not FIELD_NAME.search(plain), f"a field name in: {plain}"
    assert "=" not in plain, plain
    assert not CODE_WORDS.search(plain), f"a code in: {plain}"
    for abbreviation in ABBREVIATION.findall(plain):
        assert f"({abbreviation})" in plain, f"{abbreviation} is not spelled out: {plain}"


def test_the_plain_sentence_is_not_the_exact_rule_repeated():
    for declared in MEASURES:
        assert declared.plain != declared.definition, declared.id


def test_a_measure_cannot_be_declared_without_a_plain_sentence():
    with pytest.raises(TypeError, match="plain"):
        Measure("m", "M", "d", "n", "d", "children", Better.NEITHER, ("referrals",), ("total",),
                Disclosure.CHILDREN, "s", compute=lambda con, q: None, kind=MeasureKind.EFFORT)
