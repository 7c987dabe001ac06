"""AppTest helpers: open a page through app.py as a given role, and read what it says."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui.session import store as app_store


def open_app_page(monkeypatch, store_path: Path, page: str = "overview", role: str = "public",
                  timeout: int = 120) -> AppTest:
    """Run app.py on `store_path` signed in with `role` (as a successful sign-in leaves the
    session), then the page. The role is set before the first run because navigation is built
    for it: a page outside the role's navigation cannot be switched to."""
    monkeypatch.setenv("SCRUTINY_STORE", str(store_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    sign_in_as(app, role)
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py")
        app.run()
    return app


def sign_in_as(app: AppTest, role: str) -> None:
    """Leave the session as `ui.auth` does after a sign-in (nothing, for the public)."""
    if role == "public":
        return
    now = datetime.now()
    for key, value in {"role": role, "user_name": f"test-{role}", "signed_in_at": now,
                       "last_seen": now, "signed_in_via": "local"}.items():
        app.session_state[key] = value


def said(elements) -> str:
    """Text as a reader sees it (markdown escapes removed)."""
    return " ".join(str(element.value) for element in elements).replace("\\", "").replace("**", "")


def stored(sql: str) -> list[tuple]:
    """Read through the app's own store (one DuckDB connection per process)."""
    return app_store().cursor().execute(sql).fetchall()
