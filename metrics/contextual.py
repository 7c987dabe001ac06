"""Contextual versus individual change: is work aimed at the places, groups and spaces where
young people are harmed, and does risk fall for the contexts and the children it reaches?

Read from the `interventions`, `contexts`, `reviews` and `referrals` extracts, and, for reach
into places of harm, the police.uk crime summary rolled up to wards through `geography`.
Every look-back (a subject's first review, a child's first referral, a context's ward) reads all
current rows, not only those inside the filtered period: the filters choose which quarters are
reported, not which history counts.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from contracts.extracts import CONTEXTUAL_TARGET_LEVELS, INDIVIDUAL_TARGET_LEVELS, RISK_LEVELS
from contracts.periods import financial_quarter_sql
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, empty_tidy, tidy
from metrics.sql import Where, child_filters, standard_filters

SECTION = "Contextual versus individual change"

CONTEXTUAL = list(CONTEXTUAL_TARGET_LEVELS)
INDIVIDUAL = list(INDIVIDUAL_TARGET_LEVELS)
HOTSPOT_CRIME_TYPE = "Violence and sexual offences"
HOTSPOT_WARDS = 10
WINDOW_MONTHS = 12
# Risk levels as stored ('1'..'4') and as a reader sees them, for the movement matrix.
RISK_LABELS = {choice.value: choice.label for choice in RISK_LEVELS}
MOVEMENT_ARROW = " → "

BREAKDOWNS = {
    "total": "'All'",
    "authority": "la_code",
    "target_level": "target_level",
    "intervention_type": "intervention_type",
    "context_type": "context_type",
}
CHILD_FILTERS = ("la_codes", "period", "ward", "age_band", "sex", "harm_type")

# Interventions that have started: a 'planned' one has not, whatever start date it carries.
STARTED = "(SELECT * FROM interventions WHERE status IS DISTINCT FROM 'planned')"

# Every context with the ward it names and the ward of the LSOA it names (either may be blank).
CONTEXT_PLACES = """(
    SELECT c.*, g.ward_code AS lsoa_ward
    FROM contexts c LEFT JOIN geography g ON g.lsoa_code = c.lsoa_code
)"""


def _breakdown(query: Query, allowed: tuple[str, ...], default: str = "total") -> str:
    return query.breakdown if query.breakdown in allowed else default


def _ward_filter(query: Query, where: Where) -> Where:
    """A context is in the ward when it names the ward or an LSOA in it."""
    if query.ward:
        where.add("(ward_code = ? OR lsoa_ward = ?)", query.ward, query.ward)
    return where


# --- interventions -------------------------------------------------------------------


def contextual_share(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority"))
    where = standard_filters(query)
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE list_contains(?, target_level)) AS numerator,
               count(*) AS denominator
        FROM {STARTED} WHERE {where.sql} GROUP BY ALL
        """,
        [CONTEXTUAL, *where.params],
    ).df()
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return tidy(frame, "contextual_share", breakdown)


def interventions_by_level(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "target_level", "intervention_type"))
    where = standard_filters(query)
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) AS numerator, count(*) AS value
        FROM {STARTED} WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(frame, "interventions_by_level", breakdown)


# --- contexts ------------------------------------------------------------------------


def contexts_assessed(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "context_type"))
    where = _ward_filter(query, standard_filters(query))
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(DISTINCT context_id) AS numerator, count(DISTINCT context_id) AS value
        FROM {CONTEXT_PLACES} WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(frame, "contexts_assessed", breakdown)


# --- risk reviews --------------------------------------------------------------------

