"""Every performance figure of the dashboard in one table, each beside its floor measured in the
same run on this machine: `make bench` (the full run, about an hour on 2 cores) or
`make bench-quick` (small sizes, about ten minutes, to check the benchmark itself).

    python bench/run.py [--ingest-rows 1000000,6000000] [--large-rows 6000000,30000000]
        [--month-rows 500000] [--rounds 3] [--viewers 10,30] [--load-rows 1000000]
        [--load-via auto|upload|writer] [--soak-minutes 30] [--present-minutes 10]
        [--sessions 1,10,30] [--replica-sessions 30]
        [--only ingest,pages,protocol,replicas,viewers,soak,present,export,sweeps,kills]
        [--kill-rows 1000000] [--work DIR]

- ingest (bench/ingest.py): `cli.py ingest` of police.uk files of each size vs DuckDB's bare
  `read_csv` of the same file;
- pages (bench/pages.py): cold start, each page's first view and the slowest cached page in
  headless Chromium, on the demo store and on the demo store with national police.uk volumes
  added month by month (6M rows is a year, 30M five), vs a one-chart page (bench/minimal_app.py);
- protocol (bench/protocol.py): the server alone, no browsers: --sessions simulated sessions at
  once speak Streamlit's websocket protocol, each opening the heaviest page, with no load and
  while an officer loads --load-rows rows (--load-via as for viewers; 0 skips it): seconds from
  connect to script finished, app CPU per page, errors;
- replicas (bench/replicas.py): --replica-sessions protocol sessions on one read-only replica,
  then spread over two (docs/deploy.md): pages served per second and app CPU per page, to show
  the capacity sums of docs/deploy.md hold when replicas are added;
- viewers (bench/viewers.py): N browser sessions at once while an officer loads a police.uk
  file, through the upload page (`upload`, needs the sign-in page) or through the writer of a
  replica (`writer`, docs/deploy.md); `auto` picks `upload` when the app has a sign-in page;
- soak (bench/soak.py): sessions opening and closing pages for --soak-minutes (0 skips it);
- present (bench/present.py): a deck left on screen, its live slide ticking every second for
  --present-minutes: browser heap, DOM nodes and app memory at the start and the end;
- export (bench/export.py): a 10-chart committee pack to PDF and PowerPoint vs Chromium drawing
  the same figures;
- sweeps (bench/sweeps.py): the browser tests' sweeps that `make test` keeps to one
  representative size (every demo slide at 1920x1080 as well as 1366x768), through pytest;
- kills (bench/kills.py, only when named in --only): 20 SIGKILLs at random moments of a
  --kill-rows load, one between its commit and its manifest line, and one between the commit
  and the manifest line of each other kind of change (users, sign-ins, decks, targets,
  settings, comparators, audit, restore); each store must equal the store before or after the
  change, with nothing left over in its archive.

Peak memory of the app process is read in each case. Everything runs on loopback; generated
files go to --work (a temporary folder, removed at the end unless given) and are deleted once
loaded.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import duckdb  # noqa: E402
import streamlit  # noqa: E402

from bench.export import export_figures  # noqa: E402
from bench.ingest import bare_read_seconds, ingest_figures  # noqa: E402
from bench.kills import failures as kill_failures  # noqa: E402
from bench.kills import run as run_kills  # noqa: E402
from bench.pages import (  # noqa: E402
    MINIMAL_APP,
    PAGES,
    app_run,
    minimal_run,
    page_figures,
    startup_figures,
)
from bench.present import present, present_figures  # noqa: E402
from bench.process import peak_memory_mb  # noqa: E402
from bench.protocol import cpu_figure, protocol_figures, serve, warm  # noqa: E402
from bench.replicas import measure_replicas, replica_figures  # noqa: E402
from bench.soak import soak, soak_figures  # noqa: E402
from bench.stores import (  # noqa: E402
    add_police_months,
    build_demo,
    copy_store,
    police_zip,
    write_police_file,
)
from bench.sweeps import sweeps  # noqa: E402
from bench.table import Figure, render  # noqa: E402
from bench.upload import LOAD_PATHS, load_figures, prepare_load  # noqa: E402
from bench.viewers import CROWD_VISITS, crowd_figures, viewer_figures, watch  # noqa: E402
from browser import running_app  # noqa: E402

PARTS = ("ingest", "pages", "protocol", "replicas", "viewers", "soak", "present", "export",
         "sweeps")
REPLICA_VISITS = 3  # pages each replica session opens, one after another
STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def sizes(text: str) -> list[int]:
    return [int(float(part)) for part in text.split(",") if part]


def millions(rows: int) -> str:
    return f"{rows / 1e6:g}M"


def run_pages(work: Path, demo: Path, args) -> list[Figure]:
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    progress("pages: the one-chart floor")
    floor = minimal_run(logs, args.rounds)
    progress("pages: demo store")
    demo_run = app_run(demo, logs, args.rounds)
    figures = startup_figures("demo store", demo_run, floor)
    figures += page_figures("demo", demo_run, floor, None)
    large = work / "large" / "large.duckdb"
    copy_store(demo, large)
    month = write_police_file(work / "2025-07-month-street.csv", "2025-07", args.month_rows, 0)
    bare_month = bare_read_seconds(month)
    month.unlink()
    loaded = 0
    for rows in args.large_rows:
        months = rows // args.month_rows
        progress(f"pages: loading months {loaded + 1}-{months} of {args.month_rows:,} police rows")
        seconds = add_police_months(large, range(loaded, months), args.month_rows, work)
        loaded = months
        label = f"demo + {millions(rows)} police rows"
        figures.append(Figure(f"cli ingest of the last month ({args.month_rows:,} rows), {label}",
                              seconds[-1], "s", bare_month, "read_csv"))
        progress(f"pages: {label}")
        run = app_run(large, logs, args.rounds)
        figures += startup_figures(label, run, floor)
        figures += page_figures(label, run, floor, demo_run)
    return figures


def load_via(args) -> str:
    if args.load_via == "auto":
        return "upload" if (ROOT / "views" / "sign_in.py").exists() else "writer"
    return args.load_via


def officer_file(work: Path, args) -> tuple[Path, float]:
    """The police.uk zip an officer loads (protocol and viewers), and DuckDB's bare read of it."""
    folder = work / "officer"
    folder.mkdir(parents=True, exist_ok=True)
    csv = write_police_file(folder / "2025-07-officer-street.csv", "2025-07", args.load_rows, 7)
    bare = bare_read_seconds(csv)
    upload = police_zip(csv)
    csv.unlink()
    return upload, bare


