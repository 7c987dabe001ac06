"""The scrutiny review's own monitoring: awareness, training and guardian programmes, and
progress on its nine recommendations."""

from __future__ import annotations

from contracts.extracts.columns import T, choices, la_code_column
from contracts.model import Column, Contract, PeriodRule

PROGRAMME_ACTIVITY = Contract(
    name="programme_activity",
    title="Awareness, training and guardian programmes",
    description="Awareness, training and community guardian activity (recommendations 4–7).",
    notes=(
        "Different teams send different programmes, so a newer upload replaces the same "
        "authority, quarter and programme only: the schools team's file never replaces "
        "workforce development's."
    ),
    sender="Schools team, workforce development, democratic services",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="date",
    partition_by=("programme",),
    key=("activity_id",),
    columns=(
        Column("activity_id", T.ID, "Activity reference", required=True, example="A-000077"),
        Column("date", T.DATE, "Date of the activity", required=True, example="2025-09-18",
               not_in_future=True, header_aliases=("activity date", "session date")),
        Column("programme", T.CHOICE, "Programme", required=True, example="schools_awareness",
               choices=choices("schools_awareness", "staff_training", "partner_awareness",
                                "members_awareness", "community_guardians", "healthy_schools")),
        Column("organisation_type", T.CHOICE, "Kind of organisation reached", example="school",
               choices=choices("school", "team", "partner", "council", "community", "other")),
        Column("organisation_id", T.ID, "Organisation reference (e.g. school URN pseudonym)",
               example="SCH-014"),
        Column("sessions", T.INTEGER, "Sessions delivered", example="2", minimum=0, maximum=10_000),
        Column("participants", T.INTEGER, "People taking part (guardians recruited, for that programme)",
               example="28", minimum=0, maximum=100_000),
        la_code_column(),
    ),
)

RECOMMENDATION_PROGRESS = Contract(
    name="recommendation_progress",
    title="Progress on the nine recommendations",
    description="The scrutiny monitoring of the review's nine recommendations.",
    sender="Scrutiny officer",
    cadence="at each monitoring report",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="assessed_on",
    key=("recommendation", "assessed_on"),
    row_errors_allowed=False,
    columns=(
        Column("recommendation", T.INTEGER, "Recommendation number (1–9)", required=True,
               example="3", minimum=1, maximum=9, header_aliases=("recommendation number", "rec")),
        Column("assessed_on", T.DATE, "Date of the monitoring assessment", required=True,
               example="2025-09-19", not_in_future=True, header_aliases=("date assessed", "assessed")),
        Column("progress", T.CHOICE,
               "1 fully achieved, 2 on track, 3 slipped, 4 not achieved", required=True,
               example="2",
               choices=choices(("1", "Fully achieved", ("fully achieved", "achieved")),
                                ("2", "On track", ("on track",)),
                                ("3", "Slipped", ("slipped",)),
                                ("4", "Not achieved", ("not achieved",)))),
        Column("commentary", T.TEXT, "Commentary", example="Definition agreed by all partners"),
        Column("lead", T.TEXT, "Lead officer or partnership (a role, not a name)",
               example="Community Safety Manager"),
        la_code_column(),
    ),
)
