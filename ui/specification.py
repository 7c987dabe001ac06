"""A contract's columns as a table for people: name, required, meaning, allowed values."""

from __future__ import annotations

import pandas as pd

from contracts.model import ColumnType, Contract


def columns_table(contract: Contract) -> pd.DataFrame:
    return pd.DataFrame([
        {
            "column": column.name,
            "required": "yes" if column.required else "",
            "meaning": column.description,
            "allowed values": "; ".join(
                f"{c.value} ({c.label})" if c.label.lower() != c.value.replace("_", " ") else c.value
                for c in column.choices
            ) if column.choices else _type_words(column.type),
            "example": column.example,
        }
        for column in contract.columns
    ])


def _type_words(kind: ColumnType) -> str:
    return {
        ColumnType.DATE: "a date: 2025-07-01 or 01/07/2025",
        ColumnType.MONTH: "a month: 2025-07",
        ColumnType.PERIOD: "a month 2025-07 or quarter 2025-Q1",
        ColumnType.INTEGER: "a whole number",
        ColumnType.NUMBER: "a number",
        ColumnType.YES_NO: "yes or no",
        ColumnType.AREA_CODE: "an ONS code (E0…)",
        ColumnType.ID_LIST: "identifiers separated by ;",
    }.get(kind, "text")
