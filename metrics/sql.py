"""Shared pieces of measure SQL: filters bound as parameters, never pasted."""

from __future__ import annotations

from dataclasses import dataclass, field

from metrics.model import Query


@dataclass
class Where:
    """A WHERE clause built up with its parameters."""

    clauses: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, clause: str, *params: object) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "true"


def standard_filters(query: Query, la_column: str = "la_code", period_column: str = "_period") -> Where:
    where = Where()
    if query.la_codes:
        where.add(f"{la_column} IN (SELECT unnest(?))", list(query.la_codes))
    if query.period_from:
        where.add(f"{period_column} >= ?", query.period_from)
    if query.period_to:
        where.add(f"{period_column} <= ?", query.period_to)
    return where


AGE_BAND_SQL = (
    "CASE WHEN age <= 9 THEN '0-9' WHEN age <= 13 THEN '10-13' WHEN age <= 15 THEN '14-15' "
    "WHEN age <= 17 THEN '16-17' ELSE '18-25' END"
)


def child_filters(query: Query, where: Where) -> Where:
    """Filters that referral-based measures honour besides authority and period."""
    if query.ward:
        where.add("ward_code = ?", query.ward)
    if query.sex:
        where.add("sex = ?", query.sex)
    if query.age_band:
        where.add(f"{AGE_BAND_SQL} = ?", query.age_band)
    if query.harm_type:
        where.add("list_contains(harm_types, ?)", query.harm_type)
    return where
