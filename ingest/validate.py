"""Contract validation compiled to DuckDB SQL: set-based, one pass per check, no Python row loop.

From a raw table of text (see `readers`) and the header match, this builds one `stage` table
holding, for every record, the cleaned text and the typed value of each contract column, then
gathers every problem into one `issues` table: row, column, value, code, reason. Valid rows go
on to the store; the issues go to the officer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from contracts.identifiers import NHS_NUMBER_CANDIDATE, VALUE_PATTERNS
from contracts.model import Column, ColumnType, Contract, Level, Partition, PeriodRule
from contracts.periods import financial_quarter_sql
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

    def cleaned(index: int) -> str:
        """Trimmed text, NULL for a missing marker. The length guard spares long values (crime
        IDs, places) the marker test: it halves the cost of this, the hottest expression."""
        markers = ", ".join(sql_text(m) for m in MISSING_MARKERS)
        return (f"CASE WHEN length(c{index}) <= 12 AND upper(trim(c{index})) IN ({markers}) "
                f"THEN NULL ELSE trim(c{index}) END")

    select = [f"rowid + {raw.header_line + 1} AS _row"]
    for column in contract.columns:
        if column.name in positions:
            select.append(f'{cleaned(positions[column.name])} AS "r_{column.name}"')
        else:
            select.append(f'CAST(NULL AS VARCHAR) AS "r_{column.name}"')
    if unknown:
        pairs = ", ".join(f"{sql_text(cell)}: {cleaned(index)}" for index, cell in unknown)
        select.append(f"CAST(to_json({{{pairs}}}) AS VARCHAR) AS _extras")
    else:
        select.append("CAST(NULL AS VARCHAR) AS _extras")
    all_empty = " AND ".join(f"nullif(trim(c{i}), '') IS NULL" for i in range(raw.width)) or "false"
    chosen = sql_text(options.la_code) if options.la_code else "CAST(NULL AS VARCHAR)"
    typed = [
        # An authority-partitioned row stores its authority: the column's, else the file's.
        f'coalesce({_typed_expression(column, "r_la_code")}, {chosen}) AS "t_la_code"'
        if column.name == "la_code" and contract.partition == Partition.AUTHORITY else
        f'{_typed_expression(column, f"r_{column.name}")} AS "t_{column.name}"'
        for column in contract.columns
    ]
    if contract.partition == Partition.AUTHORITY and "la_code" not in positions and not options.la_code:
        file_issues.append(_file_issue("no_authority", "la_code",
                                       "The file has no la_code column: choose the authority "
                                       "(e.g. E06000004 Stockton-on-Tees) for the whole file."))
    checks = _row_checks(contract, options, raw)
    any_problem = " OR ".join(f"coalesce({condition}, false)" for _, _, condition, _, _ in checks)
    # One pass: clean, type, place in a period and partition, and judge every row. The cleaned
    # text (r_*) is not kept: only rows with problems are read again, from the view, to show it.
    judged = f"{stage}_judged"
    con.execute(f"DROP TABLE IF EXISTS {stage}")
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW {judged} AS
        SELECT *, {_period_expression(contract)} AS _period,
               {_partition_expression(contract, options)} AS _partition
        FROM (
            SELECT *, {', '.join(typed)} FROM (
                SELECT {', '.join(select)} FROM {raw.table} WHERE NOT ({all_empty})
            )
        )"""
    )
    cleaned_text = ", ".join(f'"r_{column.name}"' for column in contract.columns)
    con.execute(
        f"CREATE TEMP TABLE {stage} AS SELECT * EXCLUDE ({cleaned_text}), "
        f"NOT ({any_problem or 'false'}) AS _valid FROM {judged}"
    )
    duplicates = _duplicates(con, contract, stage)
    rows_read, rows_valid = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE _valid) FROM {stage}"
    ).fetchone()
    _gather_row_issues(con, checks, duplicates, stage, judged, issues,
                       clean=rows_read == rows_valid)
    file_issues.extend(_identifier_issues(con, contract, stage, unknown))
    con.execute(f"DROP VIEW {judged}")
    if rows_read == 0:
        file_issues.append(_file_issue("no_rows", "", "The file has a header but no data rows."))
    return Validation(contract, stage, rows_read, rows_valid, file_issues,
                      [cell for _, cell in unknown], rows_read - rows_valid)


def _file_issue(code: str, column: str, reason: str, row: int | None = None, value: str = "") -> dict:
    return {"row": row, "column": column, "value": value, "code": code,
            "level": str(Level.FILE), "reason": reason}


def _row_checks(contract: Contract, options: Options, raw: RawTable) -> list[tuple[str, str, str, str, str]]:
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
    if raw.extra_cells_rows:
        rows = ", ".join(str(row) for row in raw.extra_cells_rows)
        checks.append(("", "extra_cells", f"_row IN ({rows})", sql_text(REASONS["extra_cells"]), "''"))
    return checks


def _duplicates(con, contract: Contract, stage: str) -> str | None:
    """Later rows repeating the key of an earlier one, listed in a small table."""
    if not contract.key:
        return None
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
    return table


def _gather_row_issues(con, checks, duplicates: str | None, stage: str, judged: str,
                       issues: str, clean: bool) -> None:
    """Only rows already judged invalid are examined, and a clean file not at all."""
    invalid = f"_row IN (SELECT _row FROM {stage} WHERE NOT _valid)"
    parts = [] if clean else [
        f"SELECT _row, {sql_text(column)} AS \"column\", {_shown(value)} AS value, {sql_text(code)} AS code, "
        f"{reason} AS reason FROM {judged} WHERE {invalid} AND coalesce({condition}, false)"
        for column, code, condition, reason, value in checks
    ]
    if duplicates and not clean:
        parts.append(
            f"SELECT _row, key AS \"column\", value, 'duplicate_key' AS code, "
            f"'appears more than once in the file (first at row ' || first_row || ')' AS reason "
            f"FROM {duplicates}"
        )
    con.execute(f"DROP TABLE IF EXISTS {issues}")
    union = " UNION ALL ".join(parts) if parts else (
        "SELECT CAST(NULL AS BIGINT) AS _row, '' AS \"column\", '' AS value, '' AS code, "
        "'' AS reason WHERE false"
    )
    con.execute(f"CREATE TEMP TABLE {issues} AS {union}")


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
