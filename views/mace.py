"""MACE hub and disruption (recommendation 8): children and contexts discussed at the hub, how
long subjects stay on it, whether its children are known to referrals and interventions, and the
disruption activity against exploitation."""

import streamlit as st

from ui.measure_view import page_intro
from ui.page_card import show_measure

page_intro(
    "MACE hub and disruption",
    "Recommendation 8 asks for multi-agency capacity to support the MACE (multi-agency child "
    "exploitation) approach to be strengthened to meet need. These charts show how many "
    "children, contexts and peer groups the hub discusses, how long they stay on it, whether "
    "its children are known to children's services, and the disruption activity against "
    "exploitation. Quarters are financial quarters (Q1 = April to June).",
)
left, right = st.columns(2)
with left:
    show_measure("mace_children", breakdown="discussion")
with right:
    show_measure("mace_contexts", breakdown="discussion")

show_measure("time_on_mace", breakdown="status")

st.header("Are MACE children known to children's services?", anchor=False)
st.markdown(
    "Of the children discussed at MACE in each quarter: how many had been referred to the front "
    "door by the time of their last discussion in the quarter (a referral of the same child, in "
    "the same authority, on or before that date, in any earlier quarter too), and how many had "
    "an intervention aimed at them or their family that had started by then. The two lines are "
    "each a percentage of the same children, so they can add up to more than 100%."
)
show_measure("mace_children_known", breakdown="record")

show_measure("disruptions", breakdown="type")
