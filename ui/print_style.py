"""The print stylesheet: the browser's print of any page gives a clean, paginated document
(no sidebar, header, toolbar, buttons or widgets; each chart kept with its heading and shrunk
to the page width; the data tables printed; black text on white). The rules live in
ui/print.css, and the few lines of script that fit charts to the page in ui/print_fit.js.

app.py calls apply_print_style() once per run, before the page's content."""

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
    """Add the print stylesheet and the chart-fitting script to this run of the page.

    A body of only a <style> tag goes to Streamlit's event container, so it takes no space;
    the script's element is hidden by a rule in the stylesheet. The script is our own file,
    never user input (it is what ``unsafe_allow_javascript`` allows), and guards itself
    against being added again on every run."""
    st.html(f"<style>{print_css()}</style>")
    st.html(f"<script>{print_fit_js()}</script>", unsafe_allow_javascript=True)
