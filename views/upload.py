"""Upload extracts: check a file, see what it would change, then load it (or leave it)."""

import time

import streamlit as st

from contracts.authorities import name_of
from contracts.extracts import CATALOGUE
from contracts.words import counted
from ingest.preview import PeriodChoice
from ingest.validate import Options
from ui import text
from ui.auth import page_guard
from ui.measure_view import page_intro
from ui.session import facts
from ui.uploads import (
    ACCEPTED_TYPES,
    UPLOAD_LIMIT_MB,
    checked,
    files_key,
    guessed_extract,
    load_upload,
    oversized,
    release_unused_checks,
    save_uploaded,
)

page_guard("views/upload.py")
page_intro(
    "Upload extracts",
    "Drop the quarterly extracts here: CSV (as Excel saves it), Excel workbooks (.xlsx), "
    "police.uk downloads (monthly CSVs or the zip) and GeoJSON boundaries. Each file is checked "
    "before anything is stored, and you decide whether to load it.",
)
uploaded = st.file_uploader(
    f"Extract files (up to {UPLOAD_LIMIT_MB} MB each)", type=ACCEPTED_TYPES,
    accept_multiple_files=True, max_upload_size=UPLOAD_LIMIT_MB, key="extract_files",
    help="Several police.uk monthly files dropped together are one upload.",
)
st.page_link("views/specification.py", label="Templates and the data specification",
             icon=":material/description:")
uploads = save_uploaded(uploaded)
if not uploaded:
    release_unused_checks()
    st.stop()

for name in oversized(uploaded):
    st.error(f"{text.escape_markdown(name)} is over the {UPLOAD_LIMIT_MB} MB limit and was not "
             "read. Split it by period (one file per quarter or month).", icon=":material/block:")

authorities = {**facts()["authorities"], **facts()["known_authorities"]}
CHOICES = {
    PeriodChoice.MAIN_PERIODS: "Load only the file's main periods (the stray rows are recorded "
                               "with the load as rejected rows)",
    PeriodChoice.EVERYTHING: "Load everything, replacing the flagged periods as shown",
}
for files in uploads:
    names = ", ".join(f.name for f in files)
    index = files_key(files)  # the file's own: its choices stay with it when others come or go
    with st.container(border=True, key=f"upload-{index}"):
        st.subheader(text.escape_markdown(names), anchor=False)
        guessed = guessed_extract(files)
        kinds = list(CATALOGUE.names)
        left, middle, right = st.columns(3)
        extract = left.selectbox(
            "Extract type", kinds, key=f"extract-{index}",
            index=kinds.index(guessed) if guessed else None,
            format_func=lambda name: CATALOGUE[name].title,
            help="Recognised from the header; correct it if it is wrong.",
        )
        la_code = middle.selectbox(
            "Authority (for files without an la_code column)", list(authorities), index=None,
            format_func=lambda code: f"{authorities[code]} ({code})", key=f"la-{index}",
        )
        period = right.text_input("Period it covers (optional)", key=f"period-{index}",
                                  placeholder="e.g. 2025/26 Q3 or 2025-07") or None
        options = Options(la_code=la_code, period=period)
        prepared = checked(files, options, extract)
        report = prepared.report

        if report.identical_to is not None:
            st.info(f"Identical to load {report.identical_to}, already stored: loading it again "
                    "would change nothing.", icon=":material/check_circle:")
            continue
        if not report.refused:
            a, b, c = st.columns(3)
            a.metric("Rows read", f"{report.rows_read:,}")
            b.metric("Rows valid", f"{report.rows_valid:,}")
            c.metric("Rows with errors", f"{report.rows_read - report.rows_valid:,}")
            st.caption(f"Checked in {prepared.seconds:,.1f} s ({prepared.rows_per_second:,.0f} "
                       "rows a second); \"Load\" stores these checked rows without reading the "
                       "file again.")
        elif report.rows_read:
            st.markdown(f"{counted(report.rows_read, 'row')} read; none can be stored while the "
                        "file is refused.")
        else:
            st.markdown("Refused before its rows were checked.")
        if report.contract:
            where = [name_of(partition, authorities) for partition in report.partitions]
            st.markdown(f"**{text.escape_markdown(report.contract.title)}** for "
                        f"{text.escape_markdown(', '.join(where) or 'no authority yet')}; "
                        f"periods: {text.escape_markdown(', '.join(report.periods) or 'none')}.")
        for issue in report.file_issues:
            st.error(text.escape_markdown(issue["reason"]), icon=":material/block:")
        if report.unknown_columns:
            st.warning("Columns not in the specification, kept aside with each row and not "
                       f"charted: {text.escape_markdown(', '.join(report.unknown_columns))}.",
                       icon=":material/info:")
        grouped = report.row_issues_by_reason()
        if not grouped.empty:
            st.markdown("**Problems found in rows**")
            st.table(text.markdown_table(grouped.rename(
                columns={"rows": "rows affected", "examples": "first examples"})))
        issues = report.all_issues()
        if not issues.empty:
            st.download_button("Download every problem (CSV)", data=text.csv_bytes(issues),
                               file_name=f"problems_{files[0].name}.csv", mime="text/csv",
                               key=f"errors-{index}", on_click="ignore")
        preview = report.preview
        unplaced = preview.unplaced_text(list(authorities.values())) if preview else None
        if unplaced:
            st.warning(text.escape_markdown(unplaced), icon=":material/wrong_location:")
        if preview is not None and (report.replaces or preview.needs_choice):
            st.markdown("**What loading it would change** (each authority and period it covers is "
                        "replaced whole; the earlier versions are kept and can be restored):")
            st.table(text.markdown_table(preview.table(authorities)))
        for warning in preview.warnings(authorities) if preview is not None else []:
            st.warning(text.escape_markdown(warning), icon=":material/warning:")
        if report.refused:
            st.error("Nothing from this upload can be stored until the problems above are "
                     "fixed at source.", icon=":material/block:")
            continue
        partial = False
        if report.needs_consent:
            partial = st.checkbox(
                f"Load the {counted(report.rows_valid, 'valid row')} and leave out the "
                f"{counted(report.rows_read - report.rows_valid, 'row')} with errors (they are "
                "recorded with the load)", key=f"partial-{index}",
            )
        choice = PeriodChoice.EVERYTHING
        if preview is not None and preview.needs_choice:
            choice = st.radio("The flagged periods need your choice before loading",
                              [c for c in CHOICES if c != PeriodChoice.MAIN_PERIODS
                               or preview.stray_periods], index=None,
                              format_func=CHOICES.get, key=f"periods-{index}")
        if st.button("Load", type="primary", key=f"load-{index}",
                     disabled=(report.needs_consent and not partial) or choice is None):
            with st.status(f"Storing {counted(report.rows_valid, 'checked row')}…",
                           expanded=True) as status:
                started = time.perf_counter()
                outcome = load_upload(prepared, allow_partial=partial, period_choice=choice)
                seconds = time.perf_counter() - started
                state = "complete" if outcome.ok else "error"
                status.update(label=outcome.message(), state=state)
                if outcome.ok:
                    st.write(f"Stored in {seconds:,.1f} s ({report.rows_valid / max(seconds, 1e-3):,.0f} "
                             "rows a second).")
            if outcome.ok:
                st.success(text.escape_markdown(outcome.message()), icon=":material/check_circle:")
            else:
                st.error(text.escape_markdown(outcome.message()), icon=":material/block:")
release_unused_checks()
