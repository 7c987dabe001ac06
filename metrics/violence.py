"""Violent crime indicators: police-recorded violence, weapons possession and robbery by month,
where violence is recorded, and the Serious Violence Duty headline measures.

Police measures read the pre-aggregated `sum_crime_month_lsoa` (never the raw police.uk rows),
so a page costs the same with one month loaded or ten years. Each crime type has four measures,
named after it so the Definitions page, the page and `cli.py measure` read the same way:

    <id>                crimes recorded in the month
    <id>_rate           crimes recorded in the month per 1,000 residents
    <id>_12m            crimes recorded in the 12 months to the month (rolling)
    <id>_change         % change on the same month a year earlier (numerator: this month,
                        denominator: the same month last year, so both counts travel with it)

A crime counts when the store can place it in an authority: through the geography lookup, else
the LSOA name ("Stockton-on-Tees 014A") matched to an authority name the store knows. Police
files cover a whole force, so crimes in the force's other boroughs (and rows with no LSOA) are
left out rather than added to the authorities shown. A month counts as covered for an authority
when a police file of a force that records crime there is loaded for it: covered months with no
crime of the type count 0; months not loaded are missing, never 0.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from contracts.periods import financial_quarter_sql, month_to_quarter, quarter_bounds, shift_month
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, empty_tidy, tidy
from metrics.sql import Where
from store.authorities import COVERED_AUTHORITIES

SECTION = "Violent crime indicators"
POLICE_EXTRACTS = ("police_street_crime", "geography")
POLICE_FILTERS = ("la_codes", "period", "ward")
CRIME_TYPES = {
    "violence_recorded": "Violence and sexual offences",
    "weapons_possession": "Possession of weapons",
    "robbery": "Robbery",
}
RATE_PER = 1_000
WINDOW_MONTHS = 12

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_MONTH_INDEX = "(CAST(left(month, 4) AS INTEGER) * 12 + CAST(right(month, 2) AS INTEGER))"


# --- periods -------------------------------------------------------------------------


def _as_month(label: str | None, end: bool) -> str | None:
    """A filter bound as a month: a month as given, a financial quarter as its first (or last)
    month."""
    if not label:
        return None
    if _MONTH.match(label):
        return label
    try:
        first, last = quarter_bounds(label)
    except ValueError:
        raise ValueError(
            f"Not a month (2025-07) or a financial quarter (2025/26 Q3): {label!r}"
        ) from None
    return f"{(last if end else first):%Y-%m}"


def month_bounds(query: Query) -> tuple[str | None, str | None]:
    """The first and last month a query asks for (financial quarters from the sidebar become
    the months they span)."""
    return _as_month(query.period_from, end=False), _as_month(query.period_to, end=True)


def _as_quarter(label: str | None) -> str | None:
    if not label:
        return None
    return month_to_quarter(label) if _MONTH.match(label) else label


def _month_filter(query: Query, column: str = "month") -> Where:
    first, last = month_bounds(query)
    where = Where()
    if first:
        where.add(f"{column} >= ?", first)
    if last:
        where.add(f"{column} <= ?", last)
    return where


# --- police.uk counts ----------------------------------------------------------------


def _in_authorities(query: Query) -> Where:
    """The authorities asked for, or with none asked for, those the store covers (ours and
    those its loads name), not every authority a force's crimes happen to fall in."""
    if query.la_codes:
        return Where().add("la_code IN (SELECT unnest(?))", list(query.la_codes))
    return Where().add(f"la_code IN {COVERED_AUTHORITIES}")


def _placed(query: Query) -> Where:
    """Crimes placed in an authority, in the authorities (and ward) asked for."""
    where = _in_authorities(query)
    if query.ward:
        where.add("lsoa_code IN (SELECT lsoa_code FROM geography WHERE ward_code = ?)", query.ward)
    return where


