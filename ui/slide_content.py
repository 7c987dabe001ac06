"""What one slide of a deck says, as plain values: the finding as its title, the chart, the
summary in words, the data table with "c" for suppressed values, the definition and the source.

Pure: no Streamlit widgets. The committee pack (ui.packs) writes these into a PDF and a
PowerPoint file, and the presentation page shows them on screen, so both say exactly what a
chart card on a page says: every piece comes from ui.measure_view's own functions, and the
figures come through metrics.api.compute for the role, so disclosure control is the screen's.

The filters in words and the source line are read through ui.session's cached facts, that is
from the app's store (SCRUTINY_STORE): pass a cursor of that store as `con`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from contracts.extracts import CATALOGUE
from contracts.roles import Role
from metrics.api import compute
from metrics.decks import Slide
from metrics.model import Measure
from metrics.registry import measure
from ui import charts, text
from ui.labels import labelled
from ui.measure_view import (
    card_subtitle,
    categories_kept,
    default_chart,
    finding_title,
    source_line,
    summary,
)
from ui.text import breakdown_title

# Table columns a slide leaves out: the breakdown's name is in the subtitle already.
LEFT_OUT_COLUMNS = ("Breakdown",)
# Columns some measures carry beside the tidy ones, in words.
EXTRA_COLUMN_TITLES = {"commentary": "Commentary", "lead": "Lead officer", "la_code": "Authority",
                       "status": "Status"}


@dataclass(frozen=True)
class SlideContent:
    """One measure as a slide shows it, for one role.

    `title` states the finding (the chart card's heading); `subtitle` names the measure, its
    unit and the filters it honours; `figure` is the card's chart with its title removed (the
    slide shows the title as text), or None when no data is loaded; `table` is the readable
    data table (every cell text, "c" for suppressed, "x" for not available) and `notes` the
    symbol notes it needs; `frame` is the tidy frame behind both, disclosure-controlled.
    """

    slide: Slide
    role: Role
    measure_title: str
    title: str
    subtitle: str
    summary: str
    figure: go.Figure | None
    table: pd.DataFrame
    notes: tuple[str, ...]
    definition: str
    source: str
    frame: pd.DataFrame = field(repr=False)

    @property
    def empty(self) -> bool:
        return self.figure is None


def slide_content(con: Any, slide: Slide, role: Role, *,
                  presentation: bool = False) -> SlideContent:
    """Everything one slide shows, computed for `role` through metrics.api.compute.

    `con` is a cursor of the app's store (ui never imports DuckDB, so it is typed loosely).
    Breakdowns keep the largest categories and add the rest up as "Other", as on the page.
    `presentation` draws the chart in the projector's bigger type (the Present page).
    """
    declared = measure(slide.measure_id)
    try:
        frame = compute(con, slide.measure_id, slide.query, role,
                        top=categories_kept(slide.query.breakdown))
    except (ValueError, KeyError):
        # Categories that cannot be added up into "Other": a rate's (ValueError), or rows
        # carrying text such as a rating's commentary (KeyError). Their pages show them all.
        frame = compute(con, slide.measure_id, slide.query, role)
    frame = labelled(frame, declared)
    subtitle = card_subtitle(declared, slide.query)
    if frame.empty:
        return SlideContent(
            slide=slide, role=Role(role), measure_title=declared.title,
            title=f"{text.sentence_start(declared.title)}: no figures yet", subtitle=subtitle,
            summary=no_data_sentence(declared), figure=None, table=pd.DataFrame(), notes=(),
            definition=declared.definition, source=source_line(declared), frame=frame,
        )
    title = finding_title(declared.title, frame, declared)
    table = slide_table(frame)
    return SlideContent(
        slide=slide,
        role=Role(role),
        measure_title=declared.title,
        title=title,
        subtitle=subtitle,
        summary=summary(frame, declared),
        figure=charts.without_title(default_chart(frame, declared, title,
                                                  presentation=presentation)),
        table=table,
        notes=tuple(text.table_notes(table)),
        definition=declared.definition,
        source=source_line(declared),
        frame=frame,
    )


def slide_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The card's data table as text for a slide: "c" for suppressed, "x" for not available,
    without columns that say nothing there (the breakdown's name; "Group" when it is only
    "All"; a numerator that repeats the value; a column that is only symbols)."""
    table = text.readable_table(text.data_table(frame))
    table = table.drop(columns=[c for c in LEFT_OUT_COLUMNS if c in table.columns])
    if "Group" in table.columns:
        if set(table["Group"]) <= {"All"}:
            table = table.drop(columns="Group")
        elif frame["breakdown"].nunique() == 1:
            table = table.rename(columns={"Group": breakdown_title(frame["breakdown"].iat[0])})
    if {"Numerator", "Value"} <= set(table.columns) and table["Numerator"].equals(table["Value"]):
        table = table.drop(columns="Numerator")
        if "Denominator" in table.columns and (table["Denominator"] == text.NOT_AVAILABLE).all():
            table = table.drop(columns="Denominator")  # a plain count has no denominator
    table = table.rename(columns=EXTRA_COLUMN_TITLES)
    symbols_only = [c for c in table.columns if c != "Period"
                    and table[c].isin((text.SUPPRESSED, text.NOT_AVAILABLE)).all()
                    and (table[c] == text.NOT_AVAILABLE).any()]
    return table.drop(columns=symbols_only).reset_index(drop=True)


def latest_rows(table: pd.DataFrame, max_rows: int) -> tuple[pd.DataFrame, str]:
    """The latest whole periods that fit in `max_rows`, and a sentence saying what was left
    out ("" when the whole table fits). A single period longer than the room is cut at it."""
    if len(table) <= max_rows or "Period" not in table.columns:
        if len(table) <= max_rows:
            return table, ""
        return table.head(max_rows), f"Showing the first {max_rows} of {len(table)} rows."
    periods = list(dict.fromkeys(table["Period"]))
    kept: list[str] = []
    rows = 0
    for period in reversed(periods):
        size = int((table["Period"] == period).sum())
        if rows + size > max_rows:
            break
        kept.append(period)
        rows += size
    if not kept:
        latest = periods[-1]
        shown = table[table["Period"] == latest].head(max_rows)
        return shown, (f"Showing {max_rows} of the {int((table['Period'] == latest).sum())} rows "
                       f"for {latest}; the full table is on the dashboard.")
    shown = table[table["Period"].isin(kept)]
    noun = "period" if len(kept) == 1 else "periods"
    return shown, (f"Showing the latest {len(kept)} {noun} of {len(periods)}; "
                   "the full table is on the dashboard.")


def no_data_sentence(declared: Measure) -> str:
    names = [CATALOGUE[name].title for name in declared.extracts if name in CATALOGUE]
    noun = "extract" if len(names) == 1 else "extracts"
    return (f"No data loaded yet for {declared.title[0].lower() + declared.title[1:]}. "
            f"Upload the {text.plain_list(names)} {noun} to see it.")
