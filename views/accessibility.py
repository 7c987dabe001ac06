"""Accessibility statement: how the dashboard meets WCAG 2.2 AA, and where it does not yet."""

import streamlit as st

from ui.measure_view import page_intro

page_intro(
    "Accessibility statement",
    "This dashboard is run for Stockton-on-Tees Borough Council's Children and Young People "
    "Select Committee and its partners. We want as many people as possible to be able to use "
    "it, and aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, as "
    "the Public Sector Bodies Accessibility Regulations 2018 require.",
)
st.header("How the dashboard is built to be accessible")
st.markdown(
    """
- **Every chart has words as well as a picture.** Each chart's heading states its main finding,
  a subtitle names the measure, the area and the period, a sentence below it describes the
  latest figure and how it changed, and **Show the data** opens the same numbers as a table
  that screen readers read cell by cell. The data also downloads as CSV.
- **Colour is never the only cue.** Charts use the Government Analysis Function's accessible
  colour palette; lines also differ by marker shape and dash, and bars by pattern. Changes are
  written as words with an arrow ("▲ up 12% on last year (worse)"); colour only adds to them.
- **Contrast.** Text and the colours that carry meaning reach at least 4.5:1 against white.
- **Readable type.** Chart text is at least 16 pixels, larger in presentation mode.
- **Keyboard.** Navigation, filters, buttons and downloads work with the keyboard alone.
- **Suppressed figures** are shown as "c" with the note "c = 1 to 7, suppressed to protect
  privacy", in charts, tables and downloads alike, never as a blank that could be misread.
- **Links that keep the view.** Filters are kept in the address, so a link opens the same view.
"""
)
st.header("Where it does not yet meet the standard")
st.markdown(
    """
- The interactive charts (Plotly) cannot be explored point by point with the keyboard or a
  screen reader. Use each chart's summary sentence and **Show the data** table instead.
- Maps show areas by shade; the ranked table beside each map gives the same figures in order.
- Automated checks cannot find every problem, and a full audit by a person using a screen
  reader and keyboard alone has not yet been done.
"""
)
st.header("Feedback and contact")
st.markdown(
    "If you cannot use any part of this dashboard, or need the information in another format, "
    "contact the scrutiny team through the council's democratic services. If you are not "
    "happy with the response, contact the Equality Advisory and Support Service (EASS)."
)
st.caption("This statement was prepared on 27 November 2026 and will be reviewed when the "
           "dashboard changes.")
