"""The Settings page (administrators): our authorities, comparator groups and DfE's statistical
neighbour list, each saved as a new audited version; and addresses that name an authority by
code or by name."""

from __future__ import annotations

import json
from contextlib import closing

import pytest

from apptest import open_app_page, said
from contracts.authorities import NeighbourFileError, read_neighbours
from store.connection import connect

STOCKTON, HARTLEPOOL, CITY, MIDDLESBROUGH = "E06000004", "E06000001", "E09000001", "E06000002"


def settings_rows(path, key: str) -> list[tuple[str, object]]:
    with closing(connect(path)) as con:
        return [(by, json.loads(value)) for by, value in con.execute(
            "SELECT set_by, value FROM settings WHERE key = ? ORDER BY set_at", [key]).fetchall()]


def test_an_administrator_adds_a_partner_and_the_filters_offer_it(monkeypatch, demo_store_copy):
    app = open_app_page(monkeypatch, demo_store_copy, "settings", role="admin")
    assert not app.exception
    assert app.selectbox(key="home-authority").value == STOCKTON
    assert app.multiselect(key="partner-authorities").value == [HARTLEPOOL]
    app.multiselect(key="partner-authorities").set_value([HARTLEPOOL, CITY])
    next(b for b in app.button if b.label == "Save our authorities").click().run()
    assert "Saved: Stockton-on-Tees, Hartlepool and City of London." in said(app.success)
    assert settings_rows(demo_store_copy, "our_authorities")[-1] == (
        "test-admin", [STOCKTON, HARTLEPOOL, CITY])
    assert list(app.sidebar.multiselect(key="la").options) == [
        "Stockton-on-Tees", "Hartlepool", "City of London"]


def test_a_comparator_group_is_saved_for_each_of_our_authorities(monkeypatch, demo_store_copy):
    app = open_app_page(monkeypatch, demo_store_copy, "settings", role="admin")
    app.multiselect(key=f"group-{STOCKTON}-codes").set_value([HARTLEPOOL, MIDDLESBROUGH])
    next(b for b in app.button if b.label == "Save comparator group").click().run()
    assert not app.exception
    assert settings_rows(demo_store_copy, f"comparator_group:{STOCKTON}")[-1] == (
        "test-admin", [HARTLEPOOL, MIDDLESBROUGH])


def test_an_officer_cannot_open_the_settings_page(monkeypatch, demo_store_path):
    app = open_app_page(monkeypatch, demo_store_path, "overview", role="officer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/settings.py")


def test_a_neighbour_file_names_authorities_by_code_number_or_name():
    text = ("LA number,LA Name,SN1,SN2,SN3\n"
            "808,Stockton-on-Tees,Hartlepool,E06000002,807\n"
            "805,Hartlepool,Stockton-on-Tees,,\n")
    assert read_neighbours(text) == {STOCKTON: [HARTLEPOOL, MIDDLESBROUGH, "E06000003"],
                                     HARTLEPOOL: [STOCKTON]}


def test_a_neighbour_file_naming_no_such_authority_is_refused_with_its_row_and_column():
    with pytest.raises(NeighbourFileError, match=r"Row 2, column SN2: 'Atlantis'"):
        read_neighbours("la_code,SN1,SN2\nE06000004,Hartlepool,Atlantis\n")
    with pytest.raises(NeighbourFileError, match="needs a column naming the authority"):
        read_neighbours("area,x\nE06000004,1\n")


@pytest.mark.parametrize("asked", [HARTLEPOOL, "hartlepool", "805"])
def test_an_address_names_the_authority_by_code_or_name(monkeypatch, demo_store_path, asked):
    app = open_app_page(monkeypatch, demo_store_path, "referrals", la=asked)
    assert not app.exception
    assert app.session_state["la"] == [HARTLEPOOL]


def test_an_address_naming_an_authority_without_data_says_so(monkeypatch, demo_store_path):
    app = open_app_page(monkeypatch, demo_store_path, "referrals", la=CITY)
    assert "No data here for City of London" in said(app.sidebar.caption)
