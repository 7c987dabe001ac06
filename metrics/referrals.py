"""Referral trends: how many referrals about harm outside the home, from whom, about what, and
what happened next. Read from the `referrals` extract and the `population` denominators."""

from __future__ import annotations

import duckdb
import pandas as pd

from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, tidy
from metrics.sql import AGE_BAND_SQL, child_filters, standard_filters

SECTION = "Referral trends"

BREAKDOWNS = {
    "total": "'All'",
    "authority": "la_code",
    "source": "source",
    "ward": "ward_code",
    "sex": "sex",
    "age_band": AGE_BAND_SQL,
    "outcome": "outcome",
    "harm_type": "harm_type",
}
CHILD_FILTERS = ("la_codes", "period", "ward", "age_band", "sex", "harm_type")


def _grouped(
    con: duckdb.DuckDBPyConnection, query: Query, measure_id: str, aggregate: str,
    allowed: tuple[str, ...], share: bool = False, source: str = "referrals",
) -> pd.DataFrame:
    """Counts (or shares of the period's total) of referrals by period and one breakdown."""
    breakdown = query.breakdown if query.breakdown in allowed else "total"
    where = child_filters(query, standard_filters(query))
    if breakdown == "harm_type":
        source = f"(SELECT *, unnest(harm_types) AS harm_type FROM {source})"
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               {aggregate} AS numerator
        FROM {source} WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    if share:
        totals = con.execute(
            f"SELECT _period AS period, {aggregate} AS denominator FROM referrals "
            f"WHERE {where.sql} GROUP BY ALL", where.params,
        ).df()
        frame = frame.merge(totals, on="period", how="left")
        frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    else:
        frame["value"] = frame["numerator"]
    return tidy(frame, measure_id, breakdown)


def referrals(con, query: Query) -> pd.DataFrame:
    return _grouped(con, query, "referrals", "count(*)",
                    ("total", "authority", "source", "ward", "sex", "age_band"))


def children_referred(con, query: Query) -> pd.DataFrame:
    return _grouped(con, query, "children_referred", "count(DISTINCT child_id)",
                    ("total", "authority", "ward", "sex", "age_band"))


def referrals_by_source(con, query: Query) -> pd.DataFrame:
    return _grouped(con, query.__class__(**{**query.__dict__, "breakdown": "source"}),
                    "referrals_by_source", "count(*)", ("source",), share=True)


def referrals_by_harm(con, query: Query) -> pd.DataFrame:
    return _grouped(con, query.__class__(**{**query.__dict__, "breakdown": "harm_type"}),
                    "referrals_by_harm", "count(*)", ("harm_type",))


def referral_outcomes(con, query: Query) -> pd.DataFrame:
    return _grouped(con, query.__class__(**{**query.__dict__, "breakdown": "outcome"}),
                    "referral_outcomes", "count(*)", ("outcome",), share=True)