def _series_cte(query: Query, crime_type: str) -> tuple[str, list[object]]:
    """CTEs ending in `cells` (month, i, la_code, n: zero-filled crimes of one type per covered
    authority-month, every month loaded, whatever the period asked for: rolling sums and last
    year's month look back past it) and `series` (the same by breakdown_value)."""
    breakdown = "la_code" if query.breakdown == "authority" else "'All'"
    placed = _placed(query)
    sql = f"""
        WITH selected AS (SELECT * FROM sum_crime_month_lsoa WHERE {placed.sql}),
        covered AS (
            SELECT DISTINCT m.month, a.la_code
            FROM (SELECT DISTINCT force, la_code FROM selected) a
            JOIN (SELECT DISTINCT force, month FROM sum_crime_month_lsoa) m USING (force)
        ),
        counts AS (
            SELECT month, la_code, sum(crimes) AS n FROM selected WHERE crime_type = ? GROUP BY ALL
        ),
        cells AS (
            SELECT month, {_MONTH_INDEX} AS i, la_code, coalesce(counts.n, 0) AS n
            FROM covered LEFT JOIN counts USING (month, la_code)
        ),
        series AS (
            SELECT month, i, {breakdown} AS breakdown_value, sum(n) AS n FROM cells GROUP BY ALL
        )
    """
    return sql, [*placed.params, crime_type]


def _crime_type(measure_id: str) -> str:
    """The police.uk crime type of `violence_recorded`, `violence_recorded_rate`, ..."""
    return CRIME_TYPES[re.sub(r"_(rate|12m|change)$", "", measure_id)]


def _breakdown(query: Query) -> str:
    return query.breakdown if query.breakdown in ("total", "authority") else "total"


def _police_count(con: duckdb.DuckDBPyConnection, query: Query, measure_id: str) -> pd.DataFrame:
    ctes, params = _series_cte(query, _crime_type(measure_id))
    period = _month_filter(query)
    frame = con.execute(
        f"{ctes} SELECT month AS period, breakdown_value, n AS numerator, n AS value "
        f"FROM series WHERE {period.sql}",
        [*params, *period.params],
    ).df()
    return tidy(frame, measure_id, _breakdown(query))


def _police_rolling(con: duckdb.DuckDBPyConnection, query: Query, measure_id: str) -> pd.DataFrame:
    """Shown only for months with all 12 months of the window loaded."""
    ctes, params = _series_cte(query, _crime_type(measure_id))
    period = _month_filter(query)
    frame = con.execute(
        f"""{ctes}
        SELECT month AS period, breakdown_value, numerator, numerator AS value FROM (
            SELECT month, breakdown_value, sum(n) OVER w AS numerator, count(*) OVER w AS months
            FROM series
            WINDOW w AS (PARTITION BY breakdown_value ORDER BY i
                         RANGE BETWEEN {WINDOW_MONTHS - 1} PRECEDING AND CURRENT ROW)
        ) WHERE months = {WINDOW_MONTHS} AND {period.sql}
        """,
        [*params, *period.params],
    ).df()
    return tidy(frame, measure_id, _breakdown(query))


def _police_change(con: duckdb.DuckDBPyConnection, query: Query, measure_id: str) -> pd.DataFrame:
    """Only months whose month a year earlier is loaded; no percentage when that month was 0."""
    ctes, params = _series_cte(query, _crime_type(measure_id))
    period = _month_filter(query, "a.month")
    frame = con.execute(
        f"""{ctes}
        SELECT a.month AS period, a.breakdown_value, a.n AS numerator, b.n AS denominator,
               100.0 * (a.n - b.n) / nullif(b.n, 0) AS value
        FROM series a JOIN series b ON b.breakdown_value = a.breakdown_value AND b.i = a.i - 12
        WHERE {period.sql}
        """,
        [*params, *period.params],
    ).df()
    return tidy(frame, measure_id, _breakdown(query))


