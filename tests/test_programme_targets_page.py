"""The MACE and programmes pages driven through app.py, and the target form on the programmes
page: an officer sets a target and it is stored, audited and shown as "x of target y (z%)"; a
public viewer sees no form, and a write attempted without the officer role is refused on the
server whatever the page shows. Also: both pages on an empty store, on a copy of the shared demo
store (made before targets could be stored, so its form must step aside) and on a fresh store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import open_app_page, said, stored
from conftest import upload, write
from store.connection import Store
from store.targets import set_target

ACTIVITY = "activity_id,date,programme,organisation_type,organisation_id,sessions,participants\n"
# Staff trained in Stockton: 2024/25 reaches 60 on 31 March; 2025/26 restarts at 5 on 1 April.
YEARS = ACTIVITY + """\
A01,2024-04-15,staff_training,team,T1,1,10
A07,2024-07-10,partner_awareness,partner,P1,1,40
A02,2024-10-01,staff_training,team,T2,1,20
A03,2025-03-31,staff_training,team,T1,2,30
A04,2025-04-01,staff_training,team,T3,1,5
A09,2025-09-01,partner_awareness,partner,P2,1,25
"""


def open_page(monkeypatch, store_path: Path, page: str, role: str = "officer") -> AppTest:
    app = open_app_page(monkeypatch, store_path, page, role, timeout=60)
    assert not app.exception, app.exception
    return app


@pytest.fixture
def activity_store(tmp_path) -> Path:
    path = tmp_path / "store" / "programmes.duckdb"
    store = Store(path)
    outcome = upload(store, write(tmp_path, "activity.csv", YEARS))
    assert outcome.ok, outcome.message()
    store.close()
    return path


# --- the target form -------------------------------------------------------------------------


def test_an_officer_sets_a_target_and_it_is_stored_audited_and_shown(monkeypatch, activity_store):
    app = open_page(monkeypatch, activity_store, "programmes")
    assert "No target has been set for Stockton-on-Tees in 2025/26" in said(app.markdown)
    app.selectbox(key="target-programme").set_value("staff_trained")
    app.selectbox(key="target-la").set_value("E06000004")
    app.selectbox(key="target-year").set_value("2025/26")
    app.number_input(key="target-value").set_value(40)
    app.button(key="target-save").click().run()
    assert not app.exception, app.exception
    assert "Target saved: Children's services staff trained, Stockton-on-Tees, 2025/26: 40" in said(app.success)
    assert stored("SELECT programme, la_code, financial_year, target, set_by FROM targets") == [
        ("staff_trained", "E06000004", "2025/26", 40.0, "test-officer")]
    audit = stored("SELECT actor, action, detail FROM audit WHERE action = 'target'")
    assert len(audit) == 1 and audit[0][0] == "test-officer" and '"target": 40' in audit[0][2]
    # The card reads the new target at once: 5 trained by 2025/26 Q2 (all on 1 April) of 40.
    assert "In 2025/26 Q2: 5 staff of target 40 (12.5%)." in said(app.markdown)


def test_the_year_before_1_april_is_read_against_its_own_target(monkeypatch, activity_store):
    store = Store(activity_store)
    set_target(store.cursor(), "staff_trained", "E06000004", "2024/25", 80, actor="officer")
    set_target(store.cursor(), "staff_trained", "E06000004", "2025/26", 40, actor="officer")
    store.close()
    app = open_page(monkeypatch, activity_store, "programmes", role="public")
    assert "In 2025/26 Q2: 5 staff of target 40 (12.5%)." in said(app.markdown)
    app.selectbox(key="programmes-year").set_value("2024/25").run()
    # 10 + 20 + 30 (31 March) = 60 of 80.
    assert "In 2024/25 Q4: 60 staff of target 80 (75.0%)." in said(app.markdown)
    assert any("target met" not in h.value and "75.0% of the target" in h.value.replace("\\", "")
               for h in [*app.header, *app.subheader])


def test_a_refused_target_says_why_and_stores_nothing(monkeypatch, activity_store):
    app = open_page(monkeypatch, activity_store, "programmes")
    app.button(key="target-save").click().run()  # no number entered
    assert "A target must be a number above 0" in said(app.error)
    assert stored("SELECT count(*) FROM targets") == [(0,)]


def test_a_public_viewer_sees_the_targets_but_no_form(monkeypatch, activity_store):
    app = open_page(monkeypatch, activity_store, "programmes", role="public")
    assert not [b for b in app.button if b.key == "target-save"]
    assert not app.number_input
    assert "Officers set targets here" in said(app.caption)


def attempt_as_public():
    """Run as its own script: a public session calling the write directly, as a forged form
    submission would."""
    import streamlit as st

    from ui import targets

    st.session_state["role"] = "public"
    try:
        targets.save_target("staff_trained", "E06000004", "2025/26", 40)
    except PermissionError as refusal:
        st.error(str(refusal))


def test_the_write_itself_refuses_anyone_but_an_officer(monkeypatch, activity_store):
    monkeypatch.setenv("SCRUTINY_STORE", str(activity_store))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_function(attempt_as_public, default_timeout=60).run()
    assert "Only officers or admins may set targets" in said(app.error)
    assert stored("SELECT count(*) FROM targets") == [(0,)]
    assert stored("SELECT count(*) FROM audit WHERE action = 'target'") == [(0,)]


# --- both pages on the shared demo store and an empty one --------------------------------------


@pytest.fixture
def demo_copy(demo_store_path, tmp_path) -> Path:
    """A copy of the session's demo store, so targets set in one test stay in that test."""
    copy = tmp_path / "demo" / "demo.duckdb"
    copy.parent.mkdir()
    shutil.copy(demo_store_path, copy)
    return copy


@pytest.mark.parametrize("role", ["public", "officer"])
def test_the_mace_page_charts_the_demo_store(monkeypatch, demo_copy, role):
    app = open_page(monkeypatch, demo_copy, "mace", role)
    headings = " ".join(h.value for h in [*app.header, *app.subheader]).replace("\\", "")
    for subject in ("Children discussed at MACE", "Contexts and peer groups discussed at MACE",
                    "Median days on MACE", "MACE children with a referral or intervention on record",
                    "Disruption activity by type"):
        assert subject in headings
    assert len(app.get("plotly_chart")) == 5
    assert "each a percentage of the same children" in said(app.markdown)


def test_the_programmes_page_charts_the_demo_store_against_targets(monkeypatch, demo_copy):
    app = open_page(monkeypatch, demo_copy, "programmes", role="public")
    headings = " ".join(h.value for h in [*app.header, *app.subheader]).replace("\\", "")
    for title in ("Schools reached:", "Children's services staff trained:",
                  "Partners and elected Members reached:", "Community guardians recruited:"):
        assert title in headings
    assert len(app.get("plotly_chart")) == 6


@pytest.mark.parametrize("page", ["mace", "programmes"])
def test_each_page_on_an_empty_store_says_what_to_upload(monkeypatch, tmp_path, page):
    app = open_page(monkeypatch, tmp_path / "empty.duckdb", page)
    messages = said(app.info)
    extract = "MACE hub case discussions" if page == "mace" else "Awareness, training and guardian programmes"
    assert f"Upload the {extract} extract" in messages
    assert not app.get("plotly_chart")
