"""Awareness, training and community guardians (recommendations 4 to 7): schools reached, staff
trained, partners and elected Members reached, and community guardians recruited, each read
against the target an officer sets for the programme, authority and financial year.

Read from the `programme_activity` extract. These measures count schools, staff, partners,
Members and volunteers, and sessions held for them, never children, so they are not suppressed
(Disclosure.NONE). A quarter is reported for an authority when the extract holds activity of
any programme for it in that quarter; a programme with nothing there counts 0. Look-backs (the
earlier quarters of a financial year, the 12 months before a quarter) read all current rows, not
only those inside the filtered period.

Targets live in the store (`store.targets`: append-only, the latest is current, audited), keyed
by the measure id as `programme`, the authority's `la_code` and the financial year ("2025/26").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from contracts.periods import financial_year_label, quarter_label
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, tidy
from metrics.sql import standard_filters
from store import targets as stored_targets

SECTION = "Awareness, training and community guardians"

WINDOW_QUARTERS = 4  # "the last 12 months" of a quarter: it and the three before it
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
# A financial quarter label as a running number, so windows can reach back across years.
_QUARTER_INDEX = "(CAST(left({p}, 4) AS INTEGER) * 4 + CAST(right({p}, 1) AS INTEGER))"


@dataclass(frozen=True)
class Programme:
    """One of the review's programmes: the measure that reports it and what a target counts."""

    measure_id: str
    title: str
    recommendation: int
    activities: tuple[str, ...]  # programme_activity.programme values it reads
    target_counts: str  # what a target for it is a number of


PROGRAMMES = (
    Programme("schools_engaged", "Schools reached", 4, ("schools_awareness", "healthy_schools"),
              "schools reached in the 12 months to the end of the financial year (set it to the "
              "number of schools in the area to read the result as a share of all schools)"),
    Programme("staff_trained", "Children's services staff trained", 5, ("staff_training",),
              "staff trained in the financial year"),
    Programme("partners_members_aware", "Partners and elected Members reached", 6,
              ("partner_awareness", "members_awareness"),
              "partner staff and Members taking part in awareness sessions in the financial year"),
    Programme("community_guardians", "Community guardians recruited", 7, ("community_guardians",),
              "community guardians recruited in the financial year"),
)
BY_MEASURE = {programme.measure_id: programme for programme in PROGRAMMES}

BREAKDOWNS = {"total": "'All'", "authority": "la_code", "programme": "programme"}


def _breakdown(query: Query, allowed: tuple[str, ...]) -> str:
    return query.breakdown if query.breakdown in allowed else "total"


# --- schools reached -------------------------------------------------------------------

# Quarters loaded for each authority, those whose 12 months are all loaded, and each school's
# activity in the schools programmes. An activity without an organisation_id cannot be told
# apart from another school's and is not counted; nor is an organisation recorded as other than
# a school (a partner at a schools session).
SCHOOLS_REACHED = f"""
    WITH loaded AS (
        SELECT DISTINCT la_code, _period AS period, {_QUARTER_INDEX.format(p="_period")} AS i
        FROM programme_activity
    ), complete AS (
        SELECT l.* FROM loaded l
        WHERE (SELECT count(*) FROM loaded m
               WHERE m.la_code = l.la_code AND m.i BETWEEN l.i - ? + 1 AND l.i) = ?
    ), schools AS (
        SELECT la_code, programme, organisation_id, {_QUARTER_INDEX.format(p="_period")} AS i
        FROM programme_activity
        WHERE organisation_id IS NOT NULL
          AND (organisation_type IS NULL OR organisation_type = 'school')
    )
    SELECT l.la_code, l.period, p.programme, s.organisation_id
    FROM complete l CROSS JOIN (SELECT unnest(?) AS programme) p
    LEFT JOIN schools s
      ON s.la_code = l.la_code AND s.programme = p.programme AND s.i BETWEEN l.i - ? + 1 AND l.i
"""


