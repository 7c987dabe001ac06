"""A page that a later piece of work fills: says so plainly instead of failing."""

from __future__ import annotations

import streamlit as st


def not_yet_built(title: str, what: str) -> None:
    st.title(title)
    st.info(f"This page is not built yet. It will show {what}", icon=":material/construction:")
