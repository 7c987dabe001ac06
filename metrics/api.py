"""The one way pages, exports and the CLI read a measure: computed, then disclosure-controlled
for the viewer's role."""

from __future__ import annotations

from enum import StrEnum

import duckdb
import pandas as pd

from metrics.disclosure import suppress
from metrics.model import Query, empty_tidy
from metrics.registry import measure


class Role(StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    OFFICER = "officer"
    ADMIN = "admin"


UNSUPPRESSED_ROLES = frozenset({Role.OFFICER, Role.ADMIN})


def compute(
    con: duckdb.DuckDBPyConnection, measure_id: str, query: Query, role: Role = Role.PUBLIC
) -> pd.DataFrame:
    """The tidy table for one measure as this role may see it (suppressed unless an officer)."""
    declared = measure(measure_id)
    frame = declared.compute(con, query)
    if frame.empty:
        return empty_tidy()
    return frame if Role(role) in UNSUPPRESSED_ROLES else suppress(frame, declared)
