"""Data and loads: every load, what is loaded for each authority and quarter, and restore."""

import streamlit as st

from contracts.extracts import CATALOGUE
from ui import text
from ui.auth import page_guard
from ui.measure_view import page_intro
from ui.session import coverage_grid, loads_table
from ui.uploads import restore_load

QUARTERLY = [c.name for c in CATALOGUE if c.cadence == "quarterly"]

page_guard("views/data_loads.py")
page_intro(
    "Data and loads",
    "Every extract ever loaded is kept. For each authority and period the latest load is "
    "current, unless an earlier one has been restored.",
)
loads = loads_table()
if loads.empty:
    st.info("No data loaded yet. Officers load extracts on the Upload extracts page or with "
            "`python cli.py ingest`.", icon=":material/upload_file:")
    st.stop()

st.header("What is loaded, by quarter")
extract = st.selectbox("Extract", QUARTERLY, format_func=lambda name: CATALOGUE[name].title,
                       key="coverage_extract")
grid = coverage_grid(extract)
if grid.empty:
    st.info(f"No {CATALOGUE[extract].title.lower()} loaded yet.")
else:
    st.caption("Each cell names the current load. 'late': the latest quarter whose extract was "
               "due (45 days after the quarter ended) has not come; 'missing': an earlier gap.")
    st.dataframe(grid, hide_index=True, width="stretch")

st.header("Every load")
shown = loads[["load_id", "extract", "file_name", "periods", "rows_accepted", "rows_rejected",
               "loaded_by", "loaded_at", "status", "sha256"]].copy()
shown["periods"] = shown["periods"].map(
    lambda p: ", ".join(p) if len(p) <= 4 else f"{p[0]} … {p[-1]} ({len(p)} periods)")
st.dataframe(shown, hide_index=True, width="stretch",
             column_config={"sha256": st.column_config.TextColumn("SHA-256", width="small")})

st.header("Restore an earlier version")
restorable = loads[loads["status"] != "current"]
if restorable.empty:
    st.caption("Every load is current: there is nothing to restore.")
else:
    choice = st.selectbox(
        "Load to make current again", restorable["load_id"].tolist(), index=None,
        format_func=lambda i: (f"Load {i}: {restorable.set_index('load_id').at[i, 'file_name']} "
                               f"({restorable.set_index('load_id').at[i, 'status']})"),
        key="restore_choice",
    )
    if choice is not None:
        row = restorable.set_index("load_id").loc[choice]
        st.warning(
            f"Load {choice} ({text.escape_markdown(row['file_name'])}) becomes current for "
            f"{text.escape_markdown(', '.join(row['periods']))}, replacing what is current "
            "there now. Nothing is deleted: the replaced version can be restored in turn.",
            icon=":material/history:",
        )
        if st.checkbox("I understand, restore this load", key="restore_confirm") and \
                st.button("Restore", type="primary", key="restore_button"):
            replaced = restore_load(int(choice))
            st.success(f"Load {choice} is current again"
                       + (f"; it replaced load{'s' if len(replaced) > 1 else ''} "
                          f"{', '.join(str(r.load_id) for r in replaced)}."
                          if replaced else "."), icon=":material/check_circle:")