def _police_rate(con: duckdb.DuckDBPyConnection, query: Query, measure_id: str) -> pd.DataFrame:
    """Per 1,000 residents of all ages: the authority's (the ward's, when a ward is chosen) latest
    ONS mid-year estimate at or before the month's year. A total over several authorities adds
    their crimes and their residents, and has no rate if any of them has no population."""
    ctes, params = _series_cte(query, _crime_type(measure_id))
    area_type, area = ("ward", "CAST(? AS VARCHAR)") if query.ward else ("la", "c.la_code")
    area_params = [query.ward] if query.ward else []
    breakdown = "la_code" if query.breakdown == "authority" else "'All'"
    period = _month_filter(query, "c.month")
    frame = con.execute(
        f"""{ctes},
        people AS (
            SELECT area_code, year, population FROM population
            WHERE area_type = ? AND age_band = 'all'
        ),
        areas AS (SELECT c.*, {area} AS area, CAST(left(c.month, 4) AS INTEGER) AS year FROM cells c
                  WHERE {period.sql}),
        rated AS (
            SELECT a.*, p.population FROM areas a ASOF LEFT JOIN people p
            ON a.area = p.area_code AND a.year >= p.year
        )
        SELECT month AS period, {breakdown} AS breakdown_value,
               sum(n) AS numerator,
               CASE WHEN count(population) = count(*) THEN sum(population) END AS denominator
        FROM rated GROUP BY ALL
        """,
        [*params, area_type, *area_params, *period.params],
    ).df()
    frame["value"] = RATE_PER * frame["numerator"] / frame["denominator"]
    return tidy(frame, measure_id, _breakdown(query))


def same_month_last_year(change: pd.DataFrame) -> pd.DataFrame:
    """An `<id>_change` frame as last year's counts keyed to this year's months: the dashed
    comparison line of a monthly chart (it reaches back before the period shown)."""
    out = change.copy()
    out["value"] = out["denominator"]
    out["numerator"] = out["denominator"]
    out["denominator"] = float("nan")
    return out


# --- where violence is recorded ------------------------------------------------------


def area_window(con: duckdb.DuckDBPyConnection, query: Query) -> tuple[str, str, int] | None:
    """(first month, last month, months loaded) of the 12 months up to the end of the period
    asked for (or the latest month loaded), for the authorities asked for; None if no month."""
    _, last = month_bounds(query)
    placed = _placed(Query(la_codes=query.la_codes))
    end = con.execute(
        f"SELECT max(month) FROM sum_crime_month_lsoa WHERE {placed.sql} AND month <= ?",
        [*placed.params, last or "9999-12"],
    ).fetchone()[0]
    if end is None:
        return None
    start = shift_month(end, -(WINDOW_MONTHS - 1))
    months = con.execute(
        "SELECT count(DISTINCT month) FROM sum_crime_month_lsoa WHERE month BETWEEN ? AND ?",
        [start, end],
    ).fetchone()[0]
    return start, end, months


def window_label(end: str, months: int) -> str:
    return f"12 months to {end}" if months == WINDOW_MONTHS else f"{months} months to {end}"


