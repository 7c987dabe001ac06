"""How we compare: DfE's published children-in-need figures for an authority beside England,
its region and comparator authorities.

Read from the `published_statistics` extract: Explore Education Statistics files stored long
(one row per year, area, filter combination and indicator; `value` NULL where the file had a
symbol, the symbol kept beside it). The files these measures were written against (real copies
in shared/realdata/):
- "Factors identified at the end of assessment" (`category` filter 'Factors identified at the
  end of assessment'; one indicator column per factor, e.g. `Child_criminal_exploitation`,
  'x' before 2022);
- "Referrals and re-referrals" (`category` 'Referrals and Re-referrals'; `referral_count`,
  `rereferral_count`, `rereferral_percent`);
- ONS mid-year population estimates (`age_group` 'Children aged 0 to 17 years';
  `population_estimate`).
National and regional rows are rounded by DfE to the nearest 10; authority rows are not.

A published symbol is never turned into a number: the row keeps `value` NaN and carries the
symbol in an extra `symbol` column beside the shared tidy ones (`suppressed` stays for our own
disclosure control, which does not apply: the figures are already public).

Shapes: `published_harm_factors` has one row per year, area and factor (breakdown "area_factor",
group "Stockton-on-Tees · Gangs") and `published_rereferrals` one per year and area (breakdown
"area", group the area's name), each with the extra columns area_code, area, area_type
(England, Region, Local authority), symbol, and for factors `factor`. `Query.la_codes` names the
authority compared first, then its comparators; the region shown is the first authority's;
with no authority asked for, every area is returned. Periods are DfE reporting years written as
financial years ("2024/25" for DfE's 2025). Period filters may be a DfE year ("2025") or a
financial year or quarter, read as the reporting year that holds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from contracts.authorities import by_code
from metrics.model import Better, Disclosure, Measure, MeasureKind, Query, tidy

SECTION = "How we compare (published statistics)"
ENGLAND = "E92000001"
FACTOR_CATEGORY = "Factors identified at the end of assessment"
REREFERRAL_CATEGORY = "Referrals and Re-referrals"
POPULATION_INDICATOR = "population_estimate"
POPULATION_AGE_GROUP = "Children aged 0 to 17 years"
PER = 10_000

# EES symbols and what they mean (DfE's guidance); `ingest.published.EES_SYMBOLS` keeps them.
SYMBOL_MEANINGS = {
    "c": "suppressed by DfE, 1 to 5 children",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "k": "rounds to 0 but is not 0",
    "low": "rounds to 0 but is not 0",
    "high": "published as 'high'",
    ":": "not available",
}

# Extra columns beside the shared tidy ones.
AREA_COLUMNS = ("area_code", "area", "area_type")
FACTOR_EXTRAS = (*AREA_COLUMNS, "factor", "symbol")
REREFERRAL_EXTRAS = (*AREA_COLUMNS, "symbol")
AREA_TYPES = {"National": "England", "Regional": "Region", "Local authority": "Local authority"}
AREA_SEPARATOR = " · "


@dataclass(frozen=True)
class Factor:
    indicator: str  # the EES column
    label: str


FACTORS = (
    Factor("Child_criminal_exploitation", "Child criminal exploitation"),
    Factor("Child_sexual_exploitation", "Child sexual exploitation"),
    Factor("Gangs", "Gangs"),
    Factor("Going_missing", "Going missing"),
    Factor("Trafficking", "Trafficking"),
)
FACTOR_LABELS = {factor.indicator: factor.label for factor in FACTORS}


def symbol_meaning(symbol: object) -> str:
    return SYMBOL_MEANINGS.get(str(symbol), f"published as '{symbol}'") if isinstance(symbol, str) else ""


# Every published figure with its area, one per indicator, year, area and filters: where two
# uploads hold the same figure (a file and its renamed copy with one more column), the later
# load wins. Areas are England (National), a region or a local authority; other levels are
# left out.
PUBLISHED = f"""(
    SELECT * FROM (
        SELECT *,
               CASE geographic_level WHEN 'National' THEN country_code
                    WHEN 'Regional' THEN region_code ELSE new_la_code END AS area_code,
               CASE geographic_level
                    WHEN 'National' THEN CASE WHEN country_code = '{ENGLAND}' THEN 'England'
                                              ELSE country_code END
                    WHEN 'Regional' THEN region_name ELSE la_name END AS area,
               TRY_CAST(time_period AS INTEGER) AS year
        FROM published_statistics
        WHERE geographic_level IN ('National', 'Regional', 'Local authority')
    )
    WHERE area_code IS NOT NULL AND year IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY indicator, year, geographic_level, area_code, filters ORDER BY _load_id DESC
    ) = 1
)"""

# The areas a comparison shows: with authorities asked for, England, the first authority's
# region (from its latest row) and the authorities; with none, every area.
AREAS_WANTED = """(
    len(?) = 0 OR geographic_level = 'National'
    OR (geographic_level = 'Regional' AND region_code = (
        SELECT arg_max(region_code, year) FROM published
        WHERE geographic_level = 'Local authority' AND new_la_code = ?))
    OR (geographic_level = 'Local authority' AND new_la_code IN (SELECT unnest(?)))
)"""


def reporting_year(label: str) -> int:
    """A period filter as a DfE reporting year (April to March, named by its end): '2025', or a
    financial year or quarter '2024/25 Q3' -> 2025."""
    if re.fullmatch(r"\d{4}", label):
        return int(label)
    if match := re.fullmatch(r"(\d{4})/\d{2}( Q[1-4])?", label):
        return int(match.group(1)) + 1
    raise ValueError(f"{label!r} is not a year (2025) or a financial year or quarter (2024/25 Q3)")


def _area_params(query: Query) -> list[object]:
    codes = list(query.la_codes)
    return [codes, codes[0] if codes else None, codes]


def _year_params(query: Query) -> list[object]:
    return [reporting_year(query.period_from) if query.period_from else None,
            reporting_year(query.period_to) if query.period_to else None]


YEARS_WANTED = "(? IS NULL OR year >= ?) AND (? IS NULL OR year <= ?)"
# DfE's reporting year 2025 (April 2024 to March 2025) written as the financial year it is,
# "2024/25", as the rest of the dashboard writes years (and never a bare number, which a chart
# would read as a quantity rather than a label).
YEAR_LABEL = ("(CAST({year} - 1 AS VARCHAR) || '/' "
              "|| lpad(CAST({year} % 100 AS VARCHAR), 2, '0'))")


def _years(query: Query) -> list[object]:
    start, end = _year_params(query)
    return [start, start, end, end]


def published_harm_factors(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    """Year T factors per 10,000 children aged 0-17 in the mid-year estimate of year T-1."""
    frame = con.execute(
        f"""
        WITH published AS {PUBLISHED},
        factors AS (
            SELECT * FROM published
            WHERE indicator IN (SELECT unnest(?)) AND json_extract_string(filters, '$.category') = ?
              AND {AREAS_WANTED} AND {YEARS_WANTED}
        ), people AS (
            SELECT geographic_level, area_code, year, value AS population, symbol AS population_symbol
            FROM published
            WHERE indicator = ? AND json_extract_string(filters, '$.age_group') = ?
        )
        SELECT {YEAR_LABEL.format(year='f.year')} AS period, f.area_code, f.area, f.geographic_level,
               f.indicator, f.value AS numerator, p.population AS denominator,
               {PER} * f.value / nullif(p.population, 0) AS value,
               CASE WHEN f.value IS NULL THEN coalesce(f.symbol, 'x')
                    WHEN p.population IS NULL THEN coalesce(p.population_symbol, 'x') END AS symbol
        FROM factors f LEFT JOIN people p
          ON p.geographic_level = f.geographic_level AND p.area_code = f.area_code
         AND p.year = f.year - 1
        ORDER BY f.year, f.area, f.indicator
        """,
        [[factor.indicator for factor in FACTORS], FACTOR_CATEGORY, *_area_params(query),
         *_years(query), POPULATION_INDICATOR, POPULATION_AGE_GROUP],
    ).df()
    frame["factor"] = frame["indicator"].map(FACTOR_LABELS)
    frame["area_type"] = frame["geographic_level"].map(AREA_TYPES)
    frame["breakdown_value"] = frame["area"] + AREA_SEPARATOR + frame["factor"]
    return _symbols_as_text(
        tidy(frame, "published_harm_factors", "area_factor", extras=FACTOR_EXTRAS))


def published_rereferrals(con: duckdb.DuckDBPyConnection, query: Query) -> pd.DataFrame:
    frame = con.execute(
        f"""
        WITH published AS {PUBLISHED},
        rows AS (
            SELECT * FROM published
            WHERE json_extract_string(filters, '$.category') = ?
              AND indicator IN ('rereferral_percent', 'rereferral_count', 'referral_count')
        )
        SELECT {YEAR_LABEL.format(year='year')} AS period, area_code, any_value(area) AS area,
               geographic_level,
               any_value(value) FILTER (WHERE indicator = 'rereferral_percent') AS value,
               any_value(symbol) FILTER (WHERE indicator = 'rereferral_percent') AS symbol,
               any_value(value) FILTER (WHERE indicator = 'rereferral_count') AS numerator,
               any_value(value) FILTER (WHERE indicator = 'referral_count') AS denominator
        FROM rows
        WHERE {AREAS_WANTED} AND {YEARS_WANTED}
        GROUP BY year, area_code, geographic_level
        HAVING count(*) FILTER (WHERE indicator = 'rereferral_percent') > 0
        ORDER BY year, area
        """,
        [REREFERRAL_CATEGORY, *_area_params(query), *_years(query)],
    ).df()
    frame["area_type"] = frame["geographic_level"].map(AREA_TYPES)
    frame["breakdown_value"] = frame["area"]
    return _symbols_as_text(tidy(frame, "published_rereferrals", "area", extras=REREFERRAL_EXTRAS))


def _symbols_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The symbol column as text or None (never NaN), however the query typed it."""
    frame["symbol"] = frame["symbol"].astype(object).where(frame["symbol"].notna(), None)
    return frame


