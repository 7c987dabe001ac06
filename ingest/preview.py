"""What a load would replace, read before "Load": one line per authority (or force) and period
with its rows now and after, and the periods that need the officer's explicit choice.

A load replaces every (authority, period) slice its rows touch, whole. So one stray row dated
in last year's quarter replaces that quarter's 83 rows with itself. Two signs are flagged in
words: a period that would lose more than half its rows, and a period the file covers with only
a handful of rows (under 5% of the file's rows and of its largest period: most likely stray
dates; a file spread evenly over 36 months is not flagged). A flagged upload loads only with an
explicit choice: everything, or only the file's main periods, the stray rows then kept with the
load as rejected rows (never silently dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import duckdb

from contracts.authorities import name_of
from contracts.model import Contract
from contracts.words import counted
from ingest.validate import sql_text
from store.summaries import unplaced_police_rows

STRAY_SHARE = 0.05
STRAY_CODE = "stray_period"


class PeriodChoice(StrEnum):
    """What to load when the preview flags a period."""

    EVERYTHING = "everything"
    MAIN_PERIODS = "main periods"


@dataclass(frozen=True)
class SliceChange:
    partition: str
    period: str
    rows_now: int
    rows_after: int
    stray: bool  # the file has only a handful of rows in this period

    @property
    def difference(self) -> int:
        return self.rows_after - self.rows_now

    @property
    def loses_most(self) -> bool:
        return self.rows_now > 0 and self.rows_after * 2 < self.rows_now

    @property
    def flagged(self) -> bool:
        return self.stray or self.loses_most


@dataclass(frozen=True)
class PeriodTotal:
    """All authorities' stored rows of this extract in one period, before and after."""

    period: str
    rows_now: int
    rows_after: int


@dataclass
class Preview:
    extract_title: str
    file_rows: int
    changes: list[SliceChange] = field(default_factory=list)
    totals: list[PeriodTotal] = field(default_factory=list)
    unplaced: list[tuple[str, int]] = field(default_factory=list)  # (area the LSOA names, rows)

    @property
    def needs_choice(self) -> bool:
        return any(change.flagged for change in self.changes)

    @property
    def stray_periods(self) -> list[str]:
        return sorted({change.period for change in self.changes if change.stray})

    @property
    def main_periods(self) -> list[str]:
        stray = set(self.stray_periods)
        return sorted({change.period for change in self.changes} - stray)

    def warnings(self, names: dict[str, str] | None = None) -> list[str]:
        """One sentence per flagged slice, in plain words."""
        said = []
        for change in self.changes:
            where = f"{_name(change.partition, names)}, {change.period}"
            if change.stray:
                share = change.rows_after / self.file_rows if self.file_rows else 0
                only = (f"{where}: the file has only {counted(change.rows_after, 'row')} in this "
                        f"period ({share:.1%} of its rows), most likely stray dates")
                said.append(f"{only}; loading {'it' if change.rows_after == 1 else 'them'} would "
                            f"replace the {counted(change.rows_now, 'row')} stored now."
                            if change.rows_now else f"{only}.")
            elif change.loses_most:
                said.append(f"{where} would fall from {counted(change.rows_now, 'row')} to "
                            f"{change.rows_after:,}: it loses more than half its rows.")
        return said

    def table(self, names: dict[str, str] | None = None) -> list[dict]:
        """The preview as rows with plain labels, for the page and the command line."""
        totals = {total.period: total for total in self.totals}
        rows = []
        for change in self.changes:
            total = totals.get(change.period)
            rows.append({
                "authority or force": _name(change.partition, names),
                "period": change.period,
                "rows now": change.rows_now,
                "rows after": change.rows_after,
                "difference": f"{change.difference:+,}",
                "all authorities": (f"{self.extract_title}: {total.rows_now:,} → {total.rows_after:,}"
                                    if total else ""),
                "check": ("stray dates?" if change.stray else
                          "loses more than half" if change.loses_most else ""),
            })
        return rows

    def text(self, names: dict[str, str] | None = None) -> str:
        """The table and its warnings as lines for a terminal."""
        lines = ["authority or force | period | rows now -> after (difference) | all authorities"]
        for row in self.table(names):
            lines.append(f"{row['authority or force']} | {row['period']} | {row['rows now']:,} -> "
                         f"{row['rows after']:,} ({row['difference']}) | {row['all authorities']}"
                         + (f" | {row['check'].upper()}" if row["check"] else ""))
        return "\n".join(lines + self.warnings(names))

    def unknown_areas(self, known: list[str]) -> list[tuple[str, int]]:
        """Police rows in areas neither the store's lookups nor the dashboard's own list of
        authorities (`known`, by name) knows."""
        names = {name.lower() for name in known}
        return [(area, rows) for area, rows in self.unplaced if area.lower() not in names]

    def unplaced_text(self, known: list[str]) -> str | None:
        """What to say about rows in no authority the dashboard knows, and what to do."""
        unknown = self.unknown_areas(known)
        if not unknown:
            return None
        by_area = ", ".join(f"{area} {rows:,}" for area, rows in unknown)
        total = sum(rows for _, rows in unknown)
        charts = (", ".join(known) if len(known) <= 5 else
                  f"the {counted(len(known), 'authority', 'authorities')} it knows by name")
        return (f"{counted(total, 'row')} fall{'s' if total == 1 else ''} in no authority this "
                f"dashboard knows ({by_area}), so no chart would show "
                f"{'it' if total == 1 else 'them'}; it charts {charts or 'no authority yet'}. If "
                "the file is another force's area by mistake, leave it out. To chart that area, "
                "load its geography lookup (LSOA to authority) first, then this file.")


