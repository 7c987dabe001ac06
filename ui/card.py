"""The chart card, overview tile and empty state that every page places.

The only module of the kit that calls Streamlit. Charts are drawn with ``theme=None`` so
Streamlit's own chart theme does not replace the accessible template, and every number a
chart shows is also in a table and in CSV and Excel downloads, with "c" for suppressed values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ui import downloads, text, theme
from ui.auth import current_role, export_recorder
from ui.card_content import CardContent
from ui.navigation import roles_for

# Plotly's own controls. Streamlit already hides the "share chart" button (which posts the
# figure to Plotly's cloud); it is removed here too so that does not rest on its default.
# No Plotly toolbar: its eight buttons were invisible Tab stops on every chart (72 on Referral
# trends) before a keyboard user reached the next control; the data downloads are our buttons.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False}
# Tiles are pictures beside words: no hover, zoom or toolbar to trap keyboard users.
STATIC_CONFIG = {"staticPlot": True, "displayModeBar": False}
DIRECTIONS = ("up", "down")


def chart_card(content: CardContent, *, key: str) -> None:
    """A card's content (ui.card_content) on the page: the finding as a heading, the measure
    line, the chart, the summary in words, the data with its downloads, the source and the
    definition. ``key`` must be unique on the page. The same content is a slide on the Present
    page and a page of a committee pack."""
    with st.container(border=True, key=f"card-{key}"):
        # The finding, measure line, chart and summary print on one page (ui/print.css);
        # the data table under them may run on to the next.
        with st.container(key=f"figure-{key}"):
            st.header(text.escape_markdown(content.title), anchor=False)  # h2: under the page's h1
            st.markdown(text.escape_markdown(content.subtitle))
            if content.figure is not None:
                st.plotly_chart(
                    content.figure,
                    width="stretch",
                    theme=None,
                    config=PLOTLY_CONFIG,
                    key=f"{key}-chart",
                    alt=text.chart_alt(content.title),
                )
            st.markdown(text.escape_markdown(content.summary))
        about = downloads.AboutTheData(
            title=content.title,
            measure=content.measure_line or content.subtitle,
            filters=content.filters or content.subtitle,
            role=str(current_role()),
            definition=content.definition or None,
            data_date=content.data_date,
            source=content.source,
        )
        with st.expander("Show the data", key=f"{key}-data"):
            # The slide's and pack's table (a count without Numerator and Denominator columns);
            # the downloads keep every column.
            data_table(content.table, title=content.title)
            _download_buttons(text.data_table(content.frame), about, key)
        st.markdown(_source_line(content))
        if content.definition:
            with st.expander("More detail", key=f"{key}-rule"):
                st.markdown(f"**Exact rule.** {text.escape_markdown(content.definition)}")


def data_table(table: pd.DataFrame, *, title: str) -> None:
    """The card's data as a table with the notes its symbols need (the one place a card draws
    its table, so a lazily drawn one can take its place)."""
    st.table(text.markdown_table(text.readable_table(table)), hide_index=True, alt=f"Data for: {title}")
    notes = text.table_notes(table)
    if notes:
        st.markdown(text.escape_markdown(". ".join(notes) + "."))


def _download_buttons(table: pd.DataFrame, about: downloads.AboutTheData, key: str) -> None:
    """CSV and Excel downloads of the table as shown. The files are made only when clicked
    (a callable ``data``, on Streamlit's download thread), so a page of charts does not build
    every file on every run; a click runs no script (``on_click="ignore"``). A viewer who sees
    unsuppressed figures has each file audited as it is made (ui.auth.export_recorder)."""
    stem = _file_stem(key)
    with st.container(horizontal=True, gap="small"):
        for label, extension, mime, build in (
            ("Download this data (CSV)", "csv", downloads.CSV_MIME, downloads.csv_download),
            ("Download this data (Excel)", "xlsx", downloads.XLSX_MIME, downloads.xlsx_download),
        ):
            file_name = f"{stem}.{extension}"
            recorded = export_recorder("chart data", file=file_name, measure=about.measure,
                                       filters=about.filters, rows=len(table))
            st.download_button(
                label,
                data=partial(_make_file, build, table, about, recorded),
                file_name=file_name,
                mime=mime,
                key=f"{key}-{extension}",
                on_click="ignore",
                icon=":material/download:",
            )


def _make_file(build, table: pd.DataFrame, about: downloads.AboutTheData,
               recorded: Callable[[], None]) -> bytes:
    # Runs on Streamlit's download thread when the button is clicked: no st.* calls here.
    made = build(table, about, downloaded=datetime.now())
    recorded()
    return made


def _source_line(content: CardContent) -> str:
    """The source, then what the measure is in one plain sentence ("Change: an outcome. Of the
    children…"); the exact rule follows behind "More detail"."""
    line = f"**Source:** {text.escape_markdown(content.source)}"
    if content.measure_type_words:
        line += (f"  \n**{text.escape_markdown(content.measure_type_words)}.** "
                 f"{text.escape_markdown(content.plain)}")
    return line


def _file_stem(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "data"


def change_line(change_text: str, direction_word: str, better: str) -> str:
    """Markdown for a change: arrow and words always, colour only in addition.

    "▲ up 12% on last year (better)" in green, "(worse)" in red; grey when the measure
    has no better direction or nothing changed.
    """
    direction = direction_word if direction_word in DIRECTIONS else "same"
    verdict = text.judgement(direction, better)
    words = f"{theme.ARROWS[direction]} {change_text}" + (f" ({verdict})" if verdict else "")
    colour = {"better": theme.BETTER_COLOUR, "worse": theme.WORSE_COLOUR}.get(
        verdict or "", theme.NEUTRAL_COLOUR
    )
    return f':color[{text.escape_markdown(words)}]{{foreground="{colour}"}}'


def metric_tile(
    title: str,
    value_text: str,
    change_text: str,
    direction_word: str,
    better: str,
    sparkline_fig: go.Figure | None,
    link_page: str | None = None,
    *,
    key: str | None = None,
) -> None:
    """An overview tile: the measure, its latest value, its change and a sparkline.

    ``direction_word`` is "up", "down" or anything else for no change; ``better`` is
    the measure's good direction ("up", "down" or "neither").
    """
    key = key or f"tile-{_file_stem(title.lower())}"
    with st.container(border=True, key=key):
        st.metric(title, value_text)
        st.markdown(change_line(change_text, direction_word, better))
        if sparkline_fig is not None:
            st.plotly_chart(
                sparkline_fig,
                width="stretch",
                theme=None,
                config=STATIC_CONFIG,
                key=f"{key}-sparkline",
                alt=f"Trend in {title}",
            )
        if link_page:
            st.page_link(link_page, label=f"More about {title}", icon=":material/arrow_forward:")


def empty_state(
    extract_names: Sequence[str], message: str, *, upload_page: str | None = None
) -> None:
    """Say which extract to upload when a page has no data yet (with a link for those who may)."""
    names = list(extract_names)
    noun = "extract" if len(names) == 1 else "extracts"
    st.info(
        f"{text.escape_markdown(message)} Upload the "
        f"{text.escape_markdown(text.plain_list(names))} {noun} to see it.",
        icon=":material/upload_file:",
    )
    if upload_page and current_role() in roles_for(upload_page):
        st.page_link(upload_page, label="Upload data", icon=":material/upload:")