def run_protocol(work: Path, demo: Path, args) -> list[Figure]:
    how = load_via(args)
    store = work / "protocol" / "store.duckdb"
    copy_store(demo, store)
    progress(f"protocol: {', '.join(map(str, args.sessions))} sessions, no load")
    with running_app(store, work / "protocol" / "app.log", with_pid=True) as (url, pid):
        warm(url, pid)
        one_by_one = serve(url, pid, 1, visits=5)
        figures = [cpu_figure(one_by_one)]
        for sessions in args.sessions:
            figures += protocol_figures(f"protocol: {sessions} session(s) at once, no load",
                                        serve(url, pid, sessions), one_by_one)
    if not args.load_rows:  # --load-rows 0: the server alone only
        return figures
    upload, bare = officer_file(work, args)
    for sessions in args.sessions:
        folder = work / f"protocol-{sessions}"
        store, snapshots = folder / "store.duckdb", folder / "snapshots"
        copy_store(demo, store)
        env, load = prepare_load(how, store, snapshots, upload)
        progress(f"protocol: {sessions} sessions while an officer loads "
                 f"{millions(args.load_rows)} rows ({how})")
        with running_app(store, folder / "app.log", with_pid=True, env=env) as (url, pid):
            warm(url, pid)
            served = serve(url, pid, sessions, load=load)
        for error, times in Counter(served.errors).most_common():
            progress(f"protocol: {times} x {error}")
        label = (f"protocol: {sessions} session(s) + officer loading {millions(args.load_rows)} "
                 f"rows ({how})")
        figures += protocol_figures(label, served, one_by_one)
        figures += load_figures(f"officer's load during {sessions} protocol sessions ({how})",
                                served.load, bare)
        shutil.rmtree(folder)
    return figures


def run_viewers(work: Path, demo: Path, args) -> list[Figure]:
    how = load_via(args)
    upload, bare = officer_file(work, args)
    figures = []
    for viewers in args.viewers:
        progress(f"viewers: {viewers} sessions of the one-chart page, no load")
        with running_app(work / "none.duckdb", work / f"crowd-{viewers}.log", app=MINIMAL_APP,
                         with_pid=True) as (url, pid):
            figures += crowd_figures(viewers, watch(url, pid, viewers, visits=CROWD_VISITS,
                                                    paths=[""]))
        folder = work / f"viewers-{viewers}"
        store, snapshots = folder / "store.duckdb", folder / "snapshots"
        copy_store(demo, store)
        env, load = prepare_load(how, store, snapshots, upload)
        progress(f"viewers: {viewers} sessions while an officer loads {millions(args.load_rows)} "
                 f"rows ({how})")
        with running_app(store, folder / "app.log", with_pid=True, env=env) as (url, pid):
            alone = watch(url, pid, 1, visits=len(PAGES))  # also fills the caches, as before a meeting
            unloaded = watch(url, pid, viewers, visits=len(PAGES))
            watched = watch(url, pid, viewers, load=load)
            peak = peak_memory_mb(pid)
        for error, times in Counter(watched.errors).most_common():
            progress(f"viewers: {times} x {error}")
        label = f"{viewers} viewers + officer loading {millions(args.load_rows)} rows ({how})"
        figures += viewer_figures(label, watched, alone, peak, unloaded)
        figures += load_figures(f"officer's load during {viewers} viewers ({how})", watched.load,
                                bare)
        shutil.rmtree(folder)
    return figures


