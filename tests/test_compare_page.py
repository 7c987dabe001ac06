"""The "How we compare" and "The nine recommendations" pages, and the overview's side-by-side
comparison of authorities, driven through app.py with AppTest on an empty store and on a demo
store (which holds the real DfE files where ../shared/realdata has them).

Why these tests exist: an empty page must say what to upload; a withheld DfE figure must reach
the reader as its symbol and meaning; comparators are a shared choice that only an officer may
change, and that is enforced on the server, not only by hiding a button."""

from __future__ import annotations

import shutil

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import open_app_page, open_card_details, said
from conftest import realdata
from data.demo_store import PUBLISHED_FILES
from store.targets import read_setting
from ui.session import store as app_store

STOCKTON, HARTLEPOOL, MIDDLESBROUGH = "E06000004", "E06000001", "E06000002"


@pytest.fixture
def demo_store(demo_store_path, tmp_path):
    """A copy per test, so a saved choice never leaks into the next test."""
    copy = tmp_path / "store" / "demo.duckdb"
    copy.parent.mkdir(parents=True)
    shutil.copy(demo_store_path, copy)
    return copy


def run_page(monkeypatch, store_path, page: str, role: str = "public") -> AppTest:
    app = open_card_details(open_app_page(monkeypatch, store_path, page, role))
    assert not app.exception, app.exception
    return app


def tables(app: AppTest) -> str:
    return " ".join(table.value.to_csv() for table in app.table)


def require_real_published_files() -> None:
    for name in PUBLISHED_FILES:
        realdata(name)


# --- empty store -------------------------------------------------------------------------


def test_an_empty_store_says_which_extract_to_upload_for_the_comparison(monkeypatch, tmp_path):
    app = run_page(monkeypatch, tmp_path / "empty.duckdb", "compare")
    assert "No published statistics loaded yet" in said(app.info)
    assert "Upload the Published statistics (DfE Explore Education Statistics) extract" in said(app.info)
    listed = said(app.markdown)
    assert "factors identified at the end of assessment" in listed
    assert "referrals and re-referrals" in listed and "population estimates" in listed
    assert not app.get("plotly_chart")


def test_an_empty_store_still_lists_the_nine_recommendations_not_yet_assessed(monkeypatch, tmp_path):
    app = run_page(monkeypatch, tmp_path / "empty.duckdb", "recommendations")
    assert "Upload the Progress on the nine recommendations extract" in said(app.info)
    headings = [h.value for h in [*app.header, *app.subheader]]
    assert [h for h in headings if h.startswith("Recommendation ")] == [
        f"Recommendation {n}: {theme}" for n, theme in enumerate((
            "A strategic partnership approach", "A consistent definition", "Clear outcome measures",
            "Support for schools", "Training for Children's Services staff",
            "Awareness for partners and Members", "Community guardians", "MACE capacity",
            "Assessment, planning and direct work"), start=1)]
    assert said(app.markdown).count("Latest status: ○ Not yet assessed") == 9


# --- the recommendations page on the demo store ------------------------------------------


def test_the_demo_recommendations_show_latest_status_history_and_evidence(monkeypatch, demo_store):
    app = run_page(monkeypatch, demo_store, "recommendations")
    text = said(app.markdown)
    # The demo's last monitoring report (13 March 2026): 7 and 9 on track, the rest achieved.
    assert text.count("Latest status: ● Fully achieved (assessed 13 March 2026)") == 7
    assert text.count("Latest status: ▲ On track (assessed 13 March 2026)") == 2
    assert "Latest progress (assessments up to 13 March 2026): ● Fully achieved 7; ▲ On track 2; " \
           "■ Slipped 0; ✕ Not achieved 0." in text
    assert "That a consistent definition of child criminal exploitation" in text
    assert "Lead: MACE Hub Manager" in text
    # The tracker card: each recommendation's latest status, the chart its pack holds.
    tracker = app.table[0].value
    assert list(tracker["Status"]).count("● Fully achieved") == 7
    # The history: five monitoring reports, oldest first, for every recommendation.
    grid = app.table[1].value
    assert list(grid.columns) == ["Recommendation", "15 March 2024", "20 September 2024",
                                  "14 March 2025", "19 September 2025", "13 March 2026"]
    assert grid.iloc[6].tolist() == ["7. Community guardians", "✕ Not achieved", "✕ Not achieved",
                                     "■ Slipped", "▲ On track", "▲ On track"]
    assert "1. 15 March 2024: ✕ Not achieved" in text  # recommendation 3's timeline starts so
    links = {link.value for link in app.get("page_link")}
    assert {"See Definitions", "See MACE hub", "See Awareness and training",
            "See Contextual vs individual change"} <= links


# --- the compare page on the demo store ---------------------------------------------------


