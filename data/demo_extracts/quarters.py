"""The demo's calendar: twelve financial quarters, 1 October 2023 to 30 September 2026, and
how far the MACE hub (from 1 April 2024) has embedded in each. Fixed dates, never today's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PERIOD_START = date(2023, 10, 1)
PERIOD_END = date(2026, 9, 30)
MACE_START = date(2024, 4, 1)


@dataclass(frozen=True)
class Quarter:
    index: int  # 0 for the first demo quarter
    fiscal_year: int  # 2025 for 2025/26
    number: int  # 1 = April-June

    @property
    def label(self) -> str:
        return f"{self.fiscal_year}/{(self.fiscal_year + 1) % 100:02d} Q{self.number}"

    @property
    def slug(self) -> str:
        return self.label.replace("/", "-").replace(" ", "-")

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)  # 13 is January of the next calendar year
        return date(self.fiscal_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        return month_end(self.start + timedelta(days=62))

    @property
    def first_month(self) -> str:
        """`YYYY-MM` of the quarter's first month, the unambiguous way to name it in a file."""
        return f"{self.start.year}-{self.start.month:02d}"


def _next_quarter(fiscal_year: int, number: int) -> tuple[int, int]:
    return (fiscal_year, number + 1) if number < 4 else (fiscal_year + 1, 1)


def _demo_quarters() -> tuple[Quarter, ...]:
    quarters, fiscal_year, number = [], 2023, 3
    while len(quarters) < 12:
        quarters.append(Quarter(len(quarters), fiscal_year, number))
        fiscal_year, number = _next_quarter(fiscal_year, number)
    return tuple(quarters)


QUARTERS = _demo_quarters()
MACE_QUARTER = next(q.index for q in QUARTERS if q.start == MACE_START)


def quarter_of(day: date) -> Quarter:
    return next(q for q in QUARTERS if q.start <= day <= q.end)


def mace_maturity(quarter: Quarter) -> float:
    """0 before the MACE hub, then rising by a fifth a quarter to 1 (fully embedded)."""
    if quarter.index < MACE_QUARTER:
        return 0.0
    return min(1.0, (quarter.index - MACE_QUARTER + 1) / 5)


def contextual_share_target(quarter: Quarter) -> float:
    return 0.15 + 0.30 * mace_maturity(quarter)


def period_progress(day: date) -> float:
    """How far through the demo period `day` is, 0 at the start and 1 at the end."""
    span = (PERIOD_END - PERIOD_START).days
    return min(1.0, max(0.0, (day - PERIOD_START).days / span))


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    months, day = [], date(first.year, first.month, 1)
    while day <= last:
        months.append(day)
        day = month_end(day) + timedelta(days=1)
    return months


def nth_weekday(month: date, weekday: int, n: int) -> date:
    first = date(month.year, month.month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
