"""Data and loads: the coverage grid says what is loaded, late or missing; an officer restores an
earlier version after confirming, and the restore is audited."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import sign_in_as
from conftest import ROOT, upload, write
from metrics.availability import coverage
from ui.session import store as app_store

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"


def test_the_coverage_grid_marks_loaded_missing_late_and_not_due_quarters(store, tmp_path):
    for quarter_start in ("2025-04", "2025-10"):
        upload(store, write(tmp_path, f"{quarter_start}.csv",
                            HEADER + f"R{quarter_start},C1,{quarter_start}-05,police,cce,15\n"))
    grid = coverage(store.cursor(), "referrals", today=date(2026, 3, 1))
    row = grid.set_index("authority").loc["E06000004"]
    assert row["2025/26 Q1"] == "load 1"
    assert row["2025/26 Q2"] == "missing"  # ended 30 Sep: due by 14 Nov, and a later one came
    assert row["2025/26 Q3"] == "load 2"
    assert row["2025/26 Q4"] == "not due yet"
    late = coverage(store.cursor(), "referrals", today=date(2026, 5, 20))
    assert late.set_index("authority").loc["E06000004", "2025/26 Q4"] == "late"


def test_an_officer_restores_an_earlier_version_after_confirming(monkeypatch, tmp_path):
    monkeypatch.setenv("SCRUTINY_STORE", str(tmp_path / "store" / "loads.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    first = upload(app_store(), write(tmp_path, "a.csv", HEADER + "R1,C1,2025-07-01,police,cce,15\n"))
    upload(app_store(), write(tmp_path, "b.csv", HEADER + "R1,C1,2025-07-01,police,cce,16\n"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in_as(app, "officer")
    app.run()
    app.switch_page("views/data_loads.py")
    app.run()
    app.selectbox(key="restore_choice").set_value(first.stored.load_id).run()
    assert not app.get("button") or all(b.key != "restore_button" for b in app.button)
    app.checkbox(key="restore_confirm").check().run()
    app.button(key="restore_button").click().run()
    assert not app.exception
    con = app_store().cursor()
    assert con.execute("SELECT age FROM referrals").fetchall() == [(15,)]
    assert con.execute("SELECT action FROM audit ORDER BY \"at\" DESC LIMIT 1").fetchone() == ("restore",)


def test_the_public_cannot_open_the_data_and_loads_page_or_restore(monkeypatch, tmp_path):
    monkeypatch.setenv("SCRUTINY_STORE", str(tmp_path / "store" / "loads.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    upload(app_store(), write(tmp_path, "a.csv", HEADER + "R1,C1,2025-07-01,police,cce,15\n"))
    upload(app_store(), write(tmp_path, "b.csv", HEADER + "R1,C1,2025-07-01,police,cce,16\n"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/data_loads.py")
