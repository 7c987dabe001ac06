"""The print stylesheet: the browser's print of any page gives a clean, paginated document
(no sidebar, header, toolbar, buttons or widgets; chart cards kept whole; the data tables
printed; black text on white). The rules live in ui/print.css."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

PRINT_CSS = Path(__file__).with_name("print.css")
PRINT_FIT_JS = Path(__file__).with_name("print_fit.js")


@cache
def print_css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


@cache
def print_fit_js() -> str:
    return PRINT_FIT_JS.read_text(encoding="utf-8")


def apply_print_style() -> None:
    """Add the print stylesheet to this run of the page. A body of only a <style> tag goes to
    Streamlit's event container, so it takes no space on the page."""
    st.html(f"<style>{print_css()}</style>")
    st.html(f"<script>{print_fit_js()}</script>", unsafe_allow_javascript=True)
