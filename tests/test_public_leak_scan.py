"""No count of 1 to 5 children reaches a public viewer: every public page is run through the real
entry point on a store full of small counts (the demo store narrowed to its smallest ward, where
most cells are 1 to 5), and everything the page sends is scanned: chart values, hover text and
bar labels, each chart's data table, its CSV download, summaries, tiles and every other line of
text. The same scan run for an officer finds the small counts, so it is able to fail."""

from __future__ import annotations

import csv
import io
import json
import re
from contextlib import closing

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apptest import offered_downloads, open_card_details, sign_in_as
from conftest import ROOT
from contracts.roles import Role
from metrics.api import compute
from metrics.model import Disclosure, Query
from metrics.registry import BY_ID
from store.connection import connect

PUBLIC_PAGES = ["overview", "referrals", "contextual", "violence", "mace", "programmes",
                "recommendations", "compare", "definitions"]
CHILD_MEASURES = [m for m in BY_ID.values() if m.disclosure == Disclosure.CHILDREN]
# "points" is a mean change in a context's safety score (context_safety_change), not a count.
COUNT_UNITS = {m.unit for m in CHILD_MEASURES
               if m.unit not in ("%", "days", "points") and not m.unit.startswith("per ")}
UNIT_WORDS = sorted({word for unit in COUNT_UNITS for word in re.findall(r"[a-z]+", unit)
                     if word not in ("or", "under")} | {"child", "referral", "context"}, key=len,
                    reverse=True)
SMALL = r"(?<![\d.,])[1-5](?![\d.,%])"
# "3 children", "4 referrals", but not "1 to 5 children" (the suppression note itself).
SMALL_COUNT_IN_WORDS = re.compile(rf"(?<!to ){SMALL} (?:{'|'.join(UNIT_WORDS)})\b")
SMALL_CELL = re.compile(rf"^\s*{SMALL}\s*$")


def smallest_ward(store_path) -> tuple[str, str]:
    # `connect` shares the settings of the app's connection, which may be open in this process.
    with closing(connect(store_path)) as con:
        return con.execute("SELECT la_code, ward_code FROM referrals GROUP BY ALL "
                           "ORDER BY count(*) LIMIT 1").fetchone()


@pytest.fixture(scope="module")
def narrowed(demo_store_path):
    """The demo store and the filters that make it a store of small counts."""
    la_code, ward = smallest_ward(demo_store_path)
    return demo_store_path, {"la": [la_code], "ward": ward}


