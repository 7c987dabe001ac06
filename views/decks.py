"""Decks (officers): build an ordered list of charts, each with its filters, save it under a name
for a meeting to open by link, and see the decks already saved."""

from dataclasses import replace

import streamlit as st

from metrics.decks import Deck, Slide
from metrics.model import Query
from metrics.registry import BY_ID, MEASURES
from ui import text
from ui.auth import page_guard
from ui.decks import PRESENT_PAGE, DeckError, delete, save, saved_decks
from ui.filters import current_query, describe_filters
from ui.measure_view import page_intro
from ui.pack_buttons import pack_downloads
from ui.session import facts

DRAFT = "deck_draft"  # session state: the slides of the deck being built
NEW = "A new deck"

page_guard("views/decks.py")
page_intro(
    "Decks",
    "A deck is the charts a meeting will see, in order, each with its own filters. Save it under "
    "a name (such as \"YOT Board Q3\") and the meeting opens it by link, one chart per screen. "
    "Charts follow the viewer's role: a public meeting sees counts of 1 to 7 suppressed and the rest rounded.",
)
st.session_state.setdefault(DRAFT, [])
saved = {entry.name: entry for entry in saved_decks()}


def start_from() -> None:
    """Load the chosen saved deck into the form (or clear it for a new one)."""
    chosen = saved.get(st.session_state.get("deck_start"))
    deck = chosen.deck if chosen else None
    st.session_state["deck_name"] = deck.name if deck else ""
    st.session_state["deck_committee"] = deck.committee if deck else ""
    st.session_state[DRAFT] = list(deck.slides) if deck else []


def breakdown_label(breakdown: str) -> str:
    return "No breakdown (the total)" if breakdown == "total" else (
        "By " + breakdown.replace("_", " "))


def describe_slide(slide: Slide) -> str:
    declared = BY_ID[slide.measure_id]
    query = slide.query
    shown = "" if query.breakdown == "total" else f", {breakdown_label(query.breakdown).lower()}"
    period = ""
    if not query.period_to:
        period = (f"; from {query.period_from}, and later quarters as they are loaded"
                  if query.period_from else "; every quarter loaded, and later ones")
    return f"{declared.title}{shown} ({describe_filters(query, declared.filters)}{period})"


def move(index: int, step: int) -> None:
    slides = st.session_state[DRAFT]
    slides[index], slides[index + step] = slides[index + step], slides[index]


def remove(index: int) -> None:
    st.session_state[DRAFT].pop(index)


GROWING = "Up to the latest quarter loaded (later loads show on the slide)"
FIXED = "Only the quarters chosen in the sidebar"


def slide_query(breakdown: str, periods: str) -> Query:
    """The sidebar's filters for a slide. Unless fixed, the period stays open at its end (and
    at its start when the sidebar starts at the first quarter), so a deck shown live takes in
    quarters loaded after it was saved."""
    query = current_query(breakdown)
    if periods == FIXED:
        return query
    quarters = facts()["quarters"]
    start = None if quarters and query.period_from == quarters[0] else query.period_from
    return replace(query, period_from=start, period_to=None)


def add(measure_id: str, breakdown: str, periods: str) -> None:
    st.session_state[DRAFT].append(Slide(measure_id, slide_query(breakdown, periods)))


st.header("Build a deck", anchor=False)
st.selectbox("Start from", [NEW, *saved], key="deck_start", on_change=start_from,
             help="Open a saved deck to change it; saving keeps its earlier versions.")
st.text_input("Deck name", key="deck_name", max_chars=80, placeholder="YOT Board Q3")
st.text_input("Committee or meeting", key="deck_committee", max_chars=120,
              placeholder="Youth Offending Team Management Board")

st.subheader("Add a chart", anchor=False)
sections = list(dict.fromkeys(m.section for m in MEASURES))
left, middle, right = st.columns(3)
with left:
    section = st.selectbox("Section", sections, key="deck_section")
with middle:
    in_section = [m.id for m in MEASURES if m.section == section]
    measure_id = st.selectbox("Measure", in_section, format_func=lambda i: BY_ID[i].title,
                              key="deck_measure")
