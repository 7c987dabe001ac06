"""An officer's view of one context's story: chosen by its pseudonymised ID and description,
then every step from identification to the latest risk review, with the children linked by
then. Unsuppressed, so it is drawn only for officers and administrators, and the check is made
here as well as by the page that calls it."""

from __future__ import annotations

from contextlib import closing

import pandas as pd
import streamlit as st

from contracts.roles import UNSUPPRESSED_ROLES
from metrics.context_timeline import context_choices, context_timeline
from metrics.model import Query
from ui import text
from ui.auth import current_role
from ui.filters import current_query
from ui.session import current_data_version, store


@st.cache_data(show_spinner=False, max_entries=50)
def _choices(la_codes: tuple[str, ...], version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return context_choices(con, Query(la_codes=la_codes))


@st.cache_data(show_spinner=False, max_entries=200)
def _timeline(la_code: str, context_id: str, version: int) -> pd.DataFrame:
    with closing(store().cursor()) as con:
        return context_timeline(con, la_code, context_id)


def show_context_timeline() -> None:
    """Nothing at all for a viewer who may not see unsuppressed figures."""
    if current_role() not in UNSUPPRESSED_ROLES:
        return
    st.header("One context's timeline (officers only)", anchor=False)
    st.markdown(
        "Choose a context by its pseudonymised ID or description to see, in date order, when it "
        "was identified, assessed and re-assessed, the goals set for it and how they closed, "
        "the interventions aimed at it and its risk reviews, with how many children's referrals "
        "had named it by each step. Not suppressed: not for a public meeting."
    )
    version = current_data_version()
    choices = _choices(tuple(current_query().la_codes), version)
    if choices.empty:
        st.info("No contexts are loaded for the authorities chosen.")
        return
    picked = st.selectbox("Context", choices.index, key="context_timeline_choice",
                          format_func=lambda index: choices.at[index, "choice"])
    la_code, context_id = choices.at[picked, "la_code"], choices.at[picked, "context_id"]
    timeline = _timeline(la_code, context_id, version)
    linked = int(timeline["children linked by then"].max()) if not timeline.empty else 0
    st.markdown(
        f"**{text.escape_markdown(context_id)}**: {len(timeline)} steps; {linked} "
        f"{'child' if linked == 1 else 'children'} linked through referrals that named it."
    )
    st.dataframe(timeline, hide_index=True, width="stretch")
