"""Turn an uploaded file into rows of text, whatever the officer's system wrote.

Readers never judge the content: they find the records, report what stops them being read at all
(empty, binary, not a workbook, a zip bomb), and hand back the first records so the header row
can be found. Everything is text at this stage; types are the validator's job.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import duckdb

from ingest.excel_errors import describe as describe_error_cells
from ingest.excel_errors import error_cells
from store.door import process_alive

MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024  # a safety bound; the upload page sets the 200 MB limit
MAX_ZIP_EXPANDED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_RATIO = 200  # real CSVs compress ~10:1; a bomb compresses thousands to one
# police.uk's largest custom download (every force, three years, three kinds of file) is about
# 4,800 files; more than this is an archive built to make the reader do needless work
MAX_ZIP_MEMBERS = 5_000
MAX_HEADER_BYTES = 64 * 1024  # the first line of an extract is a header of a few dozen names
MAX_COLUMNS = 1_000
MAX_LINE_BYTES = 1024 * 1024  # no extract's row is near this; DuckDB is told the same bound
MAX_BREAKS_IN_VALUE = 10  # line breaks one quoted value may hold before it reads as unclosed
PREVIEW_RECORDS = 30
_CHUNK = 4 * 1024 * 1024
_SPARE_COLUMNS = 8  # rows longer than the header are caught, not silently cut


class ReadError(Exception):
    """A file that cannot be read at all: the message is for the officer."""


@dataclass
class TextFile:
    """A delimited text file ready for DuckDB: UTF-8 on disk, with its first records parsed."""

    name: str
    path: Path
    encoding: str
    preview: list[list[str]]
    lines: int = 0  # line breaks in the file, to tell when records swallowed lines


@dataclass
class SheetFile:
    name: str
    rows: list[list[str]]
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # Excel error cells

    @property
    def preview(self) -> list[list[str]]:
        return self.rows[:PREVIEW_RECORDS]


@dataclass
class GeoJsonFile:
    name: str
    document: dict


@dataclass
class RawTable:
    """Records of one file as text columns c0…cN, in file order: a DuckDB table, or, for a CSV
    file (`text` set), the `read_csv` call itself, so that the validator reads, types and judges
    the records in one pass and no table of text is ever made.

    A record's spreadsheet row number is its position after the header + header_line + 1.
    """

    table: str  # a table's name, or the read_csv(...) call that yields the records
    header: list[str]
    header_line: int  # lines up to and including the header (1 when it is the first line)
    width: int  # number of header columns
    rows: int = 0
    columns: int = 0  # columns c0…; those from c{width} on hold cells beyond the header's
    text: TextFile | None = None  # the CSV file `table` reads, when it is a read_csv call


def safe_file_name(name: str) -> str:
    """Refuse names that try to be paths; the store never uses a name as a path anyway."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise ReadError(
            f"The file name {name!r} is not allowed: give a plain file name without folders."
        )
    return name


def check_size(path: Path, name: str) -> None:
    size = path.stat().st_size
    if size == 0:
        raise ReadError(f"{name} is empty.")
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"{name} is {size / 1024 / 1024:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB per file. Split it by period."
        )


def read_text_file(path: Path, name: str, workdir: Path) -> TextFile:
    """Detect the encoding (UTF-8, UTF-8 with BOM, else Windows-1252) and parse the first records."""
    check_size(path, name)
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if b"\x00" in head:
        raise ReadError(
            f"{name} is not a text CSV file (it holds binary data). Save it from Excel as "
            "'CSV UTF-8 (Comma delimited)' or upload the .xlsx itself."
        )
    if not head.strip():
        raise ReadError(f"{name} is empty.")
    found = scan(path)
    utf8, lines = found.utf8, found.lines
    encoding = "utf-8" if utf8 else "cp1252"
    utf8_path = path if encoding == "utf-8" else _transcode(path, workdir)
    _check_header_line(utf8_path, name)
    preview = _preview_records(utf8_path)
    if preview and len(preview[0]) > MAX_COLUMNS:
        raise ReadError(f"{name} has {len(preview[0]):,} columns in its first line; an extract has "
                        f"at most {MAX_COLUMNS:,} columns. Check it is the right file.")
    return TextFile(name, utf8_path, encoding, preview, lines)


def _check_header_line(path: Path, name: str) -> None:
    """A first line longer than any header (a file with no line breaks, or not a CSV at all)
    is refused before a CSV reader tries to hold it."""
    with path.open("rb") as handle:
        first = handle.readline(MAX_HEADER_BYTES + 1)
    if len(first) > MAX_HEADER_BYTES:
        raise ReadError(f"{name}: the first line is longer than {MAX_HEADER_BYTES // 1024} KB with "
                        "no line break, so it is not a header row. Check the file is a CSV "
                        "extract with one record a line.")


