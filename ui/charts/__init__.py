"""Pure Plotly figure builders, one module per chart kind: no Streamlit, no SQL, no measures.

Each builder takes the tidy measure frame (``period, breakdown, breakdown_value, value,
numerator, denominator, suppressed``) or, for maps and the matrix, a frame named in its
docstring, and returns a ``go.Figure`` that already has:

- the ``scrutiny`` template (or ``scrutiny_presentation`` for the projector), a title
  stating the finding, a subtitle, and axis titles that name the unit;
- suppressed values drawn as gaps (``None``, never 0), written "c" in labels and hover
  text, with a note "c: 1 to 7, suppressed to protect privacy".

A figure travels to the browser whole, so a suppressed row's numbers (value, numerator,
denominator) are never put into it, not even into hidden ``customdata``.

Maps are drawn as filled ``Scatter`` polygons on plain x/y axes: Plotly's geo and map
traces fetch base maps or topojson from the internet, which council networks often block.

With ``ui.theme``, ``ui.text`` and ``ui.figure_cache`` this package is the chart kit; an
import-linter contract keeps Streamlit, the store and the measures out of it.
"""

from ui.charts.areas import area_map, bin_labels, value_breaks
from ui.charts.bars import bar_chart, tracker_chart
from ui.charts.common import (
    BADGE_ROW,
    EVENT,
    NOTE,
    SHARE_NOTE,
    SUPPRESSED_MARK,
    Cell,
    has_top_note,
    without_title,
)
from ui.charts.line import line_chart
from ui.charts.matrix import matrix_chart
from ui.charts.points import hex_counts, point_map
from ui.charts.shares import share_chart
from ui.charts.sparkline import sparkline

__all__ = [
    "BADGE_ROW",
    "EVENT",
    "NOTE",
    "SHARE_NOTE",
    "SUPPRESSED_MARK",
    "Cell",
    "area_map",
    "bar_chart",
    "bin_labels",
    "has_top_note",
    "hex_counts",
    "line_chart",
    "matrix_chart",
    "point_map",
    "share_chart",
    "sparkline",
    "tracker_chart",
    "value_breaks",
    "without_title",
]