# One row per subject and quarter in which it was reviewed, once it has two or more reviews:
# its first review ever beside the last of its reviews in that quarter. Reviews on the same
# day are put in order by review_id. The subject's type of context rides along for breakdowns.
MOVEMENTS = """
    WITH ordered AS (
        SELECT la_code, subject_id, _period, review_date, review_id,
               CAST(risk_level AS INTEGER) AS level,
               row_number() OVER subject AS review_number,
               first_value(CAST(risk_level AS INTEGER)) OVER subject AS first_level
        FROM reviews WHERE subject_level = ?
        WINDOW subject AS (PARTITION BY la_code, subject_id ORDER BY review_date, review_id)
    ), last_in_quarter AS (
        SELECT * FROM ordered
        QUALIFY row_number() OVER (
            PARTITION BY la_code, subject_id, _period ORDER BY review_date DESC, review_id DESC
        ) = 1
    )
    SELECT q.la_code, q.subject_id, q._period AS period, q.first_level,
           q.level AS latest_level, c.context_type
    FROM last_in_quarter q
    LEFT JOIN (
        SELECT la_code, context_id, arg_max(context_type, identified_date) AS context_type
        FROM contexts GROUP BY ALL
    ) c ON c.la_code = q.la_code AND c.context_id = q.subject_id
    WHERE q.review_number >= 2
"""


def _risk_reduced(con, query: Query, measure_id: str, level: str, allowed: tuple[str, ...]) -> pd.DataFrame:
    breakdown = _breakdown(query, allowed)
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE latest_level < first_level) AS numerator,
               count(*) AS denominator
        FROM ({MOVEMENTS}) WHERE {where.sql} GROUP BY ALL
        """,
        [level, *where.params],
    ).df()
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return tidy(frame, measure_id, breakdown)


def context_risk_reduced(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _risk_reduced(con, query, "context_risk_reduced", "context",
                         ("total", "authority", "context_type"))


def child_risk_reduced(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _risk_reduced(con, query, "child_risk_reduced", "child", ("total", "authority"))


def risk_change_matrix(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    """Breakdown "child" or "context"; any other breakdown returns both, one after the other.
    A cell is named by its levels in words, first then latest: "High → Low"."""
    levels = [query.breakdown] if query.breakdown in ("child", "context") else ["child", "context"]
    where = standard_filters(query, period_column="period")
    frames = []
    for level in levels:
        frame = con.execute(
            f"""
            SELECT period, CAST(first_level AS VARCHAR) AS first_level,
                   CAST(latest_level AS VARCHAR) AS latest_level,
                   count(*) AS numerator, count(*) AS value
            FROM ({MOVEMENTS}) WHERE {where.sql} GROUP BY ALL
            """,
            [level, *where.params],
        ).df()
        if frame.empty:
            continue
        frame["breakdown_value"] = (frame["first_level"].map(RISK_LABELS) + MOVEMENT_ARROW
                                    + frame["latest_level"].map(RISK_LABELS))
        frames.append(tidy(frame, "risk_change_matrix", level))
    return pd.concat(frames, ignore_index=True) if frames else empty_tidy()


def movement_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The matrix's tidy rows as `period, from_level, to_level, value, suppressed`: the shape
    `ui.charts.matrix_chart` draws, with RISK_LABELS' values as its levels."""
    levels = frame["breakdown_value"].str.split(MOVEMENT_ARROW, n=1, expand=True, regex=False)
    return pd.DataFrame({
        "period": frame["period"].to_numpy(),
        "from_level": levels[0].to_numpy(),
        "to_level": levels[1].to_numpy(),
        "value": frame["value"].to_numpy(),
        "suppressed": frame["suppressed"].to_numpy(),
    })


# --- from referral to intervention ---------------------------------------------------

