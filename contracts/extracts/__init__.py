"""Every extract officers upload, declared once (the brief is ../shared/spec/extracts.md).

Where the brief and a real-world format disagree, the real format wins and the `notes` say so.

The declarations live by family: `casework` (children's services, MACE and police casework),
`context_outcomes` (context assessments and goals), `monitoring` (programmes and the
recommendations), `areas` (police.uk, violence indicators, population, geography, boundaries,
published statistics); `columns` holds the column builders they share. Import them from here:
`CATALOGUE` lists every contract in the order the specification does.
"""

from __future__ import annotations

from contracts.extracts.areas import (
    BOUNDARIES,
    EES_FIXED_COLUMNS,
    GEOGRAPHY,
    POLICE_HEADER,
    POLICE_STREET_CRIME,
    POPULATION,
    PUBLISHED_STATISTICS,
    VIOLENCE_INDICATORS,
)
from contracts.extracts.casework import (
    CONTEXT_TYPES,
    CONTEXTS,
    CONTEXTUAL_TARGET_LEVELS,
    DISRUPTIONS,
    ETHNICITY,
    HARM_TYPES,
    INDIVIDUAL_TARGET_LEVELS,
    INTERVENTION_TYPES,
    INTERVENTIONS,
    MACE,
    REFERRAL_OUTCOMES,
    REFERRAL_SOURCES,
    REFERRALS,
    REVIEWS,
    RISK_LEVELS,
    SEX,
    TARGET_LEVELS,
)
from contracts.extracts.columns import (
    PARTNER_AGENCIES_EXAMPLE,
    la_code_column,
    ward_code_column,
)
from contracts.extracts.context_outcomes import (
    ASSESSMENT_METHODS,
    CONTEXT_ASSESSMENTS,
    CONTEXT_DOMAINS,
    CONTEXT_GOALS,
    GOAL_STATUSES,
    SAFETY_SCORE_RULE,
)
from contracts.extracts.monitoring import PROGRAMME_ACTIVITY, RECOMMENDATION_PROGRESS
from contracts.model import Catalogue

CATALOGUE = Catalogue(
    (
        REFERRALS, CONTEXTS, INTERVENTIONS, REVIEWS, MACE, DISRUPTIONS, POLICE_STREET_CRIME,
        VIOLENCE_INDICATORS, PROGRAMME_ACTIVITY, POPULATION, GEOGRAPHY, BOUNDARIES,
        RECOMMENDATION_PROGRESS, PUBLISHED_STATISTICS, CONTEXT_ASSESSMENTS, CONTEXT_GOALS,
    )
)

__all__ = [
    "ASSESSMENT_METHODS",
    "BOUNDARIES",
    "CATALOGUE",
    "CONTEXTS",
    "CONTEXTUAL_TARGET_LEVELS",
    "CONTEXT_ASSESSMENTS",
    "CONTEXT_DOMAINS",
    "CONTEXT_GOALS",
    "CONTEXT_TYPES",
    "DISRUPTIONS",
    "EES_FIXED_COLUMNS",
    "ETHNICITY",
    "GEOGRAPHY",
    "GOAL_STATUSES",
    "HARM_TYPES",
    "INDIVIDUAL_TARGET_LEVELS",
    "INTERVENTIONS",
    "INTERVENTION_TYPES",
    "MACE",
    "PARTNER_AGENCIES_EXAMPLE",
    "POLICE_HEADER",
    "POLICE_STREET_CRIME",
    "POPULATION",
    "PROGRAMME_ACTIVITY",
    "PUBLISHED_STATISTICS",
    "RECOMMENDATION_PROGRESS",
    "REFERRALS",
    "REFERRAL_OUTCOMES",
    "REFERRAL_SOURCES",
    "REVIEWS",
    "RISK_LEVELS",
    "SAFETY_SCORE_RULE",
    "SEX",
    "TARGET_LEVELS",
    "VIOLENCE_INDICATORS",
    "la_code_column",
    "ward_code_column",
]