def published_authorities(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """la_code -> name of every authority in the published files (its latest name), by name."""
    return dict(con.execute(
        f"""
        SELECT area_code, arg_max(area, year) AS name FROM {PUBLISHED}
        WHERE geographic_level = 'Local authority' GROUP BY 1 ORDER BY 2, 1
        """
    ).fetchall())


# DfE publishes "Characteristics of children in need" once a year, in late October or November,
# for the year to the previous 31 March.
NEXT_RELEASE = ("DfE's next 'Characteristics of children in need' release, each autumn (late "
                "October or November), for the year to 31 March")

YEAR_RULE = (
    "Years are DfE's reporting years, April to March, written as financial years (DfE's "
    "'2025' is 2024/25)."
)
AREA_RULE = (
    "Shown for the authority beside England, the authority's region and the comparator "
    "authorities chosen by officers. DfE rounds national and regional figures to the nearest 10."
)
SYMBOL_RULE = (
    "A figure DfE did not publish is a gap with DfE's symbol and its meaning (c suppressed, "
    "x not available, z not applicable, u low reliability, k rounds to 0), never a 0."
)

MEASURES = (
    Measure(
        "published_harm_factors", "Harm outside the home at assessment, compared",
        "DfE children-in-need factors identified at the end of assessment — child criminal "
        "exploitation, child sexual exploitation, gangs, going missing and trafficking — per "
        "10,000 children aged 0–17, using DfE's own rule: the factors of year T over the ONS "
        "mid-year estimate of children aged 0 to 17 for year T−1 (2024/25 factors over the "
        "mid-2024 population). A factor counts assessments that identified it, so one child can count "
        f"under several factors. {YEAR_RULE} {AREA_RULE} {SYMBOL_RULE} With no population "
        "estimate for year T−1 the rate is marked x.",
        "Factors identified at the end of assessment in year T (DfE)",
        "Children aged 0 to 17, ONS mid-year estimate for year T−1",
        "per 10,000 children aged 0–17", Better.NEITHER,
        ("published_statistics",), ("area_factor",), Disclosure.PUBLIC, SECTION,
        published_harm_factors, period_kind="year", next_update=NEXT_RELEASE,
        kind=MeasureKind.CONTEXT,
        plain="How often social workers' assessments found exploitation, gangs, going missing or "
              "trafficking, per 10,000 children, beside England, the region and similar councils.",
    ),
    Measure(
        "published_rereferrals", "Re-referral rate, compared",
        "DfE's percentage of referrals to children's social care in the year that were within "
        "12 months of a previous referral of the same child (rereferral_percent, as published), "
        f"with the re-referrals and referrals it is built on. {YEAR_RULE} {AREA_RULE} "
        f"{SYMBOL_RULE}",
        "Re-referrals within 12 months of a previous referral (DfE)",
        "Referrals in the year (DfE)", "%", Better.DOWN,
        ("published_statistics",), ("area",), Disclosure.PUBLIC, SECTION,
        published_rereferrals, period_kind="year", next_update=NEXT_RELEASE,
        kind=MeasureKind.CHANGE,
        plain="The share of referrals about a child already referred in the 12 months before, "
              "from government statistics, beside England, the region and similar councils.",
    ),
)


# --- benchmarking, as LAIT and DfE's children's social care dashboard do ------------------------

QUARTER_NAMES = ("lowest quarter", "second quarter", "third quarter", "highest quarter")


@dataclass(frozen=True)
class Benchmark:
    """One authority's latest published figure beside England, its region, its neighbours'
    average and every authority's quartiles (LAIT's bands)."""

    period: str
    value: float
    england: float | None
    region: str | None
    region_value: float | None
    neighbours_mean: float | None
    neighbours_counted: int
    quartile: int  # 1 = the lowest quarter of authorities' values, 4 = the highest
    authorities_counted: int
    versus_neighbours: str  # "above", "below", "the same as", or "" without neighbours
    judgement: str  # "better", "worse" or "" (no polarity, or the same)

    @property
    def band(self) -> str:
        return QUARTER_NAMES[self.quartile - 1]


def quartile_of(value: float, values: pd.Series) -> int:
    """1 to 4: the quarter of `values` (every authority's) that `value` falls in, by DfE's
    quartile cut points (the 25th, 50th and 75th percentiles, linear)."""
    cuts = values.quantile([0.25, 0.5, 0.75]).tolist()
    return 1 + sum(value > cut for cut in cuts)


def benchmark(frame: pd.DataFrame, la_code: str, neighbours: list[str],
              better: Better) -> Benchmark | None:
    """The authority's latest published year with a value, benchmarked. `frame` holds every
    area of one measure (and one factor): England, regions and all authorities, as a published
    measure returns them with no authority asked for."""
    own = frame[(frame["area_code"] == la_code) & frame["value"].notna()]
    if own.empty:
        return None
    latest = own.sort_values("period").iloc[-1]
    year = frame[(frame["period"] == latest["period"]) & frame["value"].notna()]
    authorities = year[year["area_type"] == "Local authority"]
    england = year.loc[year["area_type"] == "England", "value"]
    listed = by_code().get(la_code)  # DfE's region, as the published regional rows name it
    region_name = listed.region_name if listed else None
    regions = year[year["area_type"] == "Region"]
    region = regions[regions["area"] == region_name] if region_name else regions.iloc[0:0]
    theirs = authorities[authorities["area_code"].isin(neighbours)]["value"]
    mean = float(theirs.mean()) if len(theirs) else None
    value = float(latest["value"])
    if mean is None:
        versus = ""
    elif round(value, 1) == round(mean, 1):
        versus = "the same as"
    else:
        versus = "above" if value > mean else "below"
    judgement = ""
    if versus in ("above", "below") and better != Better.NEITHER:
        judgement = "better" if (versus == "above") == (better == Better.UP) else "worse"
    return Benchmark(
        period=str(latest["period"]), value=value,
        england=float(england.iloc[0]) if len(england) else None,
        region=str(region.iloc[0]["area"]) if len(region) else None,
        region_value=float(region.iloc[0]["value"]) if len(region) else None,
        neighbours_mean=mean, neighbours_counted=len(theirs),
        quartile=quartile_of(value, authorities["value"]),
        authorities_counted=len(authorities), versus_neighbours=versus, judgement=judgement,
    )
