"""Data and loads: every load, who made it, when, and whether it is current."""

import streamlit as st

from ui.measure_view import page_intro
from ui.session import loads_table

page_intro(
    "Data and loads",
    "Every extract ever loaded is kept. For each authority and period, the latest load is "
    "current unless an earlier one has been restored.",
)
loads = loads_table()
if loads.empty:
    st.info("No data loaded yet. Officers load extracts on the Upload extracts page or with "
            "`python cli.py ingest`.", icon=":material/upload_file:")
else:
    shown = loads[["load_id", "extract", "file_name", "periods", "rows_accepted", "rows_rejected",
                   "loaded_by", "loaded_at", "status", "sha256"]].copy()
    shown["periods"] = shown["periods"].map(lambda p: ", ".join(p) if len(p) <= 4 else
                                            f"{p[0]} … {p[-1]} ({len(p)} periods)")
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config={"sha256": st.column_config.TextColumn("SHA-256", width="small")})
