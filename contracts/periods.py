"""Reporting periods as councils write them.

Financial quarters run April–June (Q1) to January–March (Q4) and are written "2025/26 Q3";
such labels sort correctly as plain strings. Months are "2025-07".
"""

from __future__ import annotations

import re
from datetime import date

_QUARTER_LABEL = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")


def financial_year_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter(day: date) -> str:
    start = financial_year_start(day)
    quarter = ((day.month - 4) % 12) // 3 + 1
    return quarter_label(start, quarter)


def quarter_label(start_year: int, quarter: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d} Q{quarter}"


def financial_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse_quarter(label: str) -> tuple[int, int]:
    """'2025/26 Q3' -> (2025, 3)."""
    match = _QUARTER_LABEL.match(label)
    if not match:
        raise ValueError(f"not a financial quarter label: {label!r}")
    return int(match.group(1)), int(match.group(3))


def quarter_bounds(label: str) -> tuple[date, date]:
    """First and last day of a financial quarter."""
    start_year, quarter = parse_quarter(label)
    first_month = 4 + 3 * (quarter - 1)
    year = start_year + (first_month - 1) // 12
    month = (first_month - 1) % 12 + 1
    first = date(year, month, 1)
    next_month = month + 3
    next_first = date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
    return first, date.fromordinal(next_first.toordinal() - 1)


def shift_quarter(label: str, quarters: int) -> str:
    start_year, quarter = parse_quarter(label)
    index = start_year * 4 + (quarter - 1) + quarters
    return quarter_label(index // 4, index % 4 + 1)


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from first to last inclusive."""
    labels = []
    label = first
    while label <= last:
        labels.append(label)
        label = shift_quarter(label, 1)
    return labels


def financial_quarter_sql(date_expression: str) -> str:
    """The DuckDB expression that writes a date as a financial-quarter label."""
    fy = f"(year({date_expression}) - CASE WHEN month({date_expression}) < 4 THEN 1 ELSE 0 END)"
    quarter = f"((month({date_expression}) + 8) % 12) // 3 + 1"
    return (
        f"(CAST({fy} AS VARCHAR) || '/' || lpad(CAST(({fy} + 1) % 100 AS VARCHAR), 2, '0') "
        f"|| ' Q' || CAST({quarter} AS VARCHAR))"
    )


def month_to_quarter(month: str) -> str:
    """'2025-07' -> '2025/26 Q2'."""
    year, month_number = (int(part) for part in month.split("-"))
    return financial_quarter(date(year, month_number, 1))


def shift_month(month: str, months: int) -> str:
    year, month_number = (int(part) for part in month.split("-"))
    index = year * 12 + month_number - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
