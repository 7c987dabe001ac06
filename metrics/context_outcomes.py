"""Contexts as outcomes in their own right: goals set for a context, re-assessment of the same
indicators, and the children whose referrals named a context that became safer.

Read from the `context_assessments` and `context_goals` extracts, with `contexts` (their type),
`reviews` (risk levels of contexts and children) and `referrals` (which contexts a child's
referrals named). As in `metrics.contextual`, look-backs (a context's first assessment, a
child's first review) read every current row, not only those in the filtered period.

Disclosure: these measures count contexts of every type together, and a peer group is a handful
of young people, so a small count of contexts may be a small count of children: every figure
here follows the children's rule (see each definition).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from contracts.extracts import CONTEXT_DOMAINS, CONTEXT_TYPES
from contracts.periods import financial_quarter_sql
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, tidy
from metrics.sql import standard_filters

SECTION = "Contexts as outcomes"

DOMAIN_LABELS = {choice.value: choice.label for choice in CONTEXT_DOMAINS}
CONTEXT_TYPE_LABELS = {choice.value: choice.label for choice in CONTEXT_TYPES}
SAFER, NOT_SAFER = (
    "Linked to a context that became safer",
    "Linked only to contexts that did not",
)
JUDGED_STATUSES = ["met", "partly_met", "not_met"]

BREAKDOWNS = {
    "total": "'All'",
    "authority": "la_code",
    "context_type": "context_type",
    "domain": "domain",
}
LABELS = {"context_type": CONTEXT_TYPE_LABELS, "domain": DOMAIN_LABELS}


def _breakdown(query: Query, allowed: tuple[str, ...]) -> str:
    return query.breakdown if query.breakdown in allowed else "total"


def _labelled(frame: pd.DataFrame, breakdown: str) -> pd.DataFrame:
    """Domains and context types as a reader says them ("School or setting culture")."""
    if breakdown in LABELS:
        frame["breakdown_value"] = frame["breakdown_value"].map(
            lambda value: LABELS[breakdown].get(value, value))
    return frame


def _share(frame: pd.DataFrame) -> pd.DataFrame:
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return frame


# --- goals ---------------------------------------------------------------------------------

# Each context assessed in a quarter, once per quarter, with its type and whether a goal had been
# set for it by the end of that quarter (a goal's _period is the quarter of its set date).
ASSESSED_WITH_GOALS = """
    SELECT a.la_code, a.context_id, a._period AS period, c.context_type,
           EXISTS (SELECT 1 FROM context_goals g
                   WHERE g.la_code = a.la_code AND g.context_id = a.context_id
                     AND g._period <= a._period) AS has_goal
    FROM (SELECT DISTINCT la_code, context_id, _period FROM context_assessments) a
    LEFT JOIN (SELECT DISTINCT la_code, context_id, context_type FROM contexts) c
      USING (la_code, context_id)
"""


def contexts_with_goals(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "context_type"))
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE has_goal) AS numerator, count(*) AS denominator
        FROM ({ASSESSED_WITH_GOALS}) WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(_labelled(_share(frame), breakdown), "contexts_with_goals", breakdown)


# Goals judged met, partly met or not met, in the quarter of their closed date.
CLOSED_GOALS = f"""
    SELECT *, {financial_quarter_sql("closed_date")} AS period FROM context_goals
    WHERE list_contains(?, status) AND closed_date IS NOT NULL
"""


def context_goals_met(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "domain"))
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE status = 'met') AS numerator, count(*) AS denominator
        FROM ({CLOSED_GOALS}) WHERE {where.sql} GROUP BY ALL
        """,
        [JUDGED_STATUSES, *where.params],
    ).df()
    return tidy(_labelled(_share(frame), breakdown), "context_goals_met", breakdown)


# --- re-assessment -------------------------------------------------------------------------


def _score_movements(by_domain: bool) -> str:
    """One row per context (and domain) and quarter in which it was assessed, once it has been
    assessed at least twice: the mean score of its first assessment ever beside the mean of the
    last assessment in that quarter. Assessments on the same day are ordered by assessment_id."""
    domain = "domain" if by_domain else "'All'"
    return f"""
        WITH assessments AS (
            SELECT la_code, context_id, assessment_id, {domain} AS domain,
                   min(assessment_date) AS day, min(_period) AS period, avg(score) AS score
            FROM context_assessments GROUP BY ALL
        ), ordered AS (
            SELECT *, row_number() OVER context AS assessment_number,
                   first_value(score) OVER context AS first_score
            FROM assessments
            WINDOW context AS (PARTITION BY la_code, context_id, domain ORDER BY day, assessment_id)
        )
        SELECT o.la_code, o.context_id, o.domain, o.period, o.first_score,
               o.score AS latest_score, c.context_type
        FROM ordered o
        LEFT JOIN (SELECT DISTINCT la_code, context_id, context_type FROM contexts) c
          USING (la_code, context_id)
        WHERE o.assessment_number >= 2
        QUALIFY row_number() OVER (
            PARTITION BY o.la_code, o.context_id, o.domain, o.period
            ORDER BY o.day DESC, o.assessment_id DESC
        ) = 1
    """


