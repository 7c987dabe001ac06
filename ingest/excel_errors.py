"""Excel's error values (#DIV/0!, #N/A, #REF! ...) in a workbook's first sheet.

The workbook reader (python-calamine) hands an error cell back as an empty cell, so a formula
that failed in Excel would read as a missing value ("a value is required"). This finds them in
the sheet's XML, where Excel keeps them as cells of type "e", so the officer is told which cell
holds which error and what to do. The common case, a workbook without error cells, costs one
byte scan of the sheet.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath

MEANINGS = {
    "#DIV/0!": "a formula divided by zero",
    "#N/A": "a lookup found nothing",
    "#VALUE!": "a formula was given the wrong kind of value",
    "#REF!": "a formula refers to cells that were deleted",
    "#NAME?": "a formula uses a name Excel does not know",
    "#NUM!": "a formula's result is not a usable number",
    "#NULL!": "a formula's ranges do not meet",
    "#SPILL!": "a formula's results have no room to spill",
    "#CALC!": "a formula could not be calculated",
}
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"([A-Z]+)(\d+)")
_MARKS = (b't="e"', b"t='e'")
_CHUNK = 4 * 1024 * 1024


def error_cells(path: Path) -> dict[tuple[int, int], str]:
    """{(row index, column index) from A1 = (0, 0): error value} of the first sheet; {} when
    there are none or the sheet cannot be found (the workbook reader reports a broken file)."""
    try:
        with zipfile.ZipFile(path) as book:
            sheet = _first_sheet(book)
            if sheet is None or not _mentions_errors(book, sheet):
                return {}
            with book.open(sheet) as xml:
                return _parse(xml)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError):
        return {}


def _first_sheet(book: zipfile.ZipFile) -> str | None:
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        return None
    relations = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    for relation in relations.iter(f"{_RELS}Relationship"):
        if relation.get("Id") == sheet.get(_OFFICE_REL):
            target = relation.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return None


def _mentions_errors(book: zipfile.ZipFile, sheet: str) -> bool:
    tail = b""
    with book.open(sheet) as xml:
        while chunk := xml.read(_CHUNK):
            if any(mark in tail + chunk for mark in _MARKS):
                return True
            tail = chunk[-8:]
    return False


def _parse(xml) -> dict[tuple[int, int], str]:
    found = {}
    for _, element in ET.iterparse(xml):
        if element.tag == f"{_MAIN}c" and element.get("t") == "e":
            value = element.find(f"{_MAIN}v")
            if (ref := _REF.fullmatch(element.get("r", ""))) and value is not None:
                found[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = value.text or "#ERROR"
        if element.tag == f"{_MAIN}row":
            element.clear()
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def describe(name: str, errors: dict[tuple[int, int], str], header: list[str],
             header_index: int) -> str | None:
    """A sentence for the officer about the error cells below the header, or None."""
    below = sorted((cell, value) for cell, value in errors.items() if cell[0] > header_index)
    if not below:
        return None
    (row, column), value = below[0]
    named = f"column {header[column]!r}" if column < len(header) and header[column] else "a column"
    meaning = MEANINGS.get(value.upper(), "a formula failed in Excel")
    more = (f" {len(below) - 1:,} more cells hold Excel errors too." if len(below) > 1 else "")
    return (f"{name}: row {row + 1}, {named} (cell {column_letters(column)}{row + 1}) holds "
            f"Excel's error value {value} ({meaning}), not a value.{more} Correct the formula in "
            "Excel, or type the value in its place, save the workbook and upload it again.")
