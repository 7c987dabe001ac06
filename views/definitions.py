"""Definitions: every measure's shared definition, searchable and downloadable."""

import streamlit as st

from metrics.catalogue import definitions_table
from ui import text
from ui.measure_view import page_intro

page_intro(
    "Definitions",
    "One definition for every measure, used by every chart and export, so that all partners "
    "read the same figures the same way (recommendations 2 and 3 of the review).",
)
table = definitions_table()
search = st.text_input("Search the definitions", placeholder="e.g. re-referral, MACE, per 10,000")
if search:
    words = search.lower().split()
    matches = table.apply(lambda row: all(w in " ".join(map(str, row)).lower() for w in words), axis=1)
    table = table[matches]
st.caption(f"{len(table)} of {len(definitions_table())} measures shown.")
st.download_button(
    "Download the definitions (CSV)", data=text.csv_bytes(table), file_name="measure_definitions.csv",
    mime="text/csv", on_click="ignore",
)
for section, rows in table.groupby("section", sort=False):
    st.header(section)
    for row in rows.to_dict("records"):
        with st.expander(row["measure"], expanded=False):
            st.markdown(f"**Definition.** {text.escape_markdown(row['definition'])}")
            details = ("numerator", "denominator", "unit", "better", "source extracts",
                       "breakdowns", "disclosure control")
            st.markdown("\n".join(
                f"- **{name.capitalize()}:** {text.escape_markdown(str(row[name]))}" for name in details
            ) + f"\n- **Measure id:** `{row['id']}`")
