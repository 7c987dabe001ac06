"""Counts in words, one rule for every message an officer reads (the upload page, the command
line, the load log): "1 row", "2 rows", "1,234 rows"; never "1 rows" or "row(s)"."""

from __future__ import annotations


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """`count` with its noun agreeing, thousands separated: counted(1, "row") is "1 row",
    counted(83, "row") is "83 rows", counted(2, "authority", "authorities") is "2 authorities"."""
    noun = singular if count == 1 else (plural or f"{singular}s")
    return f"{count:,} {noun}"
