"""Decks on the Streamlit side: read the saved ones (cached, and cleared when one is saved or
deleted, because that is not a load and does not bump the data version), check a deck before it
is kept, and save or delete one (officers only, checked here where the write happens, under the
store's write lock; store.decks audits it)."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime

import streamlit as st

from contracts.roles import Role
from metrics.decks import Deck, deck_from_json, deck_to_json
from metrics.registry import BY_ID
from store import decks as stored
from store.decks import DeckError, clean_name
from ui.auth import current_actor, require_role
from ui.session import store

__all__ = ["DeckError", "SavedDeck", "check_deck", "delete", "open_deck", "save", "saved_decks"]

MAX_SLIDES = 40
PRESENT_PAGE = "views/present.py"
DECKS_PAGE = "views/decks.py"


@dataclass(frozen=True)
class SavedDeck:
    name: str
    version: int
    saved_by: str
    saved_at: datetime
    deck: Deck | None  # None when it names a measure that is no longer declared
    problem: str = ""


@st.cache_data(show_spinner=False, max_entries=5)
def _current() -> list[tuple]:
    with closing(store().cursor()) as con:
        frame = stored.current_decks(con)
    return list(frame.itertuples(index=False, name=None))


@st.cache_data(show_spinner=False, max_entries=100)
def _deck_json(name: str) -> str | None:
    with closing(store().cursor()) as con:
        return stored.deck(con, name)


def _clear() -> None:
    _current.clear()
    _deck_json.clear()


def _read(text: str) -> tuple[Deck | None, str]:
    try:
        return deck_from_json(text), ""
    except KeyError as error:
        return None, f"It names a measure that no longer exists ({error.args[0]})."
    except (ValueError, TypeError):
        return None, "It could not be read."


def saved_decks() -> list[SavedDeck]:
    """Every current deck, by name; one that cannot be opened says why instead of failing."""
    saved = []
    for name, version, text, saved_by, saved_at in _current():
        deck, problem = _read(text)
        saved.append(SavedDeck(name, int(version), saved_by, saved_at, deck, problem))
    return saved


def open_deck(name: str) -> Deck | None:
    """The current version of deck `name`, or None if there is none. Raises DeckError when it
    names a measure that is no longer declared (the page says so)."""
    text = _deck_json(name)
    if text is None:
        return None
    deck, problem = _read(text)
    if deck is None:
        raise DeckError(f"The deck {name!r} cannot be opened. {problem}")
    return deck


def check_deck(deck: Deck) -> Deck:
    """The deck as it will be kept (name cleaned), or DeckError saying what to change."""
    name = clean_name(deck.name)
    if not deck.slides:
        raise DeckError("Add at least one chart to the deck.")
    if len(deck.slides) > MAX_SLIDES:
        raise DeckError(f"A deck can hold at most {MAX_SLIDES} charts.")
    for number, slide in enumerate(deck.slides, start=1):
        declared = BY_ID.get(slide.measure_id)
        if declared is None:
            raise DeckError(f"Chart {number}: there is no measure {slide.measure_id!r}.")
        if slide.query.breakdown not in declared.breakdowns:
            raise DeckError(f"Chart {number}: {declared.title} cannot be broken down by "
                            f"{slide.query.breakdown.replace('_', ' ')}.")
    return replace(deck, name=name, committee=" ".join(deck.committee.split()))


def save(deck: Deck) -> int:
    """Keep `deck` as the current version of its name; returns the version number.

    The role is checked here, on the server, whatever the page showed."""
    require_role(Role.OFFICER, Role.ADMIN, action="save decks")
    deck = check_deck(deck)
    with store().write_lock, closing(store().cursor()) as con:
        version = stored.save_deck(con, deck.name, deck_to_json(deck), current_actor())
    _clear()
    return version


def delete(name: str) -> int:
    """Mark deck `name` deleted (its versions stay in the store); officers only."""
    require_role(Role.OFFICER, Role.ADMIN, action="delete decks")
    with store().write_lock, closing(store().cursor()) as con:
        version = stored.delete_deck(con, name, current_actor())
    _clear()
    return version
