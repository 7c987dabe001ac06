"""Definitions: every measure's shared definition, searchable and downloadable. Each opens with
what it shows (change, effort or context) and one plain sentence; the exact rule, its
numerator, denominator and disclosure control are behind "More detail"."""

import streamlit as st

from metrics.catalogue import definitions_table
from ui import text
from ui.measure_view import page_intro

page_intro(
    "Definitions",
    "One definition for every measure, used by every chart and export, so that all partners "
    "read the same figures the same way (recommendations 2 and 3 of the review).",
)
st.markdown(
    "Each measure says what it shows. **Change: an outcome** is whether things got better for "
    "children or the places where they are harmed. **Effort: activity** is what services did, "
    "which matters but is not itself a result. **Context: background** is the setting services "
    "work in, such as recorded crime."
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
DETAILS = ("numerator", "denominator", "unit", "better", "source extracts", "breakdowns",
           "disclosure control")
for section, rows in table.groupby("section", sort=False):
    st.header(section)
    for row in rows.to_dict("records"):
        st.subheader(row["measure"])
        st.markdown(f"**{row['what it shows']}.** {text.escape_markdown(row['in brief'])}")
        with st.expander("More detail", expanded=False):
            st.markdown(f"**Exact rule.** {text.escape_markdown(row['definition'])}")
            st.markdown("\n".join(
                f"- **{name.capitalize()}:** {text.escape_markdown(str(row[name]))}" for name in DETAILS
            ) + f"\n- **Measure id:** `{row['id']}`")
