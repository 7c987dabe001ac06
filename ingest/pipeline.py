"""The one ingest engine behind `cli.py ingest` and the upload page: check, then load.

`check` reads, recognises and validates an upload without touching the store's tables, and
returns the report an officer reads before deciding. `load` checks again inside the store's write
lock, and only when the upload is accepted keeps its raw files in the archive (by content hash)
and stores the version and its log entry in one transaction.
"""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from contracts.extracts import CATALOGUE, POLICE_HEADER
from contracts.model import Contract, Level
from contracts.words import counted
from ingest import boundaries, published, readers
from ingest.authorities import authority_problem, code_problem
from ingest.preview import PeriodChoice, Preview, build_preview, leave_out_stray
from ingest.readers import ReadError
from ingest.recognise import HeaderMatch, duplicated_columns, identifier_headers, recognise
from ingest.validate import FILE_CODES, Options, sql_text, validate
from store import archive
from store.connection import Store, data_version
from store.versions import (
    FileRecord,
    Replacement,
    StoredLoad,
    current_versions,
    identical_load,
    stage_slices,
    store_version,
)

# pandas costs every `cli.py ingest` about 0.6 s of CPU to import: it is imported only when a
# report's problems are tabulated (CheckReport.row_issues), never for a file without any.
if TYPE_CHECKING:
    import pandas as pd

STAGE, ISSUES = "upload_stage", "upload_issues"
POLICE_FILE_MONTH = re.compile(r"^(\d{4}-\d{2})-")
ISSUE_COLUMNS = ["file", "row", "column", "value", "code", "level", "reason"]


@dataclass(frozen=True)
class UploadFile:
    """A file as the officer sent it: the name they gave it and where its bytes are now."""

    name: str
    path: Path


@dataclass
class CheckReport:
    file_names: list[str]
    sha256: str
    contract: Contract | None = None
    rows_read: int = 0
    rows_valid: int = 0
    file_issues: list[dict] = field(default_factory=list)
    row_issue_count: int = 0
    _row_issues: pd.DataFrame | None = field(default=None, repr=False)
    unknown_columns: list[str] = field(default_factory=list)
    slices: list[tuple[str, str, int]] = field(default_factory=list)
    replaces: list[Replacement] = field(default_factory=list)
    identical_to: int | None = None
    rows_by_file: dict[str, tuple[int, int]] = field(default_factory=dict)  # name: (read, valid)
    preview: Preview | None = None  # what loading it would replace, and what needs a choice
    left_out: int = 0  # rows of stray periods left out at the loader's choice

    @property
    def row_issues(self) -> pd.DataFrame:
        """One row per problem in the rows (ISSUE_COLUMNS), made as a table only when asked."""
        if self._row_issues is None:
            import pandas as pd

            self._row_issues = pd.DataFrame(columns=ISSUE_COLUMNS)
        return self._row_issues

    @property
    def has_issues(self) -> bool:
        return bool(self.file_issues) or self.row_issue_count > 0

    @property
    def extract(self) -> str | None:
        return self.contract.name if self.contract else None

    @property
    def refused(self) -> bool:
        """File-level problems, or row errors where the contract allows no partial load."""
        return bool(self.file_issues) or (
            self.row_issue_count > 0 and self.contract is not None
            and not self.contract.row_errors_allowed
        )

    @property
    def needs_consent(self) -> bool:
        """Row errors that the officer may choose to leave out."""
        return not self.refused and self.row_issue_count > 0

    @property
    def periods(self) -> list[str]:
        return sorted({period for _, period, _ in self.slices})

    @property
    def partitions(self) -> list[str]:
        return sorted({partition for partition, _, _ in self.slices})

    def all_issues(self) -> pd.DataFrame:
        import pandas as pd

        files = pd.DataFrame(self.file_issues, columns=ISSUE_COLUMNS)
        frames = [frame for frame in (files, self.row_issues) if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ISSUE_COLUMNS)

    def row_issues_by_reason(self, examples: int = 3) -> pd.DataFrame:
        """Row errors grouped by column and reason, with the count and the first few examples."""
        import pandas as pd

        issues = self.row_issues
        if issues.empty:
            return pd.DataFrame(columns=["column", "reason", "rows", "examples"])
        grouped = issues.groupby(["column", "reason"], sort=False, dropna=False)
        return pd.DataFrame({
            "rows": grouped.size(),
            "examples": grouped.apply(
                lambda g: "; ".join(
                    f"row {'' if pd.isna(r) else int(r)}: {v!r}" if v else f"row {'' if pd.isna(r) else int(r)}"
                    for r, v in zip(g["row"].head(examples), g["value"].head(examples), strict=False)
                ),
                include_groups=False,
            ),
        }).reset_index()

    def headline(self) -> str:
        names = ", ".join(self.file_names)
        if self.identical_to is not None:
            return f"{names}: identical to load {self.identical_to}, already stored; nothing changed."
        if self.refused:
            first = self.file_issues[0]["reason"] if self.file_issues else (
                f"{counted(self.row_issue_count, 'problem')} in rows, and this extract must "
                "load whole"
            )
            return f"{names}: refused, nothing stored. {first}"
        what = self.contract.title if self.contract else "unknown extract"
        return (f"{names}: {what}; {counted(self.rows_read, 'row')} read, {self.rows_valid:,} "
                f"valid, {self.rows_read - self.rows_valid:,} with errors.")


