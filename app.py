"""Entry point: navigation, the shared sidebar, the demo-data banner. Pages hold UI only."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.account import account_panel
from ui.auth import adopt_oidc_identity, current_role, keep_session_alive, session_ended_notice
from ui.filters import sidebar_filters
from ui.focus_style import apply_focus_style
from ui.navigation import pages_for
from ui.pack_buttons import page_pack_buttons
from ui.page_slides import start_page
from ui.presentation import follow_present_link
from ui.print_style import apply_print_style
from ui.session import facts

st.set_page_config(
    page_title="Contextual safeguarding outcomes",
    # Our own picture: a material icon here is fetched from a third-party font host as the
    # favicon (off the council network, and broken offline).
    page_icon=str(Path(__file__).with_name("ui") / "favicon.png"),
    layout="wide",
)

adopt_oidc_identity()
keep_session_alive()
navigation = st.navigation([
    st.Page(entry.path, title=entry.title, icon=entry.icon, default=entry.default,
            visibility="hidden" if entry.hidden else "visible")
    for entry in pages_for(current_role())
], expanded=True)  # every page listed: no "View more" for a menu of fifteen
follow_present_link(navigation)
apply_print_style()
apply_focus_style()
sidebar_filters()
account_panel()
if session_ended_notice():
    st.info("Your session ended, so you now see the public view. Sign in again to continue.",
            icon=":material/timer_off:")
if facts()["demo"]:
    st.warning(
        "**Demo data.** These figures are generated for demonstration; they are not real "
        "children's data and must not be quoted.",
        icon=":material/science:",
    )
start_page()
navigation.run()
page_pack_buttons(navigation)
