"""What every chart kind shares: the "c" badge and note, titles and margins, and how a
measure frame becomes cells (a suppressed row keeps no number)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ui import theme
from ui.figure_cache import shared
from ui.text import (
    SUPPRESSED,
    SUPPRESSED_LABEL,
    format_value,
    is_missing,
    suppressed_flags,
)

SUPPRESSED_MARK = "suppressed-value"
NOTE = "note"
EVENT = "event"

HOVER = "<b>%{fullData.name}</b><br>%{x}: %{customdata}<extra></extra>"
HOVER_HORIZONTAL = "<b>%{fullData.name}</b><br>%{y}: %{customdata}<extra></extra>"
SHARE_NOTE = "Shares are of the groups shown"
BADGE_ROW = theme.BADGE_ROW
# A note's longest line, in characters: Plotly never wraps an annotation, so a long note
# runs off a narrow chart (a 390 px phone leaves about 280 px beside the y-axis).
NOTE_LINE_CHARS = {False: 34, True: 60}


@dataclass(frozen=True)
class Cell:
    """One value as a chart may show it: ``value`` is None when suppressed or missing."""

    value: float | None
    suppressed: bool


GAP = Cell(value=None, suppressed=False)


# --- shared helpers ------------------------------------------------------------------


def _unique_in_order(values: Iterable[object]) -> list[str]:
    return list(dict.fromkeys(str(value) for value in values))


def _periods(*frames: pd.DataFrame | None) -> list[str]:
    """Every period in the frames, in order (labels like "2025/26 Q3" sort as strings)."""
    return sorted({str(p) for frame in frames if frame is not None for p in frame["period"]})


def _groups(df: pd.DataFrame, column: str, order: Sequence[str] | None) -> list[str]:
    present = _unique_in_order(df[column])
    if order is None:
        return present
    return [str(name) for name in order if str(name) in present] + [
        name for name in present if name not in {str(o) for o in order}
    ]


def _cells(df: pd.DataFrame, keys: Sequence[str]) -> dict[tuple[str, ...], Cell]:
    """Each row's value keyed by the given columns; suppressed rows keep no number."""
    flags = suppressed_flags(df)
    key_values = zip(*(df[key].astype(str) for key in keys), strict=True)
    return {
        key: Cell(
            value=None if suppressed or is_missing(value) else float(value),
            suppressed=bool(suppressed),
        )
        for key, value, suppressed in zip(key_values, df["value"], flags, strict=True)
    }


def _label(cell: Cell, unit: str, *, with_unit: bool = True) -> str:
    if cell.suppressed:
        return SUPPRESSED_LABEL
    return format_value(cell.value, unit, with_unit=with_unit)


def _finish(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    x_title: str,
    y_title: str,
    presentation: bool,
) -> go.Figure:
    fig.update_layout(
        template=theme.template_name(presentation),
        title={"text": title, "subtitle": {"text": subtitle}},
        xaxis_title_text=x_title,
        yaxis_title_text=y_title,
    )
    fig.update_layout(margin_t=_top_margin(fig, theme.type_scale(presentation), with_title=True))
    return fig


def _top_margin(fig: go.Figure, type_: theme.TypeScale, *, with_title: bool) -> int:
    return theme.top_margin(
        type_,
        with_title=with_title,
        with_subtitle=bool(fig.layout.title.subtitle.text),
        note_lines=_top_note_lines(fig),
        badge_rows=_badge_rows_above(fig),
    )


def _top_note_lines(fig: go.Figure) -> int:
    return sum(
        a.text.count("<br>") + 1 for a in fig.layout.annotations if a.name == NOTE and a.y == 1
    )


def _badge_rows_above(fig: go.Figure) -> int:
    """How many rows of "c" badges may rise above the plot: those stacked up from a value
    (the top of a 100% bar or of a stack), not those at the foot of the plot."""
    return max(
        (
            round((a.yshift - 2) / BADGE_ROW) + 1
            for a in fig.layout.annotations
            if a.name == SUPPRESSED_MARK and a.yref == "y" and a.yanchor == "bottom" and a.y
        ),
        default=0,
    )


def _wrap_note(text: str, presentation: bool) -> str:
    """The note in lines short enough for a narrow chart, each sentence starting a line."""
    width = NOTE_LINE_CHARS[presentation]
    sentences = [part for part in text.split(". ") if part]
    return "<br>".join(
        line
        for index, sentence in enumerate(sentences)
        for line in textwrap.wrap(sentence + ("." if index < len(sentences) - 1 else ""), width)
    )


def _add_note(
    fig: go.Figure,
    text: str,
    presentation: bool,
    *,
    below: bool = False,
    from_right: bool = False,
) -> None:
    """A note such as the "c" key: above the plot (and above any "c" badges stacked over
    it), where a reader meets it before the chart, or ``below`` a chart with no axis there
    (a matrix whose labels are on top).

    Not under the x-axis: tick labels rotate when crowded, and a note placed a fixed
    distance below the axis then overlaps them. Call it after the badges are placed.
    ``from_right`` ends it at the plot's right edge, for a chart whose long category labels
    leave a narrow plot (ranked bars): it then runs left over the labels' column, which
    is empty above the plot, instead of off the chart.
    """
    type_ = theme.type_scale(presentation)
    wrapped = _wrap_note(text, presentation)
    fig.add_annotation(
        name=NOTE,
        text=wrapped,
        xref="paper",
        x=1 if from_right else 0,
        xanchor="right" if from_right else "left",
        yref="paper",
        y=0 if below else 1,
        yanchor="top" if below else "bottom",
        yshift=-4 if below else _badge_rows_above(fig) * BADGE_ROW + 4,
        showarrow=False,
        align="left",
        font={"color": theme.SECONDARY_TEXT_COLOUR},
    )
    if below:
        lines = wrapped.count("<br>") + 1
        fig.update_layout(margin_b=lines * theme.note_row_height(type_) + 16)


def has_top_note(fig: go.Figure) -> bool:
    return any(a.name == NOTE and a.y == 1 for a in fig.layout.annotations)


@shared
def without_title(fig: go.Figure) -> go.Figure:
    """A copy with no title or subtitle and the room they took removed, for a page that
    shows the title as a real heading above the chart (and must not show it twice)."""
    copy = go.Figure(fig)
    copy.update_layout(
        title={"text": "", "subtitle": {"text": ""}},
        margin_t=_top_margin(copy, theme.type_scale_of(copy), with_title=False),
    )
    return copy


def _add_suppressed_mark(
    fig: go.Figure,
    *,
    x: object,
    y: object,
    xref: str,
    yref: str,
    colour: str,
    hover: str,
    horizontal: bool = False,
    stack_row: int = 0,
) -> None:
    """A small "c" badge in the series colour where a suppressed value would be; badges
    at the same place are stacked ``stack_row`` rows apart."""
    shift = stack_row * BADGE_ROW
    fig.add_annotation(
        name=SUPPRESSED_MARK,
        text=f"<b>{SUPPRESSED}</b>",
        hovertext=hover,
        x=x,
        y=y,
        xref=xref,
        yref=yref,
        xanchor="left" if horizontal else "center",
        yanchor="middle" if horizontal else "bottom",
        xshift=(2 + shift) if horizontal else 0,
        yshift=0 if horizontal else (2 + shift),
        showarrow=False,
        bgcolor=colour,
        bordercolor=colour,
        borderpad=2,
        font={"color": theme.text_colour_on(colour)},
    )


def _category_axis(periods: Sequence[str]) -> dict:
    return {"type": "category", "categoryorder": "array", "categoryarray": list(periods)}
