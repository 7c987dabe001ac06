"""Contexts as outcomes: assessments that score a context's safety again over time, and the
goals set from them (not in the original brief; see the contracts' notes)."""

from __future__ import annotations

from contracts.extracts.columns import T, choices, la_code_column, lead_agency
from contracts.model import Column, Contract, PeriodRule

CONTEXT_DOMAINS = choices(
    ("place_safety", "Place safety", ("place", "safety of the place")),
    ("guardianship", "Guardianship", ("capable guardianship", "supervision")),
    ("peer_relationships", "Peer relationships", ("peers", "peer group")),
    ("school_culture", "School or setting culture", ("school culture", "setting culture", "school")),
    ("online_space", "Online space", ("online",)),
    ("business_practice", "Business practice", ("business",)),
    ("other", "Other"),
)

ASSESSMENT_METHODS = choices(
    ("safety_mapping", "Safety mapping", ("mapping",)),
    ("youth_survey", "Youth survey", ("survey", "young people's survey")),
    ("observation", "Observation", ("partner observation", "walkabout")),
    ("partner_assessment", "Partner assessment", ("multi-agency assessment", "partner")),
    ("other", "Other"),
)

GOAL_STATUSES = choices(
    ("open", "Open", ("in progress", "active")),
    ("met", "Met", ("achieved",)),
    ("partly_met", "Partly met", ("partially met", "partly achieved")),
    ("not_met", "Not met", ("not achieved",)),
    ("withdrawn", "Withdrawn", ("closed withdrawn", "cancelled")),
)

SAFETY_SCORE_RULE = "1 least safe to 5 safest"


def _safety_score(name: str, description: str, example: str, required: bool = True) -> Column:
    return Column(name, T.INTEGER, f"{description} ({SAFETY_SCORE_RULE})", required=required,
                  example=example, minimum=1, maximum=5)


CONTEXT_ASSESSMENTS = Contract(
    name="context_assessments",
    title="Context assessments and re-assessments",
    description=(
        "One row per indicator per assessment of a context (a peer group, school, place, online "
        "space or business): the same indicators scored again later show whether the context "
        "became safer."
    ),
    sender="MACE hub co-ordinator, community safety, schools team (contextual assessments)",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="assessment_date",
    key=("assessment_id", "domain", "indicator"),
    notes=(
        "Not in the original brief: added so that a context's change is measured as "
        "practitioners measure it (the Contextual Safeguarding Network's outcomes framework), "
        "by re-assessing the same indicators. Keep the indicator's wording the same at every "
        "assessment of a context, and never name a person in it."
    ),
    columns=(
        Column("assessment_id", T.ID, "Assessment reference (the same on every indicator row of "
               "one assessment)", required=True, example="CA-000311",
               header_aliases=("assessment ref", "assessment reference")),
        Column("context_id", T.ID, "The context assessed, as in the contexts extract", required=True,
               example="X-PG-014", header_aliases=("context", "context ref")),
        Column("assessment_date", T.DATE, "Date of the assessment", required=True,
               example="2025-08-12", not_in_future=True, header_aliases=("date assessed", "date")),
        Column("domain", T.CHOICE, "What the indicator is about", required=True,
               example="place_safety", choices=CONTEXT_DOMAINS),
        Column("indicator", T.TEXT, "The indicator scored, in a few non-identifying words",
               required=True, example="young people feel safe in the car park after 6 pm"),
        _safety_score("score", "Score for the indicator", "2"),
        Column("method", T.CHOICE, "How the context was assessed", required=True,
               example="safety_mapping", choices=ASSESSMENT_METHODS,
               header_aliases=("assessment method",)),
        Column("respondents", T.INTEGER, "For a youth survey, how many answered (blank otherwise)",
               example="", minimum=0, maximum=100_000),
        la_code_column(),
    ),
)

CONTEXT_GOALS = Contract(
    name="context_goals",
    title="Goals set for contexts",
    description=(
        "One row per goal set for a context from its assessment, with the score it started "
        "from, the score it aims for and whether it was met."
    ),
    sender="MACE hub co-ordinator, community safety, schools team (contextual safety plans)",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="set_date",
    key=("goal_id",),
    notes=(
        "Not in the original brief (see context_assessments). A goal belongs to the quarter it "
        "was set in; send it again in that quarter's file when its status changes, so the "
        "newer upload replaces it. Goals met, partly met or not met need a closed_date to be "
        "counted in a quarter."
    ),
    columns=(
        Column("goal_id", T.ID, "Goal reference", required=True, example="CG-000042",
               header_aliases=("goal ref", "goal reference")),
        Column("context_id", T.ID, "The context the goal is for, as in the contexts extract",
               required=True, example="X-PG-014", header_aliases=("context", "context ref")),
        Column("domain", T.CHOICE, "What the goal is about", required=True,
               example="guardianship", choices=CONTEXT_DOMAINS),
        Column("goal", T.TEXT, "The goal, in a few non-identifying words", required=True,
               example="corridors supervised at lesson changeover",
               header_aliases=("goal description",)),
        Column("set_date", T.DATE, "Date the goal was set", required=True, example="2025-08-20",
               not_in_future=True, header_aliases=("date set",)),
        _safety_score("baseline_score", "Score when the goal was set", "2", required=False),
        _safety_score("target_score", "Score the goal aims for", "4", required=False),
        Column("status", T.CHOICE, "Where the goal stands", required=True, example="open",
               choices=GOAL_STATUSES),
        Column("closed_date", T.DATE, "Date the goal was closed (blank while open)", example="",
               not_in_future=True, header_aliases=("date closed",)),
        lead_agency(),
        la_code_column(),
    ),
)