def run_replicas(work: Path, demo: Path, args) -> list[Figure]:
    folder = work / "replicas"
    store = folder / "store.duckdb"
    copy_store(demo, store)
    progress(f"replicas: {args.replica_sessions} sessions on one replica, then on two")
    one, two = measure_replicas(store, folder, args.replica_sessions, REPLICA_VISITS)
    for error in (one.served.errors + two.served.errors)[:5]:
        progress(f"replicas: {error}")
    shutil.rmtree(folder)
    return replica_figures(one, two)


def run_soak(work: Path, demo: Path, args) -> list[Figure]:
    store = work / "soak" / "store.duckdb"
    copy_store(demo, store)
    progress(f"soak: {args.soak_minutes:g} minutes")
    with running_app(store, work / "soak" / "app.log", with_pid=True) as (url, pid):
        soaked = soak(url, pid, work / "soak" / "app.log", args.soak_minutes)
    return soak_figures(soaked)


def run_present(work: Path, demo: Path, args) -> list[Figure]:
    store = work / "present" / "store.duckdb"
    copy_store(demo, store)
    progress(f"present: a deck on screen for {args.present_minutes:g} minutes")
    return present_figures(present(store, work / "present" / "app.log", args.present_minutes))


def header(args, load_before: float) -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    lines = [
        f"bench/run.py, {datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} cores, {memory:.0f} GB; "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}, "
        f"Streamlit {streamlit.__version__}",
        "ratio = value / floor",
    ]
    if "pages" in args.only:
        lines.append(f"page figures: median of {args.rounds} fresh app process(es); first view = "
                     "the page's measures not yet cached")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ingest-rows", type=sizes, default=sizes("1000000,6000000"))
    parser.add_argument("--large-rows", type=sizes, default=sizes("6000000,30000000"))
    parser.add_argument("--month-rows", type=int, default=500_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--viewers", type=sizes, default=sizes("10,30"))
    parser.add_argument("--sessions", type=sizes, default=sizes("1,10,30"))
    parser.add_argument("--replica-sessions", type=int, default=30)
    parser.add_argument("--load-rows", type=int, default=1_000_000)
    parser.add_argument("--load-via", choices=("auto", *LOAD_PATHS), default="auto")
    parser.add_argument("--soak-minutes", type=float, default=30)
    parser.add_argument("--present-minutes", type=float, default=10)
    parser.add_argument("--kill-rows", type=int, default=1_000_000)
    parser.add_argument("--only", type=lambda text: text.split(","), default=list(PARTS))
    parser.add_argument("--work", help="folder for stores and files (default: temporary)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="scrutiny-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    figures: list[Figure] = []
    try:
        for rows in args.ingest_rows if "ingest" in args.only else []:
            progress(f"ingest: {millions(rows)} rows")
            figures += ingest_figures(rows, work)
        demo = work / "demo" / "demo.duckdb"
        if (set(PARTS[1:]) - {"sweeps"}) & set(args.only) and not demo.exists():
            progress("building the demo store")
            build_demo(demo)
        if "pages" in args.only:
            figures += run_pages(work, demo, args)
        if "protocol" in args.only:
            figures += run_protocol(work, demo, args)
        if "replicas" in args.only:
            figures += run_replicas(work, demo, args)
        if "viewers" in args.only:
            figures += run_viewers(work, demo, args)
        if "soak" in args.only and args.soak_minutes > 0:
            figures += run_soak(work, demo, args)
        if "present" in args.only and args.present_minutes > 0:
            figures += run_present(work, demo, args)
        if "sweeps" in args.only:
            progress("sweeps: the browser tests at every size (pytest)")
            figures += sweeps(work / "sweeps")
        if "kills" in args.only:
            progress(f"kills: 20 SIGKILLs during a {millions(args.kill_rows)}-row load, and one "
                     "between the commit and the log of each other kind of change")
            found = run_kills(args.kill_rows, 20, 1, work / "kills")
            progress(f"kills: {found}")
            figures.append(Figure("Kills leaving a store equal to neither before nor after",
                                  kill_failures(found), "", target="0",
                                  met=kill_failures(found) == 0))
        if "export" in args.only:  # last: it opens its store in this process
            progress("export: committee packs")
            copy_store(demo, work / "export" / "demo.duckdb")
            figures += export_figures(work / "export" / "demo.duckdb", args.rounds)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(header(args, load_before))
    print(render(figures))


if __name__ == "__main__":
    main()
