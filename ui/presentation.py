"""Presentation mode: one slide of a deck per screen, big enough to read from the back of a
committee room, live while it is on screen.

- The slide is drawn in a fragment that reruns every REFRESH_SECONDS: each run re-reads the data
  version (ui.session caches by it), so a load made in any session shows on the next tick, with
  no page reload and on the same slide.
- The slide number lives in session state and in the address (`slide=`, counted from 1), so a
  reload or a shared link opens the same slide.
- Keys: Streamlit buttons take a keyboard `shortcut` (1.67): the visible Previous and Next
  buttons answer Left and Right; hidden twins answer Page Up, Page Down (what a presentation
  clicker sends) and Space. Streamlit ignores these keys while a text field has focus.
- Figures obey the viewer's role, as everywhere: public and members see counts of 1 to 7
  suppressed; an officer's screen says it is unsuppressed, so it is not put on a public screen.
"""

from __future__ import annotations

import os
from contextlib import closing
from datetime import datetime

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from contracts.roles import UNSUPPRESSED_ROLES, Role
from metrics.decks import Deck, Slide
from store.users import session_expired
from ui import text
from ui.auth import LAST_SEEN_KEY, SIGNED_IN_AT_KEY, current_role, signed_in
from ui.decks import PRESENT_PAGE, DeckError, open_deck
from ui.session import current_data_version, store
from ui.slide_content import SlideContent, slide_content

# Seconds between live refreshes of the slide on screen; tests shorten it.
REFRESH_SECONDS = float(os.environ.get("SCRUTINY_PRESENT_REFRESH_SECONDS", "10"))
SLIDE_KEY = "present_slide"  # session state: (deck name, slide index counted from 0)
PRESENT_PARAM = "present"  # `?present=1` on any page opens presentation mode (follow_present_link)

# Scoped to presentation mode: the page writes it only while a deck is on screen. The sidebar
# and the header (with its menu) go; the "Exit presentation" button brings them back.
PRESENTING_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 2.5rem 0.5rem; max-width: 100%; }
/* One screen, no scrolling, from 1366x768 up: type and chart are sized by the viewport's height
   (tests/test_browser_slide_fit.py measures it), the gaps between blocks are halved and the
   demo banner is one slim line. */
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
[data-testid="stMainBlockContainer"] [data-testid="stAlertContainer"] { padding: 0.3rem 0.8rem; }
[data-testid="stMainBlockContainer"] [data-testid="stAlertContainer"] p { font-size: 0.95rem; }
.st-key-present-warning [data-testid="stAlertContainer"] p { font-size: 1.2rem; font-weight: 700; }
.st-key-present-slide h1 { font-size: clamp(1.5rem, 3.7vh, 2.6rem); line-height: 1.2;
  padding: 0.1rem 0 0; }
.st-key-present-subtitle p { font-size: clamp(1rem, 2vh, 1.25rem); margin: 0; }
/* Streamlit pulls each markdown block 1rem into the next (margin-bottom: -1rem), which slid the
   chart over the subtitle's line and "Show the data" over the summary's last line. */
