"""Colours, type and the Plotly templates every chart in the dashboard shares.

The palette is the Government Analysis Function's accessible one. Colour is never the
only cue: each series also gets its own marker symbol, line dash or bar pattern, and
better/worse changes carry an arrow and a word as well as a colour.

Importing this module registers two Plotly templates: ``scrutiny`` for screens and
``scrutiny_presentation`` (bigger type) for the projector at board meetings.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import plotly.io as pio

# Analysis Function categorical palette, in the order it must be used: each colour has
# at least 3:1 contrast with the next, so adjacent series stay distinguishable.
CATEGORICAL = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
# Analysis Function sequential palette, darkest first.
SEQUENTIAL = ("#12436D", "#2073BC", "#6BACE6")
# The light end of sequential scales (heatmaps, Streamlit's 10-step scale); not a
# data colour on its own.
SEQUENTIAL_LIGHTEST = "#F0F6FC"

TEXT_COLOUR = "#0B0C0C"
SECONDARY_TEXT_COLOUR = "#505A5F"
BACKGROUND_COLOUR = "#FFFFFF"
GRID_COLOUR = "#E1E3E5"
AXIS_LINE_COLOUR = "#505A5F"
EVENT_LINE_COLOUR = "#505A5F"
# Fill for areas and cells whose value is suppressed ("c") or missing.
SUPPRESSED_FILL = "#D9DBDD"
NO_DATA_FILL = "#FFFFFF"

# GOV.UK green and red: 6.2:1 and 4.9:1 on white, so both pass WCAG AA for text.
BETTER_COLOUR = "#00703C"
WORSE_COLOUR = "#D4351C"
NEUTRAL_COLOUR = SECONDARY_TEXT_COLOUR

ARROWS = {"up": "▲", "down": "▼", "same": "►"}

# One entry per categorical colour, so series i differs from series j by shape too.
MARKER_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star")
# Comparison series (last year, rolling average) are dashed; main series are solid.
COMPARISON_DASHES = ("dash", "dot", "dashdot", "longdash", "longdashdot", "5px,10px,2px,10px")
BAR_PATTERNS = ("", "/", ".", "x", "-", "+")
MAX_SERIES = len(CATEGORICAL)
# Space between bar groups, as a fraction of a category; ui/charts places "c" badges
# on grouped bars from it.
BAR_GAP = 0.25
# Vertical room per stacked "c" badge: a badge is at most 30 px tall, even on the projector.
BADGE_ROW = 30

FONT_FAMILY = "Arial, Helvetica, sans-serif"
TEMPLATE_NAME = "scrutiny"
PRESENTATION_TEMPLATE_NAME = "scrutiny_presentation"


@dataclass(frozen=True)
class TypeScale:
    """Font sizes in pixels for one viewing distance."""

    base: int
    title: int
    small: int


SCREEN_TYPE = TypeScale(base=16, title=20, small=14)
# Sized for a projector at the back of a committee room.
PRESENTATION_TYPE = TypeScale(base=22, title=28, small=20)


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn, so it differs from the others by more than colour."""

    colour: str
    symbol: str
    comparison_dash: str
    pattern: str


def series_style(index: int) -> SeriesStyle:
    """The colour, marker, dash and bar pattern for the series at ``index``."""
    if not 0 <= index < MAX_SERIES:
        raise ValueError(
            f"Charts show at most {MAX_SERIES} series; group the rest as 'Other' first."
        )
    return SeriesStyle(
        colour=CATEGORICAL[index],
        symbol=MARKER_SYMBOLS[index],
        comparison_dash=COMPARISON_DASHES[index],
        pattern=BAR_PATTERNS[index],
    )


def template_name(presentation: bool = False) -> str:
    return PRESENTATION_TEMPLATE_NAME if presentation else TEMPLATE_NAME


def type_scale(presentation: bool = False) -> TypeScale:
    return PRESENTATION_TYPE if presentation else SCREEN_TYPE


def type_scale_of(fig: go.Figure) -> TypeScale:
    """The type scale of the template a figure was built with."""
    font_size = fig.layout.template.layout.font.size
    return PRESENTATION_TYPE if font_size == PRESENTATION_TYPE.base else SCREEN_TYPE


def pattern(shape: str, colour: str) -> dict:
    """A light hatch over ``colour`` (not instead of it), in black or white for contrast."""
    return {
        "shape": shape,
        "fillmode": "overlay",
        "fgcolor": text_colour_on(colour),
        "fgopacity": 0.6,
        "solidity": 0.2,
    }


# --- colour arithmetic (WCAG 2.2 definitions) -----------------------------------------


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"Expected a colour like #12436D, got {colour!r}")
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(channel):02X}" for channel in rgb)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    on_dark = contrast_ratio(BACKGROUND_COLOUR, background)
    on_light = contrast_ratio(TEXT_COLOUR, background)
    return BACKGROUND_COLOUR if on_dark >= on_light else TEXT_COLOUR


def mix(start: str, end: str, fraction: float) -> str:
    """The colour ``fraction`` of the way from ``start`` to ``end``."""
    a, b = hex_to_rgb(start), hex_to_rgb(end)
    return rgb_to_hex(tuple(x + (y - x) * fraction for x, y in zip(a, b, strict=True)))


