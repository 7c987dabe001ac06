"""Every string a figure carries shown as text, never as Plotly's HTML.

Plotly draws a subset of HTML in titles, axis and tick labels, legend names, annotations, data
labels and hover text: ``<a href>`` becomes a live link, ``<span style>`` restyles. Ward, deck
and authority names come from uploads and officers' typing, and reach a figure as categories,
trace names, hover text or inside a title, so the whole figure is walked once as it is built
(``ui.figure_cache.shared``, which every chart builder goes through) and each string is passed
through ``text.plotly_literal``. A figure with nothing to escape is left as it is.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ui.text import plotly_literal

# The theme's template holds only the kit's own styling: not walked.
NOT_WALKED = frozenset({"template"})


def literal_figure(fig: go.Figure) -> go.Figure:
    """The same figure (changed in place, before anyone shares it), with every ``<``/``>`` of
    its text that is not one of the kit's plain tags escaped."""
    drawn = fig.to_dict()
    for trace, spec in zip(fig.data, drawn["data"], strict=True):
        changed = _changed(spec)
        if changed:
            trace.update(changed)
    changed = _changed(drawn["layout"])
    if changed:
        fig.update_layout(changed)
    return fig


def _changed(spec: dict) -> dict:
    out = {}
    for key, value in spec.items():
        if key in NOT_WALKED:
            continue
        literal = _literal(value)
        if literal is not value:
            out[key] = literal
    return out


def _literal(value: object) -> object:
    """`value` with its strings made literal; the very same object when nothing changed."""
    if isinstance(value, str):
        literal = plotly_literal(value)
        return value if literal == value else literal
    if isinstance(value, dict):
        changed = _changed(value)
        return {**value, **changed} if changed else value
    if isinstance(value, list | tuple):
        if not any(isinstance(item, str | dict | list | tuple) for item in value):
            return value  # coordinates and values: nothing to escape
        items = [_literal(item) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items
    if isinstance(value, np.ndarray) and value.dtype.kind in "OU":
        listed = value.tolist()
        items = _literal(listed)
        return value if items is listed else items
    return value
