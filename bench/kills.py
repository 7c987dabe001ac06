"""SIGKILLs at random moments of a large load: after each, the store (once reopened, which puts
right what a killed writer left) must equal the store before the load or after the complete
load, table for table, and its archive folder must hold no partial or unreferenced file and a
manifest line for every logged change.

    python bench/kills.py [--rows 1000000] [--kills 20] [--seed 1] [--work DIR]

One kill is always aimed between the load's commit and its manifest line (the child stops
there). Then one kill lands between the commit and the manifest line of each other kind of
change (users, roles, sign-ins, decks, targets, settings, comparators, our authorities, the
audit, a restore): each store must equal the store before that change or after it.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

import duckdb  # noqa: E402

from store import audit, manifest  # noqa: E402
from store.archive import PARTIAL  # noqa: E402
from store.authorities import comparator_group_key, save_our_authorities  # noqa: E402
from store.connection import Store, archive_dir_for  # noqa: E402
from store.decks import delete_deck, save_deck  # noqa: E402
from store.targets import save_setting, set_target  # noqa: E402
from store.users import add_user, set_role, verify  # noqa: E402
from store.versions import restore_and_record  # noqa: E402

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"
STOP_AFTER_COMMIT = """
import sys, time
sys.path.insert(0, {root!r})
from store import manifest
def stop(*_args, **_kw):
    print("committed", flush=True)
    time.sleep(3600)
manifest.append = stop
import cli
cli.main(["--wait", "60", "ingest", {path!r}, "--la", "E06000004"])
"""
STOP_CHANGE_AFTER_COMMIT = """
import sys, time
sys.path.insert(0, {root!r})
from store import manifest
def stop(*_args, **_kw):
    print("committed", flush=True)
    time.sleep(3600)