def combined_sha256(hashes: list[str]) -> str:
    """An upload's identity: its file's hash, or for a batch the hash of its files' hashes."""
    if len(hashes) == 1:
        return hashes[0]
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


def sha256_of_upload(files: list[UploadFile]) -> str:
    return combined_sha256([readers.scan(f.path).sha256 for f in files])


def _members(upload: UploadFile, workdir: Path) -> list[tuple[str, Path]]:
    if upload.name.lower().endswith(".zip"):
        return list(readers.expand_zip(upload.path, upload.name, workdir))
    return [(upload.name, upload.path)]


def _file_issue(code: str, reason: str, file: str = "", column: str = "", row=None, value="") -> dict:
    return {"file": file, "row": row, "column": column, "value": value, "code": code,
            "level": str(Level.FILE), "reason": reason}


def check(
    con: duckdb.DuckDBPyConnection, files: list[UploadFile], options: Options,
    extract: str | None = None, code_property: str | None = None, sha256: str | None = None,
) -> CheckReport:
    """Read and validate an upload (one file, a police.uk zip, or a batch of monthly CSVs)."""
    report = validate_upload(con, files, options, extract, code_property, sha256)
    compare_with_store(con, report, options.la_code)
    return report


def validate_upload(
    con: duckdb.DuckDBPyConnection, files: list[UploadFile], options: Options,
    extract: str | None = None, code_property: str | None = None, sha256: str | None = None,
) -> CheckReport:
    """The half of `check` that needs no store: the upload's rows validated into the temporary
    tables STAGE and ISSUES of `con` (any DuckDB connection, e.g. a worker process's own)."""
    report = CheckReport([f.name for f in files], sha256 or "")
    workdir = readers.workdir()
    try:
        for upload in files:
            readers.safe_file_name(upload.name)
        if not report.sha256:
            report.sha256 = sha256_of_upload(files)
        if (problem := code_problem(options.la_code)) is not None:
            raise ReadError(problem)
        members = [member for upload in files for member in _members(upload, workdir)]
        _check_members(con, members, options, extract, code_property, workdir, report)
    except (ReadError, boundaries.BoundaryError) as error:
        report.file_issues.append(_file_issue("unreadable", str(error)))
    except (duckdb.Error, ValueError, OverflowError, RecursionError, MemoryError) as error:
        # A file no check foresaw: refused in words, never a traceback (the kind is logged in
        # tests/bad_inputs.py once it is understood, and given its own sentence).
        report.file_issues.append(_file_issue("unreadable", unforeseen(files, error)))
    finally:
        readers.remove_workdir(workdir)
    return report


