"""One chart card's content, built once and drawn four ways: the page's card (ui.card), the
presentation slide (ui.presentation) and both committee pack formats (ui.packs.pdf and
ui.packs.powerpoint). Each of them renders a CardContent and builds none of it, so the
headline, chart kind, numbers, summary, table, source and definition cannot drift apart.

build_card reads the measure for a role through a Reader (the page's cached session reads, or
a cursor of the app's store for a slide or pack: the same metrics.api.compute either way, so
disclosure control is the screen's), draws the chart the registry declares (ui.chart_registry)
and words it with ui.measure_view's functions. Pure: no Streamlit widgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

import pandas as pd
import plotly.graph_objects as go

from contracts.extracts import CATALOGUE
from contracts.roles import UNSUPPRESSED_ROLES, Role
from metrics import areas, availability
from metrics.api import compute
from metrics.decks import Slide
from metrics.model import Disclosure, Measure, MeasureKind, Query
from metrics.recommendations import PROGRESS, RECOMMENDATIONS, latest_assessments, status
from metrics.registry import measure
from ui import charts, text
from ui.chart_registry import ChartKind, categories_kept, draw, kind_for, spec_for
from ui.filters import describe_filters
from ui.labels import labelled
from ui.measure_view import finding_title, source_line, subtitle_of, summary
from ui.session import last_loaded
from ui.shared_frames import derived
from ui.text import breakdown_title

# Table columns a slide leaves out: the breakdown's name is in the subtitle already.
LEFT_OUT_COLUMNS = ("Breakdown",)
# Columns some measures carry beside the tidy ones, in words.
EXTRA_COLUMN_TITLES = {"commentary": "Commentary", "lead": "Lead officer", "la_code": "Authority",
                       "ward_code": "Ward code",
                       "status": "Status"}


@dataclass(frozen=True)
class CardContent:
    """One chart as every surface shows it, for one role.

    `title` states the finding (the card's heading, the slide's title); `subtitle` names the
    measure, its unit and the filters it honours; `kind` is the chart the registry declares;
    `figure` is that chart without its title (every surface shows the title as text), or None
    when no data is loaded; `frame` is the disclosure-controlled data behind the figure (the
    page's "Show the data" and downloads); `table` is it as text for a slide ("c" suppressed,
    "x" not available, columns that say nothing left out) and `notes` the symbols it uses;
    `measure_type` is what the measure tells a reader (change, effort or context) and
    `plain` the measure in one plain sentence, before `definition`, its exact rule; `disclosure_note` says how the figures are protected for this role.
    """

    slide: Slide
    role: Role
    kind: ChartKind
    measure_title: str
    title: str
    subtitle: str
    summary: str
    figure: go.Figure | None
    table: pd.DataFrame
    notes: tuple[str, ...]
    definition: str
    source: str
    disclosure_note: str = ""
    measure_type: MeasureKind | None = None
    plain: str = ""  # the measure in one plain sentence, before its exact rule (`definition`)
    measure_line: str = ""  # the measure and its unit, for the downloads' header
    filters: str = ""  # the filters in words, for the downloads' header
    data_date: datetime | None = None  # when the measure's extracts were last loaded
    frame: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def empty(self) -> bool:
        return self.figure is None

    @property
    def measure_type_words(self) -> str:
        """What the measure tells a reader, in words: "Change: an outcome" ("" for a card of
        no measure)."""
        return self.measure_type.label if self.measure_type else ""


@dataclass(frozen=True, eq=False)
class DrawnSlide(Slide):
    """A slide of a page's pack that carries the card its page drew in its own way (a map,
    published figures beside England, a programme against its target; ui.page_card.show_drawn),
    so the pack shows that card as drawn, for the same role, instead of a chart the registry
    cannot build from a measure and filters alone. Each is its own slide: one page draws five
    published cards of one measure and query."""

    content: CardContent | None = None

    __eq__ = object.__eq__
    __hash__ = object.__hash__


class Reader(Protocol):
    """Where a card reads its figures, already disclosure-controlled for the role."""

    def frame(self, measure_id: str, query: Query, top: int | None) -> pd.DataFrame: ...

    def authority_names(self) -> dict[str, str]: ...

    def ward_names(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class StoreReader:
    """Reads through a cursor of the app's store (slides and packs; ui never imports DuckDB,
    so `con` is typed loosely)."""

    con: Any
    role: Role

    def frame(self, measure_id: str, query: Query, top: int | None) -> pd.DataFrame:
        return labelled(grouped_or_whole(lambda kept: compute(self.con, measure_id, query,
                                                              self.role, top=kept), top),
                        measure(measure_id))

    def authority_names(self) -> dict[str, str]:
        return availability.authorities(self.con)

    def ward_names(self) -> dict[str, str]:
        return availability.wards(self.con)


def grouped_or_whole(read, top: int | None) -> pd.DataFrame:
    """The measure with its smaller groups added up as "Other" where it can be; categories
    that cannot be added up (a rate's: ValueError; rows carrying text such as a rating's
    commentary: KeyError) are all kept, as their pages show them."""
    try:
        return read(top)
    except (ValueError, KeyError):
        if top is None:
            raise
        return read(None)


def build_card(reader: Reader, slide: Slide, role: Role, *,
               presentation: bool = False) -> CardContent:
    """Everything one card shows, for `role`. `presentation` draws the chart in the
    projector's bigger type (the Present page)."""
    declared = measure(slide.measure_id)
    spec = spec_for(slide.measure_id, slide.query.breakdown)
    if spec is not None and spec.unit:
        declared = replace(declared, unit=spec.unit)
    top = spec.kept(slide.query.breakdown) if spec else categories_kept(slide.query.breakdown)
    frame = reader.frame(slide.measure_id, slide.query, top)
    side_by_side = spec is not None and spec.kind == ChartKind.AUTHORITIES
    if side_by_side:
        frame = _named_authorities(frame, reader.authority_names())
    if spec is not None and spec.kind == ChartKind.WARDS_RANKED and not frame.empty:
        frame = areas.with_names(frame, reader.ward_names())
    if spec is not None and spec.kind == ChartKind.TRACKER and not frame.empty:
        frame = tracker_frame(frame)
    filters = ("each authority" if side_by_side
               else describe_filters(slide.query, declared.filters))
    common = {
        "slide": slide, "role": Role(role), "measure_title": declared.title,
        "subtitle": f"{subtitle_of(declared)}, {filters}", "definition": declared.definition,
        "source": source_line(declared), "disclosure_note": disclosure_note(declared, role),
        "measure_type": declared.kind, "plain": declared.plain, "measure_line": subtitle_of(declared),
        "filters": filters, "data_date": last_loaded(declared.extracts), "frame": frame,
    }
    if frame.empty:
        return CardContent(
            kind=spec.kind if spec else ChartKind.LINE,
            title=f"{text.sentence_start(declared.title)}: no figures yet",
            summary=no_data_sentence(declared), figure=None, table=pd.DataFrame(), notes=(),
            **common)
    kind = kind_for(spec, frame)
    subject = (spec.subject if spec else None) or declared.title
    title = (tracker_title(subject, frame) if kind == ChartKind.TRACKER
             else finding_title(subject, frame, declared))
    said = (tracker_summary(frame) if kind == ChartKind.TRACKER
            else ranked_summary(frame, declared) if kind == ChartKind.WARDS_RANKED
            else summary(frame, declared))
    figure = draw(kind, frame, declared, title, presentation=presentation,
                  extra=lambda measure_id: reader.frame(
                      measure_id, replace(slide.query, breakdown="total"), None))
    table = slide_table(frame)
    return CardContent(kind=kind, title=title, summary=said,
                       figure=charts.without_title(figure), table=table,
                       notes=tuple(text.table_notes(table)), **common)


