"""Small tidy measure frames for the UI kit's tests, with leak-detecting numbers in suppressed
rows: a suppressed row carries LEAKED_VALUE, LEAKED_NUMERATOR and LEAKED_DENOMINATOR, which
must appear nowhere in a figure, table or download."""

from __future__ import annotations

import pandas as pd

LEAKED_VALUE = 4242.0
LEAKED_NUMERATOR = 3131.0
LEAKED_DENOMINATOR = 9797.0

QUARTERS = ["2024/25 Q1", "2024/25 Q2", "2024/25 Q3", "2024/25 Q4", "2025/26 Q1", "2025/26 Q2"]


def measure_rows(groups: dict[str, list[float | None]], suppressed: set[tuple[str, str]] = ()):
    """A tidy measure frame; each suppressed row still carries leak-detecting numbers."""
    rows = []
    for group, values in groups.items():
        for period, value in zip(QUARTERS, values, strict=False):
            hidden = (group, period) in suppressed
            rows.append(
                {
                    "measure_id": "referrals",
                    "period": period,
                    "breakdown": "source",
                    "breakdown_value": group,
                    "value": LEAKED_VALUE if hidden else value,
                    "numerator": LEAKED_NUMERATOR if hidden else value,
                    "denominator": LEAKED_DENOMINATOR if hidden else 1000.0,
                    "suppressed": hidden,
                }
            )
    return pd.DataFrame(rows)


def referrals_by_source() -> pd.DataFrame:
    """Three sources over six quarters, Health suppressed in 2024/25 Q3."""
    return measure_rows(
        {
            "Police": [40, 42, 45, 50, 48, 56],
            "Education": [20, 22, 25, 24, 30, 28],
            "Health": [10, 12, 9, 11, 14, 13],
        },
        suppressed={("Health", "2024/25 Q3")},
    )


def series(values: list[float | None], suppressed_at: set[str] = ()) -> pd.DataFrame:
    return measure_rows(
        {"Total": values}, suppressed={("Total", period) for period in suppressed_at}
    ).assign(breakdown="total")