def violence_by_area(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    """Violence and sexual offences in the last 12 months per 1,000 residents of each ward.

    LSOAs are rolled up to wards through the geography lookup: crimes in LSOAs it does not list
    (another vintage, another authority) are left out. Every ward of the authorities asked for is
    listed, with 0 where none was recorded; a ward without a population has no rate.
    """
    window = area_window(con, query)
    if window is None:
        return empty_tidy()
    start, end, months = window
    wards = Where()
    if query.la_codes:
        wards.add("la_code IN (SELECT unnest(?))", list(query.la_codes))
    frame = con.execute(
        f"""
        WITH wards AS (SELECT lsoa_code, ward_code FROM geography WHERE {wards.sql}),
        counts AS (
            SELECT w.ward_code, sum(s.crimes) AS n
            FROM sum_crime_month_lsoa s JOIN wards w USING (lsoa_code)
            WHERE s.crime_type = ? AND s.month BETWEEN ? AND ?
            GROUP BY ALL
        ),
        people AS (
            SELECT area_code, population FROM population
            WHERE area_type = 'ward' AND age_band = 'all' AND year <= ?
            QUALIFY row_number() OVER (PARTITION BY area_code ORDER BY year DESC) = 1
        )
        SELECT w.ward_code AS breakdown_value, coalesce(c.n, 0) AS numerator,
               p.population AS denominator
        FROM (SELECT DISTINCT ward_code FROM wards) w
        LEFT JOIN counts c USING (ward_code)
        LEFT JOIN people p ON p.area_code = w.ward_code
        """,
        [*wards.params, CRIME_TYPES["violence_recorded"], start, end, int(end[:4])],
    ).df()
    if frame.empty:
        return empty_tidy()
    frame["period"] = window_label(end, months)
    frame["value"] = RATE_PER * frame["numerator"] / frame["denominator"]
    return tidy(frame, "violence_by_area", "ward")


def crime_locations(
    con: duckdb.DuckDBPyConnection, query: Query, crime_type: str = CRIME_TYPES["violence_recorded"]
) -> pd.DataFrame:
    """Where crimes of one type were recorded in the last 12 months (as `violence_by_area`), from
    the location summary: `period` (the window), `lon`, `lat` (police.uk's anonymised map points
    rounded to 0.001 degrees) and `crimes`. Public already (police.uk), so not suppressed."""
    columns = ["period", "lon", "lat", "crimes"]
    window = area_window(con, query)
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sum_crime_month_grid'"
    ).fetchone()[0]
    if window is None or not exists:
        return pd.DataFrame(columns=columns)
    start, end, months = window
    where = _in_authorities(query)
    frame = con.execute(
        f"""
        SELECT lon, lat, sum(crimes) AS crimes FROM sum_crime_month_grid
        WHERE {where.sql} AND crime_type = ? AND month BETWEEN ? AND ?
        GROUP BY ALL ORDER BY lat, lon
        """,
        [*where.params, crime_type, start, end],
    ).df()
    frame.insert(0, "period", window_label(end, months))
    return frame[columns]


def one_row_per_crime(locations: pd.DataFrame) -> pd.DataFrame:
    """`crime_locations` as one row per crime, the shape a point or hexagon map counts."""
    return locations.loc[locations.index.repeat(locations["crimes"].astype(int)), ["lon", "lat"]] \
        .reset_index(drop=True)


# --- Serious Violence Duty -----------------------------------------------------------

# violence_indicators periods are a month ("2025-10") or a financial quarter ("2025-Q3"); both
# become the financial-quarter label the Serious Violence Duty reports in ("2025/26 Q3").
_SVD_QUARTER = f"""CASE
    WHEN _period LIKE '____-Q_' THEN left(_period, 4) || '/'
        || lpad(CAST((CAST(left(_period, 4) AS INTEGER) + 1) % 100 AS VARCHAR), 2, '0')
        || ' Q' || right(_period, 1)
    ELSE {financial_quarter_sql("CAST(strptime(_period || '-01', '%Y-%m-%d') AS DATE)")}
END"""
SVD_BREAKDOWNS = {"total": "'All'", "authority": "authority", "area": "area_code"}


def _svd(con: duckdb.DuckDBPyConnection, query: Query, measure_id: str) -> pd.DataFrame:
    """The quarter's figure: monthly values are added up to their financial quarter. Totals and
    authorities use each authority's own figure (area_code = the authority); figures for other
    areas (wards, a force or partnership area) show only in the "area" breakdown, so an area is
    never counted twice."""
    breakdown = query.breakdown if query.breakdown in SVD_BREAKDOWNS else "total"
    where = Where()
    if breakdown != "area":
        where.add("area_code = authority")
    if query.la_codes:
        where.add("authority IN (SELECT unnest(?))", list(query.la_codes))
    first, last = _as_quarter(query.period_from), _as_quarter(query.period_to)
    if first:
        where.add("period >= ?", first)
    if last:
        where.add("period <= ?", last)
    frame = con.execute(
        f"""
        SELECT period, {SVD_BREAKDOWNS[breakdown]} AS breakdown_value, sum(value) AS numerator,
               sum(value) AS value
        FROM (SELECT {_SVD_QUARTER} AS period, coalesce(la_code, _partition) AS authority,
                     area_code, value
              FROM violence_indicators WHERE indicator = ?)
        WHERE {where.sql} GROUP BY ALL
        """,
        [measure_id, *where.params],
    ).df()
    return tidy(frame, measure_id, breakdown)


