"""Every declared measure, in the order the catalogue lists them."""

from __future__ import annotations

from metrics import (
    context_outcomes,
    contextual,
    mace,
    programmes,
    published,
    recommendations,
    referrals,
    violence,
)
from metrics.model import Measure

MEASURES: tuple[Measure, ...] = (
    *referrals.MEASURES, *contextual.MEASURES, *context_outcomes.MEASURES, *violence.MEASURES,
    *mace.MEASURES, *programmes.MEASURES, *recommendations.MEASURES, *published.MEASURES,
)
BY_ID: dict[str, Measure] = {measure.id: measure for measure in MEASURES}


def measure(measure_id: str) -> Measure:
    try:
        return BY_ID[measure_id]
    except KeyError:
        raise KeyError(f"No measure {measure_id!r}; known: {', '.join(BY_ID)}") from None
