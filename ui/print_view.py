"""The print view of a chart page (``?print=1``): every card drawn with its data table, its
downloads and its exact rule open, so the browser's print of it holds every table.

On screen a card draws those only when the viewer opens them (ui.card), which keeps a page of
nine charts light; a print of that page would lose the tables nobody opened, so the sidebar
offers "Print this page", which opens this view."""

from __future__ import annotations

import streamlit as st

PARAM = "print"


def print_view() -> bool:
    """True when this run draws the page for printing."""
    return st.query_params.get(PARAM) == "1"


def print_links(page) -> None:
    """In the sidebar's "Export this page": the way to the print view, or back from it, in
    plain words. ``page`` is the page running (st.navigation's page), the filters' address
    parameters are kept."""
    kept = {name: st.query_params.get_all(name) for name in st.query_params if name != PARAM}
    if print_view():
        st.markdown("This is the print version: every chart's data table is open. Print it "
                    "with your browser's Print (Ctrl+P, or ⌘P on a Mac).")
        st.page_link(page, label="Back to the page", icon=":material/arrow_back:",
                     query_params=kept)
    else:
        st.page_link(page, label="Print this page", icon=":material/print:",
                     query_params={**kept, PARAM: "1"},
                     help="Opens a version of this page with every data table open, "
                          "ready for your browser's Print.")