def compare_with_store(con: duckdb.DuckDBPyConnection, report: CheckReport,
                       la_code: str | None = None) -> None:
    """The half of `check` that reads the store: whether the upload is already stored, and
    what it would replace, and whether `la_code` is an authority the store knows. STAGE must be
    on `con`."""
    if not report.file_issues and (
            problem := authority_problem(con, la_code)) is not None:
        report.file_issues.append(_file_issue("unreadable", problem))
    if report.contract is not None and not report.file_issues:
        report.slices = stage_slices(con, STAGE)
        report.identical_to = identical_load(con, report.contract.name, report.sha256,
                                             report.slices)
        report.replaces = current_versions(con, report.contract.name, report.slices)
        report.preview = build_preview(
            con, report.contract, STAGE, report.slices,
            {(r.partition, r.period): r.rows for r in report.replaces},
            sum(rows for _, _, rows in report.slices))


def unforeseen(files: list[UploadFile], error: BaseException) -> str:
    names = ", ".join(f.name for f in files)
    detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else "no detail"
    return (f"{names} could not be checked ({detail}). Nothing was stored. Check the file is the "
            "extract you meant, or send it to the dashboard's engineer.")


def _check_members(con, members, options, extract, code_property, workdir, report) -> None:
    stages: list[tuple[str, str, str]] = []
    months_seen: dict[tuple[str, str], str] = {}
    for index, (name, path) in enumerate(members):
        stage, issues = f"{STAGE}_{index}", f"{ISSUES}_{index}"
        contract, validation = _check_one(con, name, path, options, extract, code_property,
                                          workdir, stage, issues, report)
        if contract is None:
            return
        if report.contract is not None and contract.name != report.contract.name:
            report.file_issues.append(_file_issue(
                "mixed_extracts", f"{name} is a {contract.title} file but the others are "
                f"{report.contract.title}: upload them separately.", file=name))
            return
        report.contract = contract
        if validation is None:
            return
        if contract.name == "police_street_crime" and _police_problems(
                con, name, f"{STAGE}_{index}", months_seen, report):
            return
        report.rows_read += validation[0]
        report.rows_valid += validation[1]
        report.rows_by_file[name] = validation
        stages.append((name, stage, issues))
    _combine(con, stages)
    report.row_issue_count = con.execute(f"SELECT count(*) FROM {ISSUES}").fetchone()[0]
    if report.row_issue_count:
        report._row_issues = con.execute(
            f'SELECT file, _row AS "row", "column", value, code, \'{Level.ROW}\' AS level, '
            f"reason FROM {ISSUES} ORDER BY file, _row").df()


def _police_problems(con, name: str, stage: str, seen: dict[tuple[str, str], str],
                     report: CheckReport) -> bool:
    """A police.uk file holds one force's month, named in its file name: a file whose rows are
    of another month, or a force-month already in this batch, is refused."""
    pairs = con.execute(f'SELECT DISTINCT "t_falls_within", "t_month" FROM {stage} '
                        'WHERE "t_month" IS NOT NULL ORDER BY 2, 1').fetchall()
    named = POLICE_FILE_MONTH.match(name)
    months = sorted({month for _, month in pairs})
    before = len(report.file_issues)
    if named and months and months != [named.group(1)]:
        report.file_issues.append(_file_issue(
            "month_differs", f"{name} is named for {named.group(1)} but its Month column holds "
            f"{', '.join(months)}: download that month's file again from data.police.uk.",
            file=name, column="Month"))
    for force, month in pairs:
        if (force, month) in seen:
            report.file_issues.append(_file_issue(
                "duplicate_force_month", f"{force} {month} is in this upload twice ({seen[(force, month)]} "
                f"and {name}): upload each force's month once.", file=name, column="Month"))
            break
        seen[(force, month)] = name
    return len(report.file_issues) > before


