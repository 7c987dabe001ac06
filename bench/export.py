"""Seconds to export a 10-chart deck as a committee pack, PDF and PowerPoint, for the public
and for an officer, on the demo store; beside the floor measured in the same run: Chromium
drawing one trivial figure through kaleido, and drawing the deck's 10 figures alone.

    python bench/export.py [--repeats 3]

Each export is whole, as a click makes it: every measure computed for the role, every chart
drawn in one Chromium session, the file written. Target: under 20 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DECK_SLIDES = (  # ten charts a board might see: totals, rates, shares and breakdowns
    ("referrals", "total"), ("referrals_by_harm", "harm_type"), ("re_referrals_12m", "total"),
    ("referrals", "source"), ("children_referred", "sex"), ("hospital_sharp_assault_u25", "total"),
    ("violence_recorded", "total"), ("mace_children", "total"), ("context_risk_reduced", "total"),
    ("staff_trained", "total"),
)
TARGET_SECONDS = 20


def build_demo(path: Path) -> None:
    env = {**os.environ, "SCRUTINY_STORE": str(path)}
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "demo"], env=env, check=True,
                   capture_output=True)


def median_seconds(action: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="scrutiny-bench-export-"))
    store_path = folder / "demo.duckdb"
    build_demo(store_path)
    os.environ["SCRUTINY_STORE"] = str(store_path)
    # The pack reads names through ui.session's caches, which warn once per call outside an app.
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    import plotly.graph_objects as go

    from metrics.api import Role
    from metrics.decks import page_deck
    from ui.packs import browser_available, deck_pdf, deck_pptx, render_pngs
    from ui.session import store
    from ui.slide_content import slide_content

    if not browser_available():
        sys.exit("No Chromium at /usr/bin/chromium: install Debian's chromium package.")
    deck = page_deck("Bench board", DECK_SLIDES, committee="Bench committee")
    print(f"machine: {os.cpu_count()} cores; median of {args.repeats} runs; "
          f"deck of {len(deck.slides)} charts on the demo store")
    rows = []
    with closing(store().cursor()) as con:
        trivial = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2]))
        seconds, _ = median_seconds(lambda: render_pngs([trivial]), args.repeats)
        rows.append(("floor: start Chromium, draw 1 trivial figure", seconds, ""))
        figures = [slide_content(con, slide, Role.PUBLIC).figure for slide in deck.slides]
        seconds, _ = median_seconds(lambda: render_pngs(figures), args.repeats)
        rows.append(("floor: start Chromium, draw the deck's 10 figures", seconds, ""))
        for role in (Role.PUBLIC, Role.OFFICER):
            for name, writer in (("PDF", deck_pdf), ("PowerPoint", deck_pptx)):
                seconds, data = median_seconds(
                    lambda writer=writer, role=role: writer(con, deck, role, "Bench meeting"),
                    args.repeats)
                rows.append((f"export 10 charts to {name}, {role}", seconds,
                             f"{len(data) / 1e6:.1f} MB"))
    width = max(len(label) for label, _, _ in rows)
    print(f"{'what':<{width}}  seconds  file")
    for label, seconds, size in rows:
        print(f"{label:<{width}}  {seconds:7.1f}  {size}")
    slowest = max(seconds for label, seconds, _ in rows if label.startswith("export"))
    verdict = "meets" if slowest < TARGET_SECONDS else "misses"
    print(f"slowest export {slowest:.1f} s: {verdict} the {TARGET_SECONDS} s target")


if __name__ == "__main__":
    main()
