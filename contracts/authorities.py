"""The local authorities this dashboard knows, as data: `data/authorities.csv` (ONS codes, names,
DfE numbers, regions and former codes; see data/authorities.md for its source and licence).

Anything that names an authority (an address's `?la=`, the command line's `--la`, a settings
page) goes through `resolve`, which accepts a code, a former code or a name, in any case.
A store may know more authorities than the file (a Welsh council's geography lookup): those
come from the store, not from here.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

AUTHORITIES_FILE = Path(__file__).resolve().parents[1] / "data" / "authorities.csv"


@dataclass(frozen=True)
class Authority:
    code: str
    name: str
    dfe_number: str
    region_code: str
    region_name: str
    former_codes: tuple[str, ...] = ()


@cache
def authorities() -> tuple[Authority, ...]:
    with AUTHORITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Authority(row["la_code"], row["la_name"], row["dfe_number"], row["region_code"],
                      row["region_name"], tuple(c for c in row["former_codes"].split(";") if c))
            for row in csv.DictReader(handle)
        )


@cache
def by_code() -> dict[str, Authority]:
    return {authority.code: authority for authority in authorities()}


def names() -> dict[str, str]:
    """code -> name of every authority in the file."""
    return {authority.code: authority.name for authority in authorities()}


def name_of(code: str, known: dict[str, str] | None = None) -> str:
    """The authority's name: from `known` (the store's names) first, then the file, else the code."""
    if known and code in known:
        return known[code]
    authority = by_code().get(code)
    return authority.name if authority else code


def resolve(text: str, known: dict[str, str] | None = None) -> str | None:
    """The code an address or a form names: a code (E06000004), a former code that one
    authority replaced, a DfE number (808) or a name ("stockton-on-tees"), checked against
    `known` (code -> name, the store's) and the file. None when nothing, or more than one
    authority, matches."""
    wanted = text.strip()
    if not wanted:
        return None
    everyone = {**names(), **(known or {})}
    upper = wanted.upper()
    if upper in everyone:
        return upper
    lower = wanted.casefold()
    by_name = {code for code, name in everyone.items() if name.casefold() == lower}
    if len(by_name) == 1:
        return by_name.pop()
    matches = {a.code for a in authorities() if upper in a.former_codes or a.dfe_number == wanted}
    return matches.pop() if len(matches) == 1 else None


class NeighbourFileError(ValueError):
    """A statistical neighbour file that cannot be read: the message says where and why."""


def read_neighbours(text: str, known: dict[str, str] | None = None) -> dict[str, list[str]]:
    """DfE's children's services statistical neighbours, one authority a row: a column naming
    the authority (its code, DfE number or name: `la_code`, `new_la_code`, `LA number`, `LA
    code`, `LA name`, `la_name`, `Local authority`) and its neighbours, closest first, in
    columns named SN1, SN2 ... (or `Neighbour 1` ...), each a code, a DfE number or a name.
    Returns code -> neighbour codes; an unknown authority anywhere refuses the file."""
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise NeighbourFileError("The statistical neighbour file is empty.")
    header = [cell.strip().lower() for cell in rows[0]]
    own = next((header.index(name) for name in (
        "la_code", "new_la_code", "la number", "la code", "la name", "la_name", "local authority",
        "authority") if name in header), None)
    neighbour_columns = [i for i, name in enumerate(header)
                         if name.replace(" ", "").startswith(("sn", "neighbour"))
                         and name.replace(" ", "").rstrip("0123456789") in ("sn", "neighbour")]
    if own is None or not neighbour_columns:
        raise NeighbourFileError(
            "The statistical neighbour file needs a column naming the authority (la_code, "
            "LA number or LA name) and neighbour columns SN1, SN2 ...; its header was: "
            + ", ".join(rows[0]))
    neighbours: dict[str, list[str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [row[i].strip() if i < len(row) else "" for i in (own, *neighbour_columns)]
        codes = [resolve(cell, known) if cell else None for cell in cells]
        for column, cell, code in zip((own, *neighbour_columns), cells, codes, strict=True):
            if cell and code is None:
                raise NeighbourFileError(f"Row {number}, column {rows[0][column]}: {cell!r} is "
                                         "not an authority (give a code, DfE number or name).")
        if codes[0] is None:
            continue
        neighbours[codes[0]] = [code for code in codes[1:] if code and code != codes[0]]
    if not neighbours:
        raise NeighbourFileError("The statistical neighbour file lists no authority.")
    return neighbours
