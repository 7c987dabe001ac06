"""The replica path of docs/deploy.md, measured: do two read-only replicas serve twice the pages
one app process can, at the same CPU per page?

The writer publishes a snapshot of the demo store (`cli.py loads` with SCRUTINY_SNAPSHOTS set, as
the deployment's ExecStartPre does); then the same N protocol sessions (bench/protocol.py) open
the heaviest page, each `visits` times, first all against one replica, then half against each of
two. Python serves one thread at a time, so one process is bounded by one core whatever the
sessions; a second replica should bring the machine's second core. The figures are pages served
per second over the whole run (the capacity a deployment plans with) and app CPU per page
summed over the processes: if the second holds the first's, capacity scales by replicas, and the
cores-per-audience sums in docs/deploy.md hold.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from bench.process import cpu_seconds
from bench.protocol import HEAVIEST_PAGE, Served, one_session, warm
from bench.table import Figure
from browser import running_app
from store.replica import REPLICA_ENV
from store.snapshots import PUBLISH_ENV

ROOT = Path(__file__).resolve().parent.parent
SCALING_TARGET = 1.6  # two replicas on two cores: at least this many times one process's pages/s
CPU_HOLD_TARGET = 1.25  # CPU per page on two replicas: at most this many times one process's


@dataclass(frozen=True)
class Throughput:
    processes: int
    served: Served
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return len(self.served.samples) / self.seconds


async def _serve_spread(apps: list[tuple[str, int]], sessions: int, visits: int) -> Throughput:
    served = Served()
    cpu_before = [cpu_seconds(pid) for _, pid in apps]
    started = time.perf_counter()
    urls = [url for url, _ in apps]
    await asyncio.gather(*(one_session(urls[index % len(urls)], HEAVIEST_PAGE, visits, None,
                                       served) for index in range(sessions)))
    seconds = time.perf_counter() - started
    served.app_cpu = sum(cpu_seconds(pid) - before
                         for (_, pid), before in zip(apps, cpu_before, strict=True))
    return Throughput(len(apps), served, seconds)


def publish(store: Path, snapshots: Path) -> None:
    """The writer's first snapshot, as `ExecStartPre=cli.py loads` makes it in docs/deploy.md."""
    env = {**os.environ, "SCRUTINY_STORE": str(store), PUBLISH_ENV: str(snapshots)}
    subprocess.run([sys.executable, "cli.py", "loads"], cwd=ROOT, env=env, check=True,
                   capture_output=True)


def measure_replicas(store: Path, folder: Path, sessions: int, visits: int
                     ) -> tuple[Throughput, Throughput]:
    """The same sessions on one replica, then spread over two, each replica warmed first."""
    snapshots = folder / "snapshots"
    publish(store, snapshots)
    env = {REPLICA_ENV: str(snapshots)}
    with ExitStack() as running:
        apps = [running.enter_context(running_app(store, folder / f"replica-{n}.log",
                                                  with_pid=True, env=env)) for n in (1, 2)]
        for url, pid in apps:
            warm(url, pid)
        one = asyncio.run(_serve_spread(apps[:1], sessions, visits))
        two = asyncio.run(_serve_spread(apps, sessions, visits))
    return one, two


def replica_figures(one: Throughput, two: Throughput) -> list[Figure]:
    label = f"replicas: {one.served.pages} pages by 1 process"
    errors = len(one.served.errors) + len(two.served.errors)
    return [
        Figure(f"{label}: pages served per second", one.pages_per_second, "pages/s"),
        Figure("replicas: the same pages spread over 2 replicas: pages served per second",
               two.pages_per_second, "pages/s", one.pages_per_second, "1 process",
               f">= {SCALING_TARGET:g}x", two.pages_per_second
               >= SCALING_TARGET * one.pages_per_second),
        Figure("replicas: app CPU per page, 2 replicas (summed)", two.served.app_cpu_per_page,
               "s", one.served.app_cpu_per_page, "1 process", f"<= {CPU_HOLD_TARGET:g}x",
               two.served.app_cpu_per_page <= CPU_HOLD_TARGET * one.served.app_cpu_per_page),
        Figure(f"replicas: session errors ({one.served.pages + two.served.pages} pages)",
               errors, "", target="0", met=errors == 0),
    ]
