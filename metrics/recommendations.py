"""The review's nine recommendations, declared once with their full text and the measures that
evidence each, and the measure of their progress at each monitoring report.

The text is the committee's own (Children and Young People Select Committee, scrutiny review of
contextual safeguarding and youth relationships), word for word, so the page and every export
quote the report rather than a paraphrase. Progress is read from the `recommendation_progress`
extract, whose contract already refuses a recommendation outside 1–9 or a progress rating
outside 1–4, naming the row.

Shape: one row per authority, recommendation and assessment (breakdown "recommendation", group
"1" to "9", period the assessment's date YYYY-MM-DD, value the rating), with the extra columns
commentary, lead and la_code beside the shared tidy ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from contracts.extracts import CATALOGUE
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, tidy
from metrics.sql import standard_filters

SECTION = "Recommendations"
MEASURE_ID = "recommendation_progress"
# Extra columns beside the shared tidy ones: an assessment's words and whose it is.
EXTRA_COLUMNS = ("commentary", "lead", "la_code")


@dataclass(frozen=True)
class Recommendation:
    number: int
    theme: str  # a few words for headings and tables
    text: str  # the committee's words, in full
    measures: tuple[str, ...] = ()  # ids of the measures that evidence it (some may not exist yet)
    pages: tuple[str, ...] = ()  # pages (views/<name>.py) where its evidence is shown
    evidence: str = ""  # what else evidences it, in words


RECOMMENDATIONS = (
    Recommendation(
        1, "A strategic partnership approach",
        "That a strategic partnership approach to Contextualised Safeguarding is agreed and "
        "monitored through existing established multi-agency partnerships such as Safer "
        "Stockton Partnership, YOT Board, HSSCP and the Children and Young People's Board.",
        measures=("contextual_share",), pages=("contextual",),
        evidence="Reports to the Safer Stockton Partnership, YOT Board, HSSCP and the Children "
                 "and Young People's Board, and the share of work aimed at contexts.",
    ),
    Recommendation(
        2, "A consistent definition",
        "That a consistent definition of child criminal exploitation and contextual "
        "safeguarding is developed and adopted by all Stockton-on-Tees partners.",
        pages=("definitions",),
        evidence="The shared definitions every chart and export uses.",
    ),
    Recommendation(
        3, "Clear outcome measures",
        "That clear outcome measures are defined to measure success of interventions and "
        "approaches.",
        pages=("definitions",),
        evidence="The outcome measures of this dashboard, each defined once.",
    ),
    Recommendation(
        4, "Support for schools",
        "That support is provided for schools, in partnership with Hartlepool and "
        "Stockton-on-Tees Safeguarding Children Partnership (HSSCP), to promote understanding "
        "of contextualised safeguarding and relationships through the development and "
        "delivery of a programme of awareness raising and training supplemented with advice "
        "and guidance and clear routes into support.",
        measures=("schools_engaged",), pages=("programmes",),
    ),
    Recommendation(
        5, "Training for Children's Services staff",
        "That a training and support programme is delivered to Children's Services staff to "
        "enhance understanding of contextualised safeguarding and to help recognise and "
        "support young people who are being exploited or at risk of exploitation.",
        measures=("staff_trained",), pages=("programmes",),
    ),
    Recommendation(
        6, "Awareness for partners and Members",
        "That a programme of awareness raising is developed for key partners and elected "
        "Members.",
        measures=("partners_members_aware",), pages=("programmes",),
    ),
    Recommendation(
        7, "Community guardians",
        "That a community guardian programme is introduced within schools and communities "
        "across Stockton-on-Tees to provide wider community support.",
        measures=("community_guardians",), pages=("programmes",),
    ),
    Recommendation(
        8, "MACE capacity",
        "That multi-agency capacity to support MACE approach is strengthened through the "
        "strengthening of existing arrangements to meet need.",
        measures=("mace_children", "mace_contexts", "disruptions"), pages=("mace",),
    ),
    Recommendation(
        9, "Assessment, planning and direct work",
        "That assessment, planning and direct work with young people within Social Care and "
        "Help and Support is strengthened to meet the needs of children and young people who "
        "are being exploited or at risk through an option appraisal of how improvement in "
        "practice, better outcomes and a reduction in young people being exploited can be "
        "achieved.",
        measures=("child_risk_reduced", "days_to_intervention"), pages=("contextual",),
    ),
)
BY_NUMBER = {recommendation.number: recommendation for recommendation in RECOMMENDATIONS}


@dataclass(frozen=True)
class Progress:
    level: int
    label: str  # the contract's words: "Fully achieved"
    shape: str  # a shape beside the words, so status never rests on colour

    @property
    def status(self) -> str:
        return f"{self.shape} {self.label}"


# Labels come from the extract contract, so the upload, the template and the page agree.
_LABELS = {int(choice.value): choice.label
           for choice in CATALOGUE["recommendation_progress"].column("progress").choices}
SHAPES = {1: "●", 2: "▲", 3: "■", 4: "✕"}
PROGRESS = {level: Progress(level, _LABELS[level], SHAPES[level]) for level in sorted(_LABELS)}
NOT_ASSESSED = "○ Not yet assessed"


def status(level: object) -> str:
    """'● Fully achieved' for 1 ... '✕ Not achieved' for 4; 'Not yet assessed' for none."""
    try:
        return PROGRESS[int(level)].status
    except (TypeError, ValueError, KeyError):
        return NOT_ASSESSED


def recommendation_progress(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    where = standard_filters(query)
    frame = con.execute(
        f"""
        SELECT strftime(assessed_on, '%Y-%m-%d') AS period,
               CAST(recommendation AS VARCHAR) AS breakdown_value,
               CAST(progress AS INTEGER) AS value, commentary, lead, la_code
        FROM recommendation_progress WHERE {where.sql}
        ORDER BY period, recommendation, la_code
        """,
        where.params,
    ).df()
    return tidy(frame, MEASURE_ID, "recommendation", extras=EXTRA_COLUMNS)


def latest_assessments(frame: pd.DataFrame) -> pd.DataFrame:
    """Each recommendation's latest assessment (per authority) from the measure's rows: the one
    with the latest date; the history is every row."""
    if frame.empty:
        return frame
    by = ["la_code", "breakdown_value"] if "la_code" in frame else ["breakdown_value"]
    ordered = frame.sort_values([*by, "period"], kind="stable")
    return ordered.groupby(by, sort=False).tail(1).sort_values(by, kind="stable").reset_index(drop=True)


def progress_grid(frame: pd.DataFrame) -> pd.DataFrame:
    """Recommendation (index 1-9, every one) by assessment date (columns, oldest first): the
    progress level given at that assessment, NA where it was not assessed then."""
    levels = frame.assign(number=frame["breakdown_value"].astype(int)).pivot_table(
        index="number", columns="period", values="value", aggfunc="max")
    return levels.reindex(index=list(BY_NUMBER), columns=sorted(frame["period"].unique()))


MEASURES = (
    Measure(
        MEASURE_ID, "Progress on the review's recommendations",
        "The scrutiny monitoring of the review's nine recommendations: at each monitoring "
        "report a recommendation is rated 1 fully achieved, 2 on track, 3 slipped or 4 not "
        "achieved, with commentary and a lead. Each assessment is dated by its own day, not its "
        "quarter, so two assessments in one quarter both keep their place in the history; the "
        "quarter filter keeps the assessments dated in the chosen quarters. A recommendation's "
        "latest progress is its assessment with the latest date.",
        "Progress rating at the assessment (1 to 4)", "None (a rating)",
        "rating, 1 fully achieved to 4 not achieved", Better.DOWN,
        ("recommendation_progress",), ("recommendation",), Disclosure.NONE, SECTION,
        recommendation_progress, period_kind="date", kind=MeasureKind.EFFORT,
        plain="How far each of the review's nine recommendations has got, as rated at each "
              "monitoring report: fully achieved, on track, slipped or not achieved.",
    ),
)
