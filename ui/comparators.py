"""Comparing authorities: the comparator authorities an officer saves for an authority, the
published (DfE) figures beside England, the region and those comparators, and the store's own
headline measures for each authority side by side.

Comparators are a saved setting (`store.targets`, append-only and audited), one list per
authority under the key "comparators:<la_code>". Everyone reads the saved choice; only an
officer may save one, and that is checked here, on the server, whatever the page shows.
Settings do not change the data version, so they are read from the store at each run (one
small query), never from the data cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing
from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from contracts.roles import Role
from metrics.decks import Slide
from metrics.model import Measure, Query
from metrics.published import (
    FACTORS,
    SYMBOL_MEANINGS,
    Benchmark,
    benchmark,
    published_authorities,
    symbol_meaning,
)
from metrics.registry import measure
from store.targets import read_setting
from ui import card, charts, text, theme
from ui.auth import current_role, require_role
from ui.authorities import save_authority_list
from ui.card_content import drawn_card
from ui.chart_registry import ChartKind
from ui.figure_cache import shared
from ui.filters import current_query
from ui.measure_view import frame_for
from ui.page_card import show_drawn, show_measure
from ui.session import current_data_version, facts, measure_frame, store

# The authority, its region and England take three of the six series a chart can show.
MAX_COMPARATORS = theme.MAX_SERIES - 3
SYMBOL_MARK = "ees-symbol"
YEAR_TITLE = "Year (April to March)"


def setting_key(la_code: str) -> str:
    return f"comparators:{la_code}"


# --- which authorities -------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=20)
def _published_authorities(version: int) -> dict[str, str]:
    with closing(store().cursor()) as con:
        return published_authorities(con)


def authorities() -> dict[str, str]:
    """la_code -> name of every authority in the published statistics loaded."""
    return _published_authorities(current_data_version())


def saved_comparators(la_code: str) -> list[str] | None:
    """The comparators saved for the authority, or None when no one has saved any."""
    with closing(store().cursor()) as con:
        saved = read_setting(con, setting_key(la_code), None)
    return [str(code) for code in saved] if isinstance(saved, list) else None


def default_comparators(la_code: str) -> list[str]:
    """Until an officer saves a choice: the other authorities whose extracts this store holds."""
    published = authorities()
    return [code for code in facts()["authorities"] if code != la_code and code in published][
        :MAX_COMPARATORS]


def save_comparators(la_code: str, codes: Sequence[str]) -> list[str]:
    """Save the authority's comparators (officers only); returns what was saved."""
    require_role(Role.OFFICER, Role.ADMIN, action="choose comparator authorities")
    return save_authority_list(setting_key(la_code), la_code, codes, authorities(),
                               limit=MAX_COMPARATORS,
                               known_as="an authority in the published statistics")


# --- published figures ---------------------------------------------------------------------


def published_frame(measure_id: str, la_code: str, comparators: Sequence[str]) -> pd.DataFrame:
    """A published measure for the authority (first) and its comparators, every year."""
    declared = measure(measure_id)
    query = Query(la_codes=(la_code, *comparators), breakdown=declared.breakdowns[0])
    return measure_frame(measure_id, query, current_role(), top=None)


def series_order(frame: pd.DataFrame, la_code: str, comparators: Sequence[str]) -> list[str]:
    """The authority, its region, England, then the comparators in the order chosen."""
    names = frame.drop_duplicates("area_code").set_index("area_code")["area"]
    region = frame.loc[frame["area_type"] == "Region", "area"].unique().tolist()
    england = frame.loc[frame["area_type"] == "England", "area"].unique().tolist()
    first = [names[la_code]] if la_code in names else []
    others = [names[code] for code in comparators if code in names]
    return first + region + england + others


def _symbol_label(symbol: str) -> str:
    return f"{symbol}: {symbol_meaning(symbol)}"


@shared
def published_chart(frame: pd.DataFrame, *, title: str, unit: str,
                    order: Sequence[str]) -> go.Figure:
    """Lines by area over the years; a figure DfE did not publish is a gap whose hover text and
    badge give its symbol and meaning (never a 0)."""
    fig = go.Figure(charts.line_chart(frame, title=title, unit=unit, series_order=order,
                                      period_title=YEAR_TITLE))  # a copy: this one changes it
    symbols = {(row.breakdown_value, row.period): row.symbol
               for row in frame.itertuples() if isinstance(row.symbol, str)}
    for index, trace in enumerate(fig.data):
        labels = list(trace.customdata)
        for position, period in enumerate(trace.x):
            symbol = symbols.get((trace.name, period))
            if symbol is None:
                continue
            labels[position] = _symbol_label(symbol)
            colour = theme.series_style(index).colour
            fig.add_annotation(
                name=SYMBOL_MARK, text=f"<b>{symbol}</b>", hovertext=f"{trace.name}, {period}: "
                f"{_symbol_label(symbol)}", x=period, y=0, xref="x", yref="paper",
                yanchor="bottom", yshift=2 + charts.BADGE_ROW * sum(
                    a.name == SYMBOL_MARK and a.x == period for a in fig.layout.annotations),
                showarrow=False, bgcolor=colour, bordercolor=colour, borderpad=2,
                font={"color": theme.text_colour_on(colour)},
            )
        trace.customdata = labels
    return fig