def sequential_colours(count: int) -> list[str]:
    """``count`` colours from light to dark along the Analysis Function sequential palette.

    Up to three steps use the palette colours themselves; more steps are interpolated
    from a very light blue through the palette.
    """
    light_to_dark = list(reversed(SEQUENTIAL))
    if count <= len(light_to_dark):
        return light_to_dark[len(light_to_dark) - count :]
    stops = [SEQUENTIAL_LIGHTEST, *light_to_dark]
    colours = []
    for step in range(count):
        position = step / (count - 1) * (len(stops) - 1)
        left = min(int(position), len(stops) - 2)
        colours.append(mix(stops[left], stops[left + 1], position - left))
    return colours


def sequential_colourscale() -> list[list[float | str]]:
    """A continuous Plotly colourscale from very light blue to the darkest palette blue."""
    stops = [SEQUENTIAL_LIGHTEST, *reversed(SEQUENTIAL)]
    return [[i / (len(stops) - 1), colour] for i, colour in enumerate(stops)]


def colour_at(colourscale: list[list[float | str]], fraction: float) -> str:
    """The colour a continuous colourscale gives at ``fraction`` (0 to 1)."""
    fraction = min(max(fraction, 0.0), 1.0)
    for (left_at, left), (right_at, right) in zip(colourscale, colourscale[1:], strict=False):
        if fraction <= right_at:
            span = right_at - left_at
            return mix(str(left), str(right), 0.0 if span == 0 else (fraction - left_at) / span)
    return str(colourscale[-1][1])


# --- Plotly templates ----------------------------------------------------------------


def note_row_height(type_: TypeScale) -> int:
    return round(1.3 * type_.small) + 2


def top_margin(
    type_: TypeScale,
    *,
    with_title: bool,
    with_subtitle: bool = True,
    note_lines: int = 0,
    badge_rows: int = 0,
) -> int:
    """Room above the plot for, top down: title and subtitle, a note, and the "c" badges
    stacked above the plot's top (a 100% bar's). Every one of them has a known height, so
    nothing up there can run into anything else.

    The legend is not up here: it sits at the foot of the figure (``yref="container"``),
    where Plotly adds its height, however many rows it wraps to on a narrow column, to
    the room the x-axis needs. Above the plot a wrapped legend would grow into the note.
    """
    subtitle_size = type_.small if with_subtitle else 0
    title_block = round(1.3 * (type_.title + subtitle_size)) + 20 if with_title else 0
    notes = note_lines * note_row_height(type_) + (6 if note_lines else 0)
    return title_block + notes + badge_rows * BADGE_ROW + 12


def _axis(type_: TypeScale, *, grid: bool) -> dict:
    return {
        "automargin": True,
        "showgrid": grid,
        "gridcolor": GRID_COLOUR,
        "gridwidth": 1,
        "zeroline": False,
        "showline": not grid,
        "linecolor": AXIS_LINE_COLOUR,
        "ticks": "" if grid else "outside",
        "tickcolor": AXIS_LINE_COLOUR,
        "tickfont": {"size": type_.base},
        "title": {"font": {"size": type_.base}, "standoff": 12},
    }


def build_template(type_: TypeScale) -> go.layout.Template:
    """A quiet template: white ground, light horizontal gridlines, no chart junk."""
    font = {"family": FONT_FAMILY, "size": type_.base, "color": TEXT_COLOUR}
    layout = go.Layout(
        font=font,
        colorway=list(CATEGORICAL),
        paper_bgcolor=BACKGROUND_COLOUR,
        plot_bgcolor=BACKGROUND_COLOUR,
        title={
            "x": 0,
            "xanchor": "left",
            "xref": "container",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 8, "t": 12},
            "font": {"size": type_.title, "color": TEXT_COLOUR},
            "subtitle": {"font": {"size": type_.small, "color": SECONDARY_TEXT_COLOUR}},
        },
        # At the foot of the figure, below the x-axis title: Plotly adds a container-placed
        # legend's height to the room the axis needs, so it cannot overlap the tick labels
        # or anything above the plot, however many rows it wraps to.
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 0,
            "yanchor": "bottom",
            "font": {"size": type_.base},
            "title": {"text": "", "side": "top"},
        },
        xaxis=_axis(type_, grid=False),
        yaxis={**_axis(type_, grid=True), "rangemode": "tozero"},
        hoverlabel={
            "font": {"family": FONT_FAMILY, "size": type_.base, "color": TEXT_COLOUR},
            "bgcolor": BACKGROUND_COLOUR,
            "bordercolor": AXIS_LINE_COLOUR,
        },
        hovermode="closest",
        annotationdefaults={"font": {"size": type_.small, "color": TEXT_COLOUR}},
        margin={"l": 16, "r": 24, "t": top_margin(type_, with_title=True), "b": 16},
        bargap=BAR_GAP,
        bargroupgap=0.0,
        # Bar labels that do not fit are hidden rather than shrunk below readable size;
        # the hover text and the data table still carry them.
        uniformtext={"minsize": type_.small, "mode": "hide"},
        separators=".,",
    )
    data = go.layout.template.Data(
        scatter=[go.Scatter(line={"width": 3}, marker={"size": 9})],
        bar=[go.Bar(marker={"line": {"width": 0}}, textfont={"size": type_.small})],
    )
    return go.layout.Template(layout=layout, data=data)


def register_templates() -> None:
    pio.templates[TEMPLATE_NAME] = build_template(SCREEN_TYPE)
    pio.templates[PRESENTATION_TEMPLATE_NAME] = build_template(PRESENTATION_TYPE)


register_templates()
