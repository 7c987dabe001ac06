"""The measures catalogue as a table: for the Definitions page, `cli.py measures` and exports."""

from __future__ import annotations

import pandas as pd

from contracts.extracts import CATALOGUE
from metrics.registry import MEASURES

# "Neither" must not read as a kind of measure ("Context: background" is one).
BETTER_WORDS = {"up": "Higher is better", "down": "Lower is better",
                "neither": "Neither higher nor lower is better"}


def definitions_table() -> pd.DataFrame:
    return pd.DataFrame([
        {
            "id": m.id,
            "measure": m.title,
            "section": m.section,
            "what it shows": m.kind.label,
            "in brief": m.plain,
            "definition": m.definition,
            "numerator": m.numerator,
            "denominator": m.denominator,
            "unit": m.unit,
            "better": BETTER_WORDS[str(m.better)],
            "source extracts": ", ".join(CATALOGUE[name].title for name in m.extracts),
            "breakdowns": ", ".join(b.replace("_", " ") for b in m.breakdowns),
            "disclosure control": m.disclosure_rule,
        }
        for m in MEASURES
    ])
