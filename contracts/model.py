"""The shape of an extract contract: what one uploaded file must hold.

Each extract type is one `Contract` value (see `contracts.extracts`). The validator, the blank
templates, the store's tables and the "Data specification" page are all derived from these
declarations, so a column is described exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class ColumnType(StrEnum):
    """How a column's text is read. Each type compiles to one DuckDB parse expression."""

    ID = "id"  # a pseudonym or code: trimmed text, no spaces inside
    TEXT = "text"  # free text: scanned for direct identifiers
    DATE = "date"  # ISO 2025-07-01 or UK day-first 01/07/2025
    MONTH = "month"  # 2025-07
    PERIOD = "period"  # 2025-07 or 2025-Q3 (violence indicators)
    INTEGER = "integer"
    NUMBER = "number"
    CHOICE = "choice"  # one of `allowed` (or an alias of one)
    CHOICES = "choices"  # semicolon-separated list of `allowed`
    ID_LIST = "id_list"  # semicolon-separated pseudonyms
    YES_NO = "yes_no"
    AREA_CODE = "area_code"  # ONS GSS code: a letter, 8 digits (E06000004, E05001512, E01012345)


class Level(StrEnum):
    """Whether an error refuses the whole file or only its row."""

    FILE = "file"
    ROW = "row"


@dataclass(frozen=True)
class Choice:
    """An allowed value with the codes and labels that officers' systems use for it."""

    value: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = False
    example: str = ""
    choices: tuple[Choice, ...] = ()
    header_aliases: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    not_in_future: bool = False
    gss_prefixes: tuple[str, ...] = ()  # for AREA_CODE: e.g. ("E05",) for wards; () for any area

    @property
    def allowed_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def spellings(self) -> dict[str, str]:
        """Every accepted spelling (normalised) mapped to the stored value."""
        spellings: dict[str, str] = {}
        for choice in self.choices:
            for spelling in (choice.value, choice.label, *choice.aliases):
                spellings[normalise_value(spelling)] = choice.value
        return spellings


class PeriodRule(StrEnum):
    """How a row's period (the unit a newer upload replaces) is found."""

    FINANCIAL_QUARTER = "financial_quarter"  # from a date column: "2025/26 Q3"
    MONTH = "month"  # from a month column: "2025-07"
    PERIOD_COLUMN = "period_column"  # taken as written: "2025-07" or "2025-Q3"
    YEAR = "year"  # from an integer year column: "2024"
    WHOLE_FILE = "whole_file"  # lookups and boundaries: one version at a time


class Partition(StrEnum):
    """What, besides the period, a newer upload replaces."""

    AUTHORITY = "authority"  # the row's la_code (a column, or chosen for the file)
    FORCE = "force"  # police.uk: the force that published the file ("Falls within")
    DATASET = "dataset"  # published statistics: the publication the file comes from


@dataclass(frozen=True)
class Contract:
    name: str
    title: str
    description: str
    sender: str
    cadence: str
    columns: tuple[Column, ...]
    period_rule: PeriodRule
    period_column: str = ""
    partition: Partition = Partition.AUTHORITY
    partition_by: tuple[str, ...] = ()  # further columns a newer upload replaces within
    key: tuple[str, ...] = ()  # unique within one file
    row_errors_allowed: bool = True  # False: any row error refuses the file
    scan_for_identifiers: bool = True  # False only for public files taken unchanged
    exact_header: tuple[str, ...] = ()  # real-world formats recognised by their header
    file_kind: str = "table"  # "table" (CSV/xlsx) or "geojson"
    notes: str = ""
    extra_columns_expected: bool = False  # wide published files: extra columns are data

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    def header_lookup(self) -> dict[str, str]:
        """Normalised header spelling -> contract column name."""
        lookup: dict[str, str] = {}
        for column in self.columns:
            for spelling in (column.name, *column.header_aliases):
                lookup[normalise_header(spelling)] = column.name
        return lookup

    def example_row(self) -> dict[str, str]:
        return {c.name: c.example for c in self.columns}


_HEADER_NOISE = re.compile(r"[^0-9a-z]+")


def normalise_header(name: str) -> str:
    """'Referral Date', 'referral_date' and 'REFERRAL-DATE' all become 'referraldate'."""
    return _HEADER_NOISE.sub("", name.lower())


def normalise_value(value: str) -> str:
    """How allowed values are matched: case, spaces, hyphens and underscores do not matter."""
    return _HEADER_NOISE.sub("", value.lower())


@dataclass(frozen=True)
class Catalogue:
    """All contracts, by name, in the order the specification lists them."""

    contracts: tuple[Contract, ...] = field(default_factory=tuple)

    def __iter__(self):
        return iter(self.contracts)

    def __getitem__(self, name: str) -> Contract:
        for contract in self.contracts:
            if contract.name == name:
                return contract
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(contract.name == name for contract in self.contracts)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(contract.name for contract in self.contracts)
