"""Overview: one tile per headline measure, then referrals per quarter."""

import streamlit as st

from metrics.registry import measure
from ui import card, charts, text
from ui.measure_view import frame_for, page_intro, show_measure

HEADLINES = (
    ("referrals", "views/referrals.py"),
    ("referral_rate_0_17", "views/referrals.py"),
    ("re_referrals_12m", "views/referrals.py"),
    ("context_recorded", "views/referrals.py"),
)

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

show_measure("referrals", subject="Referrals about extra-familial harm", key="overview-referrals")