def _check_one(con, name, path, options, extract, code_property, workdir, stage, issues, report):
    """Validate one member file into `stage`; returns (contract, (rows read, rows valid)) or None."""
    suffix = Path(name).suffix.lower()
    if suffix in (".geojson", ".json") or extract == "boundaries":
        source = readers.read_geojson(path, name)
        prop, features = boundaries.stage_boundaries(con, source, code_property, None, stage, issues)
        invalid = con.execute(f"SELECT count(DISTINCT _row) FROM {issues}").fetchone()[0]
        return CATALOGUE["boundaries"], (features, features - invalid)
    if suffix == ".xls":
        raise ReadError(f"{name} is an old .xls workbook: save it as .xlsx or CSV and upload again.")
    if suffix in (".xlsx", ".xlsm"):
        source = readers.read_workbook(path, name)
    else:
        source = readers.read_text_file(path, name, workdir)
    if not source.preview:
        raise ReadError(f"{name} is empty.")
    delimiter = readers.wrong_delimiter(source.preview[0])
    if delimiter:
        raise ReadError(f"{name} is separated by {delimiter}, not commas: save it from Excel as "
                        "'CSV UTF-8 (Comma delimited)'.")
    match = recognise(source.preview, extract)
    if match is None:
        raise ReadError(_unrecognised(name, source.preview[0], extract))
    header = source.preview[match.header_index]
    if not _header_problems(name, match, header, report):
        return match.contract, None
    if isinstance(source, readers.SheetFile):
        raw = readers.load_sheet_table(con, source, match.header_index, f"{stage}_raw")
    elif match.contract.extra_columns_expected:  # its further columns are read again, as data
        raw = readers.load_text_table(con, source, match.header_index, f"{stage}_raw")
    else:  # read, typed and judged in one pass
        raw = readers.text_source(source, match.header_index)
    validation = validate(con, raw, match, options, stage=stage, issues=issues)
    for issue in validation.file_issues:
        report.file_issues.append({"file": name, **issue})
    report.unknown_columns.extend(c for c in validation.unknown_columns if c not in report.unknown_columns)
    if match.contract.extra_columns_expected and not validation.file_issues:
        published.to_long(con, raw, stage)
    if raw.text is None:
        con.execute(f"DROP TABLE IF EXISTS {raw.table}")
    return match.contract, (validation.rows_read, validation.rows_valid)


def _header_problems(name: str, match: HeaderMatch, header: list[str], report: CheckReport) -> bool:
    """Record file-level header problems; True when the file can go on to row checks."""
    before = len(report.file_issues)
    for cell in identifier_headers(match, header):
        report.file_issues.append(_file_issue(
            "identifier_column", f"The column {cell!r} {FILE_CODES['identifier_column']}: the "
            "dashboard only takes pseudonymised data.", file=name, column=cell))
    for column, cells in duplicated_columns(match, header).items():
        report.file_issues.append(_file_issue(
            "duplicate_column", f"The columns {', '.join(map(repr, cells))} all mean {column!r}: "
            "keep one.", file=name, column=column))
    for column in match.missing_required:
        report.file_issues.append(_file_issue(
            "missing_column", f"The required column {column!r} is missing "
            f"({match.contract.title}).", file=name, column=column))
    if match.contract.exact_header and header != list(POLICE_HEADER) and match.contract.name == "police_street_crime":
        report.file_issues.append(_file_issue(
            "changed_header", "A police.uk file must be uploaded unchanged: its header differs "
            "from data.police.uk's.", file=name))
    return len(report.file_issues) == before


def _unrecognised(name: str, first: list[str], extract: str | None) -> str:
    shown = ", ".join(cell for cell in first[:8] if cell.strip()) or "(nothing)"
    if extract:
        expected = ", ".join(c.name for c in CATALOGUE[extract].required_columns)
        return (f"{name} does not look like a {CATALOGUE[extract].title} file: its first row is "
                f"{shown}; expected columns include {expected}.")
    return (f"{name}: the kind of extract could not be recognised from its header ({shown}). "
            "Download a template from the Data specification page, or choose the extract type.")