def tracker_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Each recommendation's latest assessment, in the review's order, named ("3. Clear
    outcome measures") with its status in words. One authority: the first, as on its page."""
    if "la_code" in frame.columns and frame["la_code"].nunique() > 1:
        frame = frame[frame["la_code"] == sorted(frame["la_code"].unique())[0]]
    latest = latest_assessments(frame)
    latest = latest.assign(number=latest["breakdown_value"].astype(int)).sort_values("number")
    themes = {r.number: r.theme for r in RECOMMENDATIONS}
    return latest.assign(
        breakdown_value=[f"{n}. {themes.get(n, '')}".rstrip(". ") for n in latest["number"]],
        status=latest["value"].map(status),
    ).drop(columns=["number", "la_code"], errors="ignore").reset_index(drop=True)


RANKED_NAMED = 3  # wards a long ranking's summary names at each end


def ranked_summary(frame: pd.DataFrame, declared: Measure) -> str:
    """A long ranking in a sentence that fits a slide: the highest and lowest few, and where
    the rest are."""
    latest = frame[frame["period"] == frame["period"].max()]
    if len(latest) <= 2 * RANKED_NAMED + 1:
        return summary(frame, declared)
    shown = latest[~latest["suppressed"]].dropna(subset=["value"]).sort_values(
        "value", ascending=False)

    def named(rows: pd.DataFrame) -> str:
        return "; ".join(f"{row.breakdown_value} "
                         f"{text.format_value(row.value, declared.unit, with_unit=True)}"
                         for row in rows.itertuples())

    return (f"In {latest['period'].iat[0]}, highest: {named(shown.head(RANKED_NAMED))}. "
            f"Lowest: {named(shown.tail(RANKED_NAMED))}. All {len(latest)} wards are in the "
            "data table.")


def tracker_title(subject: str, latest: pd.DataFrame) -> str:
    """"The review's recommendations: 2 fully achieved, 5 on track and 2 slipped"."""
    counts = latest["value"].astype(int).value_counts()
    parts = [f"{int(counts[level])} {p.label.lower()}" for level, p in PROGRESS.items()
             if level in counts]
    missing = len(RECOMMENDATIONS) - len(latest)
    if missing > 0:
        parts.append(f"{missing} not yet assessed")
    return f"{text.sentence_start(subject)}: {text.plain_list(parts)}"


def tracker_summary(latest: pd.DataFrame) -> str:
    return (f"Latest progress (assessments up to {latest['period'].max()}): "
            + "; ".join(f"{row.breakdown_value} {row.status}" for row in latest.itertuples())
            + ".")


def drawn_card(slide: Slide, role: Role, kind: ChartKind, *, declared: Measure, title: str,
               subtitle: str, summary: str, figure: go.Figure, frame: pd.DataFrame,
               filters: str, with_definition: bool = True) -> CardContent:
    """The content of a card a page draws in its own way (a map, published figures beside
    England, a programme against its target), with the same fields as every other card."""
    tidy = {"breakdown", "breakdown_value", "period", "suppressed"} <= set(frame.columns)
    table = slide_table(frame) if tidy else text.readable_table(text.data_table(frame))
    return CardContent(
        slide=slide, role=Role(role), kind=kind, measure_title=declared.title, title=title,
        subtitle=subtitle, summary=summary, figure=charts.without_title(figure), table=table,
        notes=tuple(text.table_notes(table)),
        definition=declared.definition if with_definition else "",
        source=source_line(declared), disclosure_note=disclosure_note(declared, role),
        measure_type=declared.kind, plain=declared.plain, measure_line=subtitle_of(declared),
        filters=filters,
        data_date=last_loaded(declared.extracts), frame=frame)


def _named_authorities(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Authority names as the groups, the code kept in `la_code`."""
    codes = frame["breakdown_value"].astype(str)
    return frame.assign(breakdown_value=codes.map(lambda code: names.get(code, code)),
                        la_code=codes)


def disclosure_note(declared: Measure, role: Role) -> str:
    """What the audience needs to know about the figures' protection, for this viewer."""
    if declared.disclosure == Disclosure.PUBLIC:
        return "Published figures, shown as published."
    if declared.disclosure != Disclosure.CHILDREN:
        return ""
    if Role(role) in UNSUPPRESSED_ROLES:
        return ("Officer view: counts of children are exact, not suppressed or rounded. Do not "
                "show this screen at a public meeting.")
    return ("Counts of 1 to 7 children are suppressed (shown as c); other counts are rounded to "
            "the nearest 5.")


@derived  # once per shared frame (ui/shared_frames.py): a fifth of a page's work
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
    table = table.loc[:, ~table.columns.duplicated()]  # an authority's code beside its name
    symbols_only = [c for c in table.columns if c != "Period"
                    and table[c].isin((text.SUPPRESSED, text.NOT_AVAILABLE)).all()
                    and (table[c] == text.NOT_AVAILABLE).any()]
    return table.drop(columns=symbols_only).reset_index(drop=True)


def no_data_sentence(declared: Measure) -> str:
    names = [CATALOGUE[name].title for name in declared.extracts if name in CATALOGUE]
    noun = "extract" if len(names) == 1 else "extracts"
    return (f"No data loaded yet for {declared.title[0].lower() + declared.title[1:]}. "
            f"Upload the {text.plain_list(names)} {noun} to see it.")
