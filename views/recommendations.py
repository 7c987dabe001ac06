"""The nine recommendations: the committee's words, each one's latest progress (in words and a
shape, never colour alone), its history of assessments, commentary and lead, and the pages
whose measures evidence it."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from contracts.extracts import CATALOGUE
from contracts.roles import Role
from metrics.recommendations import (
    MEASURE_ID,
    NOT_ASSESSED,
    PROGRESS,
    RECOMMENDATIONS,
    latest_assessments,
    progress_grid,
    status,
)
from metrics.registry import BY_ID, measure
from ui import card, text
from ui.auth import current_role
from ui.definition import show_definition
from ui.filters import current_query
from ui.measure_view import UPLOAD_PAGE, frame_for, page_intro
from ui.page_card import show_measure
from ui.session import facts

VIEWS = Path(__file__).resolve().parent
PAGE_LABELS = {
    "referrals": "Referral trends",
    "contextual": "Contextual vs individual change",
    "mace": "MACE hub",
    "programmes": "Awareness and training",
    "definitions": "Definitions",
}


def long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def escaped(value: object) -> str:
    return "" if text.is_missing(value) or value == "" else text.escape_markdown(str(value))


def evidence_measures(numbers: tuple[str, ...]) -> str:
    """The evidencing measures by title; one not defined yet is named by its id."""
    names = [BY_ID[m].title if m in BY_ID else f"{m} (not yet available)" for m in numbers]
    return text.escape_markdown(text.plain_list(names))


page_intro(
    "The nine recommendations",
    "The Children and Young People Select Committee's recommendations from its scrutiny review "
    "of contextual safeguarding, with the progress reported at each monitoring report: "
    + ", ".join(f"{p.level} {p.status}" for p in PROGRESS.values()) + ".",
)

declared = measure(MEASURE_ID)
query = current_query()
frame = frame_for(MEASURE_ID, "recommendation", query, top=None)
if not frame.empty and frame["la_code"].nunique() > 1:
    names = facts()["authorities"]
    codes = sorted(frame["la_code"].unique())
    chosen = st.selectbox("Authority", codes, format_func=lambda code: names.get(code, code),
                          key="recommendations-authority")
    frame = frame[frame["la_code"] == chosen]
    query = replace(query, la_codes=(chosen,))
latest = latest_assessments(frame)
latest_by_number = {int(row.breakdown_value): row for row in latest.itertuples()}

if frame.empty:
    card.empty_state([CATALOGUE["recommendation_progress"].title],
                     "No progress assessments loaded yet.", upload_page=UPLOAD_PAGE)
else:
    counts = latest["value"].astype(int).value_counts()
    parts = [f"{p.status} {int(counts.get(level, 0))}" for level, p in PROGRESS.items()]
    if len(latest) < len(RECOMMENDATIONS):
        parts.append(f"{NOT_ASSESSED} {len(RECOMMENDATIONS) - len(latest)}")
    st.markdown(f"**Latest progress** (assessments up to {long_date(frame['period'].max())}): "
                + "; ".join(parts) + ".")
    # The tracker: the card the page's committee pack and a deck's slide show.
    show_measure(MEASURE_ID, breakdown="recommendation", query=query, key="recommendations-tracker")
    grid = progress_grid(frame)
    grid = pd.DataFrame({
        "Recommendation": [f"{r.number}. {r.theme}" for r in RECOMMENDATIONS],
        **{long_date(period): [status(level) if not text.is_missing(level) else "—"
                               for level in grid[period]] for period in grid.columns},
    })
    st.subheader("Progress at each monitoring report", anchor=False)
    st.table(grid, hide_index=True,
             alt="Progress of each recommendation at each monitoring report; a dash means it "
                 "was not assessed that time")
    history = frame.assign(status=frame["value"].map(status))[
        ["la_code", "breakdown_value", "period", "value", "status", "commentary", "lead"]
    ].rename(columns={"la_code": "Authority", "breakdown_value": "Recommendation",
                      "period": "Assessed on", "value": "Progress (1 to 4)", "status": "Status",
                      "commentary": "Commentary", "lead": "Lead"})
    if current_role() == Role.PUBLIC:
        st.caption("Officers' commentary on each assessment is shown to Members and officers "
                   "when they sign in.")
    st.download_button("Download the history of assessments (CSV)", data=text.csv_bytes(history),
                       file_name="recommendation_progress.csv", mime="text/csv",
                       on_click="ignore", icon=":material/download:")

for recommendation in RECOMMENDATIONS:
    number = recommendation.number
    current = latest_by_number.get(number)
    with st.container(border=True, key=f"recommendation-{number}"):
        st.subheader(f"Recommendation {number}: {recommendation.theme}", anchor=False)
        st.markdown("> " + text.escape_markdown(recommendation.text))
        if current is None:
            st.markdown(f"**Latest status:** {status(None)}")
        else:
            st.markdown(f"**Latest status:** {status(current.value)} "
                        f"(assessed {long_date(current.period)})")
            details = [f"**Lead:** {escaped(current.lead) or 'not recorded'}"]
            if escaped(current.commentary):
                details.append(f"**Commentary:** {escaped(current.commentary)}")
            st.markdown("  \n".join(details))
        evidence = []
        if recommendation.measures:
            evidence.append(f"**Measures:** {evidence_measures(recommendation.measures)}.")
        if recommendation.evidence:
            evidence.append(f"**Evidence:** {text.escape_markdown(recommendation.evidence)}")
        if evidence:
            st.markdown("  \n".join(evidence))
        for page in recommendation.pages:
            if (VIEWS / f"{page}.py").exists():
                st.page_link(f"views/{page}.py", label=f"See {PAGE_LABELS.get(page, page)}",
                             icon=":material/arrow_forward:")
        past = frame[frame["breakdown_value"] == str(number)].sort_values("period")
        if not past.empty:
            with st.expander(f"History of assessments ({len(past)})", key=f"history-{number}"):
                st.markdown("\n".join(
                    f"1. **{long_date(row.period)}**: {status(row.value)}"
                    + (f" — {escaped(row.commentary)}" if escaped(row.commentary) else "")
                    + (f" (lead: {escaped(row.lead)})" if escaped(row.lead) else "")
                    for row in past.itertuples()
                ))

st.caption(f"Source: {text.escape_markdown(declared.title)}; "
           f"{text.escape_markdown(CATALOGUE['recommendation_progress'].title)} extract.")
show_definition(declared)