def _combine(con, stages: list[tuple[str, str, str]]) -> None:
    """One stage over every member file (renamed, not copied, when there is one), and one table
    of their issues."""
    con.execute(f"DROP TABLE IF EXISTS {STAGE}")
    con.execute(f"DROP TABLE IF EXISTS {ISSUES}")
    if not stages:
        return
    if len(stages) == 1:
        con.execute(f"ALTER TABLE {stages[0][1]} RENAME TO {STAGE}")
    else:
        con.execute(f"CREATE TEMP TABLE {STAGE} AS " + " UNION ALL BY NAME ".join(
            f"SELECT * FROM {stage}" for _, stage, _ in stages))
        for _, stage, _ in stages:
            con.execute(f"DROP TABLE {stage}")
    con.execute(f"CREATE TEMP TABLE {ISSUES} AS " + " UNION ALL ".join(
        f"SELECT {sql_text(name)} AS file, * FROM {issues}"
        for name, _, issues in stages))


@dataclass
class Prepared:
    """A checked upload, ready to store (made by ingest.worker): its report and the validated
    rows, staged in a DuckDB connection of its own (temporary tables, spilled beside the store
    when large) at the store's data version `version`. `load` stores these rows without
    reading the file again, unless a load or restore changed the store in between; storing
    closes it."""

    files: list[UploadFile]
    options: Options
    extract: str | None
    con: duckdb.DuckDBPyConnection
    report: CheckReport
    version: int
    seconds: float  # how long the check took

    @property
    def rows_per_second(self) -> float:
        return self.report.rows_read / self.seconds if self.seconds else 0.0

    def close(self) -> None:
        self.con.close()


@dataclass
class LoadOutcome:
    report: CheckReport
    stored: StoredLoad | None

    awaiting_choice: bool = False  # flagged periods, and no choice given: nothing stored

    @property
    def ok(self) -> bool:
        return self.stored is not None

    def message(self) -> str:
        if self.awaiting_choice:
            preview = self.report.preview
            return (f"{', '.join(self.report.file_names)}: not loaded. It would replace periods "
                    "flagged below; choose to load everything"
                    + (", or only the file's main periods." if preview and preview.stray_periods
                       else "."))
        if self.stored is None:
            return self.report.headline()
        if self.stored.identical:
            return (f"{', '.join(self.report.file_names)}: identical to load {self.stored.load_id}, "
                    "already stored; nothing changed.")
        replaced = ", ".join(f"{r.period} (load {r.load_id}, {counted(r.rows, 'row')})"
                             for r in self.stored.replaced)
        return (f"{', '.join(self.report.file_names)}: stored as load {self.stored.load_id}: "
                f"{counted(self.stored.rows_accepted, 'row')} accepted, "
                f"{self.stored.rows_rejected:,} rejected"
                + (f"; replaces {replaced}" if replaced else "")
                + (f"; {counted(self.report.left_out, 'row')} of stray periods left out, "
                   "recorded as rejected" if self.report.left_out else "") + ".")


