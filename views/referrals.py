"""Referral trends: volume and rate over time, by source, harm type, re-referrals, outcomes,
who is referred, and whether context is named."""

import streamlit as st

from ui.measure_view import latest_bars, page_intro, share_over_time, show_measure

page_intro(
    "Referral trends",
    "How many referrals about harm outside the home the front door receives, from whom, about "
    "what, and what happens next. Quarters are financial quarters (Q1 = April to June).",
)
left, right = st.columns(2)
with left:
    show_measure("referrals", subject="Referrals")
with right:
    show_measure("referral_rate_0_17", subject="The referral rate per 10,000 children")
show_measure("referrals_by_source", breakdown="source", subject="Referrals by source",
             draw=share_over_time)
show_measure("referrals_by_harm", breakdown="harm_type", subject="Referrals naming each harm",
             draw=latest_bars)
left, right = st.columns(2)
with left:
    show_measure("re_referrals_12m", subject="Re-referrals within 12 months")
with right:
    show_measure("context_recorded", subject="Referrals naming a context")
show_measure("referral_outcomes", breakdown="outcome", subject="What happened next",
             draw=share_over_time)
show_measure("referral_profile", breakdown="age_band_sex",
             subject="Children referred by age and sex", draw=latest_bars)
show_measure("children_referred", subject="Children referred")