def run_page(monkeypatch, store_path, page: str, role: str, filters: dict) -> AppTest:
    monkeypatch.setenv("SCRUTINY_STORE", str(store_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    sign_in_as(app, role)
    for key, value in filters.items():
        app.session_state[key] = value
    app.run()
    if page != "overview":
        app.switch_page(f"views/{page}.py").run()
    open_card_details(app)  # every card's table and downloads are scanned too
    assert not app.exception, app.exception
    return app


def plain(value: object) -> str:
    return str(value).replace("\\", "")


def measure_of(subtitle: str):
    """The measure a card shows, from its subtitle ("<measure title> (<unit>), <filters>")."""
    matches = [m for m in BY_ID.values() if plain(subtitle).startswith(m.title)]
    return max(matches, key=lambda m: len(m.title)) if matches else None


def children_of(block) -> list:
    return list(getattr(block, "children", {}).values())


def descendants(block):
    for kid in children_of(block):
        yield kid
        yield from descendants(kid)


def cards(block):
    """Chart cards, found anywhere in the page: blocks with a chart and a "Show the data"
    expander; each as every element inside it, in page order."""
    kids = children_of(block)
    inside = list(descendants(block))
    if (any(getattr(k, "type", "") == "expander" for k in kids)
            and any(getattr(e, "type", "") == "plotly_chart" for e in inside)):
        yield inside
        return
    for kid in kids:
        yield from cards(kid)


def figure_leaks(spec: dict, counts: bool) -> list[str]:
    """Values, hover text, bar labels and the numbers written into cells (annotations). The grey
    mask under suppressed cells (a trace named "c", z = 1) marks cells; it counts nothing."""
    leaks = []
    for trace in spec["data"]:
        if trace.get("name") == "c":
            continue
        axis = "x" if trace.get("orientation") == "h" else "y"
        values = [] if trace.get("type") == "heatmap" else list(trace.get(axis) or [])
        numbers = values + [v for row in trace.get("z") or [] for v in
                            (row if isinstance(row, list) else [row])]
        if counts:
            leaks += [f"{trace.get('name')}: {axis}={v}" for v in numbers
                      if isinstance(v, int | float) and v == int(v) and 1 <= v <= 5]
        for field in ("text", "customdata", "hovertext"):
            values = trace.get(field) or []
            for value in (values if isinstance(values, list) else [values]):
                words = json.dumps(value) if isinstance(value, list) else str(value)
                if SMALL_COUNT_IN_WORDS.search(words) or (counts and SMALL_CELL.match(words)):
                    leaks.append(f"{trace.get('name')}: {field}={words}")
    for note in spec["layout"].get("annotations") or []:
        words = re.sub(r"<[^>]+>", " ", str(note.get("text", "")))
        if SMALL_COUNT_IN_WORDS.search(words) or (counts and SMALL_CELL.match(words)):
            leaks.append(f"annotation: {words}")
    return leaks


def table_leaks(rows: list[dict], counts: bool) -> list[str]:
    columns = ["Numerator"] + (["Value"] if counts else [])
    return [f"{column}={row[column]} in {row}" for row in rows for column in columns
            if column in row and SMALL_CELL.match(str(row[column]))]


def csv_rows(data: bytes) -> list[dict]:
    """The table part of a download: after the header block (measure, filters, data date) and
    the blank line that ends it."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    blank = rows.index([])
    return [dict(zip(rows[blank + 1], row, strict=False)) for row in rows[blank + 2:]]


def scan(app: AppTest, downloads: dict[str, object]) -> list[str]:
    leaks = []
    for kids in cards(app.main):
        subtitle = next((k.value for k in kids if getattr(k, "type", "") == "markdown"), "")
        declared = measure_of(subtitle)
        if declared is None or declared.disclosure != Disclosure.CHILDREN:
            continue
        counts = declared.unit in COUNT_UNITS
        where = declared.id
        for kid in kids:
            if getattr(kid, "type", "") == "plotly_chart":
                spec = json.loads(kid.proto.spec)
                leaks += [f"{where} chart {leak}" for leak in figure_leaks(spec, counts)]
        for element in kids:
            kind = getattr(element, "type", "")
            if kind == "table":
                rows = element.value.astype(str).to_dict("records")
                leaks += [f"{where} table {leak}" for leak in table_leaks(rows, counts)]
            elif kind == "download_button" and element.label.endswith("(CSV)"):
                names = [name for name in downloads if name and name.endswith(".csv")
                         and element.proto.id.endswith(name.removesuffix(".csv") + "-csv")]
                assert names, f"no file behind {element.label} of {where}"
                rows = csv_rows(downloads[max(names, key=len)]())
                leaks += [f"{where} download {leak}" for leak in table_leaks(rows, counts)]
    for element in descendants(app.main):
        value = getattr(element, "value", None)
        if isinstance(value, str) and SMALL_COUNT_IN_WORDS.search(plain(value)):
            leaks.append(f"text: {plain(value)[:160]}")
        if getattr(element, "type", "") == "metric":
            declared = measure_of(element.label)
            if declared and declared.unit in COUNT_UNITS and SMALL_CELL.match(plain(value)):
                leaks.append(f"tile {element.label}: {value}")
    return leaks


def test_the_narrowed_store_really_is_full_of_small_counts(narrowed):
    store_path, filters = narrowed
    query = Query(la_codes=tuple(filters["la"]), ward=filters["ward"])
    small = 0
    with closing(connect(store_path)) as con:
        for declared in CHILD_MEASURES:
            for breakdown in declared.breakdowns:
                frame = compute(con, declared.id, Query(**{**query.__dict__,
                                                           "breakdown": breakdown}), Role.OFFICER)
                small += int(frame["numerator"].between(1, 5).sum())
    assert small >= 100, small


@pytest.mark.parametrize("page", PUBLIC_PAGES)
@pytest.mark.parametrize("narrow", [False, True], ids=["whole store", "smallest ward"])
def test_no_public_page_shows_a_count_of_one_to_five_children(monkeypatch, narrowed, page,
                                                               narrow):
    store_path, filters = narrowed
    downloads = offered_downloads(monkeypatch)
    app = run_page(monkeypatch, store_path, page, "public", filters if narrow else {})
    assert not (leaks := scan(app, downloads)), "\n".join(leaks[:20])


@pytest.mark.parametrize("page", ["referrals", "contextual", "mace"])
def test_the_same_scan_finds_the_small_counts_an_officer_sees(monkeypatch, narrowed, page,
                                                              demo_store_copy):
    _, filters = narrowed
    downloads = offered_downloads(monkeypatch)
    app = run_page(monkeypatch, demo_store_copy, page, "officer", filters)  # downloads audited
    if page == "referrals":  # MACE measures do not break down by ward, so do not say one
        assert "; ward " in plain(" ".join(m.value for m in app.markdown)), "the filter applies"
    leaks = scan(app, downloads)
    assert any(" chart " in leak for leak in leaks), leaks[:5]
    assert any(" table " in leak for leak in leaks), leaks[:5]
    assert any(" download " in leak for leak in leaks), leaks[:5]