def load(
    store: Store, files: list[UploadFile], options: Options, actor: str,
    extract: str | None = None, allow_partial: bool = False, is_demo: bool = False,
    code_property: str | None = None, period_choice: PeriodChoice | None = PeriodChoice.EVERYTHING,
    prepared: Prepared | None = None,
) -> LoadOutcome:
    """Archive, check and store one upload. Nothing is stored unless everything it keeps is.
    When the preview flags a period, `period_choice` None stores nothing (the officer must
    choose); MAIN_PERIODS keeps the stray periods' rows out, as rejected rows of the load.
    With `prepared` (the same files and choices, checked by `prepare`), its rows are stored as
    checked, unless the store changed since: then the upload is checked again."""
    try:
        for upload in files:
            readers.safe_file_name(upload.name)
    except ReadError as error:
        report = CheckReport([f.name for f in files], "")
        report.file_issues.append(_file_issue("unsafe_name", str(error)))
        return LoadOutcome(report, None)
    hashes = [readers.scan(upload.path).sha256 for upload in files]  # a CSV's check reads it no more
    sha256 = combined_sha256(hashes)
    readers.remove_stale_workdirs()
    with store.write_lock, ThreadPoolExecutor(max_workers=1) as archiver:
        # Compressing the raw file runs beside validation (zlib releases the GIL) into a partial
        # file; it takes its place in the archive only when the load is about to commit, and is
        # removed if the file is refused or the commit fails.
        staged = [archiver.submit(archive.stage_file, store.archive_dir, upload.path, file_sha)
                  for upload, file_sha in zip(files, hashes, strict=True)]
        con = store.cursor()
        placed: list[Path] = []
        if prepared is not None and prepared.report.sha256 == sha256 and (
                (prepared.options, prepared.extract, prepared.version)
                == (options, extract, data_version(con))):
            con.close()
            con = prepared.con  # checked once: store what the officer saw
        elif prepared is not None:
            prepared.close()
            prepared = None
        try:
            report = prepared.report if prepared else check(con, files, options, extract,
                                                            code_property, sha256=sha256)
            if report.identical_to is not None:
                return LoadOutcome(report, StoredLoad(report.identical_to, identical=True))
            if report.refused or (report.needs_consent and not allow_partial):
                return LoadOutcome(report, None)
            if report.preview is not None and report.preview.needs_choice:
                if period_choice is None:
                    return LoadOutcome(report, None, awaiting_choice=True)
                if period_choice == PeriodChoice.MAIN_PERIODS:
                    _leave_out_stray(con, report)
            for future, file_sha in zip(staged, hashes, strict=True):
                if (partial := future.result()) is not None:
                    placed.append(archive.keep(partial, store.archive_dir, file_sha))
            records = [
                FileRecord(upload.name, file_sha, upload.path.stat().st_size,
                           str(archive.archive_path(store.archive_dir, file_sha)))
                for upload, file_sha in zip(files, hashes, strict=True)
            ]
            log = {
                "event": "load", "extract": report.contract.name,
                "files": [{"name": r.file_name, "sha256": r.sha256} for r in records],
                "la_code": options.la_code, "period": options.period,
                "allow_partial": allow_partial, "is_demo": is_demo,
                "code_property": code_property, "actor": actor,
                "period_choice": str(period_choice) if report.left_out else None,
            }
            stored = store_version(
                con, contract=report.contract, stage=STAGE, issues=ISSUES, files=records,
                sha256=sha256, rows_read=report.rows_read, rows_valid=report.rows_valid,
                actor=actor, is_demo=is_demo, log=log,
            )
            placed = []  # committed: the archive copies are the load's now
            return LoadOutcome(report, stored)
        finally:
            con.close()
            _discard(staged, placed)


def _discard(staged, placed: list[Path]) -> None:
    """Remove every partial file, and archive copies placed for a load that did not commit."""
    for future in staged:
        if future.exception() is None and (partial := future.result()) is not None:
            partial.unlink(missing_ok=True)
    for path in placed:
        path.unlink(missing_ok=True)


def _leave_out_stray(con, report: CheckReport) -> None:
    name = report.file_names[0] if len(report.file_names) == 1 else ""
    report.left_out = leave_out_stray(con, report.contract, STAGE, ISSUES,
                                      report.preview.stray_periods, name)
    report.rows_valid -= report.left_out
    if len(report.file_names) == 1:
        report.rows_by_file[name] = (report.rows_read, report.rows_valid)


def plan_uploads(paths: list[Path]) -> list[list[UploadFile]]:
    return group_uploads([UploadFile(path.name, path) for path in paths])


def group_uploads(files: list[UploadFile]) -> list[list[UploadFile]]:
    """Group files into uploads: police.uk monthly CSVs together, everything else on its own."""
    police, singles = [], []
    for upload in files:
        (police if _starts_with_police_header(upload) else singles).append(upload)
    return ([police] if police else []) + [[upload] for upload in singles]


def _starts_with_police_header(upload: UploadFile) -> bool:
    if not upload.name.lower().endswith(".csv"):
        return False
    with upload.path.open("rb") as handle:
        first = handle.readline(4096).decode("utf-8-sig", errors="replace").strip()
    return first == ",".join(POLICE_HEADER)

