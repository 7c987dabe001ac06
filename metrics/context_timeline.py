"""One context's story for officers: identified, assessed, goals set and closed, interventions,
risk reviews, and how many children's referrals had named it by each step.

Not a measure: it lists one context's rows unsuppressed, so only officers' views may call it.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from contracts.extracts import (
    ASSESSMENT_METHODS,
    CONTEXT_DOMAINS,
    CONTEXT_TYPES,
    GOAL_STATUSES,
    INTERVENTION_TYPES,
    RISK_LEVELS,
)
from metrics.model import Query
from metrics.sql import standard_filters

TIMELINE_COLUMNS = ["date", "step", "what happened", "children linked by then"]
STEP_ORDER = {"Identified": 0, "Assessed": 1, "Goal set": 2, "Intervention started": 3,
              "Risk review": 4, "Goal closed": 5, "Intervention ended": 6}


def _labels(choices) -> dict[str, str]:
    return {choice.value: choice.label for choice in choices}


DOMAINS, METHODS, TYPES = _labels(CONTEXT_DOMAINS), _labels(ASSESSMENT_METHODS), _labels(CONTEXT_TYPES)
STATUSES, RISKS = _labels(GOAL_STATUSES), _labels(RISK_LEVELS)
INTERVENTIONS = _labels(INTERVENTION_TYPES)


def context_choices(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    """Contexts in the chosen authorities: la_code, context_id, and 'CX-… · label (type)'."""
    where = standard_filters(Query(la_codes=query.la_codes))
    frame = con.execute(
        f"""SELECT DISTINCT la_code, context_id, context_type, coalesce(label, '') AS label,
                   identified_date
            FROM contexts WHERE {where.sql} ORDER BY identified_date, context_id""",
        where.params,
    ).df()
    frame["choice"] = [
        f"{row.context_id} · {row.label or 'no description'} ({TYPES.get(row.context_type, row.context_type)})"
        for row in frame.itertuples()
    ]
    return frame[["la_code", "context_id", "choice"]]


def _rows(con, sql: str, la_code: str, context_id: str) -> pd.DataFrame:
    return con.execute(sql, [la_code, context_id]).df()


def context_timeline(con: duckdb.DuckDBPyConnection, la_code: str, context_id: str) -> pd.DataFrame:
    """Every dated step for one context, oldest first, with the children linked by then."""
    events: list[tuple[object, str, str]] = []
    for row in _rows(con, "SELECT * FROM contexts WHERE la_code = ? AND context_id = ?",
                     la_code, context_id).itertuples():
        lead = f"; lead {row.lead_agency}" if isinstance(row.lead_agency, str) else ""
        events.append((row.identified_date, "Identified",
                       f"{TYPES.get(row.context_type, row.context_type)}: {row.label or 'no description'}{lead}"))
    assessments = _rows(con, """
        SELECT assessment_id, min(assessment_date) AS day, any_value(method) AS method,
               avg(score) AS mean_score,
               string_agg(domain || ' ' || score, ', ' ORDER BY domain) AS scores
        FROM (SELECT * FROM context_assessments WHERE la_code = ? AND context_id = ?)
        GROUP BY assessment_id""", la_code, context_id)
    for row in assessments.itertuples():
        scores = ", ".join(
            f"{DOMAINS.get(part.rsplit(' ', 1)[0], part)} {part.rsplit(' ', 1)[1]}"
            for part in row.scores.split(", ")
        )
        events.append((row.day, "Assessed", f"{METHODS.get(row.method, row.method)}: mean safety "
                       f"score {row.mean_score:.1f} of 5 ({scores})"))
    goals = _rows(con, "SELECT * FROM context_goals WHERE la_code = ? AND context_id = ?",
                  la_code, context_id)
    for row in goals.itertuples():
        aim = (f" (score {int(row.baseline_score)} to {int(row.target_score)})"
               if pd.notna(row.baseline_score) and pd.notna(row.target_score) else "")
        events.append((row.set_date, "Goal set",
                       f"{DOMAINS.get(row.domain, row.domain)}: {row.goal}{aim}"))
        if pd.notna(row.closed_date):
            events.append((row.closed_date, "Goal closed",
                           f"{STATUSES.get(row.status, row.status)}: {row.goal}"))
    interventions = _rows(con, "SELECT * FROM interventions WHERE la_code = ? AND target_id = ?",
                          la_code, context_id)
    for row in interventions.itertuples():
        what = f"{INTERVENTIONS.get(row.intervention_type, row.intervention_type)} ({row.lead_agency})"
        if row.status == "planned":
            what += ", planned"
        events.append((row.start_date, "Intervention started", what))
        if pd.notna(row.end_date):
            events.append((row.end_date, "Intervention ended", what))
    reviews = _rows(con, """SELECT review_date, risk_level FROM reviews
                            WHERE la_code = ? AND subject_id = ? AND subject_level = 'context'""",
                    la_code, context_id)
    for row in reviews.itertuples():
        events.append((row.review_date, "Risk review", f"Risk {RISKS.get(row.risk_level, row.risk_level).lower()}"))
    if not events:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    timeline = pd.DataFrame(events, columns=["date", "step", "what happened"])
    timeline["date"] = pd.to_datetime(timeline["date"]).dt.date
    named = linked_children(con, la_code, context_id)
    timeline["children linked by then"] = [
        int((named["first_named"] <= day).sum()) for day in timeline["date"]
    ]
    timeline["order"] = timeline["step"].map(STEP_ORDER)
    return (timeline.sort_values(["date", "order"], kind="stable").drop(columns="order")
            .reset_index(drop=True)[TIMELINE_COLUMNS])


def linked_children(con: duckdb.DuckDBPyConnection, la_code: str, context_id: str) -> pd.DataFrame:
    """Each child whose referrals named the context, with the first day one did."""
    frame = con.execute(
        """SELECT child_id, min(referral_date) AS first_named FROM referrals
           WHERE la_code = ? AND list_contains(context_ids, ?) GROUP BY child_id""",
        [la_code, context_id],
    ).df()
    frame["first_named"] = pd.to_datetime(frame["first_named"]).dt.date
    return frame
