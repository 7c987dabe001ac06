"""What one slide of a deck says: the chart card's content (ui.card_content.CardContent), built
for the slide's measure, breakdown and filters through a cursor of the app's store, so the
presentation page and the committee pack show exactly what the page's card shows, chart kind
included. Also how much of a long table fits on a slide or a pack's page.

The filters in words and the source line are read through ui.session's cached facts, that is
from the app's store (SCRUTINY_STORE): pass a cursor of that store as `con`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from contracts.roles import Role
from metrics.decks import Slide
from ui.card_content import CardContent, StoreReader, build_card, no_data_sentence, slide_table

__all__ = ["SlideContent", "latest_rows", "no_data_sentence", "slide_content", "slide_table"]

SlideContent = CardContent  # a slide is a card: one value, one set of fields


def slide_content(con: Any, slide: Slide, role: Role, *,
                  presentation: bool = False) -> CardContent:
    """Everything one slide shows, computed for `role` through metrics.api.compute.

    `con` is a cursor of the app's store. Breakdowns keep the groups the registry declares for
    them and add the rest up as "Other", as on the page. `presentation` draws the chart in the
    projector's bigger type (the Present page).
    """
    return build_card(StoreReader(con, Role(role)), slide, Role(role), presentation=presentation)


def latest_rows(table: pd.DataFrame, max_rows: int) -> tuple[pd.DataFrame, str]:
    """The latest whole periods that fit in `max_rows`, and a sentence saying what was left
    out ("" when the whole table fits). A single period longer than the room is cut at it."""
    if len(table) <= max_rows or "Period" not in table.columns:
        if len(table) <= max_rows:
            return table, ""
        return table.head(max_rows), f"Showing the first {max_rows} of {len(table)} rows."
    periods = list(dict.fromkeys(table["Period"]))
    kept: list[str] = []
    rows = 0
    for period in reversed(periods):
        size = int((table["Period"] == period).sum())
        if rows + size > max_rows:
            break
        kept.append(period)
        rows += size
    if not kept:
        latest = periods[-1]
        shown = table[table["Period"] == latest].head(max_rows)
        return shown, (f"Showing {max_rows} of the {int((table['Period'] == latest).sum())} rows "
                       f"for {latest}; the full table is on the dashboard.")
    shown = table[table["Period"].isin(kept)]
    noun = "period" if len(kept) == 1 else "periods"
    return shown, (f"Showing the latest {len(kept)} {noun} of {len(periods)}; "
                   "the full table is on the dashboard.")
