"""Demo published statistics for every authority in England, in DfE's Explore Education
Statistics layout, so How we compare shows England, the region, neighbours and quartiles on a
machine without the real DfE files. Loaded as demo loads (the banner says so); where the real
files are at hand the demo store loads those instead.

Also a demo statistical neighbour list (not DfE's): for each authority the ten others of the
most similar child population, its own region first. Figures are seeded, so every build is the
same.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from contracts.authorities import Authority, authorities
from contracts.extracts import EES_FIXED_COLUMNS
from metrics.published import FACTOR_CATEGORY, FACTORS, POPULATION_AGE_GROUP, REREFERRAL_CATEGORY

SEED = 18
YEARS = range(2021, 2026)  # DfE reporting years 2020/21 to 2024/25
ENGLAND = ("E92000001", "England")
DEMO_NEIGHBOURS_FILE = "Demo statistical neighbours (not DfE's list)"
# Demo rates per 10,000 children aged 0-17 (around England's published levels).
FACTOR_RATES = {"Child_criminal_exploitation": 14.0, "Child_sexual_exploitation": 10.0,
                "Gangs": 6.0, "Going_missing": 17.0, "Trafficking": 2.0}


def _population(authority: Authority, rng: random.Random) -> int:
    if authority.code in ("E09000001", "E06000053"):  # City of London, Isles of Scilly
        return rng.randint(300, 1500)
    return rng.randint(25_000, 260_000)


def _geography(level: str, authority: Authority | None = None, region: tuple[str, str] = ("", "")):
    row = dict.fromkeys(EES_FIXED_COLUMNS, "")
    row.update(time_identifier="Reporting year", geographic_level=level,
               country_code=ENGLAND[0], country_name=ENGLAND[1])
    if authority:
        row.update(region_code=authority.region_code, region_name=authority.region_name,
                   old_la_code=authority.dfe_number, new_la_code=authority.code,
                   la_name=authority.name)
    elif level == "Regional":
        row.update(region_code=region[0], region_name=region[1])
    return row


def _rounded(value: float) -> int:
    """DfE rounds national and regional figures to the nearest 10."""
    return int(round(value / 10.0) * 10)


def write_demo_published(folder: Path) -> list[Path]:
    """The three files How we compare reads: factors at assessment, referrals and re-referrals,
    and the population aged 0 to 17. Returns their paths."""
    rng = random.Random(SEED)
    listed = authorities()
    regions = sorted({(a.region_code, a.region_name) for a in listed})
    base = {a.code: _population(a, rng) for a in listed}
    tilt = {a.code: rng.uniform(0.5, 1.7) for a in listed}  # each authority's own level
    population = {(a.code, year): int(base[a.code] * (1 + 0.004 * (year - 2020)))
                  for a in listed for year in range(2020, 2025)}

    def write(name: str, extra: list[str], rows: list[dict]) -> Path:
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=[*EES_FIXED_COLUMNS, *extra],
                                    lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return path

    def areas(year: int, values: dict[str, dict[str, float]], indicators: list[str],
              fixed: dict[str, str], percent: tuple[str, str, str] | None = None) -> list[dict]:
        """England, each region and each authority for one year: authority figures as given,
        England and regions summed and rounded to 10 (a percentage worked out again)."""
        rows = []
        groups = [("National", None, ("", ""), listed)] + [
            ("Regional", None, region, [a for a in listed if a.region_code == region[0]])
            for region in regions] + [("Local authority", a, ("", ""), [a]) for a in listed]
        for level, authority, region, members in groups:
            row = {**_geography(level, authority, region), "time_period": str(year), **fixed}
            totals = {i: sum(values[a.code][i] for a in members) for i in indicators}
            for indicator, total in totals.items():
                row[indicator] = str(int(total) if level == "Local authority" else _rounded(total))
            if percent:
                share, part, whole = percent
                row[share] = f"{100 * totals[part] / totals[whole]:.1f}" if totals[whole] else "x"
            rows.append(row)
        return rows

    factor_rows, referral_rows, population_rows = [], [], []
    for year in YEARS:
        factors = {a.code: {f.indicator: round(FACTOR_RATES[f.indicator] * tilt[a.code]
                                               * rng.uniform(0.6, 1.4) * population[(a.code, year - 1)]
                                               / 10_000) for f in FACTORS} for a in listed}
        factor_rows += areas(year, factors, [f.indicator for f in FACTORS],
                             {"category": FACTOR_CATEGORY})
        referrals = {}
        for a in listed:
            count = round(population[(a.code, year - 1)] * rng.uniform(0.04, 0.07))
            referrals[a.code] = {"referral_count": count,
                                 "rereferral_count": round(count * rng.uniform(0.14, 0.30))}
        referral_rows += areas(year, referrals, ["referral_count", "rereferral_count"],
                               {"category": REREFERRAL_CATEGORY},
                               percent=("rereferral_percent", "rereferral_count", "referral_count"))
    for year in range(2020, 2025):
        people = {a.code: {"population_estimate": population[(a.code, year)]} for a in listed}
        population_rows += areas(year, people, ["population_estimate"],
                                 {"age_group": POPULATION_AGE_GROUP})
    return [
        write("demo_dfe_c3_factors_identified_at_end_of_assessment.csv",
              ["category", *(f.indicator for f in FACTORS)], factor_rows),
        write("demo_dfe_c1_children_in_need_referrals_and_rereferrals.csv",
              ["category", "referral_count", "rereferral_count", "rereferral_percent"],
              referral_rows),
        write("demo_dfe_ons_mid-year_population_estimates.csv",
              ["age_group", "population_estimate"], population_rows),
    ]


def demo_neighbours() -> dict[str, list[str]]:
    """code -> ten others: its own region's authorities of the most similar child population
    first, then the closest elsewhere (a demo stand-in for DfE's statistical neighbours)."""
    rng = random.Random(SEED)
    listed = authorities()
    size = {a.code: _population(a, rng) for a in listed}
    out = {}
    for authority in listed:
        others = sorted((a for a in listed if a.code != authority.code),
                        key=lambda a: (a.region_code != authority.region_code,
                                       abs(size[a.code] - size[authority.code])))
        out[authority.code] = [a.code for a in others[:10]]
    return out