# --- declarations --------------------------------------------------------------------

CRIME_BETTER = {
    "violence_recorded": Better.DOWN,
    "robbery": Better.DOWN,
    # Possession offences are mostly found by proactive policing (stop and search, warrants):
    # a rise can mean more weapons taken off the street, not more carried.
    "weapons_possession": Better.NEITHER,
}
# How a councillor would name each crime type, for the measures' plain sentences.
CRIME_WORDS = {
    "violence_recorded": "violent and sexual offences",
    "weapons_possession": "offences of carrying or possessing a weapon",
    "robbery": "robberies",
}
CRIME_TITLES = {
    "violence_recorded": "Violence and sexual offences",
    "weapons_possession": "Possession of weapons offences",
    "robbery": "Robbery",
}
_PLACED_NOTE = (
    "Counts crimes the store can place in an authority (geography lookup, else the LSOA name); "
    "crimes elsewhere in the force's area are left out."
)


def _police_measures(base_id: str) -> tuple[Measure, ...]:
    """A crime type's four measures. Context: crime recorded across all ages is the setting
    services work in, not an outcome any of them can claim."""
    crime_type = CRIME_TYPES[base_id]
    title = CRIME_TITLES[base_id]
    better = CRIME_BETTER[base_id]
    counted = f'Police.uk street-level crimes of type "{crime_type}"'
    crimes = CRIME_WORDS[base_id]

    def declare(id_, title_, definition, numerator, denominator, unit, better_, kind, extracts,
                plain):
        def compute(con, query, _id=id_, _kind=kind):
            return _kind(con, query, _id)
        return Measure(id_, title_, definition, numerator, denominator, unit, better_, extracts,
                       ("total", "authority"), Disclosure.PUBLIC, SECTION, compute,
                       period_kind="month", filters=POLICE_FILTERS, kind=MeasureKind.CONTEXT,
                       plain=plain)

    return (
        declare(base_id, title,
                f"{counted} recorded in the month (police.uk months, e.g. 2025-07). {_PLACED_NOTE} "
                f"The same count comes as a rate ({base_id}_rate), a rolling 12 months "
                f"({base_id}_12m) and a change on the same month last year ({base_id}_change).",
                f"{counted} in the month", "None (a count)", "crimes", better, _police_count,
                POLICE_EXTRACTS,
                f"How many {crimes} the police recorded in the area each month, against people "
                "of all ages."),
        declare(f"{base_id}_rate", f"{title} per 1,000 residents",
                f"{counted} recorded in the month per 1,000 residents of all ages, using the "
                "latest ONS mid-year estimate at or before the month's year (the ward's, when a "
                f"ward is chosen). {_PLACED_NOTE}",
                f"{counted} in the month", "Residents of all ages (ONS mid-year estimate)",
                "per 1,000 residents", better, _police_rate, (*POLICE_EXTRACTS, "population"),
                f"How many {crimes} the police recorded each month for every 1,000 people living "
                "in the area, so that areas of different sizes can be compared."),
        declare(f"{base_id}_12m", f"{title}, rolling 12 months",
                f"{counted} recorded in the 12 months up to and including the month; shown only "
                f"where all 12 months are loaded. {_PLACED_NOTE}",
                f"{counted} in the 12 months to the month", "None (a count)", "crimes", better,
                _police_rolling, POLICE_EXTRACTS,
                f"How many {crimes} the police recorded in the area over the last 12 months, "
                "which evens out the ups and downs from month to month."),
        declare(f"{base_id}_change", f"{title}: change on the same month last year",
                f"Percentage change in {counted} recorded in the month on the same month a year "
                "earlier (numerator: this month; denominator: the same month last year). No "
                f"percentage where last year's month had none or is not loaded. {_PLACED_NOTE}",
                f"{counted} in the month", f"{counted} in the same month a year earlier", "%",
                better, _police_change, POLICE_EXTRACTS,
                f"How far the {crimes} the police recorded in the month rose or fell, as a "
                "percentage, compared with the same month a year before."),
    )


