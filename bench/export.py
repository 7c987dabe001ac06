"""Seconds to export a 10-chart deck as a committee pack, PDF and PowerPoint, for the public
and for an officer, on the demo store; beside the floor measured in the same run: Chromium
drawing the deck's 10 figures alone (and, for scale, one trivial figure through kaleido).

Each export is whole, as a click makes it: every measure computed for the role, every chart
drawn in one Chromium session, the file written. Median of --rounds. Target: under 20 s on a
2-core machine. Runs in the benchmark's own process, on a store no app holds.
"""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from bench.table import Figure

DECK_SLIDES = (  # ten charts a board might see: totals, rates, shares and breakdowns
    ("referrals", "total"), ("referrals_by_harm", "harm_type"), ("re_referrals_12m", "total"),
    ("referrals", "source"), ("children_referred", "sex"), ("hospital_sharp_assault_u25", "total"),
    ("violence_recorded", "total"), ("mace_children", "total"), ("context_risk_reduced", "total"),
    ("staff_trained", "total"),
)
TARGET_SECONDS = 20


def median_seconds(action: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def export_figures(store_path: Path, repeats: int) -> list[Figure]:
    os.environ["SCRUTINY_STORE"] = str(store_path)
    # The pack reads names through ui.session's caches, which warn once per call outside an app.
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    import plotly.graph_objects as go

    from contracts.roles import Role
    from metrics.decks import page_deck
    from ui.packs import browser_available, deck_pdf, deck_pptx, render_pngs
    from ui.session import store
    from ui.slide_content import slide_content

    if not browser_available():
        raise SystemExit("No Chromium at /usr/bin/chromium: install Debian's chromium package.")
    deck = page_deck("Bench board", DECK_SLIDES, committee="Bench committee")
    with closing(store().cursor()) as con:
        trivial = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2]))
        one, _ = median_seconds(lambda: render_pngs([trivial]), repeats)
        figures = [slide_content(con, slide, Role.PUBLIC).figure for slide in deck.slides]
        floor, _ = median_seconds(lambda: render_pngs(figures), repeats)
        results = [Figure("Chromium start and 1 trivial figure drawn (kaleido)", one, "s")]
        for role in (Role.PUBLIC, Role.OFFICER):
            for name, writer in (("PDF", deck_pdf), ("PowerPoint", deck_pptx)):
                seconds, data = median_seconds(
                    lambda writer=writer, role=role: writer(con, deck, role, "Bench meeting"),
                    repeats)
                results.append(Figure(
                    f"export 10 charts to {name}, {role} ({len(data) / 1e6:.1f} MB)", seconds,
                    "s", floor, "10 figures drawn", f"< {TARGET_SECONDS} s",
                    seconds < TARGET_SECONDS))
    return results