manifest.append = stop
from bench.kills import CHANGES
from store.connection import Store
CHANGES[{kind!r}](Store({path!r}))
"""
PASSWORD = "a long enough password"


def _under_lock(write: Callable) -> Callable[[Store], None]:
    def change(store: Store) -> None:
        with store.write_lock, closing(store.cursor()) as con:
            write(con)
    return change


# Every kind of change beside a load, each made on the base store (which holds jo.officer, a
# deck and two loads of one quarter).
CHANGES: dict[str, Callable[[Store], None]] = {
    "add a user": _under_lock(lambda con: add_user(con, "sam.member", "member", PASSWORD, "cli")),
    "change a role": _under_lock(lambda con: set_role(con, "jo.officer", "admin", "cli")),
    "sign in": _under_lock(lambda con: verify(con, "jo.officer", PASSWORD)),
    "save a deck": _under_lock(lambda con: save_deck(con, "Board", '{"slides": []}', "jo.officer")),
    "delete a deck": _under_lock(lambda con: delete_deck(con, "Committee", "jo.officer")),
    "set a target": _under_lock(lambda con: set_target(con, "cce", "E06000004", "2025/26", 40, "jo")),
    "save a setting": _under_lock(lambda con: save_setting(con, "theme", "dark", "jo")),
    "choose comparators": _under_lock(lambda con: save_setting(
        con, comparator_group_key("E06000004"), ["E06000001", "E06000002"], "jo")),
    "choose our authorities": _under_lock(lambda con: save_our_authorities(con, ["E06000004"], "jo")),
    "audit an export": _under_lock(lambda con: audit.record(con, "jo", "export", what="x.csv")),
    "restore a load": lambda store: restore_and_record(store, 1, actor="jo"),
}


def write_referrals(path: Path, rows: int) -> Path:
    with path.open("w") as out:
        out.write(HEADER)
        for i in range(rows):
            out.write(f"R{i},C{i % 50_000},2025-{7 + i % 3:02d}-{1 + i % 28:02d},police,cce,{10 + i % 8}\n")
    return path


def signature(path: Path) -> dict[str, tuple]:
    """Every table's row count and an order-free hash of its rows, leaving out the times at
    which things happened (a load finished in a killed run is stamped later than the reference)."""
    Store(path).close()  # recovery, as when the app or the CLI next opens the store
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [t for (t,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
        found = {}
        for table in tables:
            columns = [c for c, kind in con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index", [table]).fetchall()
                if not kind.startswith("TIMESTAMP") and c != "archive_path"  # names its store's folder
                and (table, c) not in (("changes", "entry"), ("users", "password_hash"))]  # salted
            listed = ", ".join(f'"{c}"' for c in columns)
            found[table] = con.execute(
                f"SELECT count(*), coalesce(sum(hash(({listed}))), 0) FROM \"{table}\"").fetchone()
        return found
    finally:
        con.close()


def archive_problems(path: Path) -> list[str]:
    folder = archive_dir_for(path)
    problems = [f"partial file {p.name}" for p in folder.rglob(f"*{PARTIAL}")]
    con = duckdb.connect(str(path), read_only=True)
    try:
        kept = {s for (s,) in con.execute("SELECT sha256 FROM load_files").fetchall()}
        logged = {s for (s,) in con.execute("SELECT seq FROM changes").fetchall()}
    finally:
        con.close()
    problems += [f"unreferenced {p.name}" for p in folder.glob("??/*.*")
                 if p.suffix in (".zst", ".gz") and p.stem not in kept]
    in_manifest = {e["seq"] for e in manifest.entries(folder) if "seq" in e}
    if logged - in_manifest:
        problems.append(f"changes {sorted(logged - in_manifest)} missing from the manifest")
    return problems


def new_outcomes() -> dict:
    return {"before": 0, "after": 0, "neither": 0, "archive problems": 0}


def judge(target: Path, before: dict, after: dict, outcomes: dict) -> str:
    """Compares the killed store with the stores before and after its change, counts what it
    equals (and whether its archive has a problem) in `outcomes`, and says what it found, naming
    the tables equal to neither side."""
    found = signature(target)
    state = "before" if found == before else "after" if found == after else "neither"
    outcomes[state] += 1
    if state == "neither":
        state += " (" + ", ".join(t for t in found if found[t] not in (before.get(t), after.get(t))) + ")"
    problems = archive_problems(target)
    outcomes["archive problems"] += bool(problems)
    return f"store equals {state}" + (f"; {'; '.join(problems)}" if problems else "")


def copy_store(source: Path, target: Path) -> None:
    shutil.rmtree(target.parent, ignore_errors=True)
    target.parent.mkdir(parents=True)
    shutil.copy2(source, target)
    shutil.copytree(archive_dir_for(source), archive_dir_for(target))


def run(rows: int, kills: int, seed: int, work: Path) -> dict:
    rng = random.Random(seed)
    base = work / "base" / "s.duckdb"
    base.parent.mkdir(parents=True, exist_ok=True)
    big = write_referrals(work / "big.csv", rows)
    for name, count in (("earlier.csv", 50), ("later.csv", 60)):
        subprocess.run([sys.executable, str(ROOT / "cli.py"), "ingest",
                        str(write_referrals(work / name, count)), "--la", "E06000004"],
                       env={"SCRUTINY_STORE": str(base), "PATH": "/usr/bin:/bin"}, check=True,
                       capture_output=True)
    with closing(Store(base)) as store:
        _under_lock(lambda con: add_user(con, "jo.officer", "officer", PASSWORD, "cli"))(store)
        _under_lock(lambda con: save_deck(con, "Committee", '{"slides": []}', "jo.officer"))(store)
    other_changes = kill_other_changes(base, work)
    before = signature(base)
    reference = work / "reference" / "s.duckdb"
    copy_store(base, reference)
    started = time.monotonic()
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "ingest", str(big), "--la", "E06000004"],
                   env={"SCRUTINY_STORE": str(reference), "PATH": "/usr/bin:/bin"}, check=True,
                   capture_output=True)
    load_seconds = time.monotonic() - started
    after = signature(reference)
    outcomes = new_outcomes()
    for number in range(kills):
        target = work / "kill" / "s.duckdb"
        copy_store(base, target)
        env = {"SCRUTINY_STORE": str(target), "PATH": "/usr/bin:/bin"}
        if number == 0:  # between the commit and the manifest line
            child = subprocess.Popen([sys.executable, "-c", STOP_AFTER_COMMIT.format(
                root=str(ROOT), path=str(big))], env=env, stdout=subprocess.PIPE, text=True)
            child.stdout.readline()
            moment = "between commit and manifest"
        else:
            child = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "ingest", str(big),
                                      "--la", "E06000004"], env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            delay = rng.uniform(0, load_seconds * 1.1)
            time.sleep(delay)
            moment = f"{delay:.2f} s"
        child.send_signal(signal.SIGKILL)
        child.wait()
        print(f"kill {number + 1:2d} at {moment}: {judge(target, before, after, outcomes)}",
              flush=True)
    outcomes["load seconds"] = round(load_seconds, 1)
    outcomes["other changes"] = other_changes
    return outcomes


def kill_other_changes(base: Path, work: Path) -> dict:
    """One kill per kind of change beside a load, between its commit and its manifest line."""
    outcomes = new_outcomes()
    before = signature(base)
    for kind, change in CHANGES.items():
        reference = work / "reference" / "s.duckdb"
        copy_store(base, reference)
        with closing(Store(reference)) as store:
            change(store)
        after = signature(reference)
        target = work / "kill" / "s.duckdb"
        copy_store(base, target)
        child = subprocess.Popen([sys.executable, "-c", STOP_CHANGE_AFTER_COMMIT.format(
            root=str(ROOT), path=str(target), kind=kind)], env={"PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE, text=True)
        child.stdout.readline()
        child.send_signal(signal.SIGKILL)
        child.wait()
        print(f"kill between commit and manifest line of '{kind}': "
              f"{judge(target, before, after, outcomes)}", flush=True)
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", help="folder for the stores (default: temporary, removed)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="scrutiny-kills-"))
    try:
        outcomes = run(args.rows, args.kills, args.seed, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(outcomes)
    sys.exit(0 if failures(outcomes) == 0 else 1)


def failures(outcomes: dict) -> int:
    """Kills that left a store equal to neither side, or an archive with something wrong."""
    return sum(found["neither"] + found["archive problems"]
               for found in (outcomes, outcomes["other changes"]))


if __name__ == "__main__":
    main()
