"""A public viewer cannot work out a hidden count by differencing what the dashboard publishes.

The attack a careful member of the public could make: for every children's measure, ask for the
total and for each value of each filter the measure honours (authority, ward, sex, age band, type
of harm), each breakdown under each of those filters (ward x sex against ward, say), per quarter,
on the demo store and on the demo store narrowed to its smallest ward. Then reason about every
published figure: a shown rounded count v means the truth is in [v-2, v+2], "c" means 1 to 7, 0
means none; every total must equal the sum of its parts. Intervals are narrowed equation by
equation until nothing changes, and a hidden cell pinned to one number is recovered.

The same attack against the old per-table suppression (kept below as `legacy_suppress`: 1-5
hidden, a second cell hidden per table) finds the leaks the issue reported, so it is live.
Officer-level figures are computed once and disclosure applied in pandas, as `metrics.api.compute`
does, so the audit runs in well under a minute.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass, field

import pandas as pd
import pytest

from contracts.roles import Role
from metrics.api import compute
from metrics.disclosure import LARGEST, ROUND_TO, SMALLEST, suppress
from metrics.model import Disclosure, Measure, Query
from metrics.registry import BY_ID
from store.connection import connect

CHILD_MEASURES = [m for m in BY_ID.values() if m.disclosure == Disclosure.CHILDREN]
# A filter the Query honours, and the breakdown whose values are the same categories.
DIMENSIONS = {"la_codes": "authority", "ward": "ward", "sex": "sex", "age_band": "age_band",
              "harm_type": "harm_type"}
BREAKDOWN_DIMENSIONS = {breakdown: dimension for dimension, breakdown in DIMENSIONS.items()}
UNBOUNDED = 10**9
Key = tuple  # (measure_id, kind, period, frozenset of (dimension, value))


def legacy_suppress(frame: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """The suppression this dashboard used before rounding: 1 to 5 hidden, and in each table a
    second cell hidden where one alone was (kept here to prove the attack finds its leaks)."""
    if measure.disclosure != Disclosure.CHILDREN or frame.empty:
        return frame
    out = frame.copy()
    counts = out["numerator"].where(out["numerator"].notna(), out["value"])
    small = counts.between(1, 5) | out["denominator"].fillna(0).between(1, 5)
    out["suppressed"] = out["suppressed"] | small
    if not (out["breakdown"] == "total").all():
        for _, group in out.groupby(["period", "breakdown"], sort=False):
            if len(group) < 2 or group["suppressed"].sum() != 1:
                continue
            group_counts = counts[group.index]
            candidates = group_counts[(~group["suppressed"]) & (group_counts > 0)]
            if not candidates.empty:
                out.loc[candidates.idxmin(), "suppressed"] = True
    out.loc[out["suppressed"], ["value", "numerator"]] = float("nan")
    out.loc[out["suppressed"] & out["denominator"].fillna(0).between(1, 5), "denominator"] = float("nan")
    return out


def rounded_reading(shown: float | None, hidden: bool, may_be_zero: bool) -> tuple[int, int]:
    if hidden:
        return 0 if may_be_zero else SMALLEST, LARGEST
    if shown == 0:
        return 0, 0
    half = ROUND_TO // 2
    return int(shown) - half, int(shown) + half


def legacy_reading(shown: float | None, hidden: bool, may_be_zero: bool) -> tuple[int, int]:
    # A hidden cell may be primary (1 to 5) or secondary (any size): the public cannot tell.
    return (int(not may_be_zero), UNBOUNDED) if hidden else (int(shown), int(shown))


@dataclass
class Table:
    """One officer-level query result and where its cells sit in the lattice."""

    measure: Measure
    context: frozenset
    breakdown: str
    frame: pd.DataFrame


@dataclass
class Audit:
    queries: int = 0
    cells: int = 0
    hidden: int = 0
    recovered: list = field(default_factory=list)
    shown_small: list = field(default_factory=list)
    unrounded: list = field(default_factory=list)  # shown counts that are not multiples of 5


def officer_tables(con, base: dict, ward_pairs: bool) -> list[Table]:
    """Every query the attack makes, at officer level: the base filters alone with every
    breakdown, and with one more filter value, broken down by each category that comes later in
    DIMENSIONS (so each pair of categories, ward x sex say, is asked for once). Ward x category
    pairs are asked for where `ward_pairs` (the store narrowed to one ward holds them anyway)."""
    tables = []
    order = list(DIMENSIONS)
    for declared in CHILD_MEASURES:
        honoured = [f for f in declared.filters if f in DIMENSIONS and f not in base]
        asks = [(dict(base), declared.breakdowns)]
        for f in honoured:
            later = {DIMENSIONS[d] for d in order[order.index(f) + 1:]}
            if f == "ward" and not ward_pairs:
                later = set()
            if f == "harm_type":  # last in order, but not a breakdown of most measures
                later = {DIMENSIONS[d] for d in order if d != f}
            breakdowns = [b for b in declared.breakdowns if b == "total" or b in later]
            asks += [({**base, f: v}, breakdowns)
                     for v in dimension_values(con, declared, f, base)]
        for context, breakdowns in asks:
            for breakdown in breakdowns:
                query = Query(**{k: (v,) if k == "la_codes" else v for k, v in context.items()},
                              breakdown=breakdown)
                frame = compute(con, declared.id, query, Role.OFFICER).reset_index(drop=True)
                for answered, rows in frame.groupby("breakdown", sort=False):
                    if BREAKDOWN_DIMENSIONS.get(answered) in context:
                        continue  # e.g. harm types of referrals of one harm type: not a part
                    tables.append(Table(declared, frozenset(context.items()), str(answered),
                                        rows.reset_index(drop=True)))
    return tables


_VALUES: dict = {}


def dimension_values(con, declared: Measure, dimension: str, base: dict) -> list[str]:
    """The categories a public viewer can pick for a filter (as the officer data has them)."""
    key = (dimension, tuple(sorted(base.items())))
    if key not in _VALUES:
        breakdown = DIMENSIONS[dimension]
        source = "referrals_by_harm" if breakdown == "harm_type" else "referrals"
        query = Query(**{k: (v,) if k == "la_codes" else v for k, v in base.items()},
                      breakdown=breakdown)
        _VALUES[key] = sorted(compute(con, source, query, Role.OFFICER)["breakdown_value"].unique())
    return _VALUES[key]


def count_cells(table: Table, frame: pd.DataFrame):
    """(key, officer truth, shown figure, hidden?, may be zero?) for the counts in one published
    table: the numerator (or the count itself) and the denominator of each row. A numerator
    hidden with its denominator may be 0: the row was hidden for its small denominator."""
    dimension = BREAKDOWN_DIMENSIONS.get(table.breakdown, table.breakdown)
    truth, median = table.frame, table.measure.unit == "days"
    rows = zip(truth["period"], truth["breakdown_value"], truth["value"], truth["numerator"],
               truth["denominator"], frame["value"], frame["numerator"], frame["denominator"],
               frame["suppressed"], strict=True)
    for period, category, value, numerator, denominator, *shown, suppressed in rows:
        context = table.context
        if table.breakdown != "total":
            context = context | {(dimension, category)}
        is_ratio_row = numerator == numerator  # not NaN
        count, shown_count = (numerator, shown[1]) if is_ratio_row else (value, shown[0])
        for kind, true, published in (("count", count, shown_count),
                                      ("denominator", denominator, shown[2])):
            if true != true or (kind == "count" and median and not is_ratio_row):
                continue
            hidden = bool(suppressed) and published != published
            if not hidden and published != published:
                continue
            may_be_zero = kind == "count" and is_ratio_row and shown[2] != shown[2]
            yield ((table.measure.id, kind, period, context), int(true),
                   None if hidden else float(published), hidden, may_be_zero)


def attack(tables: list[Table], suppressor, reading) -> Audit:
    audit = Audit(queries=len(tables))
    truth: dict[Key, int] = {}
    known: dict[Key, list[int]] = {}
    hidden_keys: set[Key] = set()
    equations: list[tuple[Key, list[Key]]] = []
    parts: dict[tuple, list[Key]] = defaultdict(list)
    for table in tables:
        shown_frame = suppressor(table.frame, table.measure)
        for key, true, shown, hidden, may_be_zero in count_cells(table, shown_frame):
            truth[key] = true
            lo, hi = reading(shown, hidden, may_be_zero)
            current = known.setdefault(key, [0, UNBOUNDED])
            current[0], current[1] = max(current[0], lo), min(current[1], hi)
            if hidden:
                hidden_keys.add(key)
            elif key[1] == "count" and 1 <= shown <= 5:
                audit.shown_small.append((key, shown))
            if not hidden and shown % ROUND_TO:
                audit.unrounded.append((key, shown))
            if key[1] == "count":
                measure_id, _, period, context = key
                for item in context:
                    parts[(measure_id, period, context - {item}, item[0])].append(key)
    for (measure_id, period, parent_context, _), children in parts.items():
        parent = (measure_id, "count", period, parent_context)
        children = sorted(set(children), key=str)
        if parent in truth and len(children) > 1 and \
                truth[parent] == sum(truth[child] for child in children):
            equations.append((parent, children))
    _propagate(known, equations)
    audit.cells, audit.hidden = len(known), len(hidden_keys)
    for key in hidden_keys:
        lo, hi = known[key]
        assert lo <= truth[key] <= hi, f"the attack's reasoning is unsound at {key}"
        if lo == hi and lo > 0:  # a pinned 0 says no more than the 0 published above it
            audit.recovered.append((key, truth[key]))
    return audit


def _propagate(known: dict[Key, list[int]], equations: list[tuple[Key, list[Key]]]) -> None:
    """Narrow every interval by every equation (parent = sum of parts) until nothing changes."""
    for _ in range(50):
        changed = False
        for parent, children in equations:
            low = sum(known[c][0] for c in children)
            high = sum(known[c][1] for c in children)
            bounds = known[parent]
            new = [max(bounds[0], low), min(bounds[1], high)]
            for child in children:
                c_lo, c_hi = known[child]
                new_child = [max(c_lo, new[0] - (high - c_hi)), min(c_hi, new[1] - (low - c_lo))]
                if new_child != [c_lo, c_hi]:
                    known[child][:] = new_child
                    changed = True
            if new != bounds:
                bounds[:] = new
                changed = True
        if not changed:
            return


@pytest.fixture(scope="module")
def stores(demo_store_path):
    """Officer-level tables for the whole demo store and for it narrowed to its smallest ward."""
    with closing(connect(demo_store_path)) as con:
        la_code, ward = con.execute("SELECT la_code, ward_code FROM referrals GROUP BY ALL "
                                    "ORDER BY count(*) LIMIT 1").fetchone()
        return {"demo store": officer_tables(con, {}, ward_pairs=False),
                "smallest ward": officer_tables(con, {"la_codes": la_code, "ward": ward},
                                                ward_pairs=True)}


@pytest.mark.parametrize("variant", ["demo store", "smallest ward"])
def test_no_hidden_count_can_be_recovered_and_no_small_count_is_shown(stores, variant):
    audit = attack(stores[variant], suppress, rounded_reading)
    print(f"\n{variant}: {audit.queries} public queries, {audit.cells} counts, {audit.hidden} "
          f"hidden, {len(audit.recovered)} recovered, {len(audit.shown_small)} shown as 1 to 5")
    assert audit.hidden > 0, "the audit must meet hidden counts to test anything"
    assert audit.recovered == []
    assert audit.shown_small == []
    assert audit.unrounded == []


def test_the_same_attack_recovers_counts_the_old_per_table_suppression_hid(stores):
    """The attack is live: on the demo store it works out counts of 1 to 5 that the old
    suppression hid (in the narrowed store nearly every cell is hidden, so there it finds none)."""
    audit = attack(stores["demo store"], legacy_suppress, legacy_reading)
    small = [key for key, truth in audit.recovered if 1 <= truth <= 5]
    measures = sorted({key[0] for key in small})
    print(f"\ndemo store (old suppression): {audit.queries} public queries, {audit.hidden} hidden, "
          f"{len(audit.recovered)} recovered, {len(small)} of them 1 to 5, in {measures}")
    assert len(small) > 0


def test_a_quarter_range_publishes_only_the_quarters_it_covers(demo_store_path):
    """A range of quarters is a filter on the per-quarter rows, not a new total, so ranges
    cannot be differenced to isolate a quarter."""
    with closing(connect(demo_store_path)) as con:
        for declared in CHILD_MEASURES:
            everything = compute(con, declared.id, Query(), Role.PUBLIC)
            if everything.empty:
                continue
            periods = sorted(everything["period"].unique())
            for start, end in itertools.combinations(periods[:3], 2):
                ranged = compute(con, declared.id, Query(period_from=start, period_to=end),
                                 Role.PUBLIC)
                expected = everything[everything["period"].between(start, end)]
                pd.testing.assert_frame_equal(ranged.reset_index(drop=True),
                                              expected.reset_index(drop=True))
