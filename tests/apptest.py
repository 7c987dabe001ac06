"""AppTest helpers: open a page through app.py as a given role, and read what it says."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui.session import store as app_store


def open_app_page(monkeypatch, store_path: Path, page: str = "overview", role: str = "public",
                  timeout: int = 120) -> AppTest:
    """Run app.py on `store_path`, then the page. AppTest runs a switched-to page without the
    entry point's sidebar, so the role is set through session state, as the sidebar's officer
    switch sets it."""
    monkeypatch.setenv("SCRUTINY_STORE", str(store_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py")
    app.session_state["role"] = role
    app.run()
    return app


def said(elements) -> str:
    """Text as a reader sees it (markdown escapes removed)."""
    return " ".join(str(element.value) for element in elements).replace("\\", "").replace("**", "")


def stored(sql: str) -> list[tuple]:
    """Read through the app's own store (one DuckDB connection per process)."""
    return app_store().cursor().execute(sql).fetchall()