def published_table(frame: pd.DataFrame, unit: str, numerator: str, denominator: str) -> pd.DataFrame:
    """The figures as a reader and a download see them: a symbol in place of a missing value,
    with its meaning beside it."""
    def cell(value: object, symbol: object) -> object:
        return symbol if isinstance(symbol, str) else text.table_number(value)

    return pd.DataFrame({
        "Year": frame["period"],
        "Area": frame["area"],
        "Type of area": frame["area_type"],
        **({"Factor": frame["factor"]} if "factor" in frame else {}),
        f"Value ({unit})": [cell(v, s) for v, s in zip(frame["value"], frame["symbol"], strict=True)],
        "Symbol meaning": [symbol_meaning(s) for s in frame["symbol"]],
        numerator: [text.table_number(v) if not text.is_missing(v) else "" for v in frame["numerator"]],
        denominator: [text.table_number(v) if not text.is_missing(v) else ""
                      for v in frame["denominator"]],
    }).reset_index(drop=True)


def symbols_note(frame: pd.DataFrame) -> str:
    present = [symbol for symbol in SYMBOL_MEANINGS if symbol in set(frame["symbol"].dropna())]
    if not present:
        return ""
    meanings = "; ".join(f"{symbol} = {SYMBOL_MEANINGS[symbol]}" for symbol in present)
    return f" Gaps in the lines are figures DfE did not publish: {meanings}."


def published_title(subject: str, frame: pd.DataFrame, la_code: str, unit: str) -> str:
    """The authority's latest published figure, beside England's."""
    own = frame[frame["area_code"] == la_code].sort_values("period")
    if own.empty:
        return f"{subject}: no published figures for this authority"
    latest = own.iloc[-1]
    if isinstance(latest["symbol"], str):
        return (f"{subject}: {latest['area']}'s {latest['period']} figure was not published "
                f"({_symbol_label(latest['symbol'])})")
    shown = text.format_value(latest["value"], unit) + (
        " " + " ".join(unit.split()[:2]) if text.is_rate(unit) else "")  # "29.7 per 10,000"
    england = frame[(frame["area_type"] == "England") & (frame["period"] == latest["period"])]
    if england.empty or text.is_missing(england.iloc[0]["value"]):
        return f"{subject}: {latest['area']} {shown} in {latest['period']}"
    theirs = float(england.iloc[0]["value"])
    mine = float(latest["value"])
    if round(mine, 1) == round(theirs, 1):
        side = "the same as England"
    else:
        side = f"{'above' if mine > theirs else 'below'} England's {text.format_value(theirs, unit)}"
    return f"{subject}: {latest['area']} {shown} in {latest['period']}, {side}"


def published_summary(frame: pd.DataFrame, unit: str, order: Sequence[str]) -> str:
    latest = frame["period"].max()
    rows = frame[frame["period"] == latest].set_index("breakdown_value")
    parts = []
    for name in order:
        if name not in rows.index:
            continue
        row = rows.loc[name]
        parts.append(f"{name} " + (_symbol_label(row["symbol"]) if isinstance(row["symbol"], str)
                                   else text.format_value(row["value"], unit)))
    per = "" if text.is_percentage(unit) else f", {unit}"
    return f"In {latest}{per}: " + "; ".join(parts) + "." + symbols_note(frame)


def show_published(frame: pd.DataFrame, declared: Measure, *, subject: str, la_code: str,
                   comparators: Sequence[str], key: str, with_definition: bool = True) -> None:
    """One published measure (one factor, or the re-referral rate) in a chart card; cards
    that share a definition can leave it to one line under them (`with_definition=False`)."""
    order = series_order(frame, la_code, comparators)
    title = published_title(subject, frame, la_code, declared.unit)
    figure = published_chart(frame, title=title, unit=declared.unit, order=order)
    subtitle = (f"{declared.title} ({declared.unit}), {text.plain_list(order)}, "
                f"{frame['period'].min()} to {frame['period'].max()}")
    slide = Slide(declared.id, Query(la_codes=(la_code, *comparators),
                                     breakdown=declared.breakdowns[0]))
    show_drawn(drawn_card(
        slide, current_role(), ChartKind.PUBLISHED, declared=declared, title=title,
        subtitle=subtitle, summary=published_summary(frame, declared.unit, order), figure=figure,
        frame=published_table(frame, declared.unit, declared.numerator, declared.denominator),
        filters=subtitle, with_definition=with_definition), key=key)


# --- benchmarks: England, region, neighbours and quartiles, as LAIT shows them ---------------


def all_areas(measure_id: str) -> pd.DataFrame:
    """Every area's figures for a published measure (England, regions, every authority)."""
    declared = measure(measure_id)
    return measure_frame(measure_id, Query(breakdown=declared.breakdowns[0]), current_role(),
                         top=None)


