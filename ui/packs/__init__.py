"""Committee packs: a deck (or the charts of any page) as a PDF and a PowerPoint file.

A pack has a title slide (committee, meeting, dates, data as at, demo label, who it is for),
one slide per chart (the finding as its title, the chart as a static image drawn by Plotly's
own export path, the summary, the data table, the source), and the measure definitions with
the disclosure note at the end. Every figure comes through metrics.api.compute for the role
the pack is made for, so a pack suppresses exactly what the screen suppresses; an officer's
pack says on every page that it holds unsuppressed counts and is not for publication.

    deck_pdf(con, deck, role, meeting="YOT Board", meeting_date=date(2026, 1, 20)) -> bytes
    deck_pptx(con, deck, role, ...) -> bytes

`con` is a cursor of the app's store. Each call draws the charts in one Chromium session
(about 2.5 s to start, then about 0.15 s a chart); to write both files from one drawing, call
prepare_pack once and then pack_pdf and pack_pptx. Auditing an officer's export is the
caller's job (ui.pack_buttons does it through ui.auth.export_recorder).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.roles import Role
from metrics.decks import Deck
from ui.packs.content import Pack, prepare_pack
from ui.packs.images import ChartExportUnavailable, browser_available, render_pngs
from ui.packs.pdf import pack_pdf
from ui.packs.powerpoint import pack_pptx

__all__ = [
    "ChartExportUnavailable", "Pack", "browser_available", "deck_pdf", "deck_pptx", "pack_pdf",
    "pack_pptx", "prepare_pack", "render_pngs",
]

PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def deck_pdf(con: Any, deck: Deck, role: Role, meeting: str = "",
             meeting_date: date | None = None) -> bytes:
    """The deck as an A4 landscape PDF, for `role`."""
    return pack_pdf(prepare_pack(con, deck, role, meeting, meeting_date))


def deck_pptx(con: Any, deck: Deck, role: Role, meeting: str = "",
              meeting_date: date | None = None) -> bytes:
    """The deck as a 16:9 PowerPoint file, for `role`."""
    return pack_pptx(prepare_pack(con, deck, role, meeting, meeting_date))
