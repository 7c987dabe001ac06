"""Contextual versus individual change: how much work targets contexts rather than children,
whether risk falls for children and for contexts, whether contexts became safer against their
goals and re-assessments (beside the children linked to them), how soon help starts, and whether
the places with most violence are reached. Officers also get one context's timeline."""

import streamlit as st

from ui.context_timeline import show_context_timeline
from ui.measure_view import page_intro
from ui.page_card import show_measure

page_intro(
    "Contextual versus individual change",
    "Is work aimed at the peer groups, schools, places and online spaces where young people "
    "are harmed, as well as at the young people themselves, and does risk fall for both? "
    "Quarters are financial quarters (Q1 = April to June).",
)
show_measure("contextual_share")
left, right = st.columns(2)
with left:
    show_measure("interventions_by_level", breakdown="target_level")
with right:
    show_measure("contexts_assessed", breakdown="context_type")

st.header("Children and contexts side by side", anchor=False)
st.markdown(
    "Of the children and the contexts reviewed in each quarter that had been reviewed before, "
    "how many are now at a lower risk level than at their first review, and how levels moved."
)
children, contexts = st.columns(2)
with children:
    show_measure("child_risk_reduced")
    show_measure("risk_change_matrix", breakdown="child", key="matrix-child")
with contexts:
    show_measure("context_risk_reduced")
    show_measure("risk_change_matrix", breakdown="context", key="matrix-context")

show_measure("days_to_intervention")
show_measure("hotspot_reach")

st.header("Contexts as outcomes: goals and re-assessment", anchor=False)
st.markdown(
    "A context changes when the same indicators, scored again later, show it safer, and when "
    "the goals set for it are met. Contexts (Level 2) are on the left; on the right, the "
    "children (Level 1) whose referrals named them. The link between the two is an "
    "association, not proof that a safer context made a child safer."
)
contexts, children = st.columns(2)
with contexts:
    show_measure("contexts_safer")
    show_measure("context_safety_change", breakdown="domain")
with children:
    show_measure("children_in_safer_contexts")
    st.caption(
        "An association, not a cause: children linked to contexts that became safer may differ "
        "in other ways from children linked to contexts that did not."
    )
goals_set, goals_met = st.columns(2)
with goals_set:
    show_measure("contexts_with_goals")
with goals_met:
    show_measure("context_goals_met")

show_context_timeline()
