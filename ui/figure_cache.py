"""Figures built once and shared by every session that asks for the same one.

Building a Plotly figure is most of the app's CPU for a page (Plotly validates every property
it is given), and every viewer with the same role and filters asks for the same figures. A
builder decorated with `shared` keeps the figure it made for each distinct input (the frame's
contents, not its identity) and hands the same object to the next caller, in any session.
The frames a page draws are already disclosure-controlled for the viewer's role, so a public
and an officer's view of the same data are different inputs and different figures.

Every figure leaves here with its text made literal (``ui.figure_text``): names from uploads
never become Plotly links or markup, whichever builder put them in.

A shared figure must never be changed: copy it first (`go.Figure(fig)`). A figure is kept
until MAX_FIGURES newer ones have been used; inputs this module cannot key (anything but
frames, plain values, containers, dataclasses, enums and shared figures) are built every time.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figure_text import literal_figure
from ui.shared_frames import derived

MAX_FIGURES = 1_000  # about 55 KB each: some 55 MB at most, 8 views of every chart page
SHARED_KEY = "_shared_key"  # the attribute a shared figure carries: the key it was built from

Builder = TypeVar("Builder", bound=Callable[..., go.Figure])


class _Unkeyable(Exception):
    """An input with no content key: the figure is built and not shared."""


class _Figures:
    def __init__(self, capacity: int):
        self.capacity = capacity
        self._figures: OrderedDict[tuple, go.Figure] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> go.Figure | None:
        with self._lock:
            figure = self._figures.get(key)
            if figure is not None:
                self._figures.move_to_end(key)
            return figure

    def put(self, key: tuple, figure: go.Figure) -> go.Figure:
        with self._lock:
            kept = self._figures.setdefault(key, figure)  # another session may have built it too
            self._figures.move_to_end(key)
            while len(self._figures) > self.capacity:
                self._figures.popitem(last=False)
            return kept

    def clear(self) -> None:
        with self._lock:
            self._figures.clear()

    def __len__(self) -> int:
        return len(self._figures)


FIGURES = _Figures(MAX_FIGURES)


def shared(build: Builder) -> Builder:
    """Make `build` return one shared figure per distinct input (see the module's note)."""
    name = f"{build.__module__}.{build.__qualname__}"

    @functools.wraps(build)
    def cached(*args, **kwargs):
        try:
            key = (name, content_key(args), content_key(kwargs))
        except _Unkeyable:
            return literal_figure(build(*args, **kwargs))
        figure = FIGURES.get(key)
        if figure is None:
            figure = literal_figure(build(*args, **kwargs))
            setattr(figure, SHARED_KEY, key)
            figure = FIGURES.put(key, figure)
        return figure

    return cached  # type: ignore[return-value]


def content_key(value: object) -> object:
    """A hashable key equal for equal contents (a frame's values, not its identity)."""
    if value is None or isinstance(value, (bool, int, float, str, date, datetime)):
        return value
    if isinstance(value, enum.Enum):
        return (type(value).__qualname__, value.value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _frame_key(value)
    if isinstance(value, go.Figure):
        if getattr(value, SHARED_KEY, None) is None:
            raise _Unkeyable  # a figure changed or built outside the cache: no content key
        return ("figure", getattr(value, SHARED_KEY))
    if isinstance(value, Mapping):
        return ("map", tuple(sorted(((repr(k), content_key(v)) for k, v in value.items()))))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(content_key(item) for item in value))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(content_key(item)) for item in value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,
                tuple(content_key(getattr(value, f.name)) for f in dataclasses.fields(value)))
    raise _Unkeyable


@derived  # a shared measure frame is hashed once (ui/shared_frames.py)
def _frame_key(frame: pd.DataFrame | pd.Series) -> tuple:
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    try:
        rows = pd.util.hash_pandas_object(frame, index=True).to_numpy()
    except TypeError:  # cells such as lists cannot be hashed
        raise _Unkeyable from None
    digest = hashlib.blake2b(rows.tobytes(), digest_size=16).hexdigest()
    return ("frame", tuple(map(str, frame.columns)), tuple(map(str, frame.dtypes)), digest)
