"""A third authority end to end, with no code changed: Middlesbrough's referrals and a Cleveland
force month loaded from the command line with --la, its police rows placed by LSOA name, its
measures, the administrator adding it to our authorities, and How we compare for it (England,
region, neighbours and quartile band). Also the benchmark arithmetic itself, and the demo's
published figures for every authority."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pandas as pd
import pytest

from apptest import open_app_page, said
from conftest import ROOT, write
from contracts.authorities import authorities
from data.demo_published import demo_neighbours, write_demo_published
from metrics.model import Better
from metrics.published import benchmark, quartile_of

STOCKTON, HARTLEPOOL, MIDDLESBROUGH = "E06000004", "E06000001", "E06000002"
POLICE = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Crime type,Last outcome category,Context\n")
VIOLENCE = "Violence and sexual offences"


def cli(store_path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCRUTINY_STORE": str(store_path)}
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=env,
                          capture_output=True, text=True, timeout=300)


def force_month(folder, rows: list[tuple[str, str, int]]):
    lines = [f"M-{code}-{i},2025-10,Cleveland Police,Cleveland Police,-1.2,54.5,On or near X,"
             f"{code},{name},{VIOLENCE},Under investigation," for code, name, n in rows
             for i in range(n)]
    return write(folder, "2025-10-cleveland-street.csv", POLICE + "\n".join(lines) + "\n")


def test_middlesbrough_joins_by_settings_and_uploads_alone(monkeypatch, demo_store_copy, tmp_path):
    referrals = write(tmp_path, "middlesbrough_q2.csv",
                      "referral_id,child_id,referral_date,source,harm_types,age\n"
                      + "".join(f"M{i},MC{i},2025-08-0{1 + i % 9},police,cce,15\n" for i in range(12)))
    loaded = cli(demo_store_copy, "ingest", str(referrals), "--la", "Middlesbrough")
    assert loaded.returncode == 0, loaded.stderr
    police = force_month(tmp_path, [("E01012001", "Middlesbrough 001A", 5),
                                    ("E01012500", "Redcar and Cleveland 001A", 2),
                                    ("E01011954", "Hartlepool 001A", 3)])
    # It replaces the demo's whole Cleveland month, so the load must be confirmed (issue 14)
    placed = cli(demo_store_copy, "ingest", str(police), "--la", MIDDLESBROUGH, "--confirm-drop")
    assert placed.returncode == 0, placed.stderr
    counted = cli(demo_store_copy, "measure", "violence_recorded", "--la", MIDDLESBROUGH,
                  "--period", "2025-10", "--csv")
    assert counted.returncode == 0, counted.stderr
    row = next(csv.DictReader(counted.stdout.splitlines()))
    assert float(row["value"]) == 5  # its own rows only; Redcar's and Hartlepool's are theirs
    redcar = cli(demo_store_copy, "measure", "violence_recorded", "--la", "Redcar and Cleveland",
                 "--period", "2025-10", "--csv")
    assert float(next(csv.DictReader(redcar.stdout.splitlines()))["value"]) == 2

    admin = open_app_page(monkeypatch, demo_store_copy, "settings", role="admin")
    admin.multiselect(key="partner-authorities").set_value([HARTLEPOOL, MIDDLESBROUGH])
    next(b for b in admin.button if b.label == "Save our authorities").click().run()
    assert not admin.exception
    assert "Middlesbrough" in list(admin.sidebar.multiselect(key="la").options)

    public = open_app_page(monkeypatch, demo_store_copy, "compare")
    public.selectbox(key="compare-authority").set_value(MIDDLESBROUGH).run()
    assert not public.exception, public.exception
    glance = public.table[0].value
    assert "Middlesbrough" in glance.columns and len(glance) == 6
    assert glance["Region"].str.startswith("North East").all()
    # every authority with a figure that year (DfE withholds some): 100 or more of 153
    assert glance["Quartile band, all authorities"].str.fullmatch(r"\w+ quarter of 1[0-5]\d").all()
    assert "Middlesbrough at a glance" in said(public.header)


# --- the arithmetic ----------------------------------------------------------------------

def areas(year: str, england: float, region: float, authorities_values: dict[str, float]):
    rows = [{"period": year, "area_code": "E92000001", "area": "England", "area_type": "England",
             "value": england},
            {"period": year, "area_code": "E12000001", "area": "North East", "area_type": "Region",
             "value": region}]
    rows += [{"period": year, "area_code": code, "area": code, "area_type": "Local authority",
              "value": value} for code, value in authorities_values.items()]
    return pd.DataFrame(rows)


EIGHT = {STOCKTON: 30.0, HARTLEPOOL: 10.0, MIDDLESBROUGH: 20.0, "E06000003": 40.0,
         "E06000005": 50.0, "E06000047": 60.0, "E06000057": 70.0, "E08000021": 80.0}


def test_a_benchmark_sets_the_latest_figure_beside_england_region_neighbours_and_quartiles():
    frame = pd.concat([areas("2023/24", 1, 1, {STOCKTON: 99.0}),
                       areas("2024/25", 35.0, 33.0, EIGHT)])
    found = benchmark(frame, STOCKTON, [HARTLEPOOL, MIDDLESBROUGH, "E06000003"], Better.DOWN)
    assert (found.period, found.value, found.england) == ("2024/25", 30.0, 35.0)
    assert (found.region, found.region_value) == ("North East", 33.0)
    assert (found.neighbours_mean, found.neighbours_counted) == (pytest.approx(70 / 3), 3)
    assert (found.versus_neighbours, found.judgement) == ("above", "worse")
    assert (found.quartile, found.band, found.authorities_counted) == (2, "second quarter", 8)
    rising = benchmark(frame, STOCKTON, [HARTLEPOOL, MIDDLESBROUGH], Better.UP)
    assert rising.judgement == "better"
    neither = benchmark(frame, STOCKTON, [HARTLEPOOL], Better.NEITHER)
    assert (neither.versus_neighbours, neither.judgement) == ("above", "")
    alone = benchmark(frame, STOCKTON, [], Better.DOWN)
    assert (alone.neighbours_mean, alone.versus_neighbours) == (None, "")


def test_quartile_bands_follow_the_25th_50th_and_75th_percentiles():
    values = pd.Series(list(EIGHT.values()))  # cut points 27.5, 45 and 62.5
    assert [quartile_of(v, values) for v in (10, 27.5, 30, 45, 50, 62.5, 70, 80)] == [
        1, 1, 2, 2, 3, 3, 4, 4]


def test_an_authority_with_no_published_figure_has_no_benchmark():
    assert benchmark(areas("2024/25", 1, 1, {HARTLEPOOL: 2.0}), STOCKTON, [], Better.DOWN) is None


def test_the_demo_publishes_figures_for_every_authority_with_england_the_sum(tmp_path):
    factors, referrals, population = write_demo_published(tmp_path)
    with referrals.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["time_period"] == "2025"]
    local = [row for row in rows if row["geographic_level"] == "Local authority"]
    assert {row["new_la_code"] for row in local} == {a.code for a in authorities()}
    england = next(row for row in rows if row["geographic_level"] == "National")
    total = sum(int(row["referral_count"]) for row in local)
    assert abs(int(england["referral_count"]) - total) <= 5  # rounded to 10, as DfE does
    neighbours = demo_neighbours()
    assert len(neighbours[STOCKTON]) == 10 and STOCKTON not in neighbours[STOCKTON]


def test_without_the_real_dfe_files_the_demo_still_compares(monkeypatch, tmp_path):
    """A fresh machine has no ../shared/realdata: How we compare shows demo figures for every
    authority (the demo banner says so) beside England, the region, the demo neighbours and
    quartiles, rather than an empty page."""
    from data import demo_store
    from store.connection import Store

    monkeypatch.setattr(demo_store, "default_realdata_dir", lambda: None)
    # The comparison reads published statistics and the neighbours setting only: the demo's
    # own extracts (most of its build time) are left out.
    monkeypatch.setattr(demo_store, "write_demo_extracts", lambda folder, realdata_dir: [])
    path = tmp_path / "fresh" / "demo.duckdb"
    built = Store(path)
    demo_store.build_demo_store(built)
    built.close()
    app = open_app_page(monkeypatch, path, "compare")
    assert not app.exception, app.exception
    assert "Demo data" in said(app.warning)
    assert app.selectbox(key="compare-authority").value == STOCKTON
    glance = app.table[0].value
    assert list(glance.columns) == [
        "Measure", "Year", "Stockton-on-Tees", "England", "Region",
        "Statistical neighbours' average", "Quartile band, all authorities",
        "Against statistical neighbours"]
    assert len(glance) == 6 and glance["Quartile band, all authorities"].str.endswith(" of 153").all()
