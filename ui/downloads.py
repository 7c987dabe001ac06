"""A chart's data as files to download: CSV and Excel, each opening with a block that says what
the figures are (measure, definition, filters, data date, source, disclosure and the viewer's
role), then the table exactly as the page shows it, with "c" for suppressed values.

Pure functions: no Streamlit. The table arrives already disclosure-controlled for the viewer's
role (metrics.api.compute, then ui.text.data_table); nothing here can add a number back.

Every text cell, header block included, that a spreadsheet would run as a formula (one starting
with = + - @, a tab or a carriage return) is prefixed with an apostrophe (OWASP's advice on CSV
injection). Numbers stay numbers: -2 is a number, so it is written as one, never as text.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import xlsxwriter

from contracts.roles import UNSUPPRESSED_ROLES, Role
from ui import text

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME = "Data"
NO_DEFINITION = "Not given with this chart: see the Definitions page of the dashboard"
NO_DATA_DATE = "Not recorded"
SUPPRESSED_DISCLOSURE = (
    "Suppressed for publication: counts of 1 to 7 children are shown as c, other counts are "
    "rounded to the nearest 5 and rates are worked out from the rounded counts"
)
UNSUPPRESSED_DISCLOSURE = (
    "NOT SUPPRESSED: counts are exact and counts of 1 to 7 are shown as numbers. For council officers only; do not "
    "publish or share outside the council. This download is recorded in the audit log"
)
# Excel column widths, in characters: wide enough for a heading, never a screen wide.
MIN_WIDTH, MAX_WIDTH = 8, 50

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class AboutTheData:
    """What a download says about its figures, in its header block.

    ``title`` is the chart's finding; ``measure`` names the measure and unit; ``filters``
    says in words which places, periods and groups are included; ``data_date`` is when the
    data was last loaded; ``role`` is the role the figures were disclosure-controlled for.
    """

    title: str
    measure: str
    filters: str
    role: str
    definition: str | None = None
    data_date: datetime | date | str | None = None
    source: str | None = None


def disclosure_note(role: str) -> str:
    """Whether a download's small counts are suppressed, from the role it was made for."""
    return UNSUPPRESSED_DISCLOSURE if Role(role) in UNSUPPRESSED_ROLES else SUPPRESSED_DISCLOSURE


def header_rows(
    about: AboutTheData, table: pd.DataFrame | None = None, *, downloaded: datetime | None = None
) -> list[tuple[str, str]]:
    """The header block as (key, value) pairs, formulas not yet neutralised. ``table`` adds a
    line explaining the symbols ("c", "x") it contains."""
    rows = [
        ("Title", about.title),
        ("Measure", about.measure),
        ("Definition", about.definition or NO_DEFINITION),
        ("Filters", about.filters),
        ("Data date", _when(about.data_date, prefix="Last loaded ") or NO_DATA_DATE),
    ]
    if about.source:
        rows.append(("Source", about.source))
    rows.append(("Disclosure", disclosure_note(about.role)))
    notes = text.table_notes(table) if table is not None else []
    if notes:
        rows.append(("Symbols", "; ".join(notes)))
    rows.append(("Viewer's role", str(Role(about.role))))
    if downloaded is not None:
        rows.append(("Downloaded", _when(downloaded)))
    return rows