@dataclass(frozen=True)
class Scan:
    """What one read of a file's bytes tells: its content hash, whether it is UTF-8, and how
    many line breaks it holds."""

    sha256: str
    utf8: bool
    lines: int


_SCANS: dict[tuple, Scan] = {}  # by the file's identity (see `scan`); the last few only
_SCANS_LOCK = threading.Lock()
_KEPT_SCANS = 16


def scan(path: Path) -> Scan:
    """Hash, encoding check and line count in one read of the file (the upload's identity is
    taken before it is checked, and a second read of a national year's 1.3 GB cost as much as
    the hash). Kept for the same file, unchanged (device, inode, size and modification time),
    so the check that follows the hash reads nothing again."""
    status = path.stat()
    key = (str(path), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
    with _SCANS_LOCK:
        if (known := _SCANS.get(key)) is not None:
            return known
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines, utf8 = 0, True
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            lines += chunk.count(b"\n")
            # ASCII needs no decoding (a police.uk file is all ASCII): the check costs a scan
            # of the bytes, not a decode, unless a character is still half read
            if utf8 and not (chunk.isascii() and decoder.getstate()[0] == b""):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    found = Scan(digest.hexdigest(), utf8, lines)
    with _SCANS_LOCK:
        while len(_SCANS) >= _KEPT_SCANS:
            _SCANS.pop(next(iter(_SCANS)))
        _SCANS[key] = found
    return found


def _transcode(path: Path, workdir: Path) -> Path:
    """Excel's 'CSV' is Windows-1252; DuckDB reads UTF-8, so re-encode in chunks."""
    target = workdir / (path.name + ".utf8.csv")
    decoder = codecs.getincrementaldecoder("cp1252")(errors="replace")
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(_CHUNK):
            out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
    return target


def _preview_records(path: Path) -> list[list[str]]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        records = []
        try:
            for record in reader:
                records.append(record)
                if len(records) >= PREVIEW_RECORDS:
                    break
        except csv.Error:
            pass  # DuckDB reports malformed records with their line numbers later
    return records


def read_workbook(path: Path, name: str) -> SheetFile:
    """The first sheet of an .xlsx, every cell as the text an officer sees."""
    from python_calamine import CalamineError, CalamineWorkbook

    check_size(path, name)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError, IndexError):
        raise ReadError(
            f"{name} is not an Excel workbook that can be read (it may be another kind of file "
            "renamed .xlsx, or damaged). Save it again from Excel as .xlsx, or as CSV."
        ) from None
    except Exception:  # calamine raises its own zip/xml errors for broken files
        raise ReadError(f"{name} is not a readable Excel workbook (it may be damaged). Save it "
                        "again from Excel as .xlsx, or as CSV.") from None
    return SheetFile(name, [[_cell_text(cell) for cell in row] for row in rows], error_cells(path))


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def read_geojson(path: Path, name: str) -> GeoJsonFile:
    check_size(path, name)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReadError(f"{name} is not valid GeoJSON: {str(error)[:200]}.") from None
    except RecursionError:
        raise ReadError(f"{name} is nested too deeply to be GeoJSON boundaries.") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ReadError(f"{name} is not a GeoJSON FeatureCollection.")
    return GeoJsonFile(name, document)


