"""Plain-English words and tables for charts: values, "c" for suppressed, changes, summaries.

Pure functions: no Streamlit, no Plotly. Measures arrive as a tidy frame with columns
``period, breakdown, breakdown_value, value, numerator, denominator, suppressed``; a
suppressed value is shown as DfE's symbol "c" everywhere, never as a number or zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from contracts.cells import FORMULA_TRIGGERS, neutralise_formula  # noqa: F401 (re-exported)
from contracts.periods import shift_month, shift_quarter
from ui.shared_frames import derived

SUPPRESSED = "c"
NOT_AVAILABLE = "x"
SUPPRESSED_NOTE = "c = 1 to 7, suppressed to protect privacy; other counts rounded to the nearest 5"
# How a suppressed value reads in hover text and a chart's data labels.
SUPPRESSED_LABEL = "c (1 to 7, suppressed)"
NOT_AVAILABLE_NOTE = "x = not available"
LOW_RELIABILITY = "u"
LOW_RELIABILITY_NOTE = "u = low reliability: a rate or percentage on a base of under 20"
# Counts from 1 to this are shown as "c" when the kit itself counts (hex bins on maps).
SMALL_COUNT_MAX = 5  # police.uk crimes (already public), not children

# Columns whose numbers are hidden in a suppressed row. The numerator is the small count
# itself; the denominator is hidden too so a rate and its base cannot be recombined.
SUPPRESSIBLE_COLUMNS = ("value", "numerator", "denominator")
# Columns of the tidy measure frame that mean nothing to a reader of the table.
INTERNAL_COLUMNS = ("measure_id", "suppressed", "reliability")
COLUMN_LABELS = {
    "period": "Period",
    "breakdown": "Breakdown",
    "breakdown_value": "Group",
    "value": "Value",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "reliability": "Reliability",
    "from_level": "Level at first review",
    "to_level": "Level at latest review",
}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).

_QUARTER = re.compile(r"^(?P<start>\d{4})/(?P<end>\d{2}) Q(?P<quarter>[1-4])$")
_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})$")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|$~<>:&])")
WORD_JOINER = "\u2060"  # invisible and unbreakable: splits a link's start without showing
# Where GitHub-flavoured markdown starts a link of its own: http(s)/ftp/mailto before ":",
# "www" before ".", and "@" of an e-mail address.
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)"
                              r"|(?<=mailto)(?=:)|(?<=xmpp)(?=:)|(?<=www)(?=\.)|(?=@)")
_CELL_SPECIALS = re.compile(r"([\\`*_\[\]$~<>:&])")
# What opens a heading, quote, list or rule at the start of a line: "# ", "> ", "- ", "---",
# "1. " (not "-3.2" or "28.8%", which read as written).
_CELL_BLOCK_MARK = re.compile(r"(?m)^(\s*)([#+\-](?=\s|$)|>|[-=](?=[-=\s]*$))")
_CELL_LIST_NUMBER = re.compile(r"(?m)^(\s*\d+)([.)])(?=\s|$)")
# The plain tags the chart kit writes in titles, notes and hover templates: kept as tags.
_PLOTLY_KIT_TAG = re.compile(r"(?i)</?(?:b|i|em|sup|sub|extra)>|<br\s*/?>")
_PLOTLY_KIT_TAG_SPLIT = re.compile(r"(?i)(</?(?:b|i|em|sup|sub|extra)>|<br\s*/?>)")


# --- values and units --------------------------------------------------------------


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA (any scalar pandas counts as missing)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def is_percentage(unit: str) -> bool:
    return unit.strip() == "%"


def is_rate(unit: str) -> bool:
    return unit.strip().lower().startswith("per ")


def format_number(value: float, unit: str = "") -> str:
    """A number as a reader sees it: whole counts with commas, rates and % to 1 decimal."""
    if is_percentage(unit):
        return f"{value:,.1f}%"
    if is_rate(unit) or not float(value).is_integer():
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def format_value(
    value: object, unit: str = "", *, suppressed: bool = False, with_unit: bool = False
) -> str:
    """A value for labels, hover text and sentences: "c" if suppressed, "x" if missing."""
    if suppressed:
        return SUPPRESSED
    if is_missing(value):
        return NOT_AVAILABLE
    text = format_number(float(value), unit)
    if with_unit and unit and not is_percentage(unit):
        return f"{text} {unit}"
    return text


def value_axis_title(unit: str, label: str | None = None) -> str:
    """An axis title that names the unit, e.g. "Number of referrals"."""
    if label:
        return label if unit in label else f"{label} ({unit})"
    if is_percentage(unit):
        return "Percentage (%)"
    if is_rate(unit):
        return f"Rate {unit}"
    return f"Number of {unit}" if unit else "Value"


# Breakdowns named for a reader where the column's name does not read as words.
BREAKDOWN_TITLES = {
    "age_band_sex": "Age band and sex",
    "harm_type": "Type of harm",
    "target_level": "Who or what the work targets",
    "context_type": "Kind of context",
    "subject_level": "Child or context discussed",
    "discussion": "New or review discussion",
    "type": "Kind of disruption",
    "breakdown_value": "Group",
}


def breakdown_title(name: str) -> str:
    """A breakdown's (or a chart category's) name in words: "harm_type" -> "Type of harm"."""
    words = BREAKDOWN_TITLES.get(name, name.replace("_", " "))
    return words[:1].upper() + words[1:]


def sentence_start(text: str) -> str:
    """Capitalise the first letter only, so names later in the sentence keep their case."""
    return text[:1].upper() + text[1:]


def escape_markdown(text: str) -> str:
    """Show text literally wherever Streamlit reads markdown (``st.markdown``, headings,
    alerts, widget labels, ``st.table`` cells): ward, deck or file names with ``$``, ``*``,
    ``:``, ``[x](…)`` or ``![t](…)`` would otherwise turn into LaTeX, emphasis, colour
    directives, links or images fetched by every viewer's browser.

    Escaping alone does not stop GitHub-flavoured markdown turning a bare ``http://…``,
    ``www.…`` or ``name@host`` into a link (it finds them in the text after the escapes are
    read), so an invisible word joiner is put inside each; the text reads the same."""
    unlinked = _AUTOLINK_STARTS.sub(WORD_JOINER, str(text))
    return _MARKDOWN_SPECIALS.sub(r"\\\1", unlinked)


def markdown_cell(text: str) -> str:
    """A table cell shown literally by ``st.table``, which reads each cell as markdown.

    Only what makes markup is escaped: brackets (links, images, Streamlit's directives),
    emphasis, code, LaTeX, ``:`` (icons), ``<``, ``&``, a line-opening ``#``, ``-``, ``+``,
    ``>`` or ``1.``, and bare addresses as ``escape_markdown`` does. Numbers, dates and
    periods such as ``28.8%`` or ``2025-07`` stay as written in the table's values."""
    unlinked = _AUTOLINK_STARTS.sub(WORD_JOINER, str(text))
    escaped = _CELL_SPECIALS.sub(r"\\\1", unlinked)
    escaped = _CELL_BLOCK_MARK.sub(r"\1\\\2", escaped)
    return _CELL_LIST_NUMBER.sub(r"\1\\\2", escaped)


def markdown_table(table: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """A table for ``st.table`` (a frame, or rows as dicts): every header and text cell through
    ``markdown_cell`` (numbers are left as numbers)."""
    table = pd.DataFrame(table)
    shown = table.map(lambda cell: markdown_cell(cell) if isinstance(cell, str) else cell)
    shown.columns = [markdown_cell(column) for column in table.columns]
    return shown


def plotly_literal(text: str) -> str:
    """Text for a Plotly title, label, legend or hover: Plotly draws a subset of HTML there
    (``<a href>`` as a live link, ``<span style>``, ...), so every ``<`` and ``>`` that is not
    part of the few plain tags the chart kit writes itself (``<b>``, ``<br>``, ``<extra>``...)
    becomes ``&lt;``/``&gt;``, which Plotly shows as the characters.

    ``&`` is left alone: Plotly reads tags before entities, so an entity can never make a tag,
    and leaving it makes this safe to apply twice (a figure passes through several builders)."""
    return "".join(part if _PLOTLY_KIT_TAG.fullmatch(part) else
                   part.replace("<", "&lt;").replace(">", "&gt;")
                   for part in _PLOTLY_KIT_TAG_SPLIT.split(str(text)))


# --- periods -------------------------------------------------------------------------


def period_noun(period: str) -> str:
    if _QUARTER.match(period):
        return "quarter"
    if _MONTH.match(period):
        return "month"
    return "period"


def previous_period(period: str) -> str | None:
    """The period before ``period``: "2025/26 Q1" -> "2024/25 Q4", "2025-01" -> "2024-12"."""
    if _QUARTER.match(period):
        return shift_quarter(period, -1)
    if _MONTH.match(period):
        return shift_month(period, -1)
    return None


def same_period_last_year(period: str) -> str | None:
    if _QUARTER.match(period):
        return shift_quarter(period, -4)
    if _MONTH.match(period):
        return shift_month(period, -12)
    return None


# --- one time series -----------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None
    suppressed: bool

    @property
    def usable(self) -> bool:
        return not self.suppressed and self.value is not None


def suppressed_flags(df: pd.DataFrame) -> pd.Series:
    """The ``suppressed`` column as plain booleans (missing column or NA means not)."""
    if "suppressed" not in df.columns:
        return pd.Series(False, index=df.index)
    return df["suppressed"].map(lambda flag: bool(flag) if not is_missing(flag) else False)


def series_points(df: pd.DataFrame) -> list[Point]:
    """The rows of one time series in period order.

    Several groups in one frame are only accepted when one of them is the total, which
    is then the series described.
    """
    rows = df
    if "breakdown" in df.columns and df["breakdown"].nunique() > 1:
        rows = df[df["breakdown"] == "total"]
    if "breakdown_value" in rows.columns and rows["breakdown_value"].nunique() > 1:
        raise ValueError("Describe one series at a time: filter to one breakdown_value first.")
    flags = suppressed_flags(rows)
    points = [
        Point(
            period=str(period),
            value=None if suppressed or is_missing(value) else float(value),
            suppressed=bool(suppressed),
        )
        for period, value, suppressed in zip(rows["period"], rows["value"], flags, strict=True)
    ]
    return sorted(points, key=lambda point: point.period)


@dataclass(frozen=True)
class Change:
    """How the latest figure compares with an earlier one."""

    against: str  # "the same quarter last year"
    against_short: str  # "last year"
    earlier: Point
    direction: str | None  # "up", "down" or "same"; None when a figure is suppressed
    amount: str  # "12%", "3.1 percentage points"; "" when the earlier figure was 0

    @property
    def phrase(self) -> str:
        return self._phrase(self.against)

    @property
    def short_phrase(self) -> str:
        return self._phrase(self.against_short)

    def _phrase(self, against: str) -> str:
        if self.direction is None:
            return f"no comparison with {against} because a figure is suppressed ({SUPPRESSED})"
        if self.direction == "same":
            return f"about the same as {against}"
        if not self.amount:
            return f"{self.direction} from 0 in {against}"
        return f"{self.direction} {self.amount} on {against}"


def compare(latest: Point, earlier: Point, unit: str, against: str, against_short: str) -> Change:
    if not (latest.usable and earlier.usable):
        return Change(against, against_short, earlier, None, "")
    direction, amount = _direction_and_amount(latest.value, earlier.value, unit)
    return Change(against, against_short, earlier, direction, amount)


# A share moving by less than half a percentage point is reported as "about the same": a title
# saying "fell 0.3 percentage points ... which is worse" would read noise as news.
SAME_WITHIN_POINTS = 0.5


def _direction_and_amount(latest: float, earlier: float, unit: str) -> tuple[str, str]:
    if is_percentage(unit):
        points = latest - earlier
        if abs(points) < SAME_WITHIN_POINTS:
            return "same", ""
        return ("up" if points > 0 else "down"), f"{abs(points):.1f} percentage points"
    if earlier == 0:
        return ("same", "") if latest == 0 else ("up", "")
    percent = (latest - earlier) / abs(earlier) * 100
    if round(abs(percent)) == 0:
        return "same", ""
    return ("up" if percent > 0 else "down"), f"{abs(percent):.0f}%"


@derived
def latest_changes(df: pd.DataFrame, unit: str) -> tuple[Point | None, list[Change]]:
    """The latest point and its changes on the previous period and the same period a year
    earlier (each only when that period is in the data), previous period first."""
    points = series_points(df)
    if not points:
        return None, []
    latest = points[-1]
    by_period = {point.period: point for point in points}
    noun = period_noun(latest.period)
    wanted = [
        (previous_period(latest.period), f"the previous {noun}", f"last {noun}"),
        (same_period_last_year(latest.period), f"the same {noun} last year", "last year"),
    ]
    changes = [
        compare(latest, by_period[period], unit, against, short)
        for period, against, short in wanted
        if period in by_period
    ]
    return latest, changes


def headline_change(df: pd.DataFrame, unit: str) -> Change | None:
    """The change a title or tile leads with: on last year if known (it allows for
    seasons), otherwise on the previous period."""
    _, changes = latest_changes(df, unit)
    return changes[-1] if changes else None


def judgement(direction: str | None, better: str) -> str | None:
    """Whether a change is "better" or "worse"; None when the measure has no good direction."""
    if better not in ("up", "down") or direction not in ("up", "down"):
        return None
    return "better" if direction == better else "worse"


def summarise_series(df: pd.DataFrame, unit: str, better: str) -> str:
    """One or two plain-English sentences on the latest value and how it changed, e.g.
    "In 2025/26 Q3 the figure was 120 referrals. That is up 12% on the previous quarter
    (107) and down 5% on the same quarter last year (126), which is better."
    """
    latest, changes = latest_changes(df, unit)
    if latest is None:
        return "There are no figures to describe yet."
    if latest.suppressed:
        return (
            f"The figure for {latest.period} is suppressed ({SUPPRESSED}: 1 to 7) "
            "to protect privacy, so no change is shown."
        )
    if latest.value is None:
        return f"There is no figure for {latest.period} ({NOT_AVAILABLE}: not available)."
    noun = "rate" if is_rate(unit) else "figure"
    opening = (
        f"In {latest.period} the {noun} was {format_value(latest.value, unit, with_unit=True)}."
    )
    if not changes:
        return opening
    clauses = [_change_clause(change, unit) for change in changes]
    verdict = judgement(changes[-1].direction, better)
    if verdict:
        clauses[-1] += f", which is {verdict}"
    return f"{opening} That is {' and '.join(clauses)}."


def _change_clause(change: Change, unit: str) -> str:
    if change.direction is None:
        return f"not compared with {change.against}, because a figure is suppressed ({SUPPRESSED})"
    earlier = format_value(change.earlier.value, unit)
    return f"{change.phrase} ({earlier})"


def finding_title(subject: str, df: pd.DataFrame, unit: str) -> str:
    """A short, active title stating the main finding, in sentence case.

    ``subject`` names what is counted, e.g. "Referrals" -> "Referrals rose 12% on the
    same quarter last year".
    """
    subject = sentence_start(subject)
    latest, _ = latest_changes(df, unit)
    if latest is None:
        return f"{subject}: no figures yet"
    if latest.suppressed:
        return f"{subject}: {latest.period} figure suppressed to protect privacy"
    change = headline_change(df, unit)
    if change is None or change.direction is None:
        return f"{subject} in {latest.period}: {format_value(latest.value, unit, with_unit=True)}"
    if change.direction == "same":
        return f"{subject} held steady compared with {change.against}"
    verb = "rose" if change.direction == "up" else "fell"
    if not change.amount:
        return f"{subject} {verb} from 0 in {change.against}"
    return f"{subject} {verb} {change.amount} on {change.against}"


def plain_list(names: Sequence[str]) -> str:
    """Names joined as in a sentence: "A and B", "A, B and C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def chart_alt(title: str) -> str:
    """A short accessible name for a chart; the numbers are in the table beside it."""
    return f"Chart: {title}. The figures are in the table under 'Show the data'."


# --- tables for people and for download --------------------------------------------


def table_number(value: object) -> object:
    """A number for a data table: whole numbers without decimals, others to 1 decimal."""
    if is_missing(value):
        return NOT_AVAILABLE
    number = float(value)
    return int(number) if number.is_integer() else round(number, 1)


@derived
def data_table(df: pd.DataFrame) -> pd.DataFrame:
    """The table behind a chart, as a reader and a download see it.

    Suppressed rows show "c" in every number column, missing numbers "x"; internal
    columns are dropped and known columns get readable names.
    """
    flags = suppressed_flags(df)
    table = df.drop(columns=[column for column in INTERNAL_COLUMNS if column in df.columns])
    if "reliability" in df.columns and df["reliability"].eq(LOW_RELIABILITY).any():
        table["reliability"] = df["reliability"].fillna("").astype(str)
    for column in SUPPRESSIBLE_COLUMNS:
        if column in table.columns:
            cells = [
                SUPPRESSED if suppressed else table_number(value)
                for value, suppressed in zip(table[column], flags, strict=True)
            ]
            table[column] = pd.Series(cells, index=table.index, dtype=object)
    return table.rename(columns=COLUMN_LABELS).reset_index(drop=True)


@derived
def table_notes(table: pd.DataFrame) -> list[str]:
    """The symbol notes a table needs, for the symbols it actually contains."""
    cells = set(table.astype(str).to_numpy().ravel())
    notes = []
    if SUPPRESSED in cells:
        notes.append(SUPPRESSED_NOTE)
    if NOT_AVAILABLE in cells:
        notes.append(NOT_AVAILABLE_NOTE)
    if LOW_RELIABILITY in cells:
        notes.append(LOW_RELIABILITY_NOTE)
    return notes


def readable_cell(cell: object) -> str:
    """A table cell as text for the screen: numbers with thousands separators."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return str(cell)
    return f"{cell:,}" if isinstance(cell, int) else f"{cell:,.1f}"


@derived
def readable_table(table: pd.DataFrame) -> pd.DataFrame:
    """The same table with every cell as text, so columns mixing numbers and "c" display
    (and serialise to Arrow) as one type."""
    return table.map(readable_cell)



def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as CSV for Excel (UTF-8 with BOM), with formula injection neutralised in
    headers and text cells; numbers are left as numbers."""
    safe = table.map(neutralise_formula)
    safe.columns = [neutralise_formula(str(column)) for column in table.columns]
    # CRLF line ends (RFC 4180, as Excel writes) also make pandas quote a cell holding a
    # lone carriage return, which would otherwise split the row.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
