"""Every page runs through the real entry point (app.py, its navigation and sidebar) against
the demo store and against an empty store, without an exception (restricted pages as an
administrator; what each role may reach is tested in test_roles.py)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from apptest import open_app_page
from contracts.roles import Role
from ui.navigation import roles_for

PAGES = [
    "overview",
    "referrals",
    "contextual",
    "violence",
    "mace",
    "programmes",
    "recommendations",
    "definitions",
    "upload",
    "data_loads",
    "specification",
    "accessibility",
    "compare",
    "admin",
    "sign_in",
    "present",
    "decks",
    "settings",
]


def run_page(monkeypatch, store_path, page: str) -> AppTest:
    """As the public where the public may open the page, else as an administrator."""
    role = "public" if Role.PUBLIC in roles_for(f"views/{page}.py") else "admin"
    return open_app_page(monkeypatch, store_path, page, role, timeout=60)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_the_demo_store(monkeypatch, demo_store_path, page):
    app = run_page(monkeypatch, demo_store_path, page)
    assert not app.exception, app.exception


def test_the_demo_store_is_labelled_as_demo_data(monkeypatch, demo_store_path):
    # AppTest drops the entry point's own elements after switch_page (a real browser keeps
    # them on every page), so the banner is checked on the page the app opens with.
    app = run_page(monkeypatch, demo_store_path, "overview")
    assert any("Demo data" in w.value for w in app.warning)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_an_empty_store_without_error(monkeypatch, tmp_path, page):
    app = run_page(monkeypatch, tmp_path / "empty.duckdb", page)
    assert not app.exception, app.exception
    assert not any("Demo data" in w.value for w in app.warning)


def test_the_overview_charts_referrals_per_quarter_from_the_store(monkeypatch, demo_store_path):
    app = run_page(monkeypatch, demo_store_path, "overview")
    headings = [h.value for h in [*app.header, *app.subheader]]
    assert any(h.startswith("Referrals") for h in headings), headings
    assert len(app.get("plotly_chart")) >= 1


def test_an_empty_store_says_which_extract_to_upload(monkeypatch, tmp_path):
    app = run_page(monkeypatch, tmp_path / "empty.duckdb", "referrals")
    messages = " ".join(info.value for info in app.info).replace("\\", "")
    assert "No data loaded yet for referrals" in messages
    assert "Upload the Referrals about extra-familial harm extract" in messages


def test_a_load_shows_on_an_open_session_at_its_next_run_without_a_restart(monkeypatch, tmp_path):
    from conftest import upload, write
    from ui.session import store as app_store

    app = run_page(monkeypatch, tmp_path / "live.duckdb", "overview")
    assert any("No data loaded yet" in i.value for i in app.info)
    header = "referral_id,child_id,referral_date,source,harm_types,age\n"
    upload(
        app_store(),
        write(
            tmp_path,
            "q2.csv",
            header + "".join(f"R{i},C{i},2025-07-0{1 + i % 9},police,cce,15\n" for i in range(12)),
        ),
    )
    app.run()  # the same session, the next run: no cache clearing, no restart
    # The public overview shows the 12 referrals rounded to the nearest 5.
    assert any("10 referrals" in h.value for h in [*app.header, *app.subheader])
