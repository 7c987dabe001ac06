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
    shown = [(slide.measure_id, slide.query.breakdown)
             for slide in dict.fromkeys(app.session_state["_page_slides"])]
    # Every chart on the Overview: the six tiles' measures (the referrals card is the first
    # tile's chart), then each headline measure for every authority side by side.
    assert shown == [
        ("referrals", "total"), ("re_referrals_12m", "total"), ("contextual_share", "total"),
        ("child_risk_reduced", "total"), ("violence_recorded_12m", "total"),
        ("mace_children", "total"),
        ("referral_rate_0_17", "authority"), ("re_referrals_12m", "authority"),
        ("contextual_share", "authority"), ("child_risk_reduced", "authority"),
        ("violence_recorded_rate", "authority"),
    ]


def test_a_page_without_charts_offers_no_pack(monkeypatch, demo_store_path):
    app = open_app_page(monkeypatch, demo_store_path, "definitions")
    assert app.session_state["_page_slides"] == []
    assert not app.get("download_button") or all(
        not b.label.startswith("Committee pack") for b in app.get("download_button"))
