"""Visible keyboard focus on every control (WCAG 2.2: 2.4.7 Focus Visible, 2.4.11 Focus Not
Obscured): a 3 px near-black outline with a white gap, on links, menu
entries, buttons, inputs and expanders alike. Streamlit's own focus ring on a menu link is a
faint grey background, hard to see.

And focus that follows the page (2.4.3 Focus Order): after sign-in and after each change of
page, focus moves to the new page's main heading (ui/focus_heading.js), so the next Tab goes
on from there rather than from the top of the menu.

app.py calls apply_focus_style() once per run, before the page's content."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from ui import theme

FOCUS_HEADING_JS = Path(__file__).with_name("focus_heading.js")

FOCUS_CSS = f"""<style>
a:focus-visible, button:focus-visible, summary:focus-visible, input:focus-visible,
textarea:focus-visible, select:focus-visible, [role="button"]:focus-visible,
[role="slider"]:focus-visible, [role="combobox"]:focus-visible, [tabindex]:focus-visible,
[data-testid="stSidebarNav"] a:focus-visible {{
  outline: 3px solid {theme.TEXT_COLOUR} !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 2px #FFFFFF !important;
  scroll-margin: 4rem;
}}
</style>"""


@cache
def focus_heading_js() -> str:
    return FOCUS_HEADING_JS.read_text(encoding="utf-8")


def apply_focus_style() -> None:
    """The focus outline, and the script that moves focus to each new page's heading (our own
    file, never user input; it guards itself against being added again on every run)."""
    st.html(FOCUS_CSS)
    st.html(f"<script>{focus_heading_js()}</script>", unsafe_allow_javascript=True)