def expand_zip(path: Path, name: str, workdir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (member name, extracted path) for each CSV in a zip; refuse anything else."""
    check_size(path, name)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReadError(f"{name} is not a zip file that can be opened.") from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if not members:
            raise ReadError(f"{name} holds no files.")
        if len(members) > MAX_ZIP_MEMBERS:
            raise ReadError(f"{name} holds {len(members):,} files; the limit is "
                            f"{MAX_ZIP_MEMBERS:,} files per zip. Upload it in smaller parts.")
        declared = sum(info.file_size for info in members)
        compressed = max(1, sum(info.compress_size for info in members))
        if declared > MAX_ZIP_EXPANDED_BYTES or declared / compressed > MAX_ZIP_RATIO:
            raise ReadError(
                f"{name} would expand to {declared / 1024 / 1024:.0f} MB "
                f"({declared / compressed:.0f} times its size): refused as unsafe."
            )
        for info in members:
            member = info.filename
            if member.startswith("/") or ".." in Path(member).parts:
                raise ReadError(f"{name} holds {member!r}, a path outside the zip: refused.")
            if Path(member).name.startswith("._") or "__MACOSX" in member:
                continue
            if not member.lower().endswith(".csv"):
                raise ReadError(
                    f"{name} holds {member!r}, which is not a CSV file. A police.uk zip holds only "
                    "CSV files: download it again or upload the CSVs themselves."
                )
        expanded = 0
        for index, info in enumerate(members):
            if not info.filename.lower().endswith(".csv"):
                continue
            target = workdir / f"zip{index:04d}_{Path(info.filename).name}"
            with archive.open(info) as source, target.open("wb") as out:
                expanded += _copy_bounded(source, out, info.file_size, name)
            if expanded > MAX_ZIP_EXPANDED_BYTES:
                raise ReadError(f"{name} expands beyond the safe limit: refused.")
            yield Path(info.filename).name, target


def _copy_bounded(source: io.BufferedIOBase, out: io.BufferedIOBase, declared: int, name: str) -> int:
    """Copy at most the declared size: a member that lies about its size is a bomb."""
    copied = 0
    while chunk := source.read(_CHUNK):
        copied += len(chunk)
        if copied > declared:
            raise ReadError(f"{name} holds a member larger than it declares: refused as unsafe.")
        out.write(chunk)
    return copied


def wrong_delimiter(header: list[str]) -> str | None:
    """The delimiter an Excel in another locale used, when the header is one cell holding several."""
    if len(header) != 1:
        return None
    for delimiter, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if header[0].count(delimiter) >= 2:
            return label
    return None


def text_source(source: TextFile, header_index: int) -> RawTable:
    """Every record after the header as text, as the SQL of a read_csv call (nothing is read
    yet): see `create_from`."""
    header = source.preview[header_index]
    width = len(header)
    skip = _header_line(source.path, header_index)
    return RawTable(_read_csv(source.path, skip, width + _SPARE_COLUMNS), _header_cells(header),
                    skip, width, columns=width + _SPARE_COLUMNS, text=source)


def _read_csv(path: Path, skip: int, columns: int, parallel: bool = True) -> str:
    names = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(columns))
    quoted = "'" + str(path).replace("'", "''") + "'"
    return (f"read_csv({quoted}, header = false, skip = {skip}, auto_detect = false, "
            f"columns = {{{names}}}, delim = ',', quote = '\"', escape = '\"', null_padding = true, "
            f"strict_mode = false, all_varchar = true, max_line_size = {MAX_LINE_BYTES}"
            + ("" if parallel else ", parallel = false") + ")")


# Errors in the statement itself, not in the file it reads: never the officer's to fix.
_NOT_THE_FILE = (duckdb.ParserException, duckdb.BinderException, duckdb.CatalogException)


def create_from(con: duckdb.DuckDBPyConnection, raw: RawTable, table: str,
                select: Callable[[str], str]) -> None:
    """CREATE TEMP TABLE `table` AS `select(raw.table)`: when `raw` is a CSV file, this is the
    one read of it, and what stops it being read is refused in words (ReadError). Insertion
    order is kept, so a record's rowid in `table` is its position after the header."""
    con.execute(f"DROP TABLE IF EXISTS {table}")
    if raw.text is None:
        con.execute(f"CREATE TEMP TABLE {table} AS {select(raw.table)}")
        return
    try:
        con.execute(f"CREATE TEMP TABLE {table} AS {select(raw.table)}")
    except _NOT_THE_FILE:
        raise
    except duckdb.Error as error:
        if "parallel" not in str(error):
            raise ReadError(_duckdb_csv_message(raw.text.name, error)) from None
        serial = _read_csv(raw.text.path, raw.header_line, raw.columns, parallel=False)
        try:
            con.execute(f"CREATE TEMP TABLE {table} AS {select(serial)}")
        except duckdb.Error as again:
            raise ReadError(_duckdb_csv_message(raw.text.name, again)) from None


def load_text_table(
    con: duckdb.DuckDBPyConnection, source: TextFile, header_index: int, table: str
) -> RawTable:
    """Read every record after the header into a table of text columns, in file order."""
    raw = text_source(source, header_index)
    create_from(con, raw, table, lambda records: f"SELECT * FROM {records}")
    described = _describe(con, table, raw.header, raw.header_line, raw.width)
    refuse_overlong_line(source, raw.header_line, described.rows)
    refuse_swallowed_lines(con, raw, described.rows)
    return described


def refuse_overlong_line(source: TextFile, header_line: int, records: int) -> None:
    """DuckDB's parallel reader reads a file whose one data line is tens of MB as no rows at all,
    and a last line without a line break escapes `max_line_size`: when the file is bigger than
    its records could be, find the line that is too long and say so."""
    if source.path.stat().st_size <= (records + header_line + 1) * MAX_LINE_BYTES:
        return
    number, length = _longest_line(source.path)
    if length > MAX_LINE_BYTES:
        raise ReadError(
            f"{source.name}: line {number:,} is {length / 1024 / 1024:,.1f} MB long, one line "
            f"far longer than any extract's row (at most {MAX_LINE_BYTES // 1024 // 1024} MB). "
            "Check it is the right file, saved as CSV with one record a line.")


def _longest_line(path: Path) -> tuple[int, int]:
    """(line number, length in bytes) of the file's longest line, read in chunks."""
    number = longest_number = 1
    current = longest = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            start = 0
            while (end := chunk.find(b"\n", start)) != -1:
                current += end - start
                if current > longest:
                    longest, longest_number = current, number
                number, current, start = number + 1, 0, end + 1
            current += len(chunk) - start
    if current > longest:
        longest, longest_number = current, number
    return longest_number, longest


def refuse_swallowed_lines(con, raw: RawTable, records: int) -> None:
    """A quote that is never closed makes the rest of the file one value: those lines would
    silently not be rows. When the `records` read are far fewer than the file's lines, find
    the value that holds them and refuse the file, saying where."""
    source = raw.text
    if source is None or source.lines - raw.header_line - records <= MAX_BREAKS_IN_VALUE:
        return
    breaks = " OR ".join(
        f"length(c{i}) - length(replace(c{i}, chr(10), '')) > {MAX_BREAKS_IN_VALUE}"
        for i in range(raw.columns))
    table = "swallowed_lines"
    create_from(con, raw, table, lambda records: f"SELECT * FROM {records}")
    try:
        found = con.execute(
            f"SELECT rowid + {raw.header_line + 1} FROM {table} WHERE {breaks} ORDER BY rowid LIMIT 1"
        ).fetchone()
    finally:
        con.execute(f"DROP TABLE {table}")
    if found:
        raise ReadError(
            f"{source.name}: a quoted value in row {found[0]} is not closed, so the "
            f"{source.lines - raw.header_line - records:,} lines after it could not be read as "
            "rows. Remove the stray \" (or close the quote) and upload again.")


def _header_line(path: Path, header_index: int) -> int:
    """Lines before the first data record (title rows and the header), counted physically."""
    if header_index == 0:
        return 1
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        for _ in range(header_index + 1):
            next(reader)
        return reader.line_num


def load_sheet_table(
    con: duckdb.DuckDBPyConnection, source: SheetFile, header_index: int, table: str
) -> RawTable:
    import pyarrow as pa

    header = source.rows[header_index]
    if message := describe_error_cells(source.name, source.errors, header, header_index):
        raise ReadError(message)
    width = len(header)
    body = source.rows[header_index + 1 :]
    total_width = max([width + _SPARE_COLUMNS, *(len(row) for row in body)]) if body else width
    arrays = {
        f"c{i}": pa.array([(row[i] if i < len(row) and row[i] != "" else None) for row in body],
                          type=pa.string())
        for i in range(total_width)
    }
    con.register("sheet_rows", pa.table(arrays))
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM sheet_rows")
    con.unregister("sheet_rows")
    return _describe(con, table, header, header_index + 1, width)


def _describe(con, table: str, header: list[str], header_line: int, width: int) -> RawTable:
    columns, rows = con.execute(
        "SELECT (SELECT count(*) FROM duckdb_columns() WHERE table_name = ?), "
        f"(SELECT count(*) FROM {table})", [table]).fetchone()
    return RawTable(table, _header_cells(header), header_line, width, rows, columns)


def _header_cells(header: list[str]) -> list[str]:
    return [cell.lstrip("\ufeff") for cell in header]


_LINE = re.compile(r"Line: (\d+)")


def _duckdb_csv_message(name: str, error: duckdb.Error) -> str:
    text = str(error)
    line = _LINE.search(text)
    where = f" near line {line.group(1)}" if line else ""
    first = text.strip().splitlines()[0] if text.strip() else "the file's structure is not CSV"
    if "line size" in text.lower() or "maximum line" in text.lower():
        reason = (f"a line is longer than {MAX_LINE_BYTES // 1024 // 1024} MB, far longer than "
                  "any extract's row: check the file is the right one")
    elif "allocate" in text.lower():
        reason = "its lines are too wide to read: check the file is the right one"
    elif "quote" in text.lower():
        reason = "a quoted value is not closed"
    elif "Invalid unicode" in text or "UTF" in text:
        reason = "it holds characters that are not text"
    else:
        reason = first.split(":", 1)[-1].strip()[:200]
    return f"{name} could not be read as CSV{where}: {reason}."


WORKDIR_PREFIX = "scrutiny-ingest-"


def workdir() -> Path:
    """A private folder for converted copies of one upload, named by this process's id."""
    return Path(tempfile.mkdtemp(prefix=f"{WORKDIR_PREFIX}{os.getpid()}-"))


def remove_stale_workdirs() -> None:
    """Remove the converted copies left by ingest processes that were killed."""
    for folder in Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}*"):
        pid = folder.name[len(WORKDIR_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def remove_workdir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
