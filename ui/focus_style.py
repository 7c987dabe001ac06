"""Visible keyboard focus on every control (WCAG 2.2: 2.4.7 Focus Visible, 2.4.11 Focus Not
Obscured): a 3 px near-black outline with a white gap, on links, menu
entries, buttons, inputs and expanders alike. Streamlit's own focus ring on a menu link is a
faint grey background, hard to see.

app.py calls apply_focus_style() once per run, before the page's content."""

from __future__ import annotations

import streamlit as st

from ui import theme

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


def apply_focus_style() -> None:
    st.html(FOCUS_CSS)
