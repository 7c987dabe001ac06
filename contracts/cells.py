"""Cells written to files officers open in a spreadsheet: text a spreadsheet would run as a
formula is shown as written instead (OWASP's advice on CSV injection). One rule for the app's
downloads (ui/downloads.py) and the command line's error reports (cli.py)."""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: object) -> object:
    """Prefix text a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(cell, str) and cell.startswith(FORMULA_TRIGGERS):
        return "'" + cell
    return cell
