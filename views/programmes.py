"""Awareness, training and community guardians (recommendations 4 to 7): each programme's
financial year so far against the target officers set, and, for officers, the form that sets it."""

from datetime import date

import streamlit as st

from contracts.periods import financial_year_label, financial_year_start
from contracts.roles import UNSUPPRESSED_ROLES
from metrics.model import Query
from metrics.programmes import BY_MEASURE, PROGRAMMES, financial_year_of, financial_year_quarters
from ui import targets, text
from ui.auth import current_role
from ui.filters import current_query
from ui.measure_view import page_intro
from ui.page_card import show_measure
from ui.session import facts

SAVED = "target-saved"  # a confirmation carried over the rerun that shows the new target

page_intro(
    "Awareness and training",
    "Schools reached (recommendation 4), children's services staff trained (5), partners and "
    "elected Members reached (6) and community guardians recruited (7). Each counts up from 1 "
    "April and restarts each financial year; the dashed line is the target officers set for the "
    "programme, authority and year. Choose the authority and year here: the sidebar's quarters "
    "only limit which years are offered.",
)

known = facts()
HOME = next(iter(known["authorities"]), None)  # the home authority, first of ours
query = current_query()
authorities = {code: known["authorities"][code] for code in query.la_codes
               if code in known["authorities"]} or known["authorities"]
years = sorted({
    financial_year_of(quarter) for quarter in known["quarters"]
    if (not query.period_from or quarter >= query.period_from)
    and (not query.period_to or quarter <= query.period_to)
}, reverse=True)


def _name(code: str) -> str:
    return {**known["known_authorities"], **known["authorities"]}.get(code, code)


year = None
if not authorities or not years:
    for programme in PROGRAMMES:
        show_measure(programme.measure_id)
else:
    codes = list(authorities)
    left, right = st.columns(2)
    la_code = left.selectbox("Authority", codes, index=codes.index(HOME) if HOME in codes else 0,
                             format_func=_name, key="programmes-la")
    year = right.selectbox("Financial year", years, key="programmes-year",
                           help="April to March. The latest year may be part-way through.")
    place = _name(la_code)
    for row in (PROGRAMMES[:2], PROGRAMMES[2:]):
        for column, programme in zip(st.columns(2), row, strict=True):
            with column:
                targets.show_against_target(programme.measure_id, la_code=la_code, place=place,
                                            financial_year=year, subject=programme.title)
    quarters = financial_year_quarters(year)
    year_query = Query(la_codes=(la_code,), period_from=quarters[0], period_to=quarters[-1])
    left, right = st.columns(2)
    with left:
        show_measure("partners_members_aware", breakdown="programme", query=year_query,
                     key="partners-by-programme")
    with right:
        show_measure("schools_engaged", breakdown="programme", query=year_query,
                     key="schools-by-programme")

st.header("Targets", anchor=False)
current = targets.current_targets()
if not current.empty:
    shown = current.assign(
        programme=current["programme"].map(lambda m: BY_MEASURE[m].title if m in BY_MEASURE else m),
        la_code=current["la_code"].map(_name),
        target=current["target"].map(text.table_number),
    ).rename(columns={"programme": "Programme", "la_code": "Authority",
                      "financial_year": "Financial year", "target": "Target", "set_by": "Set by",
                      "set_at": "Set at"})
    st.table(text.markdown_table(text.readable_table(shown.astype({"Set at": str}))),
             hide_index=True,
             alt="Current targets by programme, authority and financial year")
else:
    st.caption("No targets have been set yet.")

if current_role() not in UNSUPPRESSED_ROLES:
    st.caption("Officers set targets here when they sign in.")
else:
    if SAVED in st.session_state:
        st.success(text.escape_markdown(st.session_state.pop(SAVED)), icon=":material/check_circle:")
    this_year = financial_year_start(date.today())
    offered = sorted({*years, financial_year_label(this_year), financial_year_label(this_year + 1)},
                     reverse=True)
    choices = known["authorities"] or known["known_authorities"]
    with st.form("target-form"):
        st.markdown("**Set a target.** It replaces the current target for the programme, "
                    "authority and year; earlier targets are kept, and the change is recorded.")
        measure_id = st.selectbox(
            "Programme", list(BY_MEASURE), key="target-programme",
            format_func=lambda m: f"{BY_MEASURE[m].title} (recommendation {BY_MEASURE[m].recommendation})",
        )
        la_choice = st.selectbox("Authority", list(choices), format_func=_name, key="target-la",
                                 index=list(choices).index(HOME) if HOME in choices else 0)
        year_choice = st.selectbox("Financial year", offered, key="target-year",
                                   index=offered.index(year) if year in offered else 0)
        value = st.number_input(
            "Target", min_value=1, step=1, value=None, key="target-value",
            help="; ".join(f"{p.title}: {p.target_counts}" for p in PROGRAMMES),
        )
        submitted = st.form_submit_button("Save target", type="primary", key="target-save")
    if submitted:
        try:
            targets.save_target(measure_id, la_choice, year_choice, value)
        except (targets.TargetRefused, PermissionError) as refusal:
            st.error(text.escape_markdown(str(refusal)), icon=":material/block:")
        else:
            st.session_state[SAVED] = (
                f"Target saved: {BY_MEASURE[measure_id].title}, {_name(la_choice)}, {year_choice}: "
                f"{text.format_number(value)}.")
            st.rerun()
