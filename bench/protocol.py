"""The server's own capacity, without browsers: N simulated sessions at once speak Streamlit's
websocket protocol to one app process (the `BackMsg`/`ForwardMsg` protobufs of the installed
Streamlit), each opening the heaviest page in a new app session: connect to `/_stcore/stream`
(subprotocol `streamlit`), send a `rerun_script` BackMsg naming the page as a browser's first
request does, read ForwardMsgs until `script_finished`. The seconds from connect to script
finished are the server's work for that page (and its wait for the cores): no renderer competes
for the two cores, so a faster app shows as a faster figure, which the browser figures of
bench/viewers.py cannot show.

Errors are sessions that did not finish, an exception element in the page, a page not found or a
script that did not compile. App CPU per page is read from /proc for the app process: its CPU
seconds over the run divided by the pages served (an officer's load included, when one runs).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import numpy as np
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.process import cpu_seconds
from bench.table import Figure
from bench.upload import Load, LoadTimes
from browser import CHROMIUM, CHROMIUM_ARGS

HEAVIEST_PAGE = "referrals"  # Referral trends: the most charts and tables (issue 16)
P95_TARGET = 3.0
CPU_TARGET = 0.10  # app CPU seconds per page opened
SESSION_TIMEOUT = 180.0
FINISHED = ForwardMsg.ScriptFinishedStatus


@dataclass
class Served:
    """What N protocol sessions saw: seconds from connect to script finished per page, failures,
    the app's CPU seconds meanwhile and the bytes of ForwardMsgs received per page."""
    samples: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    app_cpu: float = 0.0
    load: LoadTimes | None = None

    @property
    def pages(self) -> int:
        return len(self.samples) + len(self.errors)

    @property
    def app_cpu_per_page(self) -> float:
        return self.app_cpu / max(self.pages, 1)


def stream_url(url: str) -> str:
    return url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"


def first_request(page: str, query: str = "") -> bytes:
    """The BackMsg a browser sends when it opens /page: run the script for that page."""
    message = BackMsg()
    state = message.rerun_script
    state.query_string = query
    state.page_name = page
    state.context_info.timezone = "Europe/London"
    state.context_info.locale = "en-GB"
    return message.SerializeToString()


def _failure(message: ForwardMsg) -> str | None:
    kind = message.WhichOneof("type")
    if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
        element = message.delta.new_element
        if element.WhichOneof("type") == "exception":
            return f"exception {element.exception.type}: {element.exception.message[:200]}"
    if kind == "page_not_found":
        return "page not found"
    if kind == "script_finished" and message.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
        return "script did not compile"
    return None


async def open_page(url: str, page: str, served: Served) -> None:
    """One new app session opening `page`: its seconds (or its failure) and bytes into `served`."""
    started = time.perf_counter()
    received = 0
    try:
        async with asyncio.timeout(SESSION_TIMEOUT):
            async with websockets.connect(stream_url(url), subprotocols=["streamlit"],
                                          max_size=None, ping_interval=None) as socket:
                await socket.send(first_request(page))
                while True:
                    data = await socket.recv()
                    received += len(data)
                    message = ForwardMsg()
                    message.ParseFromString(data)
                    if failure := _failure(message):
                        served.errors.append(f"/{page}: {failure}")
                        return
                    if (message.WhichOneof("type") == "script_finished"
                            and message.script_finished == FINISHED.FINISHED_SUCCESSFULLY):
                        break
    except (OSError, TimeoutError, websockets.WebSocketException) as error:
        served.errors.append(f"/{page}: {type(error).__name__} {error}".strip())
        return
    served.samples.append(time.perf_counter() - started)
    served.sizes.append(received)


async def one_session(url: str, page: str, visits: int, loading: asyncio.Event | None,
                   served: Served) -> None:
    """Open `page` `visits` times, one after another, and more while `loading` is unset."""
    opened = 0
    while opened < visits or (loading is not None and not loading.is_set()):
        opened += 1
        await open_page(url, page, served)


async def _serve(url: str, pid: int, sessions: int, page: str, visits: int,
                 load: Load | None) -> Served:
    served = Served()
    cpu = cpu_seconds(pid)
    if load is None:
        await asyncio.gather(*(one_session(url, page, visits, None, served)
                               for _ in range(sessions)))
    else:
        from playwright.async_api import async_playwright

        loading = asyncio.Event()
        async with async_playwright() as playwright:  # a browser for the officer alone
            browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
            try:
                async def officer() -> LoadTimes:
                    try:
                        return await load(browser, url)
                    finally:
                        loading.set()

                officer_task = asyncio.create_task(officer())
                await asyncio.gather(*(one_session(url, page, visits, loading, served)
                                       for _ in range(sessions)))
                served.load = await officer_task
            finally:
                await browser.close()
    served.app_cpu = cpu_seconds(pid) - cpu
    return served


def serve(url: str, pid: int, sessions: int, page: str = HEAVIEST_PAGE, visits: int = 1,
          load: Load | None = None) -> Served:
    """`sessions` protocol sessions at once against the app at `url` (process `pid`), each
    opening `page` `visits` times, and more for as long as `load(browser, url)` runs."""
    return asyncio.run(_serve(url, pid, sessions, page, visits, load))


def warm(url: str, pid: int, page: str = HEAVIEST_PAGE) -> None:
    """One session opens the page first, filling the shared caches, as before a meeting."""
    served = serve(url, pid, 1, page)
    if served.errors:
        raise RuntimeError(f"the page failed before the benchmark started: {served.errors[0]}")


def cpu_figure(served: Served, page: str = HEAVIEST_PAGE) -> Figure:
    """App CPU per page, one session at a time (Python serves one thread at a time, so this
    bounds how many pages two cores can serve a second)."""
    return Figure(f"protocol: app CPU per page opened (/{page}, one session at a time, "
                  f"{served.pages} pages)", served.app_cpu_per_page, "s",
                  target=f"<= {CPU_TARGET:g} s", met=served.app_cpu_per_page <= CPU_TARGET)


def protocol_figures(label: str, served: Served, floor: Served | None) -> list[Figure]:
    """p50/p95 from connect to script finished, CPU and bytes per page and errors, beside one
    session alone (`floor`). While a load runs, the CPU per page carries the load's share, so it
    is shown without the target."""
    p50, p95 = (np.percentile(served.samples, [50, 95]) if served.samples
                else (float("nan"), float("nan")))
    floor_p50 = float(np.median(floor.samples)) if floor and floor.samples else None
    floor_name = "1 session alone" if floor_p50 is not None else ""
    kilobytes = float(np.median(served.sizes)) / 1e3 if served.sizes else float("nan")
    return [
        Figure(f"{label}: p50 connect to script finished", float(p50), "s", floor_p50,
               floor_name),
        Figure(f"{label}: p95 connect to script finished", float(p95), "s", floor_p50,
               floor_name, f"< {P95_TARGET:g} s", bool(p95 < P95_TARGET)),
        Figure(f"{label}: app CPU per page" + (", the load's included" if served.load else ""),
               served.app_cpu_per_page, "s", floor.app_cpu_per_page if floor else None,
               floor_name, "" if served.load else f"<= {CPU_TARGET:g} s",
               None if served.load else served.app_cpu_per_page <= CPU_TARGET),
        Figure(f"{label}: ForwardMsg bytes per page", kilobytes, "KB"),
        Figure(f"{label}: session errors ({served.pages} pages)", len(served.errors), "",
               target="0", met=not served.errors),
    ]