def schools_engaged(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    breakdown = _breakdown(query, ("total", "authority", "programme"))
    where = standard_filters(query, la_column="la_code", period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(DISTINCT la_code || '|' || organisation_id) AS numerator
        FROM ({SCHOOLS_REACHED}) WHERE {where.sql} GROUP BY ALL
        """,
        [WINDOW_QUARTERS, WINDOW_QUARTERS, list(BY_MEASURE["schools_engaged"].activities),
         WINDOW_QUARTERS, *where.params],
    ).df()
    frame["value"] = frame["numerator"]
    return tidy(frame, "schools_engaged", breakdown)


# --- cumulative in the financial year ------------------------------------------------

# Each loaded quarter of each authority, for each programme the measure reads, with the
# participants of that programme's activities from 1 April of the quarter's financial year to
# the quarter's end: the count restarts every April. Participants left blank add nothing.
CUMULATIVE = """
    WITH loaded AS (
        SELECT DISTINCT la_code, _period AS period FROM programme_activity
    ), activity AS (
        SELECT la_code, _period AS period, programme, participants FROM programme_activity
    )
    SELECT l.la_code, l.period, p.programme, coalesce(sum(a.participants), 0) AS participants
    FROM loaded l CROSS JOIN (SELECT unnest(?) AS programme) p
    LEFT JOIN activity a
      ON a.la_code = l.la_code AND a.programme = p.programme
     AND left(a.period, 7) = left(l.period, 7) AND a.period <= l.period
    GROUP BY ALL
"""


def _cumulative(con: duckdb.DuckDBPyConnection, query: Query, measure_id: str) -> pd.DataFrame:
    programme = BY_MEASURE[measure_id]
    allowed = ("total", "authority", "programme") if len(programme.activities) > 1 else (
        "total", "authority")
    breakdown = _breakdown(query, allowed)
    where = standard_filters(query, la_column="la_code", period_column="period")
    frame = con.execute(
        f"""
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               sum(participants) AS numerator
        FROM ({CUMULATIVE}) WHERE {where.sql} GROUP BY ALL
        """,
        [list(programme.activities), *where.params],
    ).df()
    frame["value"] = frame["numerator"]
    return tidy(frame, measure_id, breakdown)


def staff_trained(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _cumulative(con, query, "staff_trained")


def partners_members_aware(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _cumulative(con, query, "partners_members_aware")


def community_guardians(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    return _cumulative(con, query, "community_guardians")


# --- targets -------------------------------------------------------------------------

def current_targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The latest target for each programme, authority and financial year."""
    return stored_targets.current_targets(con)


def is_financial_year(label: str) -> bool:
    """'2025/26' is; '2025/27', '2025-26' and '2025/26 Q1' are not."""
    match = _FINANCIAL_YEAR.match(label or "")
    return bool(match) and financial_year_label(int(match[1])) == label


def financial_year_of(period: str) -> str:
    """The financial year of a quarter label: '2025/26 Q3' -> '2025/26'."""
    return period[:7]


def financial_year_quarters(financial_year: str) -> list[str]:
    start = int(financial_year[:4])
    return [quarter_label(start, quarter) for quarter in range(1, 5)]


def target_for(targets: pd.DataFrame, measure_id: str, la_code: str,
               financial_year: str) -> float | None:
    rows = targets[(targets["programme"] == measure_id) & (targets["la_code"] == la_code)
                   & (targets["financial_year"] == financial_year)]
    return float(rows["target"].iloc[-1]) if not rows.empty else None


def target_line(measure_id: str, target: float, financial_year: str) -> pd.DataFrame:
    """The target as a tidy series over the year's four quarters, for a reference line."""
    frame = pd.DataFrame({"period": financial_year_quarters(financial_year), "value": target,
                          "breakdown_value": "Target"})
    return tidy(frame, measure_id, "target")


@dataclass(frozen=True)
class Progress:
    """The latest cumulative figure of a year against that year's target."""

    period: str
    value: float
    target: float | None

    @property
    def percent(self) -> float | None:
        return 100 * self.value / self.target if self.target else None


def progress(frame: pd.DataFrame, target: float | None) -> Progress | None:
    """The latest quarter of a one-authority, one-year total frame against its target."""
    shown = frame[frame["breakdown"] == "total"].dropna(subset=["value"])
    if shown.empty:
        return None
    latest = shown.sort_values("period").iloc[-1]
    return Progress(str(latest["period"]), float(latest["value"]), target)


# --- declarations --------------------------------------------------------------------

NOT_CHILDREN = (
    "Not suppressed: it counts staff, schools, partners, Members and volunteers, never children."
)
YEAR_RULE = (
    "Cumulative in the financial year: each quarter shows the total from 1 April to the quarter's "
    "end, so Q4 is the whole year, and the count restarts at 0 on 1 April (an activity on 31 "
    "March counts in the year ending that day; one on 1 April starts the next). An activity "
    "belongs to the quarter of its date. A quarter is shown when the extract holds any "
    "programme's activity for the authority then; participants left blank add nothing. The "
    "programmes page shows the year against the target an officer set for the programme, "
    "authority and year."
)


def _measure(id_, title, definition, numerator, unit, compute, breakdowns, *,
             plain: str) -> Measure:
    """A programme's activity: schools reached, people trained or recruited. Effort, always:
    whether the activity changed anything for children is for the outcome measures to show."""
    return Measure(id_, title, definition, numerator, "None (a count)", unit, Better.UP,
                   ("programme_activity",), breakdowns, Disclosure.NONE, SECTION, compute,
                   filters=("la_codes", "period"), kind=MeasureKind.EFFORT,
                   plain=plain)


MEASURES = (
    _measure(
        "schools_engaged", "Schools reached",
        "Distinct schools (organisation_id of activities recorded as a school, or with the "
        "organisation type left blank) with schools awareness or Healthy Schools activity in "
        "the 12 months to the end of the quarter (the quarter and the three before it). A "
        "quarter is shown only when all four quarters of programme activity are loaded for the "
        "authority; activities without an organisation_id are not counted. There is no list of "
        "the area's schools in the store, so no percentage of all schools is calculated: the "
        "programmes page shows the count against the target an officer sets, and a target equal "
        "to the number of schools in the area reads as the share reached. Breakdown by "
        "programme counts each programme's schools; a school in both counts once in the total. "
        f"{NOT_CHILDREN}",
        "Distinct schools with activity in the 12 months to the quarter's end", "schools",
        schools_engaged, ("total", "authority", "programme"),
        plain=(
            "How many schools took part in awareness or Healthy Schools activity over the last 12"
            " months."
        ),
    ),
    _measure(
        "staff_trained", "Children's services staff trained",
        "Participants in children's services staff training sessions (the Staff training "
        f"programme). {YEAR_RULE} A member of staff at two sessions counts twice: the "
        f"extract carries no staff identifiers. {NOT_CHILDREN}",
        "Participants in staff training from 1 April to the quarter's end", "staff",
        staff_trained, ("total", "authority"),
        plain=(
            "How many children's services staff attended training sessions so far this financial "
            "year, counting from April."
        ),
    ),
    _measure(
        "partners_members_aware", "Partners and elected Members reached",
        "Participants in awareness sessions for key partners (the Partner awareness programme) "
        f"and for elected Members (the Members awareness programme). {YEAR_RULE} Breakdown by "
        f"programme separates partners from Members. {NOT_CHILDREN}",
        "Participants in partner and Members' awareness sessions from 1 April to the quarter's "
        "end", "people", partners_members_aware, ("total", "authority", "programme"),
        plain=(
            "How many people from partner organisations, and how many councillors, attended "
            "awareness sessions so far this financial year, counting from April."
        ),
    ),
    _measure(
        "community_guardians", "Community guardians recruited",
        "Community guardians recruited: the participants of the Community guardians "
        f"programme's activities, which the extract defines as guardians recruited. {YEAR_RULE} The running "
        f"total since the programme began is the sum of the years' Q4 figures. {NOT_CHILDREN}",
        "Guardians recruited from 1 April to the quarter's end", "guardians",
        community_guardians, ("total", "authority"),
        plain=(
            "How many community guardians were recruited so far this financial year, counting "
            "from April."
        ),
    ),
)