.st-key-present-subtitle [data-testid="stMarkdownContainer"],
.st-key-present-summary [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
.st-key-present-summary p { font-size: clamp(1.05rem, 2.3vh, 1.5rem); line-height: 1.35;
  margin: 0; }
.st-key-present-footer p { font-size: clamp(0.9rem, 1.7vh, 1.1rem); margin: 0; }
/* The room left for the chart: what the other blocks take grows with the screen's height, as
   their type does (416 px of chart at 768, 680 at 1080). Streamlit gives the block
   flex: 1 1 0%, which overrode any height (the chart stayed at the figure's own 450 px at
   every size): flex: none. */
.st-key-present-chart { flex: none; height: max(15rem, calc(86vh - 15.5rem)); min-height: 0; }
.st-key-present-keys { display: none; }
</style>"""


# --- what a slide shows --------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=500)
def _content(slide: Slide, role: str, version: int) -> SlideContent:
    with closing(store().cursor()) as con:
        return slide_content(con, slide, Role(role), presentation=True)


def content_of(slide: Slide, role: Role) -> SlideContent:
    """One slide as ui.slide_content draws it (as the committee pack does), in projector type,
    cached by data version: the live tick costs one version read until a load changes it."""
    return _content(slide, str(role), current_data_version())


# --- which slide -----------------------------------------------------------------------


def _clamp(index: int, count: int) -> int:
    return max(0, min(index, count - 1))


def slide_in_address() -> int | None:
    """The slide the address asks for (`slide=`, counted from 1), as an index from 0."""
    raw = st.query_params.get("slide")
    try:
        return int(raw) - 1 if raw is not None else None
    except ValueError:
        return None


def start_at(name: str, count: int) -> int:
    """The slide to open deck `name` on: the address's, else this session's last, else the
    first. Kept in session state for the live fragment."""
    asked = slide_in_address()
    saved = st.session_state.get(SLIDE_KEY)
    if asked is None:
        asked = saved[1] if saved and saved[0] == name else 0
    index = _clamp(asked, count)
    go_to(name, index)
    return index


def go_to(name: str, index: int) -> None:
    """Show slide `index` (a presenter's key press or click: activity that keeps a signed-in
    session alive, unless it has already lapsed)."""
    st.session_state[SLIDE_KEY] = (name, index)
    st.query_params["slide"] = str(index + 1)
    if signed_in() and not session_lapsed():
        st.session_state[LAST_SEEN_KEY] = datetime.now()


def session_lapsed() -> bool:
    """A signed-in session past its idle or absolute limit. The live ticks are not activity and
    run only the fragment, never app.py's expiry check, so the fragment asks for itself."""
    state = st.session_state
    return signed_in() and session_expired(state[SIGNED_IN_AT_KEY], state[LAST_SEEN_KEY],
                                           datetime.now())


def current_index(name: str, count: int) -> int:
    saved = st.session_state.get(SLIDE_KEY)
    index = saved[1] if saved and saved[0] == name else 0
    return _clamp(index, count)


# --- on screen ---------------------------------------------------------------------------


def presenting_style() -> None:
    st.html(PRESENTING_CSS)


@st.fragment(run_every=REFRESH_SECONDS)
def live_deck(name: str) -> None:
    """The slide on screen, redrawn every REFRESH_SECONDS with the store's current data (and the
    deck's current version, so an officer's fix to the deck shows too)."""
    if session_lapsed():
        st.rerun()  # the whole app: app.py ends the session and the slide redraws as public
    try:
        deck = open_deck(name)
    except DeckError as error:
        st.error(text.escape_markdown(str(error)), icon=":material/error:")
        return
    if deck is None:
        st.error(text.escape_markdown(f"There is no deck called {name!r} any more."),
                 icon=":material/error:")
        return
    index = current_index(name, len(deck.slides))
    _controls(deck, index)
    show_slide(deck, index, current_role())


def _controls(deck: Deck, index: int) -> None:
    count = len(deck.slides)
    first, last = index == 0, index == count - 1
    back = {"on_click": go_to, "args": (deck.name, index - 1), "disabled": first}
    forward = {"on_click": go_to, "args": (deck.name, index + 1), "disabled": last}
    with st.container(horizontal=True, vertical_alignment="center", key="present-bar"):
        st.markdown(text.escape_markdown(
            f"{deck.name}{' · ' + deck.committee if deck.committee else ''} · "
            f"slide {index + 1} of {count}"), width="stretch")
        st.button("Previous", key="present-previous", icon=":material/arrow_back:",
                  shortcut="Left", **back)
        st.button("Next", key="present-next", icon=":material/arrow_forward:",
                  shortcut="Right", **forward)
        if st.button("Exit presentation", key="present-exit", icon=":material/close:",
                     type="tertiary"):
            st.query_params.clear()  # back to the list of decks, and the address says so
            st.rerun()  # the whole page, not only this fragment
    with st.container(key="present-keys"):  # hidden: more keys for the same two moves
        st.button("Previous (Page Up)", key="present-pageup", shortcut="PageUp", **back)
        st.button("Next (Page Down)", key="present-pagedown", shortcut="PageDown", **forward)
        st.button("Next (Space)", key="present-space", shortcut="Space", **forward)


def show_slide(deck: Deck, index: int, role: Role) -> None:
    content = content_of(deck.slides[index], role)
    notice = content.disclosure_note
    key = f"slide-{index}"
    warning = Role(role) in UNSUPPRESSED_ROLES and bool(notice)
    with st.container(key="present-slide"):
        if warning:  # first, where the presenter sees it before the audience does
            with st.container(key="present-warning"):
                st.error(text.escape_markdown(notice), icon=":material/visibility:")
        st.title(text.escape_markdown(content.title), anchor=False)
        with st.container(key="present-subtitle"):
            st.markdown(text.escape_markdown(content.subtitle))
        if content.figure is not None:
            with st.container(key="present-chart"):
                st.plotly_chart(
                    content.figure, width="stretch", height="stretch",
                    theme=None, config={"displayModeBar": False, "scrollZoom": False},
                    key=f"{key}-chart", alt=text.chart_alt(content.title),
                )
        with st.container(key="present-summary"):
            st.markdown(text.escape_markdown(content.summary))
        if not content.table.empty:
            with st.expander("Show the data", key=f"{key}-data"):
                st.table(text.markdown_table(content.table), hide_index=True, alt=f"Data for: {content.title}")
                if content.notes:
                    st.markdown(text.escape_markdown(". ".join(content.notes) + "."))
        with st.container(key="present-footer"):
            st.markdown(footer(content, "" if warning else notice, index, len(deck.slides)))


def footer(content: SlideContent, notice: str, index: int, count: int) -> str:
    """Two short lines: the source, then the slide, the refresh and the public notice. (An
    officer's warning is a banner at the top of the slide instead.)"""
    parts = [f"Slide {index + 1} of {count}, brought up to date every {REFRESH_SECONDS:g} seconds"]
    if notice:
        parts.append(text.escape_markdown(notice))
    return f"**Source:** {text.escape_markdown(content.source)}  \n" + ". ".join(parts)


def follow_present_link(page: StreamlitPage) -> None:
    """`?present=1` on any page's address opens presentation mode (with its `deck=` and
    `slide=`), for app.py to call right after st.navigation."""
    params = st.query_params
    if params.get(PRESENT_PARAM) == "1" and getattr(page, "url_path", "") != "present":
        st.switch_page(PRESENT_PAGE, query_params={
            key: params[key] for key in ("deck", "slide") if key in params})
