"""The app's shared resources: the one store of this process and cached measure reads.

Reads are cached by (measure, filters, role, data version): a load or restore bumps the data
version, so every open session sees new data on its next run without clearing other caches.
A read-only replica (SCRUTINY_REPLICA_OF, docs/deploy.md) reads the writer's newest snapshot
instead, and its data version is that snapshot's number.
"""

from __future__ import annotations

from contextlib import closing

import pandas as pd
import streamlit as st

from contracts.roles import Role
from metrics import areas, availability, violence
from metrics.api import compute
from metrics.model import Query
from metrics.registry import measure
from store.connection import Store
from store.door import Door
from store.replica import Replica, replica_folder
from store.versions import list_loads
from ui.labels import labelled
from ui.shared_frames import share


@st.cache_resource(show_spinner=False)
def _source() -> Store | Replica:
    """One connection per app process (or one replica following the published snapshots). The
    writer opens a loopback door (store/door.py) so `cli.py ingest`, `user`, `loads` and
    `restore` run through it while the app holds the store."""
    folder = replica_folder()
    if folder:
        return Replica(folder)
    opened = Store()
    from cli import run_in_app

    Door(opened.path, lambda argv, password: run_in_app(opened, argv, password))
    return opened


def store() -> Store:
    """The store to read (and, unless a replica, write); every read takes its own cursor (see
    pitfalls.md)."""
    source = _source()
    return source.current()[0] if isinstance(source, Replica) else source


def current_data_version() -> int:
    source = _source()
    if isinstance(source, Replica):
        return source.current()[1]
    return source.data_version()


# One frame object for every session (a cache_data read unpickled a copy per call, and the
# page worked everything out again from each copy): see ui/shared_frames.py.
# Keyed by the query's repr (every field, in words): Streamlit's hashing of the dataclass
# itself cost some 2 ms a call, a measure at a time; `_query` (leading "_") is not hashed.
@st.cache_resource(show_spinner=False, max_entries=2000)
def _measure(measure_id: str, query_key: str, role: str, top: int | None, version: int,
             _query: Query) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return share(labelled(compute(con, measure_id, _query, Role(role), top=top),
                              measure(measure_id)))


def measure_frame(measure_id: str, query: Query, role: Role, top: int | None = None) -> pd.DataFrame:
    """Cached by measure, filters, role and data version: a load shows on every session's next run.
    The frame is shared by every session: never change it (ui/shared_frames.py)."""
    return _measure(measure_id, repr(query), str(role), top, current_data_version(), query)


@st.cache_data(show_spinner=False, max_entries=50)
def _facts(version: int) -> dict:
    with closing(store().cursor()) as con:
        return {
            "quarters": availability.quarters(con),
            "months": availability.months(con),
            "authorities": availability.authorities(con),
            "known_authorities": availability.authority_names(con),
            "wards": availability.wards(con),
            "demo": availability.holds_demo_data(con),
        }


def facts() -> dict:
    """What the store holds now: quarters, months, authorities (ours, home first, then any other
    with data), every authority it can name, wards, whether it is demo data."""
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


# Boundaries and map points are read once per data version: a few hundred kilobytes of GeoJSON
# and a year of rounded locations, shared by every session (police.uk data is public).
@st.cache_data(show_spinner=False, max_entries=50)
def _boundaries(codes: tuple[str, ...], version: int) -> dict | None:
    with closing(store().cursor()) as con:
        return areas.boundary_geojson(con, codes)


def boundaries_for(codes: tuple[str, ...]) -> dict | None:
    """The uploaded boundaries of these areas as a GeoJSON FeatureCollection, if any match."""
    return _boundaries(tuple(codes), current_data_version())


@st.cache_data(show_spinner=False, max_entries=50)
def _authority_areas(la_codes: tuple[str, ...], version: int) -> tuple[str, ...]:
    with closing(store().cursor()) as con:
        return tuple(areas.authority_areas(con, la_codes))


def authority_areas(la_codes: tuple[str, ...]) -> tuple[str, ...]:
    return _authority_areas(tuple(la_codes), current_data_version())


@st.cache_data(show_spinner=False, max_entries=50)
def _crime_locations(query: Query, version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return violence.crime_locations(con, query)


def crime_locations(query: Query) -> pd.DataFrame:
    return _crime_locations(query, current_data_version())
