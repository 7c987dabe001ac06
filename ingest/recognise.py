"""Which extract is this, and where is its header? Read from the header row itself.

Spreadsheets often carry a title row or two above the header, so every one of the first records
is tried as the header against every contract, and the best match wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts.extracts import CATALOGUE, EES_FIXED_COLUMNS
from contracts.identifiers import is_identifier_header
from contracts.model import Contract, normalise_header


@dataclass(frozen=True)
class HeaderMatch:
    contract: Contract
    header_index: int  # position of the header among the file's records (0 = first)
    mapping: tuple[str | None, ...]  # for each header cell: the contract column, or None
    missing_required: tuple[str, ...]
    score: int

    @property
    def complete(self) -> bool:
        return not self.missing_required


def match_header(contract: Contract, header: list[str], header_index: int = 0) -> HeaderMatch:
    lookup = contract.header_lookup()
    mapping = tuple(lookup.get(normalise_header(cell)) if cell.strip() else None for cell in header)
    found = {name for name in mapping if name}
    missing = tuple(c.name for c in contract.required_columns if c.name not in found)
    score = len(found)
    if contract.exact_header and [cell.strip().lstrip("\ufeff") for cell in header] == list(
        contract.exact_header
    ):
        score += 100
    if contract.extra_columns_expected and all(name in found for name in EES_FIXED_COLUMNS[:3]):
        score += 50
    return HeaderMatch(contract, header_index, mapping, missing, score)


def recognise(records: list[list[str]], extract: str | None = None) -> HeaderMatch | None:
    """The best (contract, header row) for these first records, or None if nothing fits."""
    candidates = [CATALOGUE[extract]] if extract else [
        c for c in CATALOGUE if c.file_kind == "table"
    ]
    best: HeaderMatch | None = None
    for index, record in enumerate(records):
        cells = [cell for cell in record if cell.strip()]
        if len(cells) < 2:
            continue
        for contract in candidates:
            match = match_header(contract, record, index)
            rank = (match.complete, match.score, -index)
            if best is None or rank > (best.complete, best.score, -best.header_index):
                best = match
    if best is None or best.score < 2:
        return None
    required = len(best.contract.required_columns)
    if not best.complete and len(best.missing_required) * 2 > required:
        return None  # a few shared words ("date", "type") do not make a file of that kind
    return best


def identifier_headers(match: HeaderMatch, header: list[str]) -> list[str]:
    """Header cells that the contract does not declare and that name a direct identifier."""
    return [
        cell for cell, column in zip(header, match.mapping, strict=False)
        if column is None and cell.strip() and is_identifier_header(cell)
    ]


def duplicated_columns(match: HeaderMatch, header: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for cell, column in zip(header, match.mapping, strict=False):
        if column:
            seen.setdefault(column, []).append(cell)
    return {column: cells for column, cells in seen.items() if len(cells) > 1}
