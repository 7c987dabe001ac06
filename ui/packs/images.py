"""Static PNGs of Plotly figures through Plotly's own export path: kaleido driving Debian's
Chromium (/usr/bin/chromium), never a browser kaleido downloads for itself.

Starting Chromium costs about 2.5 s on a 2-core machine and a figure about 0.15 s once it runs,
so a pack renders all its figures in one browser session, in two tabs. One export renders at a
time in this process: two Chromiums at once would only share the same two cores.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

# Choreographer's own variable names the browser; Debian's package is the default. kaleido is
# always handed an explicit path, so it never looks for (or fetches) a Chrome of its own.
BROWSER = Path(os.environ.get("BROWSER_PATH", "/usr/bin/chromium"))
# CSS pixels of one chart image: the slide's chart box is about 8.2 x 4.75 inches, so the
# screen template's 16 px type prints at about 11 pt. Scale 1.5 (1320 pixels across) is sharper
# than a 1920-pixel projector shows that box, and about 200 dpi on the A4 page.
WIDTH, HEIGHT, SCALE = 880, 510, 1.5
TABS = 2  # one per core
SECONDS_PER_FIGURE = 60

_ONE_EXPORT_AT_A_TIME = threading.Lock()


class ChartExportUnavailable(RuntimeError):
    """No browser to draw the charts with: the sentence is for the person exporting."""


def browser_available() -> bool:
    return BROWSER.is_file() and os.access(BROWSER, os.X_OK)


def render_pngs(figures: Sequence[go.Figure], *, width: int = WIDTH, height: int = HEIGHT,
                scale: float = SCALE) -> list[bytes]:
    """PNG bytes of each figure, in order, from one Chromium session."""
    if not figures:
        return []
    if not browser_available():
        raise ChartExportUnavailable(
            f"Charts cannot be drawn for the pack: no Chromium at {BROWSER}. Install Debian's "
            "chromium package (or set BROWSER_PATH to a Chromium-based browser)."
        )
    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    with _ONE_EXPORT_AT_A_TIME:
        return _run(_render_all(list(figures), opts))


async def _render_all(figures: list[go.Figure], opts: dict) -> list[bytes]:
    import kaleido  # ~0.1 s, and only an export needs it

    async with kaleido.Kaleido(path=str(BROWSER), n=min(TABS, len(figures)), mathjax=False,
                               timeout=SECONDS_PER_FIGURE) as browser:
        return list(await asyncio.gather(*(browser.calc_fig(fig, opts=opts) for fig in figures)))


def _run(coroutine: Coroutine[Any, Any, list[bytes]]) -> list[bytes]:
    """Run to completion from synchronous code, also where an event loop already runs here
    (then on a thread of its own, as asyncio.run refuses to nest)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
