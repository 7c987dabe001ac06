"""The committee pack's download buttons for a deck or a page: one click draws the pack.

Streamlit 1.67's download_button takes a callable as `data` and runs it only when the button is
clicked (on a worker thread, outside the script run), so no page pays for a pack nobody asked
for. That thread has no session: the role and the store are read here, when the buttons are
drawn, and an officer's or admin's pack is audited once it is made (ui.auth.export_recorder).
A click runs no script.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime

import streamlit as st

from contracts.roles import UNSUPPRESSED_ROLES, Role
from metrics.decks import Deck, page_deck
from ui.auth import current_role, export_recorder
from ui.packs import PDF_MIME, PPTX_MIME, browser_available, deck_pdf, deck_pptx
from ui.packs.content import UNSUPPRESSED_MARKING, file_stem
from ui.packs.failure import failure_pdf, failure_pptx
from ui.page_slides import shown_slides
from ui.print_view import print_links
from ui.session import store

# Name, extension, type, the pack's writer, and what the download holds instead when the pack
# cannot be made (a file in the same format saying so), icon.
FORMATS = (
    ("PDF", "pdf", PDF_MIME, deck_pdf, failure_pdf, ":material/picture_as_pdf:"),
    ("PowerPoint", "pptx", PPTX_MIME, deck_pptx, failure_pptx, ":material/slideshow:"),
)
LOG = logging.getLogger(__name__)


def pack_downloads(deck: Deck, key: str, *, meeting: str = "",
                   meeting_date: date | None = None, stacked: bool = False) -> None:
    """"Committee pack (PDF)" and "(PowerPoint)" buttons for `deck`, drawn for the viewer's
    role when clicked. `key` must be unique on the page. `stacked` puts them one above the
    other at full width (the sidebar, where side by side they read "Commit…")."""
    if not deck.slides:
        return
    if not browser_available():
        st.info("Committee packs need Chromium on the server to draw their charts; ask the "
                "administrator to install Debian's chromium package.", icon=":material/info:")
        return
    role = current_role()
    unsuppressed = role in UNSUPPRESSED_ROLES
    stem = file_stem(meeting or deck.name, meeting_date)
    columns = ([st.container() for _ in FORMATS] if stacked
               else st.columns(len(FORMATS)))
    for column, (name, extension, mime, writer, failed, icon) in zip(columns, FORMATS,
                                                                     strict=True):
        with column:
            st.download_button(
                f"Committee pack ({name})",
                data=_generator(writer, failed, deck, role, meeting, meeting_date,
                                export_recorder(f"committee pack ({name})", deck=deck.name,
                                                slides=len(deck.slides))),
                file_name=f"{stem}.{extension}",
                mime=mime,
                key=f"{key}-pack-{extension}",
                icon=icon,
                help="Drawn when you click: about 10 seconds for ten charts.",
                on_click="ignore",
                width="stretch",
            )
    if unsuppressed:
        st.caption(f"{UNSUPPRESSED_MARKING}: your packs show exact counts, 1 to 7 included, and are recorded "
                   "in the audit.")


def _generator(writer: Callable[..., bytes], failed: Callable[[str, str], bytes], deck: Deck,
               role: Role, meeting: str, meeting_date: date | None,
               recorded: Callable[[], None]) -> Callable[[], bytes]:
    """The button's callable: the pack, or (if it cannot be made) a file saying what to do."""
    app_store = store()

    def generate() -> bytes:
        try:
            with closing(app_store.cursor()) as con:
                made = writer(con, deck, role, meeting, meeting_date)
        except Exception:  # noqa: BLE001 - anything at all: the person gets a file saying so
            LOG.exception("The committee pack %r (%s) could not be made", deck.name, role)
            return failed(meeting or deck.name, f"{datetime.now():%-d %B %Y at %H:%M}")
        recorded()
        return made

    return generate


def page_pack_buttons(page) -> None:
    """After a page has run: the charts it drew as a pack, in the sidebar, if it drew any, and
    the way to its print view (ui.print_view). ``page`` is the page st.navigation ran."""
    shown = shown_slides()
    if not shown:
        return
    with st.sidebar:
        st.divider()
        st.subheader("Export this page", anchor=False)
        print_links(page)
        pack_downloads(page_deck(page.title, shown), key="page", stacked=True)
