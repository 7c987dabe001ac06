"""Entry point: navigation, the shared sidebar, the demo-data banner. Pages hold UI only."""

from __future__ import annotations

import streamlit as st

from ui.filters import sidebar_filters
from ui.session import facts

st.set_page_config(
    page_title="Contextual safeguarding outcomes",
    page_icon=":material/shield_person:",
    layout="wide",
)

# A flat list: Streamlit's sectioned navigation renders headings inside its <ul>, which axe-core
# reports as a serious WCAG violation (list structure), so sections are given by order instead.
PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("views/referrals.py", title="Referral trends", icon=":material/trending_up:"),
    st.Page("views/contextual.py", title="Contextual vs individual change",
            icon=":material/diversity_3:"),
    st.Page("views/violence.py", title="Violent crime", icon=":material/local_police:"),
    st.Page("views/mace.py", title="MACE hub", icon=":material/hub:"),
    st.Page("views/programmes.py", title="Awareness and training", icon=":material/school:"),
    st.Page("views/recommendations.py", title="The nine recommendations",
            icon=":material/checklist:"),
    st.Page("views/compare.py", title="How we compare", icon=":material/compare_arrows:"),
    st.Page("views/definitions.py", title="Definitions", icon=":material/menu_book:"),
    st.Page("views/upload.py", title="Upload extracts", icon=":material/upload_file:"),
    st.Page("views/data_loads.py", title="Data and loads", icon=":material/database:"),
    st.Page("views/specification.py", title="Data specification", icon=":material/description:"),
    st.Page("views/accessibility.py", title="Accessibility statement",
            icon=":material/accessibility_new:"),
]

navigation = st.navigation(PAGES)
sidebar_filters()
if facts()["demo"]:
    st.warning(
        "**Demo data.** These figures are generated for demonstration; they are not real "
        "children's data and must not be quoted.",
        icon=":material/science:",
    )
navigation.run()
