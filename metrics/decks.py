"""A deck: an ordered list of measures, each with its filters, that an officer saves under a name
(e.g. "YOT Board Q3") for a meeting to open by link, present and export as a committee pack.

Decks are kept in the store as JSON text (the store sits below the measures layer); this module
is the one place that turns them into values and back, refusing measures that do not exist."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace

from metrics.model import Query
from metrics.registry import measure


@dataclass(frozen=True)
class Slide:
    measure_id: str
    query: Query  # the filters and the breakdown this slide shows


@dataclass(frozen=True)
class Deck:
    name: str
    slides: tuple[Slide, ...]
    committee: str = ""  # who the deck is for, printed on the pack's title slide


def deck_to_json(deck: Deck) -> str:
    return json.dumps({
        "name": deck.name,
        "committee": deck.committee,
        "slides": [{"measure_id": s.measure_id, "query": asdict(s.query)} for s in deck.slides],
    }, sort_keys=True)


def deck_from_json(text: str) -> Deck:
    raw = json.loads(text)
    slides = []
    for item in raw["slides"]:
        measure(item["measure_id"])  # raises KeyError for a measure no longer declared
        query = dict(item["query"])
        query["la_codes"] = tuple(query.get("la_codes") or ())
        slides.append(Slide(item["measure_id"], Query(**query)))
    return Deck(raw["name"], tuple(slides), raw.get("committee", ""))


def page_deck(name: str, shown: Iterable[Slide | tuple[str, str]], query: Query | None = None,
              committee: str = "") -> Deck:
    """The deck a page exports: the charts it showed, in order, each once.

    `shown` lists Slides, or (measure_id, breakdown) pairs that take the page's `query`
    (its shared filters) with their own breakdown. Unknown measures raise KeyError."""
    query = query or Query()
    slides = []
    for item in shown:
        if not isinstance(item, Slide):
            measure_id, breakdown = item
            item = Slide(measure_id, replace(query, breakdown=breakdown))
        measure(item.measure_id)
        slides.append(item)
    return Deck(name, tuple(dict.fromkeys(slides)), committee)