def referral_profile(con, query: Query) -> pd.DataFrame:
    where = child_filters(query, standard_filters(query))
    frame = con.execute(
        f"""
        SELECT _period AS period,
               {AGE_BAND_SQL} || ' · ' || coalesce(sex, 'not recorded') AS breakdown_value,
               count(DISTINCT child_id) AS numerator, count(DISTINCT child_id) AS value
        FROM referrals WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    return tidy(frame, "referral_profile", "age_band_sex")


def _ratio(con, query: Query, measure_id: str, numerator: str, source: str = "referrals") -> pd.DataFrame:
    """Percentage of the period's referrals meeting a condition, by period and authority."""
    breakdown = query.breakdown if query.breakdown in ("total", "authority") else "total"
    where = child_filters(query, standard_filters(query))
    frame = con.execute(
        f"""
        SELECT _period AS period, {BREAKDOWNS[breakdown]} AS breakdown_value,
               count(*) FILTER (WHERE {numerator}) AS numerator, count(*) AS denominator
        FROM {source} WHERE {where.sql} GROUP BY ALL
        """,
        where.params,
    ).df()
    frame["value"] = 100 * frame["numerator"] / frame["denominator"]
    return tidy(frame, measure_id, breakdown)


def context_recorded(con, query: Query) -> pd.DataFrame:
    return _ratio(con, query, "context_recorded", "len(coalesce(context_ids, [])) > 0")


# Every referral with whether it is a re-referral: the look-back reads all referrals, not only
# those inside the filtered period.
WITH_REREFERRAL = """(
    SELECT r.*, EXISTS (
        SELECT 1 FROM referrals p
        WHERE p.child_id = r.child_id AND p.la_code = r.la_code
          AND p.referral_date < r.referral_date
          AND p.referral_date >= r.referral_date - INTERVAL 12 MONTH
    ) AS is_rereferral
    FROM referrals r
)"""


def re_referrals_12m(con, query: Query) -> pd.DataFrame:
    """Exactly 12 months after an earlier referral counts as within 12 months."""
    return _ratio(con, query, "re_referrals_12m", "is_rereferral", source=WITH_REREFERRAL)


def _rate(con, query: Query, measure_id: str, age_band: str) -> pd.DataFrame:
    """Referrals per 10,000 residents of an age band, using the latest mid-year estimate at or
    before the start of the financial year (DfE's practice: the previous year's population)."""
    breakdown = query.breakdown if query.breakdown in ("total", "authority") else "total"
    where = child_filters(query, standard_filters(query))
    frame = con.execute(
        f"""
        WITH counts AS (
            SELECT _period AS period, la_code, count(*) AS n FROM referrals
            WHERE {where.sql} GROUP BY ALL
        ), people AS (
            SELECT area_code, year, population FROM population
            WHERE area_type = 'la' AND age_band = ?
        ), joined AS (
            SELECT c.*, p.population FROM counts c ASOF LEFT JOIN people p
            ON c.la_code = p.area_code AND CAST(left(c.period, 4) AS INTEGER) >= p.year
        )
        SELECT period, {BREAKDOWNS[breakdown]} AS breakdown_value, sum(n) AS numerator,
               CASE WHEN count(population) = count(*) THEN sum(population) END AS denominator
        FROM joined GROUP BY ALL
        """,
        [*where.params, age_band],
    ).df()
    frame["value"] = 10_000 * frame["numerator"] / frame["denominator"]
    return tidy(frame, measure_id, breakdown)


def referral_rate_0_17(con, query: Query) -> pd.DataFrame:
    return _rate(con, query, "referral_rate_0_17", "0-17")


def referral_rate_10_17(con, query: Query) -> pd.DataFrame:
    return _rate(con, query, "referral_rate_10_17", "10-17")


def _measure(id_, title, definition, numerator, denominator, unit, better, compute, breakdowns,
             extracts=("referrals",), *, kind: MeasureKind, plain: str) -> Measure:
    return Measure(id_, title, definition, numerator, denominator, unit, better, extracts,
                   breakdowns, Disclosure.CHILDREN, SECTION, compute, filters=CHILD_FILTERS,
                   kind=kind, plain=plain)


MEASURES = (
    _measure("referrals", "Referrals about extra-familial harm",
             "Referrals or contacts about harm outside the home received in the period.",
             "Referrals received in the period", "None (a count)", "referrals", Better.NEITHER,
             referrals, ("total", "authority", "source", "ward", "sex", "age_band"),
             kind=MeasureKind.EFFORT, plain=(
                 "How many referrals children's services received about harm to children outside "
                 "the home, such as exploitation or youth violence."
             )),
    _measure("referral_rate_0_17", "Referrals per 10,000 children aged 0–17",
             "Referrals in the period per 10,000 children aged 0–17 (DfE's denominator, so it "
             "compares with published figures), using the latest ONS mid-year estimate at or "
             "before the start of the financial year.",
             "Referrals received in the period", "Children aged 0–17 (ONS mid-year estimate)",
             "per 10,000 children aged 0–17", Better.NEITHER, referral_rate_0_17,
             ("total", "authority"), extracts=("referrals", "population"),
             kind=MeasureKind.EFFORT, plain=(
                 "Referrals about harm outside the home for every 10,000 children living in the "
                 "area, so that areas of different sizes can be compared."
             )),
    _measure("referral_rate_10_17", "Referrals per 10,000 young people aged 10–17",
             "Referrals in the period per 10,000 residents aged 10–17, the ages most at risk of "
             "exploitation; latest ONS mid-year estimate at or before the financial year.",
             "Referrals received in the period", "Residents aged 10–17 (ONS mid-year estimate)",
             "per 10,000 aged 10–17", Better.NEITHER, referral_rate_10_17,
             ("total", "authority"), extracts=("referrals", "population"),
             kind=MeasureKind.EFFORT, plain=(
                 "Referrals about harm outside the home for every 10,000 young people aged 10 to "
                 "17, the ages most at risk of exploitation."
             )),
    _measure("children_referred", "Children referred",
             "Distinct children (by pseudonymised child_id) with at least one referral in the period.",
             "Distinct child_id referred in the period", "None (a count)", "children",
             Better.NEITHER, children_referred, ("total", "authority", "ward", "sex", "age_band"),
             kind=MeasureKind.EFFORT, plain=(
                 "How many different children were referred about harm outside the home; a child "
                 "referred more than once counts once."
             )),
    _measure("referrals_by_source", "Referrals by source",
             "Share of the period's referrals from each referral source (DfE census categories).",
             "Referrals from the source", "All referrals in the period", "%", Better.NEITHER,
             referrals_by_source, ("source",),
             kind=MeasureKind.EFFORT, plain=(
                 "Who made the referrals, such as the police, schools or health services, as a "
                 "share of all referrals."
             )),
    _measure("referrals_by_harm", "Referrals by type of harm",
             "Referrals naming each type of harm. A referral can name several, so the types add "
             "up to more than the referrals.",
             "Referrals naming the harm type", "None (a count)", "referrals", Better.NEITHER,
             referrals_by_harm, ("harm_type",),
             kind=MeasureKind.EFFORT, plain=(
                 "Which harms the referrals were about, such as criminal or sexual exploitation; "
                 "one referral can name several."
             )),
    _measure("re_referrals_12m", "Re-referrals within 12 months",
             "Percentage of the period's referrals whose child had another referral in the 12 "
             "months before (DfE's definition of re-referral): an earlier referral on or after the "
             "same date a year before counts; a same-day referral does not.",
             "Referrals with an earlier referral of the same child within 12 months",
             "All referrals in the period", "%", Better.DOWN, re_referrals_12m,
             ("total", "authority"),
             kind=MeasureKind.CHANGE, plain=(
                 "The share of referrals about a child already referred in the 12 months before; "
                 "a lower share suggests earlier help made a lasting difference."
             )),
    _measure("referral_outcomes", "What happened next",
             "Share of the period's referrals by outcome (no further action, early help, "
             "assessment, MACE, section 47 …).",
             "Referrals with the outcome", "All referrals in the period", "%", Better.NEITHER,
             referral_outcomes, ("outcome",),
             kind=MeasureKind.EFFORT, plain=(
                 "What happened after each referral: no further action, early help, an "
                 "assessment, a discussion at the exploitation meeting or a child protection "
                 "enquiry."
             )),
    _measure("referral_profile", "Who is referred",
             "Distinct children referred in the period by age band at referral and sex.",
             "Distinct children in the age band and sex", "None (a count)", "children",
             Better.NEITHER, referral_profile, ("age_band_sex",),
             kind=MeasureKind.EFFORT, plain=(
                 "The ages and sex of the children referred about harm outside the home."
             )),
    _measure("context_recorded", "Context named at referral",
             "Percentage of referrals that name at least one context (peer group, school, place, "
             "online space): is context acknowledged explicitly?",
             "Referrals naming at least one context", "All referrals in the period", "%",
             Better.UP, context_recorded, ("total", "authority"),
             kind=MeasureKind.EFFORT, plain=(
                 "The share of referrals that name where or with whom harm happens, such as a "
                 "peer group, a school or a park, and not only the child."
             )),
)