def csv_download(
    table: pd.DataFrame, about: AboutTheData, *, downloaded: datetime | None = None
) -> bytes:
    """The header block as "key,value" lines, a blank line, then the table: UTF-8 with a byte
    order mark so Excel reads the characters right, CRLF line ends as Excel writes (which also
    make a cell holding a carriage return quoted, so it cannot split its row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for key, value in header_rows(about, table, downloaded=downloaded):
        writer.writerow([safe_text(key), safe_text(value)])
    writer.writerow([])
    writer.writerow(safe_text(str(column)) for column in table.columns)
    for row in table_cells(table):
        writer.writerow("" if cell is None else cell for cell in row)
    return out.getvalue().encode("utf-8-sig")


def xlsx_download(
    table: pd.DataFrame, about: AboutTheData, *, downloaded: datetime | None = None
) -> bytes:
    """One sheet: the header block in the top rows (bold keys), a blank row, then the table
    with a bold, frozen, filterable heading row and columns sized to their contents. Text is
    written as text and numbers as numbers, so no cell is ever read as a formula."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False}
    with xlsxwriter.Workbook(buffer, options) as book:
        book.set_properties({"title": about.title, "subject": about.measure,
                             "comments": disclosure_note(about.role)})
        sheet = book.add_worksheet(SHEET_NAME)
        bold = book.add_format({"bold": True})
        heading = book.add_format({"bold": True, "bottom": 1, "text_wrap": True,
                                   "valign": "top"})
        rows = header_rows(about, table, downloaded=downloaded)
        for row, (key, value) in enumerate(rows):
            sheet.write_string(row, 0, safe_text(key), bold)
            sheet.write_string(row, 1, safe_text(value))
        top = len(rows) + 1
        columns = [safe_text(str(column)) for column in table.columns]
        for column, name in enumerate(columns):
            sheet.write_string(top, column, name, heading)
        cells = list(table_cells(table))
        for offset, values in enumerate(cells, start=1):
            for column, cell in enumerate(values):
                _write_cell(sheet, top + offset, column, cell)
        sheet.freeze_panes(top + 1, 0)
        if columns:
            sheet.autofilter(top, 0, top + len(cells), len(columns) - 1)
        for column, width in enumerate(column_widths(columns, cells, [key for key, _ in rows])):
            sheet.set_column(column, column, width)
    return buffer.getvalue()


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as written, never runs: a leading = + - @ tab or carriage
    return gets an apostrophe in front."""
    return str(text.neutralise_formula(str(value)))


def plain_cell(cell: object) -> Cell:
    """A table cell as a file holds it: None when missing, a bool, an int or a float for
    numbers (numpy's too), and safe text for anything else."""
    if text.is_missing(cell):
        return None
    if isinstance(cell, bool | np.bool_):
        return bool(cell)
    if isinstance(cell, numbers.Integral):
        return int(cell)
    if isinstance(cell, numbers.Real):
        number = float(cell)
        return number if math.isfinite(number) else None
    if isinstance(cell, datetime | date):
        return cell.isoformat(sep=" ") if isinstance(cell, datetime) else cell.isoformat()
    return safe_text(str(cell))


def table_cells(table: pd.DataFrame) -> Iterator[list[Cell]]:
    for row in table.itertuples(index=False, name=None):
        yield [plain_cell(cell) for cell in row]


def column_widths(
    columns: Sequence[str], cells: Sequence[Sequence[Cell]], first_column_extra: Sequence[str] = ()
) -> list[int]:
    """Each column as wide as its longest heading or cell (plus a margin), within limits; the
    first column also fits the header block's keys."""
    widths = []
    for index, name in enumerate(columns):
        texts = [name, *(_shown(row[index]) for row in cells)]
        if index == 0:
            texts.extend(first_column_extra)
        longest = max(len(line) for value in texts for line in (value.splitlines() or [""]))
        widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
    return widths


def _shown(cell: Cell) -> str:
    if cell is None:
        return ""
    return f"{cell:,}" if isinstance(cell, int | float) and not isinstance(cell, bool) else str(cell)


def _write_cell(sheet, row: int, column: int, cell: Cell) -> None:
    if cell is None:
        return
    if isinstance(cell, bool):
        sheet.write_boolean(row, column, cell)
    elif isinstance(cell, int | float):
        sheet.write_number(row, column, cell)
    else:
        sheet.write_string(row, column, cell)


def _when(value: datetime | date | str | None, prefix: str = "") -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return f"{prefix}{value:%d %B %Y %H:%M}"
    if isinstance(value, date):
        return f"{prefix}{value:%d %B %Y}"
    return f"{prefix}{value}"
