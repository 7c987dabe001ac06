"""MACE hub and disruption (recommendation 8): who and what the multi-agency child exploitation
hub discusses, how long subjects stay on it, whether the children it discusses are known to the
front door and to interventions, and the disruption activity against exploitation.

Read from the `mace` and `disruptions` extracts, and, for the join, `referrals` and
`interventions`. A subject is its `subject_id` within an authority (pseudonyms belong to one
authority's systems, so the same id in two authorities is two subjects). Every look-back (a
subject's first discussion, a child's referrals and interventions) reads all current rows, not
only those inside the filtered period: the filters choose which quarters are reported, not which
history counts.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from contracts.extracts import INDIVIDUAL_TARGET_LEVELS
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, tidy
from metrics.sql import standard_filters

SECTION = "MACE hub and disruption"

CONTEXT_LEVELS = ["context", "peer_group"]
INDIVIDUAL = list(INDIVIDUAL_TARGET_LEVELS)
# The two records a MACE child is looked up in, as the "record" breakdown names them.
RECORDS = ("referral", "intervention")

BREAKDOWNS = {
    "total": "'All'",
    "authority": "la_code",
    "discussion": "discussion",
    "subject_level": "subject_level",
    "status": "status",
    "type": "type",
    "record": "record",
}


def _breakdown(query: Query, allowed: tuple[str, ...]) -> str:
    return query.breakdown if query.breakdown in allowed else "total"


# --- children and contexts discussed ---------------------------------------------------

# One row per subject and quarter in which it was discussed. A subject with a 'new' discussion
# in the quarter is "new" there; one discussed only at reviews is "review"; one whose
# discussions in the quarter record neither is left blank ("Not recorded"). So the breakdown's
# cells add up to the quarter's total and disclosure control can protect them together. The
# subject's level is the one recorded at its latest discussion in the quarter.
SUBJECT_QUARTERS = """
    SELECT la_code, subject_id, _period,
           arg_max(subject_level, (meeting_date, discussion_id)) AS subject_level,
           CASE WHEN bool_or(discussion = 'new') THEN 'new'
                WHEN bool_or(discussion = 'review') THEN 'review' END AS discussion
    FROM mace WHERE list_contains(?, subject_level) AND {where}
    GROUP BY la_code, subject_id, _period
"""


def _discussed(con, query: Query, measure_id: str, levels: list[str],
               allowed: tuple[str, ...]) -> pd.DataFrame:
    breakdown = _breakdown(query, allowed)
    where = standard_filters(query)
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) AS numerator, count(*) AS value
        FROM ({SUBJECT_QUARTERS.format(where=where.sql)}) GROUP BY ALL
        """,
        [levels, *where.params],
    ).df()
    return tidy(frame, measure_id, breakdown)


