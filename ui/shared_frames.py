"""Measure frames shared by every session, and what is worked out from each of them once.

Every viewer with the same role and filters reads the same measure frames, and every page run
used to work the same things out again from a fresh copy of each: its data table, the table's
text for the screen, its symbol notes, the finding in the title, the summary in words, the key
the shared figure is found by. Profiled with simulated sessions (bench/protocol.py), that was
most of the app's CPU for a page opened. A frame handed out by `share` is one object for all
sessions, so a function decorated with `derived` works its result out once per shared frame
(and its other arguments) and hands the same result to every later caller, in any session.

A shared frame, and anything `derived` returns for one, must never be changed: derive a new
frame instead (pandas' copy-on-write makes every selection and `assign` a new frame). Results
go when their frame goes (it is dropped from the measure cache, or the cache is cleared). A
frame that was not shared is worked out every time, as before.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

Result = TypeVar("Result")

_frames: dict[int, weakref.ref] = {}  # id of a shared frame -> the frame
_results: dict[int, dict[tuple, object]] = {}  # id of a shared frame -> its derived results


def _forget(frame_id: int) -> None:
    _frames.pop(frame_id, None)
    _results.pop(frame_id, None)


def share(frame: pd.DataFrame) -> pd.DataFrame:
    """Mark `frame` as shared (never changed again) and return it."""
    if not is_shared(frame):
        _frames[id(frame)] = weakref.ref(frame)
        _results[id(frame)] = {}
        weakref.finalize(frame, _forget, id(frame))
    return frame


def is_shared(frame: object) -> bool:
    known = _frames.get(id(frame))
    return known is not None and known() is frame


def derived(work_out: Callable[..., Result]) -> Callable[..., Result]:
    """Work `work_out(frame, *args)` out once per shared frame and hashable args; a frame
    result is itself shared, so what is worked out from it is kept too."""
    name = f"{work_out.__module__}.{work_out.__qualname__}"

    @functools.wraps(work_out)
    def once(frame, *args):
        if not is_shared(frame):
            return work_out(frame, *args)
        results = _results.setdefault(id(frame), {})
        key = (name, args)
        try:
            return results[key]
        except KeyError:
            pass
        except TypeError:  # an argument that cannot be a key: work it out every time
            return work_out(frame, *args)
        result = work_out(frame, *args)
        if isinstance(result, pd.DataFrame):
            share(result)
        results[key] = result
        return result

    return once
