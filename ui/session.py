"""The app's shared resources: the one store of this process and cached measure reads.

Reads are cached by (measure, filters, role, data version): a load or restore bumps the data
version, so every open session sees new data on its next run without clearing other caches.
"""

from __future__ import annotations

from contextlib import closing

import pandas as pd
import streamlit as st

from metrics import availability
from metrics.api import Role, compute
from metrics.model import Query
from store.connection import Store, data_version
from store.versions import list_loads, restore_and_record


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One connection per app process; every read takes its own cursor (see pitfalls.md)."""
    return Store()


def current_data_version() -> int:
    with closing(store().cursor()) as con:
        return data_version(con)


@st.cache_data(show_spinner=False, max_entries=2000)
def _measure(measure_id: str, query: Query, role: str, top: int | None, version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return compute(con, measure_id, query, Role(role), top=top)


def measure_frame(measure_id: str, query: Query, role: Role, top: int | None = None) -> pd.DataFrame:
    """Cached by measure, filters, role and data version: a load shows on every session's next run."""
    return _measure(measure_id, query, str(role), top, current_data_version())


@st.cache_data(show_spinner=False, max_entries=50)
def _facts(version: int) -> dict:
    with closing(store().cursor()) as con:
        return {
            "quarters": availability.quarters(con),
            "months": availability.months(con),
            "authorities": availability.authorities(con),
            "wards": availability.wards(con),
            "demo": availability.holds_demo_data(con),
        }


def facts() -> dict:
    """What the store holds now: quarters, months, authorities, wards, whether it is demo data."""
    return _facts(current_data_version())


@st.cache_data(show_spinner=False, max_entries=200)
def _has_rows(extract: str, version: int) -> bool:
    with closing(store().cursor()) as con:
        return availability.has_rows(con, extract)


def has_rows(extract: str) -> bool:
    return _has_rows(extract, current_data_version())


@st.cache_data(show_spinner=False, max_entries=200)
def _last_loaded(extracts: tuple[str, ...], version: int):
    with closing(store().cursor()) as con:
        return availability.last_loaded(con, extracts)


def last_loaded(extracts: tuple[str, ...]):
    return _last_loaded(tuple(extracts), current_data_version())


@st.cache_data(show_spinner=False, max_entries=20)
def _loads(version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return list_loads(con)


def loads_table() -> pd.DataFrame:
    return _loads(current_data_version())


@st.cache_data(show_spinner=False, max_entries=50)
def _coverage(extract: str, version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return availability.coverage(con, extract)


def coverage_grid(extract: str) -> pd.DataFrame:
    return _coverage(extract, current_data_version())


def restore_load(load_id: int, actor: str):
    """Make an earlier load current again (audited); returns the loads it replaced."""
    return restore_and_record(store(), load_id, actor)
