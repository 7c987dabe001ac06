"""Command line for officers' scripts, tests and the engineer on call.

    python cli.py ingest FILE... [--la CODE] [--extract TYPE] [--period P] [--errors OUT.csv]
    python cli.py loads | restore LOAD_ID | template TYPE | demo
    python cli.py rebuild --to NEW_STORE [--from DIR] | backup DIR
    python cli.py user add NAME --role officer [--password-stdin] | user list | user disable NAME
    python cli.py setup-link [--url URL]
    python cli.py measures | measure ID [--period P] [--by BREAKDOWN] [--la CODE] [--csv]

Exit codes: 0 everything stored, 1 a file refused (nothing from it stored), 2 usage errors,
3 the store stayed busy (another program held it) for longer than --wait seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import contextvars
import io
import re
import sys
from pathlib import Path

from contracts.authorities import resolve
from contracts.cells import neutralise_formula
from contracts.extracts import CATALOGUE
from contracts.templates import template_file_name, template_text
from contracts.words import counted
from ingest.pipeline import load, plan_uploads
from ingest.preview import PeriodChoice
from ingest.validate import Options
from store.connection import Store, StoreBusy, StoreSettingError
from store.versions import RestoreError, list_loads, restore_and_record

ACTOR = "cli"
BUSY_EXIT = 3
DEFAULT_WAIT_SECONDS = 30


# Commands the running app can do for the command line (store/door.py): they need the store,
# which the app holds while it serves.
HANDED_TO_APP = ("ingest", "loads", "restore", "user")
_APP_STORE: contextvars.ContextVar[Store | None] = contextvars.ContextVar("app_store", default=None)
_GIVEN_PASSWORD: contextvars.ContextVar[str | None] = contextvars.ContextVar("password", default=None)


class _Borrowed:
    """The app's own store, lent to a command: closing it is the app's business, not the command's."""

    def __init__(self, store: Store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def close(self) -> None:
        return None


def open_store(args: argparse.Namespace) -> Store:
    """The store, waiting up to --wait seconds while another program holds it (or, for a command
    the running app does for us, the app's own)."""
    lent = _APP_STORE.get()
    if lent is not None:
        return _Borrowed(lent)
    return Store(wait=args.wait)


def run_in_app(store: Store, argv: list[str], password: str | None) -> tuple[int, str, str]:
    """Run a command inside the app with the app's store (the door's runner)."""
    out, err = io.StringIO(), io.StringIO()
    lent, given = _APP_STORE.set(store), _GIVEN_PASSWORD.set(password)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                args = parser().parse_args(argv)
                code = args.run(args) if args.command in HANDED_TO_APP else 2
            except SystemExit as stop:  # argparse's usage errors
                code = int(stop.code or 0)
    finally:
        _APP_STORE.reset(lent)
        _GIVEN_PASSWORD.reset(given)
    return code, out.getvalue(), err.getvalue()


def _hand_to_app(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Hand the command to the app holding the store, if one is running; its exit code."""
    from store.connection import store_path
    from store.door import door_path, knock

    if args.command not in HANDED_TO_APP or not door_path(store_path()).exists():
        return None
    password = None
    if args.command == "user" and args.user_command == "add":
        password = _read_password(args)
        if password is None:
            return 2
        _GIVEN_PASSWORD.set(password)  # asked once, whichever process adds the user
    handed = knock(store_path(), _absolute_paths(args, argv), password)
    if handed is None:
        return None
    code, out, err = handed
    sys.stdout.write(out)
    sys.stderr.write(err)
    return code


def _absolute_paths(args: argparse.Namespace, argv: list[str]) -> list[str]:
    """The app runs in its own folder: files named on the command line go by absolute path."""
    named = set(getattr(args, "files", None) or []) | {getattr(args, "errors", None)} - {None}
    return [str(Path(item).resolve()) if item in named else item for item in argv]


def _resolved(text: str) -> str | None:
    """An ONS code, a former code or a name ("Stockton-on-Tees") as a code; a code not in the
    shipped list (a Welsh council's, say) is taken as given."""
    code = resolve(text)
    if code is None and re.fullmatch(r"[EWSN]\d{8}", text.strip().upper()):
        code = text.strip().upper()
    return code


def authority_code(text: str) -> str:
    """`--la` of a question about the store: an unknown authority is a usage error."""
    if (code := _resolved(text)) is None:
        raise argparse.ArgumentTypeError(
            f"no authority called {text!r}: give its ONS code (E06000004) or its name")
    return code


def authority_of_upload(text: str) -> str:
    """`--la` of an ingest: resolved where it can be, else kept as given, so the check refuses
    the upload in a sentence (exit 1) like any other bad input."""
    return _resolved(text) or text


def cmd_ingest(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"No such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    options = Options(la_code=args.la, period=args.period)
    choice = (PeriodChoice.MAIN_PERIODS if args.main_periods_only else
              PeriodChoice.EVERYTHING if args.confirm_drop else None)
    names = _authority_names()
    store = open_store(args)
    refused = False
    errors = []
    try:
        for upload in plan_uploads(paths):
            outcome = load(store, upload, options, actor=args.actor, extract=args.extract,
                           allow_partial=args.skip_invalid, code_property=args.code_property,
                           period_choice=choice)
            if outcome.report.has_issues:  # tabulated (pandas imported) only when there are some
                errors.append(outcome.report.all_issues())
            stored = outcome.stored is not None and not outcome.stored.identical
            load_id = outcome.stored.load_id if outcome.stored else "-"
            for name in outcome.report.file_names:
                read, valid = _file_counts(outcome.report, name)
                print(f"{name}\t{outcome.report.extract or 'unknown'}\tread={read}"
                      f"\taccepted={valid if stored else 0}"
                      f"\trejected={read - valid if outcome.ok else read}\tload={load_id}")
            print(outcome.message(), file=sys.stderr if not outcome.ok else sys.stdout)
            _print_preview(outcome, names)
            if not outcome.ok:
                refused = True
                for issue in outcome.report.file_issues[1:]:
                    print(f"  {issue['reason']}", file=sys.stderr)
                grouped = outcome.report.row_issues_by_reason()
                for issue in grouped.itertuples():
                    print(f"  {issue.column}: {issue.reason} — {counted(issue.rows, 'row')}, e.g. "
                          f"{issue.examples}", file=sys.stderr)
                if outcome.report.needs_consent:
                    print("  Rows with errors can be left out with --skip-invalid.", file=sys.stderr)
    finally:
        store.close()
    if args.errors:
        import pandas as pd

        frame = pd.concat(errors, ignore_index=True) if errors else pd.DataFrame(
            columns=["file", "row", "column", "value", "code", "level", "reason"])
        safe = frame.map(neutralise_formula)
        safe.columns = [neutralise_formula(str(column)) for column in frame.columns]
        safe.to_csv(args.errors, index=False)
    return 1 if refused else 0


def _authority_names() -> dict[str, str]:
    from contracts.authorities import names as shipped_names

    return shipped_names()


def _print_preview(outcome, names: dict[str, str]) -> None:
    """What the load replaced (or would have), and rows that fall in no known authority."""
    preview = outcome.report.preview
    if preview is None or (outcome.stored is not None and outcome.stored.identical):
        return
    out = sys.stderr if outcome.awaiting_choice else sys.stdout
    if outcome.awaiting_choice or preview.needs_choice:
        print(preview.text(names), file=out)
    if outcome.awaiting_choice and preview.stray_periods:
        print("  Load it anyway with --confirm-drop, or only the file's main periods "
              f"({', '.join(preview.main_periods) or 'none'}) with --main-periods-only.", file=out)
    elif outcome.awaiting_choice:
        print("  Load it anyway with --confirm-drop.", file=out)
    unplaced = preview.unplaced_text(list(names.values()))
    if unplaced:
        print(unplaced, file=out)


def _file_counts(report, name: str) -> tuple[int, int]:
    """Rows read and valid in one file of an upload (a zip's members add up under its name)."""
    if name in report.rows_by_file:
        return report.rows_by_file[name]
    if len(report.file_names) == 1:
        return report.rows_read, report.rows_valid
    return 0, 0


def cmd_loads(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        frame = list_loads(store.cursor(), args.extract)
    finally:
        store.close()
    if frame.empty:
        print("No loads yet.")
        return 0
    shown = frame[["load_id", "extract", "file_name", "periods", "rows_accepted", "rows_rejected",
                   "loaded_by", "loaded_at", "status"]]
    print(shown.to_string(index=False, max_colwidth=40))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        replaced = restore_and_record(store, args.load_id, actor=args.actor)
    except RestoreError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"Load {args.load_id} is current again"
          + (f"; it replaces load{'s' if len(replaced) > 1 else ''} "
             f"{', '.join(str(r.load_id) for r in replaced)}." if replaced else "."))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    contract = CATALOGUE[args.extract]
    target = Path(args.output or template_file_name(contract))
    target.write_text(template_text(contract), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from data.demo_store import build_demo_store

    store = open_store(args)
    try:
        if args.if_empty and not list_loads(store.cursor()).empty:
            print(f"The store {store.path} already holds data; the demo was not rebuilt.")
            return 0
        summary = build_demo_store(store, realdata_dir=Path(args.realdata) if args.realdata else None)
    finally:
        store.close()
    print(summary)
    return 0


def cmd_measures(args: argparse.Namespace) -> int:
    from metrics.catalogue import definitions_table

    table = definitions_table()
    if args.csv:
        table.to_csv(sys.stdout, index=False)
        return 0
    for row in table.to_dict("records"):
        print(f"{row['id']}  ({row['section']}; {row['unit']}; {row['better'].lower()})\n"
              f"    {row['measure']} ({row['what it shows']}): {row['in brief']}\n"
              f"    Exact rule: {row['definition']}\n")
    return 0


def cmd_measure(args: argparse.Namespace) -> int:
    from contracts.roles import Role
    from metrics.api import compute
    from metrics.model import Query
    from metrics.registry import BY_ID

    if args.measure_id not in BY_ID:
        print(f"No measure {args.measure_id!r}. `python cli.py measures` lists them.", file=sys.stderr)
        return 2
    declared = BY_ID[args.measure_id]
    breakdown = args.by or "total"
    if breakdown not in declared.breakdowns:
        print(f"{declared.id} breaks down by: {', '.join(declared.breakdowns)}", file=sys.stderr)
        return 2
    first, _, last = (args.period or "").partition("..")
    query = Query(la_codes=tuple(args.la or ()), period_from=first or None,
                  period_to=(last or first) or None, breakdown=breakdown)
    store = open_store(args)
    try:
        frame = compute(store.cursor(), declared.id, query,
                        Role.OFFICER if args.unsuppressed else Role.PUBLIC)
    except ValueError as error:  # a period the measure cannot read, e.g. "Q3"
        print(str(error), file=sys.stderr)
        return 2
    finally:
        store.close()
    if args.csv:
        frame.to_csv(sys.stdout, index=False)
    elif frame.empty:
        print(f"No data loaded yet for {declared.title.lower()} (extracts: {', '.join(declared.extracts)}).")
    else:
        shown = frame.astype({"value": "object"})
        shown.loc[frame["suppressed"], "value"] = "c"
        print(shown.to_string(index=False))
    return 0


def cmd_rebuild(args: argparse.Namespace) -> int:
    from ingest.replay import ReplayError, rebuild
    from store.connection import archive_dir_for, store_path

    target_path = Path(args.to)
    if target_path.exists():
        print(f"{target_path} exists: rebuild writes a new store and never overwrites one.",
              file=sys.stderr)
        return 2
    source = Path(args.source) if args.source else archive_dir_for(store_path())
    if (source / "archive").is_dir():
        source = source / "archive"  # a folder written by `cli.py backup`
    target = Store(target_path)
    try:
        print(rebuild(source, target))
    except ReplayError as error:
        print(str(error) + f" Nothing was kept at {target_path}; fix the cause and run it again.",
              file=sys.stderr)
        target.close()
        _remove_store(target)
        return 1
    finally:
        target.close()
    return 0


def _remove_store(store: Store) -> None:
    """A rebuild that failed leaves nothing behind, so the same command can be run again."""
    import shutil

    for path in (store.path, store.path.with_name(store.path.name + ".wal")):
        path.unlink(missing_ok=True)
    shutil.rmtree(store.archive_dir, ignore_errors=True)


def cmd_backup(args: argparse.Namespace) -> int:
    from ingest.replay import backup
    from store.connection import archive_dir_for, store_path

    path = store_path()
    archive = archive_dir_for(path)
    if not archive.is_dir():
        print(f"There is no archive beside {path} to back up.", file=sys.stderr)
        return 1
    print(backup(path, archive, Path(args.directory)))
    return 0


def cmd_setup_link(args: argparse.Namespace) -> int:
    """Print a one-time link to create the first administrator, if there is none (make run)."""
    from store.setup import issue_setup_token

    store = open_store(args)
    try:
        with store.write_lock:
            token = issue_setup_token(store.cursor(), actor=args.actor)
    finally:
        store.close()
    if token:
        print("No administrator yet. Open this link once to create the first one (it works "
              f"until used; starting again prints a new one):\n\n    "
              f"{args.url.rstrip('/')}/setup?token={token}\n")
    return 0


def _read_password(args: argparse.Namespace) -> str | None:
    """The new user's password: handed over with the command, from standard input, or asked
    for twice at the terminal; None (after saying why) when there is no way to ask."""
    import getpass

    if (given := _GIVEN_PASSWORD.get()) is not None:
        return given
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("No terminal to ask for the password: give it on standard input with "
              "--password-stdin (e.g. from a password manager); no user was added.",
              file=sys.stderr)
        return None
    password = getpass.getpass(f"Password for {args.name}: ")
    if getpass.getpass("The same password again: ") != password:
        print("The two passwords differ; no user was added.", file=sys.stderr)
        return None
    return password


def cmd_user(args: argparse.Namespace) -> int:
    from store.users import UserError, add_user, disable_user, list_users

    if args.user_command == "add":
        password = _read_password(args)
        if password is None:
            return 2
    store = open_store(args)
    try:
        con = store.cursor()
        if args.user_command == "add":
            with store.write_lock:
                add_user(con, args.name, args.role, password, actor=args.actor)
            print(f"Added {args.name.strip().lower()} as {args.role}.")
        elif args.user_command == "disable":
            with store.write_lock:
                disable_user(con, args.name, actor=args.actor)
            print(f"Disabled {args.name.strip().lower()}; they can no longer sign in.")
        else:
            frame = list_users(con)
            print(frame.to_string(index=False) if not frame.empty else "No users yet.")
    except UserError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="cli.py", description=__doc__.split("\n")[0])
    top.add_argument("--actor", default=ACTOR, help="who is acting, for the audit trail")
    top.add_argument("--wait", type=float, default=DEFAULT_WAIT_SECONDS,
                     help="seconds to wait while another program holds the store (then exit 3)")
    commands = top.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="check and load extract files")
    ingest.add_argument("files", nargs="+")
    ingest.add_argument("--la", type=authority_of_upload,
                        help="the authority (ONS code or name), for files without la_code")
    ingest.add_argument("--extract", choices=CATALOGUE.names, help="the extract type, if not recognised")
    ingest.add_argument("--period", help="the period the upload covers, e.g. '2025/26 Q3' or 2025-07")
    ingest.add_argument("--errors", help="write every problem found to this CSV")
    ingest.add_argument("--skip-invalid", action="store_true",
                        help="store the valid rows and record the rejected ones with the load")
    ingest.add_argument("--confirm-drop", action="store_true",
                        help="load even when a period would lose over half its rows or holds "
                             "only a handful of the file's rows (stray dates?)")
    ingest.add_argument("--main-periods-only", action="store_true",
                        help="leave out the file's stray periods (recorded as rejected rows)")
    ingest.add_argument("--code-property", help="boundaries: the property holding the area code")
    ingest.set_defaults(run=cmd_ingest)

    loads = commands.add_parser("loads", help="list every load")
    loads.add_argument("--extract", choices=CATALOGUE.names)
    loads.set_defaults(run=cmd_loads)

    restore_cmd = commands.add_parser("restore", help="make an earlier load current again")
    restore_cmd.add_argument("load_id", type=int)
    restore_cmd.set_defaults(run=cmd_restore)

    template = commands.add_parser("template", help="write a blank template for an extract")
    template.add_argument("extract", choices=CATALOGUE.names)
    template.add_argument("-o", "--output")
    template.set_defaults(run=cmd_template)

    measures = commands.add_parser("measures", help="list every measure with its definition")
    measures.add_argument("--csv", action="store_true")
    measures.set_defaults(run=cmd_measures)

    one = commands.add_parser("measure", help="print one measure's tidy table")
    one.add_argument("measure_id")
    one.add_argument("--period", help="a period or a range FIRST..LAST, e.g. '2024/25 Q1..2025/26 Q2'")
    one.add_argument("--by", help="breakdown, e.g. source, authority, harm_type")
    one.add_argument("--la", action="append", type=authority_code,
                     help="authority, code or name (repeat for several)")
    one.add_argument("--csv", action="store_true", help="write CSV to standard output")
    one.add_argument("--unsuppressed", action="store_true",
                     help="officer figures without disclosure control (never for publication)")
    one.set_defaults(run=cmd_measure)

    rebuild_cmd = commands.add_parser("rebuild", help="replay the archived loads into a new store")
    rebuild_cmd.add_argument("--to", required=True, help="path of the new store file")
    rebuild_cmd.add_argument("--from", dest="source",
                             help="an archive folder or a backup folder (default: this store's)")
    rebuild_cmd.set_defaults(run=cmd_rebuild)

    backup_cmd = commands.add_parser("backup", help="copy the archive (and tables, if free) to DIR")
    backup_cmd.add_argument("directory")
    backup_cmd.set_defaults(run=cmd_backup)

    demo = commands.add_parser("demo", help="build the demo store (demo data, labelled as such)")
    demo.add_argument("--realdata", help="folder of real public files (boundaries) to use")
    demo.add_argument("--if-empty", action="store_true", help="only when the store holds no loads")
    demo.set_defaults(run=cmd_demo)

    from store.users import USER_ROLES

    user = commands.add_parser("user", help="add, list or disable local users (no OIDC provider)")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    user_add = user_commands.add_parser("add", help="add a user; the password is asked for")
    user_add.add_argument("name")
    user_add.add_argument("--role", required=True, choices=USER_ROLES)
    user_add.add_argument("--password-stdin", action="store_true",
                          help="read the password from the first line of standard input")
    user_commands.add_parser("list", help="list users and their roles (never passwords)")
    user_disable = user_commands.add_parser("disable", help="stop a user signing in")
    user_disable.add_argument("name")
    user.set_defaults(run=cmd_user)

    setup = commands.add_parser("setup-link", help="while there is no administrator: print a "
                                "one-time link to create the first one")
    setup.add_argument("--url", default="http://localhost:8501", help="the app's address")
    setup.set_defaults(run=cmd_setup_link)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    try:
        handed = _hand_to_app(args, argv)
        if handed is not None:
            return handed
        return args.run(args)
    except StoreBusy as error:
        print(str(error), file=sys.stderr)
        return BUSY_EXIT
    except StoreSettingError as error:
        print(str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