def mace_children(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _discussed(con, query, "mace_children", ["child"], ("total", "authority", "discussion"))


def mace_contexts(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _discussed(con, query, "mace_contexts", CONTEXT_LEVELS,
                      ("total", "authority", "discussion", "subject_level"))


# --- time on MACE --------------------------------------------------------------------

# Every discussion with the episode it belongs to: a subject's episode on MACE starts at its
# first discussion, or at its first discussion after one marked closed, and ends at the next
# discussion marked closed. Discussions on the same day are put in order by discussion_id.
# Then one row per subject and quarter, as at its last discussion in the quarter: closed there,
# it was on MACE from the start of that episode to that discussion; still open, it was on MACE
# from the start of the episode to the authority's last MACE meeting of the quarter.
TIME_ON_MACE = """
    WITH ordered AS (
        SELECT *, coalesce(sum(CAST(coalesce(closed, false) AS INTEGER)) OVER (
                      PARTITION BY la_code, subject_id ORDER BY meeting_date, discussion_id
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS episode
        FROM mace
    ), dated AS (
        SELECT *, min(meeting_date) OVER (PARTITION BY la_code, subject_id, episode) AS episode_start
        FROM ordered
    ), last_in_quarter AS (
        SELECT * FROM dated
        QUALIFY row_number() OVER (
            PARTITION BY la_code, subject_id, _period ORDER BY meeting_date DESC, discussion_id DESC
        ) = 1
    ), meetings AS (
        SELECT la_code, _period, max(meeting_date) AS last_meeting FROM mace GROUP BY ALL
    )
    SELECT s.la_code, s.subject_id, s.subject_level, s._period,
           CASE WHEN coalesce(s.closed, false) THEN 'closed' ELSE 'open' END AS status,
           date_diff('day', s.episode_start,
                     CASE WHEN coalesce(s.closed, false) THEN s.meeting_date ELSE m.last_meeting END
           ) AS days
    FROM last_in_quarter s JOIN meetings m USING (la_code, _period)
"""


def time_on_mace(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "subject_level", "status"))
    where = standard_filters(query)
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               median(days) AS value, count(*) AS numerator
        FROM ({TIME_ON_MACE}) WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(frame, "time_on_mace", breakdown)


# --- MACE children in referrals and interventions ----------------------------------

# One row per child discussed at MACE in a quarter, as at the child's last discussion there:
# whether the referrals extract holds a referral of the child dated on or before it, and whether
# the interventions extract holds an intervention aimed at the child or the child's family
# (target_id = child_id) that had started by then (planned ones have not started).
KNOWN_CHILDREN = """
    WITH discussed AS (
        SELECT la_code, subject_id AS child_id, _period, max(meeting_date) AS last_discussed
        FROM mace WHERE subject_level = 'child' GROUP BY ALL
    )
    SELECT d.*,
        EXISTS (
            SELECT 1 FROM referrals r
            WHERE r.la_code = d.la_code AND r.child_id = d.child_id
              AND r.referral_date <= d.last_discussed
        ) AS referral,
        EXISTS (
            SELECT 1 FROM interventions i
            WHERE i.la_code = d.la_code AND i.target_id = d.child_id
              AND list_contains(?, i.target_level) AND i.status IS DISTINCT FROM 'planned'
              AND i.start_date <= d.last_discussed
        ) AS intervention
    FROM discussed d
"""


def mace_children_known(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    """Breakdown "record": one row for referral and one for intervention (a child can be in
    both, so they do not add up); the total counts a child found in either."""
    breakdown = _breakdown(query, ("total", "authority", "record"))
    where = standard_filters(query)
    if breakdown == "record":
        found = "CASE record WHEN 'referral' THEN referral ELSE intervention END"
        source = f"({KNOWN_CHILDREN}) CROSS JOIN (SELECT unnest(?) AS record)"
        params = [INDIVIDUAL, list(RECORDS), *where.params]
    else:
        found = "referral OR intervention"
        source = f"({KNOWN_CHILDREN})"
        params = [INDIVIDUAL, *where.params]
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE {found}) AS numerator, count(*) AS denominator
        FROM {source} WHERE {where.sql} GROUP BY ALL
        """,
        params,
    ).df()
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return tidy(frame, "mace_children_known", breakdown)


# --- disruption ----------------------------------------------------------------------


def disruptions(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "type"))
    where = standard_filters(query)
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) AS numerator, count(*) AS value
        FROM disruptions WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(frame, "disruptions", breakdown)


# --- declarations --------------------------------------------------------------------

QUARTER_RULE = (
    "A discussion belongs to the financial quarter of its meeting date (31 March is Q4, 1 April "
    "is Q1 of the next year)."
)
NEW_OR_REVIEW = (
    "By discussion, a subject is 'new' in a quarter when any of its discussions there was "
    "recorded as new, 'review' when all recorded were reviews, and 'Not recorded' when none "
    "says, so the groups add up to the total."
)


def _measure(id_, title, definition, numerator, denominator, unit, better, compute, breakdowns,
             extracts=("mace",), disclosure=Disclosure.CHILDREN, *,
             kind: MeasureKind, plain: str) -> Measure:
    return Measure(id_, title, definition, numerator, denominator, unit, better, extracts,
                   breakdowns, disclosure, SECTION, compute, filters=("la_codes", "period"),
                   kind=kind, plain=plain)


MEASURES = (
    _measure(
        "mace_children", "Children discussed at MACE",
        "Distinct children (subject level 'child', by pseudonymised id within an authority) "
        f"discussed at the MACE hub in the quarter, whether new or at review; a child discussed "
        f"at several meetings in the quarter counts once. {NEW_OR_REVIEW} {QUARTER_RULE}",
        "Distinct children discussed in the quarter", "None (a count)", "children",
        Better.NEITHER, mace_children, ("total", "authority", "discussion"),
        kind=MeasureKind.EFFORT, plain=(
            "How many different children were discussed at the multi-agency child exploitation "
            "(MACE) meeting, as new cases or at review."
        ),
    ),
    _measure(
        "mace_contexts", "Contexts discussed at MACE",
        "Distinct contexts and peer groups (recorded as a context or a peer group) discussed "
        "at the MACE hub in the quarter; each counts once however often it was discussed. "
        "Persons of concern are not counted. By subject level, a subject recorded at both "
        f"levels in a quarter takes the level of its latest discussion. {NEW_OR_REVIEW} "
        f"{QUARTER_RULE} Suppressed like children: a peer group or school of 1 to 7 is a few "
        "identifiable young people.",
        "Distinct contexts and peer groups discussed in the quarter", "None (a count)",
        "contexts", Better.NEITHER, mace_contexts,
        ("total", "authority", "discussion", "subject_level"),
        kind=MeasureKind.EFFORT, plain=(
            "How many places and peer groups were discussed at the multi-agency child "
            "exploitation (MACE) meeting."
        ),
    ),
    _measure(
        "time_on_mace", "Time on MACE",
        "Median days on MACE of the subjects (children, contexts, peer groups and persons of "
        "concern) discussed in the quarter, each counted once, as at its last discussion in the "
        "quarter. A subject's episode on MACE starts at its first discussion (or its first after "
        "one marked closed) and ends at the discussion marked closed. A subject whose last "
        "discussion in the quarter closed it ('closed') counts the days from the start of that "
        "episode to the closing discussion: its whole time on MACE. A subject still open "
        "('open') counts the days from the start of its episode to the authority's last MACE "
        "meeting in the quarter: its time so far. Closed at its first discussion is 0 days; a "
        "subject closed and discussed again later starts a new episode; discussions with "
        "'closed' blank count as not closed; discussions on the same day are ordered by "
        "discussion_id. Only discussions in the store count, so a subject discussed before the "
        f"first MACE upload looks newer than it is. {QUARTER_RULE}",
        "Subjects discussed in the quarter (the median is over them)", "None (a median)",
        "days", Better.NEITHER, time_on_mace, ("total", "authority", "subject_level", "status"),
        kind=MeasureKind.EFFORT, plain=(
            "How many days the children, places and groups discussed at the multi-agency child "
            "exploitation (MACE) meeting had typically been on its list."
        ),
    ),
    _measure(
        "mace_children_known", "MACE children known to referrals and interventions",
        "Of the children discussed at MACE in the quarter, the percentage whose pseudonymised "
        "id is also found, in the same authority, in the referrals extract with a referral "
        "dated on or before the child's last MACE discussion in the quarter (any time before, "
        "not only in the quarter), or in the interventions extract with an intervention aimed at "
        "the child or the child's family (target_id = child_id) that had started by that "
        "discussion (planned interventions have not started). The total counts a child found in "
        "either; by record, 'referral' and 'intervention' are each a percentage of the same "
        "children and can add up to more than 100%. Interventions aimed at a peer group or place "
        "the child belongs to are not counted here. A low figure can mean children reach MACE "
        "by another route (police, a context discussion) or that the extracts use different "
        f"pseudonyms for the same child. {QUARTER_RULE}",
        "Children discussed in the quarter found in the referrals or interventions extract",
        "Children discussed at MACE in the quarter", "%", Better.UP, mace_children_known,
        ("total", "authority", "record"), extracts=("mace", "referrals", "interventions"),
        kind=MeasureKind.EFFORT, plain=(
            "Of the children discussed at the multi-agency child exploitation (MACE) meeting, the"
            " share children's services already knew from a referral or had started work with."
        ),
    ),
    _measure(
        "disruptions", "Disruption activity",
        "Disruption activities against exploitation dated in the quarter (arrests, charges, "
        "child abduction warning notices, closure orders, National Referral Mechanism "
        "referrals, warrants, drugs and weapon seizures, other), counted by type. An activity "
        "belongs to the financial quarter of its date. Suppressed like a count of children, "
        "although the extract is declared as not about children: an NRM referral is a referral "
        "of a child victim, a CAWN is served to protect a named child and an arrest or charge "
        "can be of a child (the subject_id is then a child_id), and disclosure control applies "
        "to a whole measure, so every type is protected rather than guessing which are safe.",
        "Disruption activities in the quarter", "None (a count)", "disruption activities",
        Better.NEITHER, disruptions, ("total", "authority", "type"), extracts=("disruptions",),
        kind=MeasureKind.EFFORT, plain=(
            "Actions taken to disrupt exploitation, such as arrests, warning notices to abusers, "
            "closure orders and seizures of drugs and weapons."
        ),
    ),
)
