"""Present: a saved deck, one chart per screen, for a meeting opened by link
(`present?deck=YOT Board Q3&slide=2`). Without a deck in the address, choose one."""

import streamlit as st

from contracts.roles import UNSUPPRESSED_ROLES
from ui import text
from ui.auth import current_role
from ui.decks import DECKS_PAGE, PRESENT_PAGE, DeckError, open_deck, saved_decks
from ui.measure_view import page_intro
from ui.pack_buttons import pack_downloads
from ui.presentation import live_deck, presenting_style, start_at


def choose_a_deck(problem: str = "") -> None:
    page_intro(
        "Present a deck",
        "A deck is a list of charts an officer has saved for a meeting. It opens one chart per "
        "screen, in large type, and keeps itself up to date while it is on screen. Move between "
        "charts with the Previous and Next buttons, the left and right arrow keys, or Page Up "
        "and Page Down.",
    )
    if problem:
        st.error(text.escape_markdown(problem), icon=":material/error:")
    decks = saved_decks()
    officer = current_role() in UNSUPPRESSED_ROLES
    if not decks:
        st.info("No decks have been saved yet.", icon=":material/slideshow:")
    for number, saved in enumerate(decks):
        with st.container(border=True, key=f"deck-{number}"):
            st.subheader(text.escape_markdown(saved.name), anchor=False)
            if saved.deck is None:
                st.warning(text.escape_markdown(saved.problem), icon=":material/warning:")
                continue
            charts = len(saved.deck.slides)
            st.markdown(text.escape_markdown(
                f"{saved.deck.committee + ' · ' if saved.deck.committee else ''}"
                f"{charts} chart{'s' if charts != 1 else ''} · saved {saved.saved_at:%d %B %Y}"))
            st.page_link(PRESENT_PAGE, label=text.escape_markdown(f"Present {saved.name}"),
                         icon=":material/slideshow:", query_params={"deck": saved.name})
            pack_downloads(saved.deck, key=f"pack-{number}")
    if officer:
        st.page_link(DECKS_PAGE, label="Build or change a deck", icon=":material/edit:")


name = st.query_params.get("deck")
if not name:
    choose_a_deck()
    st.stop()
try:
    deck = open_deck(name)
except DeckError as error:
    choose_a_deck(str(error))
    st.stop()
if deck is None:
    choose_a_deck(f"There is no deck called {name!r}.")
    st.stop()
presenting_style()
start_at(deck.name, len(deck.slides))
live_deck(deck.name)
