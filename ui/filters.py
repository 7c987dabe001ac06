"""The shared sidebar filters, kept in the URL query string so a link reproduces the view."""

from __future__ import annotations

import streamlit as st

from contracts.authorities import resolve
from contracts.extracts import HARM_TYPES, SEX
from metrics.model import Query
from ui.session import facts
from ui.text import escape_markdown

AGE_BANDS = ("0-9", "10-13", "14-15", "16-17", "18-25")


def sidebar_filters() -> None:
    """Draw the filters once per run (from app.py); pages read them with `current_query`."""
    known = facts()
    quarters = known["quarters"]
    with st.sidebar:
        st.header("Filters")
        if quarters:
            st.select_slider(
                "Financial quarters", options=quarters, value=(quarters[0], quarters[-1]),
                key="quarters", bind="query-params",
                help="Financial years run April to March; Q1 is April to June.",
            )
        authorities = known["authorities"]
        if authorities:
            authorities_from_address(authorities, known["known_authorities"])
            st.multiselect(
                "Authority", options=list(authorities), format_func=lambda c: authorities.get(c, c),
                key="la", bind="query-params", placeholder="All authorities",
            )
        wards = known["wards"]
        if wards:
            st.selectbox("Ward", options=list(wards), index=None, format_func=lambda c: wards.get(c, c),
                         key="ward", bind="query-params", placeholder="All wards")
        st.selectbox("Age band", options=AGE_BANDS, index=None, key="age", bind="query-params",
                     placeholder="All ages")
        st.selectbox("Sex", options=[c.value for c in SEX], index=None,
                     format_func=lambda v: v.capitalize(), key="sex", bind="query-params",
                     placeholder="All")
        st.selectbox("Type of harm", options=[c.value for c in HARM_TYPES], index=None,
                     format_func=lambda v: next(c.label for c in HARM_TYPES if c.value == v),
                     key="harm", bind="query-params", placeholder="All types of harm")


def authorities_from_address(authorities: dict[str, str], known: dict[str, str]) -> None:
    """`?la=E06000004`, `?la=stockton-on-tees` or `?la=808` chooses the authority as its name
    does. Streamlit keeps a bound widget's label (the name) in the address and drops any other
    value without a word, so another spelling is read here, before the widget; an authority
    that is unknown, or holds no data here, is said in the sidebar."""
    asked = [value for value in st.query_params.get_all("la") if value]
    if not asked or all(value in authorities.values() for value in asked):
        return
    codes = {value: resolve(value, known) for value in asked}
    st.session_state["la"] = list(dict.fromkeys(
        code for code in codes.values() if code in authorities))
    missing = [value if code is None else known.get(code, code)
               for value, code in codes.items() if code not in authorities]
    if missing:
        st.caption(escape_markdown(f"No data here for {', '.join(missing)} (from the address): "
                                   "the authority filter shows what this store holds."))


def current_query(breakdown: str = "total") -> Query:
    state = st.session_state
    period = state.get("quarters") or (None, None)
    return Query(
        la_codes=tuple(state.get("la") or ()),
        period_from=period[0],
        period_to=period[1],
        breakdown=breakdown,
        ward=state.get("ward"),
        age_band=state.get("age"),
        sex=state.get("sex"),
        harm_type=state.get("harm"),
    )


def describe_filters(query: Query, honoured: tuple[str, ...] = ("la_codes", "period", "ward",
                     "age_band", "sex", "harm_type")) -> str:
    """Plain words for a chart's subtitle: which authority, period and filters it shows. Only
    the filters the measure honours are named, so a subtitle never claims a filter it ignored."""
    known = facts()
    names = known["authorities"]
    places = ", ".join(names.get(c, c) for c in query.la_codes) if query.la_codes else (
        " and ".join(names.values()) if names else "all authorities")
    parts = [places]
    if query.period_from and query.period_to:
        parts.append(query.period_from if query.period_from == query.period_to
                     else f"{query.period_from} to {query.period_to}")
    if query.ward and "ward" in honoured:
        parts.append(f"ward {known['wards'].get(query.ward, query.ward)}")
    if query.age_band and "age_band" in honoured:
        parts.append(f"aged {query.age_band}")
    if query.sex and "sex" in honoured:
        parts.append(query.sex)
    if query.harm_type and "harm_type" in honoured:
        parts.append(next(c.label for c in HARM_TYPES if c.value == query.harm_type).lower())
    return "; ".join(parts)
