"""Settings (administrators): which authorities this dashboard is for, each one's comparator
group, and DfE's statistical neighbour list. Every save is a new version of the setting,
audited with the administrator's name."""

import streamlit as st

from contracts.authorities import NeighbourFileError
from ui import authorities, text
from ui.auth import page_guard
from ui.measure_view import page_intro

page_guard("views/settings.py")
page_intro(
    "Authorities and comparators",
    "Which councils this dashboard is for, and whom each is compared with on How we compare. "
    "Every change is kept as a new version and recorded in the audit with your name.",
)

DONE = "settings_done"
if DONE in st.session_state:
    st.success(text.escape_markdown(st.session_state.pop(DONE)), icon=":material/check_circle:")

names = authorities.known()
codes = list(names)


def label(code: str) -> str:
    return f"{names.get(code, code)} ({code})"


def act(change, done: str, *args) -> None:
    try:
        change(*args)
    except (PermissionError, ValueError) as refused:
        st.error(text.escape_markdown(str(refused)), icon=":material/error:")
        return
    st.session_state[DONE] = done
    st.rerun()


st.header("Our authorities", anchor=False)
st.markdown("The home authority (whose committee this dashboard serves) and its partners. The "
            "sidebar offers them first, and a chart with no authority chosen covers them.")
ours = authorities.ours()
with st.form("our-authorities"):
    home = st.selectbox("Home authority", codes, format_func=label, key="home-authority",
                        index=codes.index(ours[0]) if ours and ours[0] in codes else None,
                        placeholder="Choose the council's own authority")
    partners = st.multiselect("Partner authorities", codes, format_func=label,
                              default=[code for code in ours[1:] if code in names],
                              key="partner-authorities")
    if st.form_submit_button("Save our authorities", type="primary", icon=":material/save:"):
        if home is None:
            st.error("Choose the home authority.", icon=":material/error:")
        else:
            act(authorities.save_ours, "Saved: " + text.plain_list(
                [names[c] for c in dict.fromkeys([home, *partners])]) + ".", home, partners)

st.header("Statistical neighbours", anchor=False)
st.markdown(
    "How we compare sets each authority beside the average of its neighbours. Load DfE's "
    "children's services statistical neighbour list as published (a CSV with the authority "
    "in one column and its ten neighbours in columns SN1 to SN10, by code, DfE number or "
    "name). Where the list does not name an authority, its comparator group below is used.")
loaded = authorities.loaded_neighbours()
if loaded:
    saved, by, at = loaded
    st.caption(f"Loaded: {text.escape_markdown(saved.get('file', 'a file'))}, "
               f"{len(saved.get('neighbours', {}))} authorities, by {text.escape_markdown(by)} "
               f"on {at:%d %B %Y at %H:%M}.")
else:
    st.caption("No statistical neighbour list loaded yet.")
upload = st.file_uploader("Statistical neighbour list (CSV)", type=["csv"], key="neighbour-file")
if upload is not None and st.button("Load this list", key="load-neighbours",
                                    icon=":material/upload_file:"):
    try:
        count = authorities.save_neighbours(upload.name, upload.getvalue())
    except (NeighbourFileError, PermissionError) as refused:
        st.error(text.escape_markdown(str(refused)), icon=":material/error:")
    else:
        st.session_state[DONE] = f"Loaded statistical neighbours for {count} authorities."
        st.rerun()

st.header("Comparator groups", anchor=False)
st.markdown(f"Up to {authorities.MAX_GROUP} authorities for each of ours, used for the "
            "neighbours' average where no statistical neighbour list names it.")
if not ours:
    st.caption("Save our authorities first.")
for la_code in ours:
    group = authorities.comparator_group(la_code)
    neighbours, kind = authorities.neighbours_of(la_code)
    with st.form(f"group-{la_code}"):
        st.subheader(text.escape_markdown(names.get(la_code, la_code)), anchor=False)
        if kind == "statistical neighbours":
            st.caption("DfE's statistical neighbours are loaded for this authority: "
                       + text.escape_markdown(text.plain_list([names.get(c, c) for c in neighbours]))
                       + ". They are used in place of this group.")
        picked = st.multiselect("Comparator group", [c for c in codes if c != la_code],
                                default=[c for c in group if c in names], format_func=label,
                                max_selections=authorities.MAX_GROUP, key=f"group-{la_code}-codes")
        if st.form_submit_button("Save comparator group", icon=":material/save:"):
            act(authorities.save_comparator_group,
                f"Saved the comparator group for {names.get(la_code, la_code)}.", la_code, picked)
