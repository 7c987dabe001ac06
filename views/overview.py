"""Overview: one tile per headline measure, referrals per quarter, then each headline measure
for each authority side by side."""

from dataclasses import replace

import streamlit as st

from metrics.decks import Slide
from metrics.registry import measure
from ui import card, charts, text
from ui.comparators import show_authorities_side_by_side
from ui.filters import current_query
from ui.measure_view import frame_for, page_intro
from ui.page_card import show_measure
from ui.page_slides import note_shown

HEADLINES = (
    ("referrals", "views/referrals.py"),
    ("re_referrals_12m", "views/referrals.py"),
    ("contextual_share", "views/contextual.py"),
    ("child_risk_reduced", "views/contextual.py"),
    ("violence_recorded_12m", "views/violence.py"),
    ("mace_children", "views/mace.py"),
)
# Authorities differ in size, so they are compared on rates and percentages: a count headline
# is compared through its rate, and one without a rate (children at MACE) is left out.
FAIR_COMPARISON = {"referrals": "referral_rate_0_17", "violence_recorded_12m": "violence_recorded_rate",
                   "mace_children": None}
COMPARED = tuple(dict.fromkeys(
    FAIR_COMPARISON.get(m, m) for m, _ in HEADLINES if FAIR_COMPARISON.get(m, m)))

page_intro(
    "Contextual safeguarding: outcomes overview",
    "The outcome measures the Children and Young People Select Committee asked for, from the "
    "latest extracts. Each tile links to its page; every figure has a definition.",
)

columns = [column for _ in range(len(HEADLINES) // 2) for column in st.columns(2)]
for column, (measure_id, page) in zip(columns, HEADLINES, strict=True):
    declared = measure(measure_id)
    frame = frame_for(measure_id)
    with column:
        if frame.empty:
            st.metric(declared.title, "No data yet")
            continue
        latest, _ = text.latest_changes(frame, declared.unit)
        change = text.headline_change(frame, declared.unit)
        # The tile's sparkline is the measure's line: the page's pack holds it as a slide.
        note_shown(Slide(measure_id, replace(current_query(), breakdown="total")))
        card.metric_tile(
            f"{declared.title}, {latest.period}",
            text.format_value(latest.value, declared.unit, suppressed=latest.suppressed,
                              with_unit=False),
            change.short_phrase if change and change.direction else "no comparison yet",
            change.direction if change and change.direction else "same",
            str(declared.better),
            charts.sparkline(frame),
            link_page=page,
            key=f"tile-{measure_id}",
        )

show_measure("referrals", key="overview-referrals")

st.header("Compare authorities", anchor=False)
st.markdown(
    "Each headline measure for each authority in the store, side by side, as rates and "
    "percentages so that authorities of different sizes compare fairly. The authority filter "
    "does not apply here; the other filters do. Published national and regional figures are on "
    "the How we compare page."
)
show_authorities_side_by_side(COMPARED, key="overview-compare")
st.page_link("views/compare.py", label="How we compare (published statistics)",
             icon=":material/compare_arrows:")
