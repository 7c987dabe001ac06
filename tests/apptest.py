"""AppTest helpers: open a page through app.py as a given role, and read what it says."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ui.session import store as app_store


def open_app_page(monkeypatch, store_path: Path, page: str = "overview", role: str = "public",
                  timeout: int = 120, **params: str) -> AppTest:
    """Run app.py on `store_path` signed in with `role` (as a successful sign-in leaves the
    session), then the page, with `params` in its address. The role is set before the first
    run because navigation is built for it: a page outside the role's navigation cannot be
    switched to."""
    monkeypatch.setenv("SCRUTINY_STORE", str(store_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    sign_in_as(app, role)
    app.run()
    if page != "overview" or params:
        app.switch_page(f"views/{page}.py")
        app.query_params.update(params)
        app.run()
    return app


def offered_downloads(monkeypatch) -> dict[str, object]:
    """Every file the runs offer for download, by file name: the callable Streamlit runs when
    the button is clicked (downloads are made on click), for a test to call as a click would."""
    offered: dict[str, object] = {}
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return offered


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


CARD_DETAILS = ("-data", "-rule")  # a card's "Show the data" and "More detail" keys (ui.card)


def open_card_details(app: AppTest) -> AppTest:
    """Open every card's "Show the data" and "More detail" as a viewer's clicks would, and run
    the page again: ui.card draws what they hold only once opened (the session keeps each
    expander's state under its key)."""
    for key in list(app.session_state.keys()):
        if isinstance(key, str) and key.endswith(CARD_DETAILS):
            app.session_state[key] = True
    return app.run()