def context_safety_change(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "domain"))
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               avg(latest_score - first_score) AS value, count(*) AS numerator
        FROM ({_score_movements(breakdown == "domain")}) WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(_labelled(frame, breakdown), "context_safety_change", breakdown)


def contexts_safer(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "context_type"))
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE latest_score > first_score) AS numerator,
               count(*) AS denominator
        FROM ({_score_movements(False)}) WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(_labelled(_share(frame), breakdown), "contexts_safer", breakdown)


# --- children in contexts that became safer ------------------------------------------------

# A context improved when the mean score of its latest assessment is above its first, or its
# latest risk review is lower than its first; it did not when it was assessed or reviewed twice
# and neither happened. Contexts seen once only are not judged.
CONTEXT_IMPROVED = """
    SELECT la_code, context_id, bool_or(improved) AS improved FROM (
        SELECT la_code, context_id,
               arg_max(score, (day, assessment_id)) > arg_min(score, (day, assessment_id)) AS improved
        FROM (SELECT la_code, context_id, assessment_id, min(assessment_date) AS day,
                     avg(score) AS score
              FROM context_assessments GROUP BY ALL)
        GROUP BY ALL HAVING count(*) >= 2
        UNION ALL
        SELECT la_code, subject_id AS context_id,
               arg_max(CAST(risk_level AS INTEGER), (review_date, review_id))
               < arg_min(CAST(risk_level AS INTEGER), (review_date, review_id)) AS improved
        FROM reviews WHERE subject_level = 'context'
        GROUP BY ALL HAVING count(*) >= 2
    ) GROUP BY ALL
"""

# Each child reviewed at least twice, with the day of their latest review, whether their latest
# risk level is below their first, and whether any context their referrals named improved.
CHILDREN_BY_CONTEXT_CHANGE = f"""
    WITH children AS (
        SELECT la_code, subject_id AS child_id, max(review_date) AS latest_review,
               arg_max(CAST(risk_level AS INTEGER), (review_date, review_id))
               < arg_min(CAST(risk_level AS INTEGER), (review_date, review_id)) AS risk_fell
        FROM reviews WHERE subject_level = 'child'
        GROUP BY ALL HAVING count(*) >= 2
    ), named AS (
        SELECT DISTINCT la_code, child_id, unnest(context_ids) AS context_id FROM referrals
    ), linked AS (
        SELECT n.la_code, n.child_id, bool_or(x.improved) AS any_improved
        FROM named n JOIN ({CONTEXT_IMPROVED}) x USING (la_code, context_id)
        GROUP BY ALL
    )
    SELECT c.*, l.any_improved FROM children c JOIN linked l USING (la_code, child_id)
"""

# Every quarter with a child's risk review, and the twelve months that end with it.
REVIEW_YEARS = """
    WITH quarters AS (
        SELECT DISTINCT _period AS period,
               make_date(CAST(left(_period, 4) AS INTEGER), 4, 1)
               + INTERVAL (3 * (CAST(right(_period, 1) AS INTEGER) - 1)) MONTH AS quarter_start
        FROM reviews WHERE subject_level = 'child'
    )
    SELECT period, CAST(quarter_start + INTERVAL 3 MONTH - INTERVAL 12 MONTH AS DATE) AS year_start,
           CAST(quarter_start + INTERVAL 3 MONTH AS DATE) AS year_after
    FROM quarters
"""