# Each child's first referral (ties on the same day put in order by referral_id), and the first
# intervention that started on or after it, aimed at the child or family, or at a context that
# one of the child's referrals had named by the day the intervention started.
FIRST_RESPONSE = f"""
    WITH firsts AS (
        SELECT * FROM referrals
        QUALIFY row_number() OVER (
            PARTITION BY la_code, child_id ORDER BY referral_date, referral_id
        ) = 1
    ), named AS (
        SELECT la_code, child_id, referral_date AS named_on, unnest(context_ids) AS context_id
        FROM referrals
    ), on_child AS (
        SELECT f.la_code, f.child_id, i.start_date
        FROM firsts f JOIN {STARTED} i
          ON i.la_code = f.la_code AND i.target_id = f.child_id AND list_contains(?, i.target_level)
         AND i.start_date >= f.referral_date
    ), on_context AS (
        SELECT f.la_code, f.child_id, i.start_date
        FROM firsts f
        JOIN named n ON n.la_code = f.la_code AND n.child_id = f.child_id
        JOIN {STARTED} i
          ON i.la_code = f.la_code AND i.target_id = n.context_id AND list_contains(?, i.target_level)
         AND i.start_date >= n.named_on  -- named on a referral, so never before the first
    ), first_interventions AS (
        SELECT la_code, child_id, min(start_date) AS first_start
        FROM (SELECT * FROM on_child UNION ALL SELECT * FROM on_context) GROUP BY ALL
    )
    SELECT f.*, date_diff('day', f.referral_date, fi.first_start) AS days
    FROM firsts f LEFT JOIN first_interventions fi USING (la_code, child_id)
"""


def days_to_intervention(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority"))
    where = child_filters(query, standard_filters(query))
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               median(days) AS value, count(days) AS numerator, count(*) AS denominator
        FROM ({FIRST_RESPONSE}) WHERE {where.sql} GROUP BY ALL
        """,
        [INDIVIDUAL, CONTEXTUAL, *where.params],
    ).df()
    return tidy(frame, "days_to_intervention", breakdown)


# --- reach into places of harm -------------------------------------------------------

HOTSPOTS = f"""
    WITH ward_months AS (
        SELECT g.la_code, g.ward_code, s.month, CAST(s.month || '-01' AS DATE) AS month_start,
               sum(s.crimes) FILTER (WHERE s.crime_type = ?) AS violence
        FROM sum_crime_month_lsoa s JOIN geography g ON g.lsoa_code = s.lsoa_code
        GROUP BY ALL
    ), loaded AS (
        SELECT DISTINCT la_code, month_start FROM ward_months
    ), windows AS (
        SELECT la_code, {financial_quarter_sql("month_start")} AS period,
               month_start - INTERVAL (? - 1) MONTH AS window_start,
               last_day(month_start) AS window_end
        FROM loaded WHERE month(month_start) IN (3, 6, 9, 12)
    ), complete AS (
        SELECT w.* FROM windows w
        WHERE (SELECT count(*) FROM loaded m WHERE m.la_code = w.la_code
               AND m.month_start BETWEEN w.window_start AND w.window_end) = ?
    ), top_wards AS (
        SELECT w.la_code, w.period, w.window_start, w.window_end, c.ward_code,
               sum(c.violence) AS violence
        FROM complete w JOIN ward_months c
          ON c.la_code = w.la_code AND c.month_start BETWEEN w.window_start AND w.window_end
        GROUP BY w.la_code, w.period, w.window_start, w.window_end, c.ward_code
        HAVING sum(c.violence) > 0
        QUALIFY row_number() OVER (
            PARTITION BY w.la_code, w.period ORDER BY sum(c.violence) DESC, c.ward_code
        ) <= ?
    )
    SELECT t.*, (
        EXISTS (
            SELECT 1 FROM {CONTEXT_PLACES} x
            WHERE x.la_code = t.la_code AND t.ward_code IN (x.ward_code, x.lsoa_ward)
              AND x.identified_date BETWEEN t.window_start AND t.window_end
        ) OR EXISTS (
            SELECT 1 FROM {STARTED} i JOIN {CONTEXT_PLACES} x
              ON x.la_code = i.la_code AND x.context_id = i.target_id
            WHERE i.la_code = t.la_code AND list_contains(?, i.target_level)
              AND t.ward_code IN (x.ward_code, x.lsoa_ward)
              AND i.start_date <= t.window_end
              AND (i.end_date IS NULL OR i.end_date >= t.window_start)
        )
    ) AS reached
    FROM top_wards t
"""


def hotspot_reach(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority"))
    where = standard_filters(query, period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE reached) AS numerator, count(*) AS denominator
        FROM ({HOTSPOTS}) WHERE {where.sql} GROUP BY ALL
        """,
        [HOTSPOT_CRIME_TYPE, WINDOW_MONTHS, WINDOW_MONTHS, HOTSPOT_WARDS, CONTEXTUAL,
         *where.params],
    ).df()
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return tidy(frame, "hotspot_reach", breakdown)