with right:
    breakdown = st.selectbox("Breakdown", BY_ID[measure_id].breakdowns, format_func=breakdown_label,
                             key="deck_breakdown")
periods = st.radio("Quarters", [GROWING, FIXED], key="deck_periods", horizontal=True)
st.markdown(text.escape_markdown(
    f"Filters: {describe_filters(current_query(), BY_ID[measure_id].filters)}. "
    "The chart keeps the sidebar's filters as they are now; change them there first."))
st.button("Add this chart", icon=":material/add:", on_click=add,
          args=(measure_id, breakdown, periods), key="deck-add")

slides = st.session_state[DRAFT]
st.subheader(f"Charts in this deck ({len(slides)})", anchor=False)
if not slides:
    st.info("No charts yet: add the first one above.", icon=":material/slideshow:")
for index, slide in enumerate(slides):
    with st.container(horizontal=True, vertical_alignment="center", key=f"draft-{index}"):
        st.markdown(text.escape_markdown(f"{index + 1}. {describe_slide(slide)}"), width="stretch")
        st.button("Up", key=f"draft-up-{index}", icon=":material/arrow_upward:",
                  on_click=move, args=(index, -1), disabled=index == 0,
                  help=f"Move chart {index + 1} up")
        st.button("Down", key=f"draft-down-{index}", icon=":material/arrow_downward:",
                  on_click=move, args=(index, 1), disabled=index == len(slides) - 1,
                  help=f"Move chart {index + 1} down")
        st.button("Remove", key=f"draft-remove-{index}", icon=":material/delete:",
                  on_click=remove, args=(index,), help=f"Remove chart {index + 1}")

typed = " ".join(st.session_state.get("deck_name", "").split())
if typed in saved and st.session_state.get("deck_start") != typed:
    st.warning(text.escape_markdown(
        f"A deck called {typed} is saved already: saving replaces it (its earlier versions are "
        "kept)."), icon=":material/warning:")
if st.button("Save deck", type="primary", icon=":material/save:", key="deck-save"):
    try:
        version = save(Deck(st.session_state.get("deck_name", ""), tuple(slides),
                            st.session_state.get("deck_committee", "")))
    except (DeckError, PermissionError) as error:
        st.error(text.escape_markdown(str(error)), icon=":material/error:")
    else:
        name = " ".join(st.session_state["deck_name"].split())
        st.success(text.escape_markdown(f"Saved {name} (version {version})."),
                   icon=":material/check:")
        st.page_link(PRESENT_PAGE, label=text.escape_markdown(f"Present {name}"), icon=":material/slideshow:",
                     query_params={"deck": name})
        saved = {entry.name: entry for entry in saved_decks()}

st.header("Saved decks", anchor=False)
if not saved:
    st.info("No decks have been saved yet.", icon=":material/slideshow:")
for number, entry in enumerate(saved.values()):
    with st.container(border=True, key=f"saved-{number}"):
        st.subheader(text.escape_markdown(entry.name), anchor=False)
        st.markdown(text.escape_markdown(
            f"Version {entry.version}, saved by {entry.saved_by} on {entry.saved_at:%d %B %Y %H:%M}"))
        if entry.deck is None:
            st.warning(text.escape_markdown(entry.problem), icon=":material/warning:")
        else:
            if entry.deck.committee:
                st.markdown(text.escape_markdown(f"For: {entry.deck.committee}"))
            st.markdown("\n".join(f"{i}. {text.escape_markdown(describe_slide(s))}"
                                  for i, s in enumerate(entry.deck.slides, start=1)))
            st.page_link(PRESENT_PAGE, label=text.escape_markdown(f"Present {entry.name}"), icon=":material/slideshow:",
                         query_params={"deck": entry.name})
            pack_downloads(entry.deck, key=f"pack-{number}")
        with st.popover("Delete this deck", icon=":material/delete:"):
            st.markdown("Its saved versions stay in the store, and the deletion is audited.")
            confirmed = st.button(text.escape_markdown(f"Delete {entry.name}"), key=f"delete-{number}")
        if confirmed:
            try:
                delete(entry.name)
            except (DeckError, PermissionError) as error:
                st.error(text.escape_markdown(str(error)), icon=":material/error:")
            else:
                st.rerun()
