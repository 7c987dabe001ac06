"""Contract validation compiled to DuckDB SQL: set-based, one pass, no Python row loop.

From the records of a file as text (a CSV's `read_csv` call itself, or a table of a workbook's
cells; see `readers`) and the header match, one statement reads, cleans, types and judges every
record into one `stage` table: the typed value of each contract column, the row's period and
partition, and the list of its problems, made only for the rows that have any. Those lists
become the `issues` table (row, column, value, code, reason), for the officer; the valid rows go
on to the store. The cleaned text is never kept: each problem carries the value it explains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from contracts.identifiers import NHS_NUMBER_CANDIDATE, VALUE_PATTERNS
from contracts.model import Column, ColumnType, Contract, Level, Partition, PeriodRule
from contracts.periods import financial_quarter_sql
from ingest import readers
from ingest.readers import RawTable
from ingest.recognise import HeaderMatch

T = ColumnType

MISSING_MARKERS = ("", "N/A", "NA", "#N/A", "NULL", "NONE", "-", "N/K")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"]
MAX_TEXT = 1000
MAX_WHOLE_NUMBER = 10**15  # beyond any count, and exact in a double
EARLIEST_DATE = "1990-01-01"  # no extract holds older events: an older date is a typing slip
SHOWN_VALUE = 100  # characters of a bad value echoed back; the rest is counted, not shown
TWO_DIGIT_YEAR = r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}([^0-9]|$)"
EXCEL_ERROR = r"^#(DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|NULL!|SPILL!|CALC!|GETTING_DATA)"

# Codes, what they mean to an officer, and their level (file-level codes always refuse a file).
REASONS = {
    "missing_value": "a value is required here",
    "invalid_date": "not a date: write 2025-07-01 or 01/07/2025 (day first)",
    "future_date": "the date is in the future",
    "invalid_month": "not a month: write 2025-07",
    "invalid_period": "not a period: write a month 2025-07 or a quarter 2025-Q1",
    "not_a_whole_number": "not a whole number",
    "not_a_number": "not a number",
    "out_of_range": "outside the allowed range",
    "not_allowed": "not one of the allowed values",
    "invalid_area_code": "not an ONS area code of the right kind",
    "not_yes_no": "write yes or no",
    "too_long": f"longer than {MAX_TEXT} characters",
    "duplicate_key": "appears more than once in the file",
    "outside_period": "outside the period chosen for this upload",
    "extra_cells": "the row has more cells than the header has columns",
    "two_digit_year": "the year has two digits: write it in full (01/07/2025); in Excel, format "
                      "the column as dd/mm/yyyy before saving",
    "too_early": "before 1990: check the year",
    "authority_differs": "differs from the authority chosen for the whole file",
}
PARSE_CODES = frozenset({"invalid_date", "invalid_month", "invalid_period", "not_a_whole_number",
                         "not_a_number", "not_allowed", "not_yes_no", "invalid_area_code"})
FILE_CODES = {
    "identifier_in_text": "holds what looks like a direct identifier; remove it at source",
    "identifier_column": "names a direct identifier; remove the column at source",
    "missing_column": "a required column is missing",
    "duplicate_column": "two columns mean the same thing",
    "no_authority": "no la_code column and no authority chosen for the file",
    "no_rows": "the file has a header but no rows",
}


@dataclass(frozen=True)
class Options:
    la_code: str | None = None  # authority chosen for the whole file
    period: str | None = None  # period declared for the upload (rows outside it are errors)
    today: date = field(default_factory=date.today)


@dataclass
class Validation:
    """What the validator found. `stage` names the temp table of typed rows (`_valid` marks them)."""

    contract: Contract
    stage: str
    rows_read: int
    rows_valid: int
    file_issues: list[dict]
    unknown_columns: list[str]
    row_error_count: int = 0


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """A column name from a file, quoted so that no character in it can end the name."""
    return '"' + name.replace('"', '""') + '"'


def _norm(expression: str) -> str:
    return f"regexp_replace(lower({expression}), '[^0-9a-z]+', '', 'g')"


def _choice_case(column: Column, expression: str) -> str:
    arms = " ".join(
        f"WHEN {sql_text(spelling)} THEN {sql_text(value)}"
        for spelling, value in column.spellings().items()
    )
    return f"(CASE {_norm(expression)} {arms} END)"


def _typed_expression(column: Column, raw: str) -> str:
    """The typed value of a cleaned text expression; NULL where it does not parse."""
    match column.type:
        case T.DATE:
            formats = ", ".join(sql_text(f) for f in DATE_FORMATS)
            return f"CAST(try_strptime({raw}, [{formats}]) AS DATE)"
        case T.MONTH:
            return (f"CASE WHEN regexp_full_match({raw}, '[0-9]{{4}}-(0[1-9]|1[0-2])') "
                    f"THEN {raw} END")
        case T.PERIOD:
            return (f"CASE WHEN regexp_full_match(upper({raw}), '[0-9]{{4}}-(0[1-9]|1[0-2]|Q[1-4])') "
                    f"THEN upper({raw}) END")
        case T.INTEGER:
            # NaN, infinities and numbers beyond what a count can be are not whole numbers (a
            # cast of them to BIGINT would fail the whole query, not the row)
            number = f"TRY_CAST(replace({raw}, ',', '') AS DOUBLE)"
            return (f"CASE WHEN isfinite({number}) AND abs({number}) < {MAX_WHOLE_NUMBER} "
                    f"AND {number} = round({number}) THEN CAST({number} AS BIGINT) END")
        case T.NUMBER:
            number = f"TRY_CAST(replace({raw}, ',', '') AS DOUBLE)"
            return f"CASE WHEN isfinite({number}) THEN {number} END"
        case T.CHOICE:
            return _choice_case(column, raw)
        case T.CHOICES:
            return f"[{_choice_case(column, 'x')} for x in string_split({raw}, ';') if trim(x) <> '']"
        case T.ID_LIST:
            return f"[trim(x) for x in string_split({raw}, ';') if trim(x) <> '']"
        case T.YES_NO:
            return (f"CASE WHEN {_norm(raw)} IN ('yes', 'y', 'true', '1') THEN true "
                    f"WHEN {_norm(raw)} IN ('no', 'n', 'false', '0') THEN false END")
        case T.AREA_CODE:
            prefixes = column.gss_prefixes or ("",)
            starts = " OR ".join(f"starts_with(upper({raw}), {sql_text(p)})" for p in prefixes)
            return (f"CASE WHEN regexp_full_match(upper({raw}), '[EWSNK][0-9]{{8}}') AND ({starts}) "
                    f"THEN upper({raw}) END")
        case _:
            return raw


def _column_checks(column: Column, options: Options) -> list[tuple[str, str, str]]:
    """(code, SQL condition over r_<col>/t_<col>, reason) for one column."""
    raw, typed = f'"r_{column.name}"', f'"t_{column.name}"'
    checks: list[tuple[str, str, str]] = []
    if column.required:
        checks.append(("missing_value", f"{raw} IS NULL", REASONS["missing_value"]))
    parse_code = {
        T.DATE: "invalid_date", T.MONTH: "invalid_month", T.PERIOD: "invalid_period",
        T.INTEGER: "not_a_whole_number", T.NUMBER: "not_a_number", T.CHOICE: "not_allowed",
        T.YES_NO: "not_yes_no", T.AREA_CODE: "invalid_area_code",
    }.get(column.type)
    if parse_code:
        reason = REASONS[parse_code]
        if column.type == T.CHOICE:
            reason = f"not one of: {', '.join(column.allowed_values)}"
        if column.type == T.AREA_CODE and column.gss_prefixes:
            reason = f"not an ONS code starting {' or '.join(column.gss_prefixes)} (e.g. {column.example})"
        checks.append((parse_code, f"{raw} IS NOT NULL AND {typed} IS NULL", reason))
    if column.type == T.DATE:
        early = f"{typed} < DATE {sql_text(EARLIEST_DATE)}"
        written_short = f"regexp_matches({raw}, {sql_text(TWO_DIGIT_YEAR)})"
        checks.append(("two_digit_year", f"{early} AND {written_short}", REASONS["two_digit_year"]))
        checks.append(("too_early", f"{early} AND NOT {written_short}", REASONS["too_early"]))
    if column.type == T.CHOICES:
        checks.append(("not_allowed", f"{raw} IS NOT NULL AND len([x for x in {typed} if x IS NULL]) > 0",
                       f"each value, separated by ';', must be one of: {', '.join(column.allowed_values)}"))
    if column.type in (T.TEXT, T.ID, T.ID_LIST):
        checks.append(("too_long", f"length({raw}) > {MAX_TEXT}", REASONS["too_long"]))
    if column.minimum is not None or column.maximum is not None:
        low = column.minimum if column.minimum is not None else float("-inf")
        high = column.maximum if column.maximum is not None else float("inf")
        bounds = []
        if column.minimum is not None:
            bounds.append(f"{typed} < {column.minimum}")
        if column.maximum is not None:
            bounds.append(f"{typed} > {column.maximum}")
        shown = f"{low:g} and {high:g}" if column.maximum is not None else f"at least {low:g}"
        checks.append(("out_of_range", f"{typed} IS NOT NULL AND ({' OR '.join(bounds)})",
                       f"must be between {shown}" if column.maximum is not None else f"must be {shown}"))
    if column.not_in_future:
        limit = sql_text(options.today.isoformat())
        if column.type == T.DATE:
            checks.append(("future_date", f"{typed} > DATE {limit}", REASONS["future_date"]))
        elif column.type == T.MONTH:
            checks.append(("future_date", f"{typed} > strftime(DATE {limit}, '%Y-%m')",
                           "the month is in the future"))
    return checks


def _period_expression(contract: Contract) -> str:
    match contract.period_rule:
        case PeriodRule.FINANCIAL_QUARTER:
            return financial_quarter_sql(f'"t_{contract.period_column}"')
        case PeriodRule.MONTH | PeriodRule.PERIOD_COLUMN:
            return f'CAST("t_{contract.period_column}" AS VARCHAR)'
        case PeriodRule.YEAR:
            return f'CAST("t_{contract.period_column}" AS VARCHAR)'
        case _:
            return "'all'"


def _partition_expression(contract: Contract, options: Options) -> str:
    """The SQL for the row's partition: force, dataset, or authority (column, else the file's)."""
    match contract.partition:
        case Partition.FORCE:
            return '"t_falls_within"'
        case Partition.DATASET:
            return "'dataset'"  # replaced by the published-statistics step
        case _:
            parts = ['"t_la_code"', *(f'CAST("t_{name}" AS VARCHAR)' for name in contract.partition_by)]
            return " || ' · ' || ".join(parts)


def ensure_macros(con: duckdb.DuckDBPyConnection) -> None:
    digits = "regexp_replace(s, '[^0-9]', '', 'g')"
    con.execute(
        "CREATE OR REPLACE TEMP MACRO nhs_number_valid(s) AS ("
        f"length({digits}) = 10 AND (11 - list_sum([CAST(substr({digits}, i, 1) AS INTEGER) * (11 - i) "
        f"for i in range(1, 10)]) % 11) % 11 = CAST(substr({digits}, 10, 1) AS INTEGER))"
    )


def validate(
    con: duckdb.DuckDBPyConnection, raw: RawTable, match: HeaderMatch, options: Options,
    stage: str = "stage", issues: str = "issues",
) -> Validation:
    """Read, clean, type, place and judge every record in one statement (for a CSV, the read
    itself: see `readers.text_source`), into `stage` (typed rows, `_valid` marking those to
    store) and `issues` (one row per problem, from the rows that have any)."""
    contract = match.contract
    ensure_macros(con)
    file_issues: list[dict] = []
    positions = {name: index for index, name in enumerate(match.mapping) if name}
    unknown = [
        (index, cell) for index, (cell, name) in enumerate(zip(raw.header, match.mapping, strict=False))
        if name is None and cell.strip()
    ]
    if contract.extra_columns_expected:
        unknown = []  # published files: every further column is data, read by its own step
    if contract.partition == Partition.AUTHORITY and "la_code" not in positions and not options.la_code:
        file_issues.append(_file_issue("no_authority", "la_code",
                                       "The file has no la_code column: choose the authority "
                                       "(e.g. E06000004 Stockton-on-Tees) for the whole file."))
    first_row = raw.header_line + 1
    readers.create_from(con, raw, stage, lambda records: _judged_rows(
        contract, options, raw, positions, unknown, records))
    if raw.text is not None:  # read straight from the file: its order is the stage's
        con.execute(f"UPDATE {stage} SET _row = rowid + {first_row}")
    records, blank = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE _blank) FROM {stage}").fetchone()
    if raw.text is not None:
        readers.refuse_overlong_line(raw.text, raw.header_line, records)
    readers.refuse_swallowed_lines(con, raw, records)
    if blank:
        con.execute(f"DELETE FROM {stage} WHERE _blank")
    con.execute(f"DROP TABLE IF EXISTS {issues}")
    con.execute(
        f'CREATE TEMP TABLE {issues} AS SELECT _row, p."column" AS "column", p.value, p.code, '
        f"p.reason FROM (SELECT _row, unnest(_problems) AS p FROM {stage} "
        "WHERE _problems IS NOT NULL)")
    con.execute(f"ALTER TABLE {stage} DROP COLUMN _problems")
    con.execute(f"ALTER TABLE {stage} DROP COLUMN _blank")
    _duplicates(con, contract, stage, issues)
    rows_read, rows_valid = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE _valid) FROM {stage}"
    ).fetchone()
    file_issues.extend(_identifier_issues(con, contract, stage, unknown))
    if rows_read == 0:
        file_issues.append(_file_issue("no_rows", "", "The file has a header but no data rows."))
    return Validation(contract, stage, rows_read, rows_valid, file_issues,
                      [cell for _, cell in unknown], rows_read - rows_valid)


def _judged_rows(contract: Contract, options: Options, raw: RawTable, positions: dict[str, int],
                 unknown: list[tuple[int, str]], records: str) -> str:
    """The one SELECT over `records` (text columns c0…) that cleans, types, places and judges
    each: typed columns t_*, `_period`, `_partition`, `_extras`, `_valid`, `_blank` (a record
    with no value, not counted) and `_problems`, the list of what is wrong with the record
    (NULL when nothing is). Cleaned text is kept only in the problems it explains."""

    def cleaned(index: int) -> str:
        """Trimmed text, NULL for a missing marker. The length guard spares long values (crime
        IDs, places) the marker test: it halves the cost of this, the hottest expression; and
        only a value with a space at either end is trimmed (a copy), the rest pass as they are."""
        markers = ", ".join(sql_text(m) for m in MISSING_MARKERS)
        value = f"c{index}"
        return (f"CASE WHEN length({value}) <= 12 AND upper(trim({value})) IN ({markers}) THEN NULL "
                f"WHEN starts_with({value}, ' ') OR ends_with({value}, ' ') THEN trim({value}) "
                f"ELSE {value} END")

    def empty(index: int) -> str:
        """nullif(trim(c), '') IS NULL, without trimming (copying) every value to find out."""
        value = f"c{index}"
        return f"({value} IS NULL OR {value} = '' OR (starts_with({value}, ' ') AND trim({value}) = ''))"

    position = "CAST(NULL AS BIGINT)" if raw.text is not None else f"rowid + {raw.header_line + 1}"
    text = [f"{position} AS _row"]
    for column in contract.columns:
        if column.name in positions:
            text.append(f'{cleaned(positions[column.name])} AS "r_{column.name}"')
        else:
            text.append(f'CAST(NULL AS VARCHAR) AS "r_{column.name}"')
    if unknown:
        pairs = ", ".join(f"{sql_text(cell)}: {cleaned(index)}" for index, cell in unknown)
        text.append(f"CAST(to_json({{{pairs}}}) AS VARCHAR) AS _extras")
    else:
        text.append("CAST(NULL AS VARCHAR) AS _extras")
    blank = " AND ".join(empty(i) for i in range(raw.width)) or "false"
    spare = " OR ".join(f"NOT {empty(i)}" for i in range(raw.width, raw.columns)) or "false"
    text += [f"{blank} AS _blank", f"{spare} AS _extra_cells"]
    chosen = sql_text(options.la_code) if options.la_code else "CAST(NULL AS VARCHAR)"
    typed = [
        # An authority-partitioned row stores its authority: the column's, else the file's.
        f'coalesce({_typed_expression(column, "r_la_code")}, {chosen}) AS "t_la_code"'
        if column.name == "la_code" and contract.partition == Partition.AUTHORITY else
        f'{_typed_expression(column, f"r_{column.name}")} AS "t_{column.name}"'
        for column in contract.columns
    ]
    checks = _row_checks(contract, options)
    any_problem = " OR ".join(f"coalesce({condition}, false)" for _, _, condition, _, _ in checks)
    problems = ", ".join(
        f"CASE WHEN coalesce({condition}, false) THEN {{'column': {sql_text(column)}, "
        f"'value': {_shown(value)}, 'code': {sql_text(code)}, 'reason': {reason}}} END"
        for column, code, condition, reason, value in checks)
    problems = f"list_filter([{problems}], lambda p: p IS NOT NULL)" if checks else "NULL"
    kept = ", ".join(f'"t_{column.name}"' for column in contract.columns)
    return f"""
        SELECT _row, {kept}, _extras, _period, _partition, NOT _problem AS _valid, _blank,
               CASE WHEN _problem THEN {problems} END AS _problems
        FROM (SELECT *, {any_problem or 'false'} AS _problem FROM (
            SELECT *, {_period_expression(contract)} AS _period,
                   {_partition_expression(contract, options)} AS _partition
            FROM (SELECT *, {', '.join(typed)} FROM (SELECT {', '.join(text)} FROM {records}))))"""


def _file_issue(code: str, column: str, reason: str, row: int | None = None, value: str = "") -> dict:
    return {"row": row, "column": column, "value": value, "code": code,
            "level": str(Level.FILE), "reason": reason}


def _row_checks(contract: Contract, options: Options) -> list[tuple[str, str, str, str, str]]:
    """(column, code, condition, reason SQL, value SQL) for every check made on each row."""
    checks = []
    for column in contract.columns:
        raw_text = f'CAST("r_{column.name}" AS VARCHAR)'
        for code, condition, reason in _column_checks(column, options):
            said = sql_text(reason)
            if code in PARSE_CODES:
                said = (f"CASE WHEN regexp_matches({raw_text}, {sql_text(EXCEL_ERROR)}) THEN "
                        f"'an Excel error value, not data: fix the formula or clear the cell' "
                        f"ELSE {said} END")
            checks.append((column.name, code, condition, said, raw_text))
    if options.la_code and contract.partition == Partition.AUTHORITY and any(
            c.name == "la_code" for c in contract.columns):
        checks.append(("la_code", "authority_differs",
                       f'"r_la_code" IS NOT NULL AND upper("r_la_code") <> {sql_text(options.la_code)}',
                       sql_text(f"{REASONS['authority_differs']} ({options.la_code}): remove the "
                                "--la choice or correct the file"), '"r_la_code"'))
    if contract.partition == Partition.AUTHORITY:
        checks.append(("la_code", "missing_value", '"t_la_code" IS NULL',
                       sql_text("no authority: fill la_code or choose one for the whole file"), "''"))
    if options.period:
        checks.append((contract.period_column, "outside_period",
                       f"_period IS NOT NULL AND _period <> {sql_text(options.period)}",
                       sql_text(f"outside the period chosen for this upload ({options.period})"),
                       "_period"))
    checks.append(("", "extra_cells", "_extra_cells", sql_text(REASONS["extra_cells"]), "''"))
    return checks


def _duplicates(con, contract: Contract, stage: str, issues: str) -> None:
    """Later rows repeating the key of an earlier one: not valid, and each an issue."""
    if not contract.key:
        return
    key = ", ".join(f'"t_{name}"' for name in contract.key)
    shown = " || ' / ' || ".join(f'coalesce(CAST("t_{name}" AS VARCHAR), \'\')' for name in contract.key)
    not_null = " AND ".join(f'"t_{name}" IS NOT NULL' for name in contract.key)
    table = f"{stage}_duplicates"
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(
        f"""CREATE TEMP TABLE {table} AS SELECT _row, {sql_text(", ".join(contract.key))} AS key,
            value, first_row FROM (
            SELECT _row, {shown} AS value, min(_row) OVER (PARTITION BY {key}) AS first_row
            FROM {stage} WHERE {not_null}) WHERE _row > first_row"""
    )
    if con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]:
        con.execute(f"UPDATE {stage} SET _valid = false WHERE _row IN (SELECT _row FROM {table})")
        con.execute(
            f"INSERT INTO {issues} SELECT _row, key, value, 'duplicate_key', "
            f"'appears more than once in the file (first at row ' || first_row || ')' FROM {table}")
    con.execute(f"DROP TABLE {table}")


def _shown(value: str) -> str:
    """A bad value as echoed back: cut to SHOWN_VALUE characters, saying how long it was."""
    return (f"CASE WHEN length({value}) > {SHOWN_VALUE} THEN left({value}, {SHOWN_VALUE}) || "
            f"'… (' || length({value}) || ' characters)' ELSE {value} END")


def _identifier_issues(con, contract: Contract, stage: str, unknown: list[tuple[int, str]]) -> list[dict]:
    """Direct identifiers inside values: reported by row and column, never echoed back."""
    if not contract.scan_for_identifiers:
        return []
    # Free text is searched for every kind of identifier; pseudonym columns only for NHS numbers
    # and emails, since a hex pseudonym such as "BB82FC" reads like a postcode.
    targets = [(f'"t_{c.name}"' if c.type != T.ID_LIST else f'array_to_string("t_{c.name}", \';\')',
                c.name, c.type == T.TEXT)
               for c in contract.columns if c.type in (T.TEXT, T.ID, T.ID_LIST)]
    targets += [(f"json_extract_string(_extras, {sql_text('$.' + cell)})", cell, True)
                for _, cell in unknown if cell.replace("_", "").isalnum()]
    parts = []
    for expression, name, free_text in targets:
        nhs = (f"len([x for x in regexp_extract_all({expression}, {sql_text(NHS_NUMBER_CANDIDATE)}, 1) "
               f"if nhs_number_valid(x)]) > 0")
        parts.append(f"SELECT _row, {sql_text(name)} AS \"column\", 'an NHS number' AS what FROM {stage} "
                     f"WHERE {expression} IS NOT NULL AND {nhs}")
        for kind, pattern, what in VALUE_PATTERNS:
            if free_text or kind == "email":
                parts.append(
                    f"SELECT _row, {sql_text(name)} AS \"column\", {sql_text(what)} AS what "
                    f"FROM {stage} WHERE {expression} IS NOT NULL "
                    f"AND regexp_matches({expression}, {sql_text(pattern)})")
    if not parts:
        return []
    found = con.execute(
        'SELECT _row, "column", what FROM (' + " UNION ALL ".join(parts)
        + ') ORDER BY _row, "column" LIMIT 200'
    ).fetchall()
    return [
        _file_issue("identifier_in_text", column,
                    f"Row {row}, column {column}: the value holds what looks like {what}. Files "
                    "must be pseudonymised: remove it at source and upload again.",
                    row=row, value="(hidden)")
        for row, column, what in found
    ]
