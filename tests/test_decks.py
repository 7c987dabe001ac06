"""Decks (issue 6): what an officer saves for a meeting is kept version by version, audited
(issue 7), read back as the same Deck, refused when it names a measure that does not exist, and
saved only by officers, whatever the page showed. A store made before decks existed gains the
table when it is opened."""

from __future__ import annotations

import json
from contextlib import closing

import pytest

from metrics.decks import Deck, Slide, deck_from_json, deck_to_json
from metrics.model import Query
from store import schema
from store.connection import Store, connect
from store.decks import DeckError, current_decks, deck, deck_versions, delete_deck, save_deck

BOARD = Deck("YOT Board Q3", (
    Slide("referrals", Query(la_codes=("E06000004",), period_from="2025/26 Q1")),
    Slide("referrals_by_harm", Query(breakdown="harm_type", sex="Female")),
), committee="Youth Offending Team Management Board")


def audited(con, prefix: str = "deck") -> list[tuple[str, str, dict]]:
    rows = con.execute('SELECT actor, action, detail FROM audit WHERE action LIKE ? ORDER BY "at"',
                       [f"{prefix}%"]).fetchall()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


# --- the store -----------------------------------------------------------------------------


def test_every_save_is_a_new_version_and_the_latest_is_current(store):
    con = store.cursor()
    first = deck_to_json(BOARD)
    changed = deck_to_json(Deck(BOARD.name, BOARD.slides[:1], BOARD.committee))
    assert save_deck(con, "YOT Board Q3", first, actor="alex") == 1
    assert save_deck(con, "  YOT   Board Q3 ", changed, actor="sam") == 2  # same name, tidied
    assert deck(con, "YOT Board Q3") == changed
    current = current_decks(con)
    assert current[["deck_name", "version", "saved_by"]].values.tolist() == [
        ["YOT Board Q3", 2, "sam"]]
    history = deck_versions(con, "YOT Board Q3")
    assert history["version"].tolist() == [2, 1]
    assert history["deck_json"].tolist() == [changed, first]
    assert audited(con) == [
        ("alex", "deck_save", {"deck": "YOT Board Q3", "slides": 2, "version": 1}),
        ("sam", "deck_save", {"deck": "YOT Board Q3", "slides": 1, "version": 2}),
    ]


def test_a_deleted_deck_is_gone_from_the_list_but_its_versions_stay_and_it_is_audited(store):
    con = store.cursor()
    save_deck(con, "Select committee", deck_to_json(BOARD), actor="alex")
    save_deck(con, "YOT Board Q3", deck_to_json(BOARD), actor="alex")
    assert delete_deck(con, "Select committee", actor="sam") == 2
    assert current_decks(con)["deck_name"].tolist() == ["YOT Board Q3"]
    assert deck(con, "Select committee") is None
    assert deck_versions(con, "Select committee")["deleted"].tolist() == [True, False]
    assert audited(con)[-1] == ("sam", "deck_delete", {"deck": "Select committee", "version": 2})
    with pytest.raises(DeckError, match="no deck called"):
        delete_deck(con, "Select committee", actor="sam")
    # saved again under the same name, it comes back as a later version
    assert save_deck(con, "Select committee", deck_to_json(BOARD), actor="alex") == 3
    assert sorted(current_decks(con)["deck_name"]) == ["Select committee", "YOT Board Q3"]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "bad\x07name"])
def test_a_deck_needs_a_usable_name(store, name):
    with pytest.raises(DeckError):
        save_deck(store.cursor(), name, deck_to_json(BOARD), actor="alex")
    assert current_decks(store.cursor()).empty


def test_a_refused_save_writes_nothing_and_audits_nothing(store):
    con = store.cursor()
    with pytest.raises(DeckError, match="not in the form"):
        save_deck(con, "Broken", "{not json", actor="alex")
    assert current_decks(con).empty and audited(con) == []


def test_a_store_made_before_decks_existed_gains_them_when_opened(tmp_path, monkeypatch):
    path = tmp_path / "old.duckdb"
    with monkeypatch.context() as old_code:
        old_code.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        old_code.setattr(schema, "SCHEMA_VERSION", 1)
        old = Store(path)
        with closing(old.cursor()) as con:
            con.execute("INSERT INTO audit VALUES (now(), 'alex', 'restore', '{}')")
            assert schema.schema_version(con) == 1
            assert not con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'decks'").fetchone()[0]
        old.close()
    opened = Store(path)
    try:
        con = opened.cursor()
        assert schema.schema_version(con) == schema.SCHEMA_VERSION == 5
        assert con.execute("SELECT actor FROM audit").fetchall() == [("alex",)]  # kept
        assert save_deck(con, "YOT Board Q3", deck_to_json(BOARD), actor="alex") == 1
    finally:
        opened.close()


def test_a_store_from_newer_code_is_refused(tmp_path):
    path = tmp_path / "newer.duckdb"
    Store(path).close()
    with closing(connect(path)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(RuntimeError, match="newer than this code"):
        Store(path)


# --- the Deck value ----------------------------------------------------------------------------


def test_a_deck_survives_its_json_form():
    assert deck_from_json(deck_to_json(BOARD)) == BOARD


def test_a_deck_naming_an_unknown_measure_is_refused():
    text = deck_to_json(BOARD).replace('"referrals_by_harm"', '"referrals_by_horoscope"')
    with pytest.raises(KeyError, match="referrals_by_horoscope"):
        deck_from_json(text)
