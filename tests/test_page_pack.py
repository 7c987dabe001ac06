"""Any page as a committee pack: the sidebar offers the charts the page drew as PDF and
PowerPoint buttons; a page without charts offers none."""

from __future__ import annotations

from apptest import open_app_page
from browser import require_browser


def test_the_overview_offers_its_charts_as_a_pack(monkeypatch, demo_store_path):
    require_browser()
    app = open_app_page(monkeypatch, demo_store_path, "overview")
    labels = [button.label for button in app.sidebar.get("download_button")]
    assert labels == ["Committee pack (PDF)", "Committee pack (PowerPoint)"]
    shown = [slide.measure_id for slide in app.session_state["_page_slides"]]
    assert shown == ["referrals"]  # the overview draws one chart card beside its tiles


def test_a_page_without_charts_offers_no_pack(monkeypatch, demo_store_path):
    app = open_app_page(monkeypatch, demo_store_path, "definitions")
    assert app.session_state["_page_slides"] == []
    assert not app.get("download_button") or all(
        not b.label.startswith("Committee pack") for b in app.get("download_button"))
