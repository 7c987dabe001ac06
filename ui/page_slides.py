"""The chart cards a page draws, noted as it runs, so the page can be exported as a committee
pack (ui.pack_buttons.page_pack_buttons) with exactly the charts the viewer saw."""

from __future__ import annotations

import streamlit as st

from metrics.decks import Slide

SHOWN_KEY = "_page_slides"


def start_page() -> None:
    """Forget the previous run's charts; app.py calls this before the page runs."""
    st.session_state[SHOWN_KEY] = []


def note_shown(slide: Slide) -> None:
    st.session_state.setdefault(SHOWN_KEY, []).append(slide)


def shown_slides() -> list[Slide]:
    return list(st.session_state.get(SHOWN_KEY) or [])
