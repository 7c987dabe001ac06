"""Seeded random draws for the demo, and the pseudonyms it gives people, places and events."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TypeVar

import numpy as np

K = TypeVar("K")
T = TypeVar("T")


def component_rng(seed: int, *names: str) -> np.random.Generator:
    """An independent stream per part of the demo, so changing one part leaves the rest be."""
    return np.random.default_rng([seed, *(zlib.crc32(name.encode()) for name in names)])


def pick(rng: np.random.Generator, shares: Mapping[K, float]) -> K:
    keys = list(shares)
    weights = np.array(list(shares.values()), dtype=float)
    return keys[int(rng.choice(len(keys), p=weights / weights.sum()))]


def pick_item(
    rng: np.random.Generator, items: Sequence[T], weights: Sequence[float] | None = None
) -> T:
    if weights is None:
        return items[int(rng.integers(len(items)))]
    p = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=p / p.sum()))]


def random_day(rng: np.random.Generator, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.integers(0, (last - first).days + 1)))


class Pseudonyms:
    """Unique random ids like C-7F3A91: six hex digits after a prefix that names the kind.

    Ids holding a digit followed by two letters are skipped: "R-BB82FC" reads as the postcode
    BB8 2FC, and a loader that refuses postcodes in a file would refuse the whole extract.
    """

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def new(self, prefix: str) -> str:
        while True:
            value = f"{prefix}-{int(self._rng.integers(0, 16**6)):06X}"
            if value not in self._used and not POSTCODE_INWARD_CODE.search(value):
                self._used.add(value)
                return value


POSTCODE_INWARD_CODE = re.compile(r"[0-9][A-Z]{2}")
