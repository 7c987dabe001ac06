"""Decks an officer saves under a name ("YOT Board Q3") for a meeting to open by link.

Every save is a new version and nothing is overwritten: the latest version of a name is current,
and deleting a deck adds a version marked deleted, so the deck a committee was shown can always be
read back. Every save and delete is audited (issue 7). The deck itself is JSON text here: the
store sits below the measures, so `metrics.decks` turns it into a Deck and refuses unknown
measures before anything is saved.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import duckdb

from store import audit, changes

if TYPE_CHECKING:  # only named in annotations: importing it costs the CLI ~0.6 s
    import pandas as pd

MAX_NAME = 80


class DeckError(ValueError):
    """A refused deck change: the message is for the officer making it."""


def clean_name(name: str) -> str:
    """The name a deck is kept under: trimmed, spaces collapsed, 1 to 80 printable characters."""
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise DeckError("Give the deck a name, such as \"YOT Board Q3\".")
    if len(cleaned) > MAX_NAME:
        raise DeckError(f"A deck name can be at most {MAX_NAME} characters.")
    if not cleaned.isprintable():
        raise DeckError("A deck name cannot hold control characters.")
    return cleaned


def _latest(con: duckdb.DuckDBPyConnection, name: str) -> tuple[int, bool] | None:
    row = con.execute(
        "SELECT version, deleted FROM decks WHERE deck_name = ? ORDER BY version DESC LIMIT 1",
        [name],
    ).fetchone()
    return (int(row[0]), bool(row[1])) if row else None


def save_deck(con: duckdb.DuckDBPyConnection, name: str, json_text: str, actor: str) -> int:
    """Store `json_text` as the current version of deck `name`; returns its version number."""
    name = clean_name(name)
    try:
        slides = len(json.loads(json_text)["slides"])
    except (ValueError, KeyError, TypeError):
        raise DeckError("The deck is not in the form a deck is saved in.") from None
    with changes.transaction(con) as change:
        latest = _latest(con, name)
        version = (latest[0] if latest else 0) + 1
        change.insert("decks", {"deck_name": name, "version": version, "deck_json": json_text,
                                "saved_by": actor, "saved_at": changes.now(), "deleted": False})
        audit.record(con, actor, "deck_save", deck=name, version=version, slides=slides)
    return version


def delete_deck(con: duckdb.DuckDBPyConnection, name: str, actor: str) -> int:
    """Mark deck `name` deleted (a new version; the earlier ones stay); returns that version."""
    with changes.transaction(con) as change:
        latest = _latest(con, name)
        if latest is None or latest[1]:
            raise DeckError(f"There is no deck called {name!r} to delete.")
        version = latest[0] + 1
        change.insert("decks", {"deck_name": name, "version": version, "deck_json": None,
                                "saved_by": actor, "saved_at": changes.now(), "deleted": True})
        audit.record(con, actor, "deck_delete", deck=name, version=version)
    return version


def current_decks(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The current version of every deck not deleted: name, version, JSON, who saved it and when."""
    return con.execute(
        """SELECT deck_name, version, deck_json, saved_by, saved_at FROM decks
           QUALIFY row_number() OVER (PARTITION BY deck_name ORDER BY version DESC) = 1
               AND NOT deleted
           ORDER BY lower(deck_name)"""
    ).df()


def deck(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The current JSON of deck `name`, or None if there is none (or it was deleted)."""
    row = con.execute(
        "SELECT deck_json FROM decks WHERE deck_name = ? ORDER BY version DESC LIMIT 1", [name]
    ).fetchone()
    return row[0] if row else None


def deck_versions(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Every version of deck `name`, newest first, deletions included."""
    return con.execute(
        """SELECT version, deck_json, saved_by, saved_at, deleted FROM decks
           WHERE deck_name = ? ORDER BY version DESC""", [name]
    ).df()