# --- declarations --------------------------------------------------------------------

REVIEW_RULE = (
    "A subject is counted in every financial quarter in which it has a review, once it has had "
    "at least two reviews: the last of its reviews in that quarter is compared with its first "
    "review ever (reviews before the chosen period still count as the first). A subject with "
    "one review only is not counted. Reviews on the same day are ordered by review_id."
)
STARTED_RULE = (
    "An intervention belongs to the financial quarter of its start date (31 March is Q4, "
    "1 April is Q1 of the next year); interventions with status 'planned' have not started "
    "and are not counted."
)


def _measure(id_, title, definition, numerator, denominator, unit, better, compute, breakdowns,
             extracts, disclosure=Disclosure.CHILDREN, filters=("la_codes", "period"), *,
             kind: MeasureKind, plain: str) -> Measure:
    return Measure(id_, title, definition, numerator, denominator, unit, better, extracts,
                   breakdowns, disclosure, SECTION, compute, filters=filters, kind=kind,
                   plain=plain)


MEASURES = (
    _measure(
        "contextual_share", "Contextual share of interventions",
        "Percentage of interventions started in the quarter whose target is a context (a peer "
        "group, school, location, online space, business or community) rather than a child or "
        f"family. {STARTED_RULE} A higher share means more work aimed at the places and groups "
        "where harm happens, as the review recommends.",
        "Interventions started in the quarter with a contextual target level",
        "All interventions started in the quarter", "%", Better.UP, contextual_share,
        ("total", "authority"), ("interventions",),
        kind=MeasureKind.EFFORT, plain=(
            "The share of new interventions aimed at the places and groups where harm happens, "
            "rather than at a child or family alone."
        ),
    ),
    _measure(
        "interventions_by_level", "Interventions by target level",
        f"Interventions started in the quarter, by who or what they target (child, family, peer "
        f"group, school, location, online space, business, community) or by type. {STARTED_RULE}",
        "Interventions started in the quarter", "None (a count)", "interventions",
        Better.NEITHER, interventions_by_level,
        ("total", "authority", "target_level", "intervention_type"), ("interventions",),
        kind=MeasureKind.EFFORT, plain=(
            "How many interventions started, by who or what they were aimed at: a child, a "
            "family, a peer group, a school, a place, an online space, a business or a community."
        ),
    ),
    _measure(
        "contexts_assessed", "Contexts assessed",
        "Distinct contexts (peer groups, schools, locations, online spaces, businesses) "
        "identified for assessment in the quarter of their identified date. The ward filter "
        "keeps contexts that name the ward or an LSOA in it (through the geography lookup).",
        "Distinct context_id identified in the quarter", "None (a count)", "contexts",
        Better.NEITHER, contexts_assessed, ("total", "authority", "context_type"),
        ("contexts",), filters=("la_codes", "period", "ward"),
        kind=MeasureKind.EFFORT, plain=(
            "How many places, peer groups, schools, online spaces and businesses were identified "
            "for an assessment of how safe they are for children."
        ),
    ),
    _measure(
        "context_risk_reduced", "Contexts with reduced risk",
        "Percentage of contexts reviewed in the quarter, with two or more reviews by then, whose "
        f"latest risk level is lower than at their first review (1 low to 4 very high). {REVIEW_RULE}",
        "Contexts whose latest level in the quarter is lower than their first",
        "Contexts reviewed in the quarter with two or more reviews", "%", Better.UP,
        context_risk_reduced, ("total", "authority", "context_type"), ("reviews", "contexts"),
        kind=MeasureKind.CHANGE, plain=(
            "Of the places and groups reviewed more than once, the share judged lower risk now "
            "than at their first review."
        ),
    ),
    _measure(
        "child_risk_reduced", "Children with reduced risk",
        "Percentage of children reviewed in the quarter, with two or more exploitation risk "
        "reviews by then, whose latest risk level is lower than at their first review (1 low to "
        f"4 very high). {REVIEW_RULE}",
        "Children whose latest level in the quarter is lower than their first",
        "Children reviewed in the quarter with two or more reviews", "%", Better.UP,
        child_risk_reduced, ("total", "authority"), ("reviews",),
        kind=MeasureKind.CHANGE, plain=(
            "Of the children whose risk of exploitation was reviewed more than once, the share "
            "judged lower risk now than at their first review."
        ),
    ),
    _measure(
        "risk_change_matrix", "Risk movement",
        "Children (breakdown 'child') or contexts (breakdown 'context') reviewed in the quarter "
        "with two or more reviews, counted by risk level at their first review and at the last "
        "review in the quarter: 'High → Low' was high at first review and is low now. Cells on the diagonal "
        f"did not move; cells with no one are left out (zero). {REVIEW_RULE}",
        "Subjects moving from the first level to the latest", "None (a count)",
        "children or contexts", Better.NEITHER, risk_change_matrix, ("child", "context"),
        ("reviews",),
        kind=MeasureKind.CHANGE, plain=(
            "How many children, or places and groups, moved between risk levels from their first "
            "review to their latest, and how many stayed at the same level."
        ),
    ),
    _measure(
        "days_to_intervention", "Days from referral to first intervention",
        "Median days, per child, from the child's first referral (ever, not only in the chosen "
        "period) to the first intervention that started on or after it and is aimed at the child "
        "or family (target_id = child_id), or at a context that one of the child's referrals had "
        "named by the day it started (referrals.context_ids). A same-day start is 0 days. Each "
        "child counts once, in the quarter of the first referral; a later referral of the same "
        "child does not restart the clock. Children with no such intervention yet are left out "
        "of the median (numerator: children with one; denominator: children first referred), so "
        "recent quarters can change as interventions are loaded. Planned interventions do not "
        "count. Ward, age, sex and harm filters apply to the first referral.",
        "Children first referred in the quarter who have had an intervention (the median is "
        "over them)",
        "Children first referred in the quarter", "days", Better.DOWN, days_to_intervention,
        ("total", "authority"), ("referrals", "interventions"), filters=CHILD_FILTERS,
        kind=MeasureKind.EFFORT, plain=(
            "How many days children typically waited from their first referral to the first help "
            "aimed at them, their family, or a place or group they were linked to."
        ),
    ),
    _measure(
        "hotspot_reach", "Reach into places of harm",
        f"Of each authority's top {HOTSPOT_WARDS} wards by police-recorded '{HOTSPOT_CRIME_TYPE}' "
        f"in the {WINDOW_MONTHS} months to the end of the quarter (police.uk LSOAs rolled up to "
        "wards through the geography lookup; ties broken by ward code; wards with none "
        "recorded are not ranked), the percentage with an active contextual assessment (a "
        "context identified in those 12 months naming the ward or an LSOA in it) or an active "
        "contextual intervention (aimed at a context in the ward, started by the quarter's end "
        "and not ended before the 12 months began). A quarter is shown only when all 12 months "
        "of its police data are loaded. Not suppressed: it counts wards, never children or "
        "contexts, and names no ward, so no child can be picked out from it.",
        "Top wards with an active contextual assessment or intervention",
        f"Top {HOTSPOT_WARDS} wards by recorded violence (fewer if fewer wards record any)", "%",
        Better.UP, hotspot_reach, ("total", "authority"),
        ("police_street_crime", "geography", "contexts", "interventions"),
        disclosure=Disclosure.NONE,
        kind=MeasureKind.EFFORT, plain=(
            "Of the ten wards with the most violence recorded by the police, the share where work"
            " is under way to make a place or group there safer."
        ),
    ),
)
