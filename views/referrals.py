"""Referral trends: volume and rate over time, by source, harm type, re-referrals, outcomes,
who is referred, and whether context is named."""

import streamlit as st

from ui.measure_view import page_intro
from ui.page_card import show_measure

page_intro(
    "Referral trends",
    "How many referrals about harm outside the home the front door receives, from whom, about "
    "what, and what happens next. Quarters are financial quarters (Q1 = April to June).",
)
left, right = st.columns(2)
with left:
    show_measure("referrals")
with right:
    show_measure("referral_rate_0_17")
show_measure("referrals_by_source", breakdown="source")
show_measure("referrals_by_harm", breakdown="harm_type")
left, right = st.columns(2)
with left:
    show_measure("re_referrals_12m")
with right:
    show_measure("context_recorded")
show_measure("referral_outcomes", breakdown="outcome")
show_measure("referral_profile", breakdown="age_band_sex")
show_measure("children_referred")