def children_in_safer_contexts(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT q.period, CASE WHEN c.any_improved THEN ? ELSE ? END AS breakdown_value,
               count(*) FILTER (WHERE c.risk_fell) AS numerator, count(*) AS denominator
        FROM ({REVIEW_YEARS}) q JOIN ({CHILDREN_BY_CONTEXT_CHANGE}) c
          ON c.latest_review >= q.year_start AND c.latest_review < q.year_after
        WHERE {where.sql} GROUP BY ALL
        """,
        [SAFER, NOT_SAFER, *where.params],
    ).df()
    return tidy(_share(frame), "children_in_safer_contexts", "context_change")


# --- declarations --------------------------------------------------------------------------

CONTEXT_DISCLOSURE = (
    "Counts contexts of every type together; a peer group is a handful of young people, so "
    "small counts follow the children's rule (places and businesses alone would not need it, "
    "but a total or a domain holding peer groups would let them be worked out)."
)
ASSESSMENT_RULE = (
    "A context's score at an assessment is the mean of its indicator scores (1 least safe to "
    "5 safest). A context is counted in every financial quarter in which it is assessed, once "
    "it has been assessed at least twice: its last assessment in that quarter is compared with "
    "its first ever (assessments before the chosen period still count as the first). "
    "Assessments on the same day are ordered by assessment_id."
)


def _measure(id_, title, definition, numerator, denominator, unit, better, compute, breakdowns,
             extracts, kind, *, plain: str) -> Measure:
    return Measure(id_, title, definition, numerator, denominator, unit, better, extracts,
                   breakdowns, Disclosure.CHILDREN, SECTION, compute, kind=kind, plain=plain)


MEASURES = (
    _measure(
        "contexts_with_goals", "Contexts assessed with a goal",
        "Of the contexts assessed in the quarter, the percentage that had at least one goal set "
        "for them by the quarter's end. Each context counts once a quarter however many of its "
        "indicators were scored; a goal counts whatever its status, withdrawn included. This is "
        f"effort (planning), not change. {CONTEXT_DISCLOSURE}",
        "Contexts assessed in the quarter with a goal set by the quarter's end",
        "Contexts assessed in the quarter", "%", Better.UP, contexts_with_goals,
        ("total", "authority", "context_type"),
        ("context_assessments", "context_goals", "contexts"), MeasureKind.EFFORT,
        plain=(
            "Of the places and groups assessed, the share given at least one goal to make them "
            "safer: a plan, not yet a result."
        ),
    ),
    _measure(
        "context_goals_met", "Context goals met",
        "Of the goals for contexts closed in the quarter, the percentage that were met. A goal "
        "belongs to the quarter of its closed date; goals met, partly met or not met are "
        "counted, and a partly met goal is not met. Withdrawn goals, open goals and goals with "
        f"no closed date are left out. {CONTEXT_DISCLOSURE}",
        "Goals closed in the quarter as met",
        "Goals closed in the quarter as met, partly met or not met", "%", Better.UP,
        context_goals_met, ("total", "authority", "domain"), ("context_goals",),
        MeasureKind.CHANGE,
        plain=(
            "Of the goals set to make places and groups safer that were closed, the share that "
            "were met."
        ),
    ),
    _measure(
        "context_safety_change", "Change in context safety score",
        "How much safer contexts scored at their latest re-assessment than at their first, on "
        "average, in points on the 1 to 5 scale (above 0 is safer). By domain, only the "
        f"indicators of that domain are compared. {ASSESSMENT_RULE} The count beside each value "
        f"is the contexts compared. {CONTEXT_DISCLOSURE}",
        "Sum of (latest mean score - first mean score) over the contexts compared",
        "Contexts assessed in the quarter, assessed at least twice by then", "points",
        Better.UP, context_safety_change, ("total", "authority", "domain"),
        ("context_assessments",), MeasureKind.CHANGE,
        plain=(
            "How much safer places and groups were scored at their latest assessment than at "
            "their first, on average, on a scale from 1 (least safe) to 5 (safest)."
        ),
    ),
    _measure(
        "contexts_safer", "Contexts that became safer",
        "Of the contexts re-assessed in the quarter, the percentage whose mean score is higher "
        f"than at their first assessment. {ASSESSMENT_RULE} {CONTEXT_DISCLOSURE}",
        "Contexts whose latest mean score in the quarter is above their first",
        "Contexts assessed in the quarter, assessed at least twice by then", "%", Better.UP,
        contexts_safer, ("total", "authority", "context_type"),
        ("context_assessments", "contexts"), MeasureKind.CHANGE,
        plain=(
            "Of the places and groups assessed more than once, the share scored safer at their "
            "latest assessment than at their first."
        ),
    ),
    _measure(
        "children_in_safer_contexts", "Children whose risk fell, by what happened to their contexts",
        "Of children whose referrals named a context that became safer, the percentage whose own "
        "risk fell, beside the same percentage for children whose named contexts did not: an "
        "association, not proof that the context's change caused the child's. A context became "
        "safer when its latest assessment's mean score is above its first, or its latest risk "
        "review is lower than its first; contexts assessed and reviewed only once are not "
        "judged, and children linked only to them are left out. Each quarter counts the "
        "children reviewed at least twice whose latest risk review fell in the twelve months "
        "to the quarter's end (a year, so that the groups are big enough to compare); their "
        "risk fell when that review's level is below their first. All loaded assessments and "
        "reviews are used, whatever the period chosen. Counts children, so the children's rule applies.",
        "Children in the group whose latest risk level is below their first",
        "Children in the group (reviewed at least twice, latest review in the 12 months, "
        "linked to a judged context)", "%",
        Better.UP, children_in_safer_contexts, ("context_change",),
        ("referrals", "reviews", "context_assessments"), MeasureKind.CHANGE,
        plain=(
            "Whether children's own risk fell more often where the places and groups they were "
            "linked to became safer: a link, not proof that one caused the other."
        ),
    ),
)