SVD_NOTE = (
    " Serious Violence Duty headline measure, from the violence indicators extract: the quarter's "
    "figure (monthly figures added up to the financial quarter) for the authority's own area; "
    "figures uploaded for other areas (wards, a force area) show only by area. "
    "Counts of 1 to 7 are suppressed and others rounded to the nearest 5: the victims are people under 25, many of them children, "
    "and a small count of victims in one borough and quarter can identify them."
)


def _svd_measure(id_, title, definition, unit, plain) -> Measure:
    """A Serious Violence Duty headline measure. Change: young people harmed is the outcome
    the Duty's partnership is asked to reduce."""
    def compute(con, query, _id=id_):
        return _svd(con, query, _id)
    return Measure(id_, title, definition + SVD_NOTE, definition.rstrip("."), "None (a count)",
                   unit, Better.DOWN, ("violence_indicators",), tuple(SVD_BREAKDOWNS),
                   Disclosure.CHILDREN, SECTION, compute, period_kind="quarter",
                   filters=("la_codes", "period"), kind=MeasureKind.CHANGE, plain=plain)


MEASURES = (
    *_police_measures("violence_recorded"),
    *_police_measures("weapons_possession"),
    *_police_measures("robbery"),
    Measure(
        "violence_by_area", "Where violence is recorded",
        "Police.uk \"Violence and sexual offences\" in the 12 months up to the end of the chosen "
        "period (or the latest month loaded) per 1,000 residents of each ward, LSOAs rolled up to "
        "wards through the geography lookup; ranked and mapped. The period reads \"12 months to "
        "2025-09\" (fewer months when fewer are loaded). Crimes in LSOAs the lookup does not list "
        "are left out; a ward without a population estimate has no rate.",
        "Violence and sexual offences in the ward in the 12 months",
        "Ward residents of all ages (latest ONS mid-year estimate at or before the last month's year)",
        "per 1,000 residents", Better.DOWN, ("police_street_crime", "geography", "population"),
        ("ward",), Disclosure.PUBLIC, SECTION, violence_by_area, period_kind="month",
        filters=("la_codes", "period"), kind=MeasureKind.CONTEXT,
        plain="Which wards had the most violent and sexual offences recorded by the police over "
              "12 months, for every 1,000 people living in each ward.",
    ),
    _svd_measure("knife_serious_violence_u25",
                 "Knife/sharp-object enabled serious violence, victims under 25",
                 "Police-recorded knife or sharp-object enabled serious violence with a victim "
                 "under 25, in the quarter.", "victims under 25",
                 "How many people under 25 were victims of serious violence with a knife or "
                 "other sharp object, as recorded by the police."),
    _svd_measure("hospital_sharp_assault_u25",
                 "Hospital admissions for assault with a sharp object, under 25",
                 "Hospital admissions of people under 25 for assault with a sharp object, in the "
                 "quarter.", "admissions",
                 "How many people under 25 were admitted to hospital after being assaulted with "
                 "a knife or other sharp object."),
    _svd_measure("homicide_u25", "Homicides, victims under 25",
                 "Homicides with a victim under 25, in the quarter.", "homicides",
                 "How many people under 25 were killed unlawfully (homicides)."),
)
