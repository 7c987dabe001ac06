"""A measure's chart card on a page: its CardContent (ui.card_content) read through the
session's cached measure reads for the viewer's role, drawn by ui.card, and noted for the
page's committee pack, which builds the same content again for the slide. Pages call
show_measure and nothing more; what chart a measure and breakdown is drawn as is declared once,
in ui.chart_registry. A card a page builds in its own way (ui.card_content.drawn_card) is shown
with show_drawn, which notes the card itself for the page's pack."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from contracts.extracts import CATALOGUE
from contracts.roles import Role
from metrics.decks import Slide
from metrics.model import Query
from metrics.registry import measure
from ui import card
from ui.auth import current_role
from ui.card_content import CardContent, DrawnSlide, build_card, grouped_or_whole
from ui.filters import current_query
from ui.measure_view import UPLOAD_PAGE
from ui.page_slides import note_shown
from ui.session import facts, measure_frame


@dataclass(frozen=True)
class SessionReader:
    """The page's reads: cached by measure, filters, role and data version (ui.session)."""

    role: Role

    def frame(self, measure_id: str, query: Query, top: int | None) -> pd.DataFrame:
        return grouped_or_whole(lambda kept: measure_frame(measure_id, query, self.role,
                                                           top=kept), top)

    def authority_names(self) -> dict[str, str]:
        return facts()["authorities"]

    def ward_names(self) -> dict[str, str]:
        return facts()["wards"]


def page_card(slide: Slide) -> CardContent:
    """The card for a measure, breakdown and filters, for the viewer."""
    role = current_role()
    return build_card(SessionReader(role), slide, role)


def show_measure(measure_id: str, *, breakdown: str = "total", query: Query | None = None,
                 key: str | None = None) -> pd.DataFrame:
    """Chart one measure in a card (the chart its registry entry declares), or say which
    extract to upload when there is nothing. Returns the frame the card shows."""
    slide = Slide(measure_id, replace(query or current_query(), breakdown=breakdown))
    content = page_card(slide)
    if content.empty:
        declared = measure(measure_id)
        card.empty_state(
            [CATALOGUE[name].title for name in declared.extracts],
            f"No data loaded yet for {declared.title[0].lower() + declared.title[1:]}.",
            upload_page=UPLOAD_PAGE,
        )
        return content.frame
    note_shown(slide)
    card.chart_card(content, key=key or f"{measure_id}-{breakdown}")
    return content.frame


def show_drawn(content: CardContent, *, key: str) -> None:
    """Show a card its page built in its own way (a map, published figures, a programme against
    its target) and note it, as drawn, for the page's committee pack."""
    note_shown(DrawnSlide(content.slide.measure_id, content.slide.query, content=content))
    card.chart_card(content, key=key)
