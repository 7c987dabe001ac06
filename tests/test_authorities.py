"""Authorities are data: the shipped list of England's authorities, names and codes resolved
alike, police.uk rows placed in whichever authority their LSOA names, and "our authorities" as an
administrator's audited, versioned setting."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import realdata, upload, write
from contracts.authorities import authorities, by_code, resolve
from contracts.roles import Role
from metrics import availability
from metrics.api import compute
from metrics.model import Query
from store.authorities import our_authorities, save_our_authorities

POLICE = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Crime type,Last outcome category,Context\n")
VIOLENCE = "Violence and sexual offences"
CITY, HARTLEPOOL, LEEDS, STOCKTON = "E09000001", "E06000001", "E08000035", "E06000004"


def police_rows(rows: list[tuple[str, str, int]], month: str = "2025-10") -> str:
    """(LSOA code, LSOA name, crimes) -> a police.uk street file of violence in those LSOAs."""
    lines = [f"{month}-{code}-{i},{month},Test Police,Test Police,-1.3,54.5,On or near X,{code},"
             f"{name},{VIOLENCE},Under investigation," for code, name, n in rows for i in range(n)]
    return POLICE + "\n".join(lines) + "\n"


def violence(store, *la_codes: str) -> dict:
    frame = compute(store.cursor(), "violence_recorded", Query(la_codes=la_codes), Role.OFFICER)
    return dict(zip(frame["period"], frame["value"], strict=True))


def test_the_shipped_list_holds_every_children_s_services_authority_of_england():
    listed = by_code()
    assert len(authorities()) == 153
    assert listed[STOCKTON].name == "Stockton-on-Tees"
    assert listed[STOCKTON].region_name == "North East" and listed[STOCKTON].dfe_number == "808"
    assert listed[CITY].name == "City of London" and listed[CITY].region_name == "Inner London"
    assert listed["E06000065"].former_codes == ("E10000023",)  # North Yorkshire, 2023
    assert all(a.region_code.startswith("E1") for a in authorities())


def test_the_shipped_list_is_what_the_script_makes_from_dfe_s_file(tmp_path, monkeypatch):
    from data import make_authorities

    source = realdata("dfe_ons_mid-year_population_estimates_2012_to_2024.csv")
    monkeypatch.setattr(make_authorities, "OUT", tmp_path / "authorities.csv")
    assert make_authorities.main([str(source)]) == 0
    shipped = make_authorities.Path(make_authorities.__file__).with_name("authorities.csv")
    assert (tmp_path / "authorities.csv").read_text() == shipped.read_text()


@pytest.mark.parametrize(("given", "code"), [
    ("E06000004", STOCKTON), ("e06000004", STOCKTON), ("Stockton-on-Tees", STOCKTON),
    ("  stockton-on-tees ", STOCKTON), ("city of london", CITY), ("808", STOCKTON),
    ("E10000023", "E06000065"),  # North Yorkshire's former code
    ("E10000006", None),  # Cumbria: split in two, so no one authority
    ("Nowhere", None), ("", None),
])
def test_an_authority_is_named_by_code_former_code_dfe_number_or_name(given, code):
    assert resolve(given) == code


def test_a_store_s_own_names_resolve_too():
    assert resolve("Cardiff", {"W06000015": "Cardiff"}) == "W06000015"


def test_a_force_file_places_each_row_in_the_authority_its_lsoa_names(store, tmp_path):
    """No geography lookup and no population loaded: the shipped list alone places them."""
    rows = [("E01032739", "City of London 001A", 3), ("E01011954", "Hartlepool 001A", 2),
            ("E01011300", "Leeds 001A", 4), ("E01099999", "Nowhere 001A", 1)]
    assert upload(store, write(tmp_path, "2025-10-test-street.csv", police_rows(rows)), la=None).ok
    placed = dict(store.cursor().execute(
        "SELECT coalesce(la_code, 'none'), sum(crimes) FROM sum_crime_month_lsoa GROUP BY 1"
    ).fetchall())
    assert placed == {CITY: 3, HARTLEPOOL: 2, LEEDS: 4, "none": 1}
    assert violence(store, CITY) == {"2025-10": 3}
    assert violence(store, LEEDS) == {"2025-10": 4}
    assert violence(store, CITY, HARTLEPOOL) == {"2025-10": 5}


def test_with_no_authority_chosen_police_counts_cover_our_authorities_only(store, tmp_path):
    rows = [("E01032739", "City of London 001A", 3), ("E01011954", "Hartlepool 001A", 2)]
    assert upload(store, write(tmp_path, "2025-10-test-street.csv", police_rows(rows)), la=None).ok
    with store.write_lock:
        save_our_authorities(store.cursor(), [HARTLEPOOL], actor="ada.admin")
    assert violence(store) == {"2025-10": 2}


def test_a_real_city_of_london_month_loaded_for_the_city_has_its_violence(store):
    october = realdata("2025-10-city-of-london-street.csv")
    with october.open(encoding="utf-8-sig", newline="") as handle:
        expected = sum(1 for row in csv.DictReader(handle) if row["Crime type"] == VIOLENCE
                       and row["LSOA name"].startswith("City of London "))
    assert upload(store, october, la=CITY).ok
    assert expected > 0 and violence(store, CITY) == {"2025-10": expected}


def test_our_authorities_are_a_versioned_audited_setting_that_the_filters_offer_first(store):
    con = store.cursor()
    assert our_authorities(con) == []
    with store.write_lock:
        save_our_authorities(con, [STOCKTON, HARTLEPOOL], actor="ada.admin")
        save_our_authorities(con, [CITY, STOCKTON], actor="ada.admin")
    assert our_authorities(con) == [CITY, STOCKTON]
    assert list(availability.authorities(con)) == [CITY, STOCKTON]
    assert availability.authorities(con)[CITY] == "City of London"
    versions = con.execute("SELECT value FROM settings WHERE key = 'our_authorities' "
                           "ORDER BY set_at").fetchall()
    assert [json.loads(v) for (v,) in versions] == [[STOCKTON, HARTLEPOOL], [CITY, STOCKTON]]
    audited = con.execute("SELECT actor, detail FROM audit WHERE action = 'setting'").fetchall()
    assert [(actor, json.loads(detail)["value"]) for actor, detail in audited] == [
        ("ada.admin", [STOCKTON, HARTLEPOOL]), ("ada.admin", [CITY, STOCKTON])]


def test_an_authority_the_store_cannot_name_is_refused_and_nothing_is_saved(store):
    con = store.cursor()
    with pytest.raises(ValueError, match="E06999999"):
        save_our_authorities(con, [STOCKTON, "E06999999"], actor="ada.admin")
    assert our_authorities(con) == []
    assert con.execute("SELECT count(*) FROM audit").fetchone()[0] == 0