def test_the_demo_comparison_shows_stockton_beside_england_the_region_and_hartlepool(
        monkeypatch, demo_store):
    require_real_published_files()
    app = run_page(monkeypatch, demo_store, "compare")
    assert app.selectbox(key="compare-authority").value == STOCKTON
    headings = said([*app.header, *app.subheader])
    # DfE's 2025 (2024/25): 134 / 45,079 (mid-2024) x 10,000 = 29.7; England 16,250 /
    # 12,183,016 x 10,000 = 13.3
    assert ("Child criminal exploitation: Stockton-on-Tees 29.7 per 10,000 in 2024/25, above "
            "England's 13.3") in headings
    assert ("Re-referrals within 12 months: Stockton-on-Tees 28.8% in 2024/25, above England's "
            "22.6%") in headings
    assert "showing the other authorities in this store: Hartlepool" in said(app.markdown)
    keys = {element.key for element in [*app.get("multiselect"), *app.button]}
    assert not keys & {f"comparators-{STOCKTON}", "save-comparators"}, "only officers choose"
    assert len(app.get("plotly_chart")) == 6  # five factors and the re-referral rate
    subtitle = said(app.markdown)
    assert "Stockton-on-Tees, North East, England and Hartlepool" in subtitle
    # Hartlepool's 2022 CCE figure was withheld by DfE ('c'): a symbol with its meaning, no 0.
    cce = next(table.value for table in app.table if "Area" in table.value.columns)
    hartlepool_2022 = cce[(cce["Area"] == "Hartlepool") & (cce["Year"] == "2021/22")].iloc[0]
    assert hartlepool_2022["Value (per 10,000 children aged 0–17)"] == "c"
    assert hartlepool_2022["Symbol meaning"] == "suppressed by DfE, 1 to 5 children"
    assert "c: suppressed by DfE, 1 to 5 children" in said(app.markdown)
    # At a glance, as LAIT shows it: England, the region, the neighbours' average and the
    # quartile band among all 153 authorities, with a word (not a colour) for the comparison.
    glance = app.table[0].value.set_index("Measure")
    rereferrals = glance.loc["Re-referrals within 12 months (%)"]
    assert (rereferrals["Stockton-on-Tees"], rereferrals["England"], rereferrals["Region"]) == (
        "28.8%", "22.6%", "North East 20.7%")
    assert rereferrals["Quartile band, all authorities"] == "Highest quarter of 153"
    assert rereferrals["Against statistical neighbours"] in ("Above (worse)", "Below (better)")
    assert "(of 10)" in rereferrals["Statistical neighbours' average"]


def test_an_officer_saves_comparators_and_everyone_then_sees_them(monkeypatch, demo_store):
    require_real_published_files()
    app = run_page(monkeypatch, demo_store, "compare", role="officer")
    chooser = app.multiselect(key=f"comparators-{STOCKTON}")
    assert chooser.value == [HARTLEPOOL]  # the default until someone saves
    chooser.set_value([HARTLEPOOL, MIDDLESBROUGH]).run()
    app.button(key="save-comparators").click().run()
    assert "Saved comparators for Stockton-on-Tees: Hartlepool and Middlesbrough." in said(app.success)
    con = app_store().cursor()
    assert read_setting(con, f"comparators:{STOCKTON}") == [HARTLEPOOL, MIDDLESBROUGH]
    assert con.execute("SELECT actor FROM audit WHERE action = 'setting' "
                       "AND detail LIKE '%comparators:%'").fetchall() == [("test-officer",)]
    assert "Middlesbrough" in tables(app)

    public = run_page(monkeypatch, demo_store, "compare")
    assert "Comparator authorities (chosen by officers): Hartlepool and Middlesbrough." in said(
        public.markdown)
    assert "Middlesbrough" in tables(public)


def _save_as_public():
    import streamlit as st

    from ui.comparators import save_comparators

    st.session_state["role"] = "public"
    try:
        save_comparators("E06000004", ["E06000001"])
    except PermissionError as error:
        st.error(str(error))
    else:
        st.success("saved")


def test_saving_comparators_is_refused_on_the_server_unless_an_officer(monkeypatch, tmp_path):
    monkeypatch.setenv("SCRUTINY_STORE", str(tmp_path / "store" / "roles.duckdb"))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_function(_save_as_public, default_timeout=60)
    app.run()
    assert "Only officers or admins may choose comparator authorities." in said(app.error)
    assert read_setting(app_store().cursor(), f"comparators:{STOCKTON}") is None


# --- the overview's authorities side by side --------------------------------------------


def test_the_overview_compares_each_authority_on_rates_and_percentages(monkeypatch, demo_store):
    app = run_page(monkeypatch, demo_store, "overview")
    assert "Compare authorities" in [h.value for h in app.header]
    side_by_side = next(t.value for t in app.table if "Measure" in t.value.columns)
    assert {"Stockton-on-Tees", "Hartlepool"} <= set(side_by_side.columns)
    assert side_by_side["Measure"].tolist() == [
        "Referrals per 10,000 children aged 0–17",
        "Re-referrals within 12 months (%)", "Contextual share of interventions (%)",
        "Children with reduced risk (%)",
        "Violence and sexual offences per 1,000 residents"]
    assert side_by_side[side_by_side["Measure"] == "Re-referrals within 12 months (%)"][
        "Stockton-on-Tees"].iloc[0].endswith("%")
