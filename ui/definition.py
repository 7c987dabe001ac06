"""A measure's definition as a reader meets it: what it shows (change, effort or context) and
its plain sentence first, the exact rule behind "More detail"."""

from __future__ import annotations

import streamlit as st

from metrics.model import Measure
from ui import text
from ui.labels import kind_label


def opening(declared: Measure) -> str:
    """Markdown: "**Change: an outcome.** Of the children whose risk …"."""
    return f"**{kind_label(declared)}.** {text.escape_markdown(declared.plain)}"


def show_definition(declared: Measure, *, lead: str = "") -> None:
    """The opening, then the exact rule in a closed "More detail" expander. `lead` names what
    the definition is of where a page shows one for several charts."""
    st.markdown(f"{lead}{opening(declared)}")
    with st.expander("More detail", expanded=False):
        st.markdown(f"**Exact rule.** {text.escape_markdown(declared.definition)}")