def benchmarks(la_code: str, neighbours: Sequence[str]) -> list[tuple[str, Measure, Benchmark]]:
    """(label, measure, benchmark) for every published measure loaded that has a figure for the
    authority: each harm factor and the re-referral rate."""
    rows = []
    factors = all_areas("published_harm_factors")
    harm = measure("published_harm_factors")
    for factor in FACTORS:
        if not factors.empty and (found := benchmark(
                factors[factors["factor"] == factor.label], la_code, list(neighbours), harm.better)):
            rows.append((f"{factor.label} at assessment", harm, found))
    rereferral = measure("published_rereferrals")
    frame = all_areas(rereferral.id)
    if not frame.empty and (found := benchmark(frame, la_code, list(neighbours), rereferral.better)):
        rows.append(("Re-referrals within 12 months", rereferral, found))
    return rows


def _compared(found: Benchmark) -> str:
    if not found.versus_neighbours:
        return text.NOT_AVAILABLE
    said = found.versus_neighbours.capitalize()
    return f"{said} ({found.judgement})" if found.judgement else said


def benchmark_table(rows: Sequence[tuple[str, Measure, Benchmark]], name: str,
                    neighbours_label: str) -> pd.DataFrame:
    """One row a measure: the authority's latest figure, England, its region, its neighbours'
    average, its quartile band among all authorities and how it stands against the neighbours
    (in words, so nothing rests on colour)."""
    def shown(value: float | None, unit: str) -> str:
        return text.NOT_AVAILABLE if value is None else text.format_value(value, unit)

    return pd.DataFrame([{
        "Measure": f"{label} ({declared.unit})",
        "Year": found.period,
        name: shown(found.value, declared.unit),
        "England": shown(found.england, declared.unit),
        "Region": (f"{found.region} {shown(found.region_value, declared.unit)}"
                   if found.region else text.NOT_AVAILABLE),
        f"{neighbours_label.capitalize()}' average": (
            f"{shown(found.neighbours_mean, declared.unit)} (of {found.neighbours_counted})"
            if found.neighbours_mean is not None else text.NOT_AVAILABLE),
        "Quartile band, all authorities": (f"{found.band.capitalize()} of "
                                           f"{found.authorities_counted}"),
        f"Against {neighbours_label}": _compared(found),
    } for label, declared, found in rows])


def benchmark_headline(rows: Sequence[tuple[str, Measure, Benchmark]], name: str,
                       neighbours_label: str) -> str:
    above = sum(found.versus_neighbours == "above" for _, _, found in rows)
    below = sum(found.versus_neighbours == "below" for _, _, found in rows)
    counted = sum(bool(found.versus_neighbours) for _, _, found in rows)
    if not counted:
        return f"{name}'s latest published figures beside England and its region"
    return (f"{name} is above its {neighbours_label}' average on {above} and below it on "
            f"{below} of {counted} published measures")


# --- the store's own measures, authority beside authority --------------------------------------


def by_authority(measure_id: str) -> pd.DataFrame:
    """The measure for every authority in the store (the sidebar's other filters still apply),
    with authority names as the groups and the code kept in `la_code`."""
    query = replace(current_query(), la_codes=())
    frame = frame_for(measure_id, "authority", query)
    names = facts()["authorities"]
    codes = frame["breakdown_value"].astype(str)
    return frame.assign(breakdown_value=codes.map(lambda code: names.get(code, code)), la_code=codes)


def side_by_side_table(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per measure, one column per authority: the latest period's figure ("c" where
    suppressed)."""
    rows = []
    for measure_id, frame in frames.items():
        declared = measure(measure_id)
        latest = frame["period"].max()
        named = declared.title if declared.unit in declared.title else (
            f"{declared.title} ({declared.unit})")
        row = {"Measure": named, "Period": latest}
        for item in frame[frame["period"] == latest].itertuples():
            row[item.breakdown_value] = text.format_value(
                item.value, declared.unit, suppressed=bool(item.suppressed))
        rows.append(row)
    return pd.DataFrame(rows).fillna(text.NOT_AVAILABLE)


def show_authorities_side_by_side(measure_ids: Sequence[str], key: str = "side-by-side") -> None:
    """Each measure (rates and percentages, so sizes compare fairly) for each authority."""
    frames = {m: by_authority(m) for m in measure_ids}
    frames = {m: frame for m, frame in frames.items() if not frame.empty}
    if not frames:
        card.empty_state(
            ["Referrals about extra-familial harm"],
            "No authority's referrals are loaded yet to compare.",
        )
        return
    st.table(text.markdown_table(text.readable_table(side_by_side_table(frames))), hide_index=True,
             alt="Each headline measure for each authority, latest period")
    columns = [column for _ in range((len(frames) + 1) // 2) for column in st.columns(2)]
    every_authority = replace(current_query(), la_codes=())
    for column, measure_id in zip(columns, frames, strict=False):
        with column:  # the registry draws these as one line an authority (ChartKind.AUTHORITIES)
            show_measure(measure_id, breakdown="authority", query=every_authority,
                         key=f"{key}-{measure_id}")