def _name(partition: str, names: dict[str, str] | None) -> str:
    """An authority by its name (a police force's partition is its name already)."""
    code, _, rest = partition.partition(" · ")
    label = name_of(code, names)
    return f"{label} · {rest}" if rest else label


def build_preview(con: duckdb.DuckDBPyConnection, contract: Contract, stage: str,
                  slices: list[tuple[str, str, int]], rows_now: dict[tuple[str, str], int],
                  file_rows: int) -> Preview:
    """The preview of staging `stage` (validated rows) over what is current for `contract`."""
    preview = Preview(contract.title, file_rows)
    by_period: dict[str, int] = {}
    for _, period, rows in slices:
        by_period[period] = by_period.get(period, 0) + rows
    largest = max(by_period.values(), default=0)
    stray = {period for period, rows in by_period.items()
             if len(by_period) > 1 and rows < STRAY_SHARE * file_rows and rows < STRAY_SHARE * largest}
    for partition, period, rows in slices:
        preview.changes.append(SliceChange(partition, period, rows_now.get((partition, period), 0),
                                           rows, period in stray))
    for period, brought in sorted(by_period.items()):
        now = _stored_rows(con, contract.name, period)
        replaced = sum(rows for (_, p), rows in rows_now.items() if p == period)
        preview.totals.append(PeriodTotal(period, now, now - replaced + brought))
    if contract.name == "police_street_crime":
        preview.unplaced = unplaced_police_rows(con, stage)
    return preview


def _stored_rows(con: duckdb.DuckDBPyConnection, extract: str, period: str) -> int:
    return con.execute(
        "SELECT coalesce(sum(s.rows), 0) FROM current_slices c JOIN load_slices s "
        "ON s.load_id = c.load_id AND s.extract = c.extract AND s.partition = c.partition "
        "AND s.period = c.period WHERE c.extract = ? AND c.period = ?", [extract, period],
    ).fetchone()[0]


def leave_out_stray(con: duckdb.DuckDBPyConnection, contract: Contract, stage: str, issues: str,
                    periods: list[str], file_name: str) -> int:
    """Mark the stage's rows in `periods` as not to be stored, and record each as a rejected row
    of the load (with its date and why). Returns how many file rows were left out."""
    if not periods:
        return 0
    listed = ", ".join(sql_text(period) for period in periods)
    column = contract.period_column or ""
    value = f'CAST("t_{column}" AS VARCHAR)' if column else "''"
    con.execute(
        f"INSERT INTO {issues} (file, _row, \"column\", value, code, reason) "
        f"SELECT {sql_text(file_name)}, _row, {sql_text(column)}, {value}, {sql_text(STRAY_CODE)}, "
        "'in ' || _period || ', outside the file''s main periods: left out at the loader''s choice' "
        f"FROM {stage} WHERE _valid AND _period IN ({listed})"
    )
    left_out = con.execute(
        f"SELECT count(DISTINCT _row) FROM {stage} WHERE _valid AND _period IN ({listed})"
    ).fetchone()[0]
    con.execute(f"UPDATE {stage} SET _valid = false WHERE _valid AND _period IN ({listed})")
    return left_out
