"""In a real browser, as a member of the public (who sees "c" for counts of 1 to 7): on every
chart page, nothing a chart draws runs into anything else. The "c" badges, the "c = 1 to 7"
note, other notes, the legend, the title and the axis titles never overlap one another, and
the quarter labels are drawn whole inside the chart, on the page's narrow half-width columns
and on a 390 px phone.

Plotly places a legend and notes by fractions of the plot, so a legend that wraps on a narrow
column, or "c" badges stacked above a 100% bar, ran into the note ("Shares are of t..." cut
off); only the browser's own boxes show that."""

from __future__ import annotations

import pytest

from browser import browser_page, wait_until_idle

pytestmark = pytest.mark.browser

CHART_PAGES = ["", "referrals", "contextual", "violence", "mace", "programmes", "compare"]
PHONE_PAGES = ["referrals", "contextual"]
PHONE = {"width": 390, "height": 844}

# Every part of every chart on the page, as boxes in page pixels. Annotations are told apart by
# their text: a "c" badge, a note (the "c = 1 to 7" key and its like), or another label.
BOXES_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map((chart, index) => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return {x: r.left, y: r.top, w: r.width, h: r.height};
  };
  const parts = [];
  chart.querySelectorAll('.annotation').forEach((element) => {
    const text = element.textContent.trim();
    const kind = text === 'c' ? 'c badge' : /^[cxu] = /.test(text) ? 'note' : 'label';
    const shown = element.querySelector('.annotation-text-g') || element;
    parts.push({kind, text: text.slice(0, 30), box: box(shown)});
  });
  const named = {'legend': '.legend .bg', 'title': '.g-gtitle', 'x-axis title': '.g-xtitle',
                 'y-axis title': '.g-ytitle'};
  for (const [kind, selector] of Object.entries(named)) {
    chart.querySelectorAll(selector).forEach((element) => {
      if (element.getBoundingClientRect().width > 0)
        parts.push({kind, text: element.textContent.trim().slice(0, 30), box: box(element)});
    });
  }
  const ticks = [...chart.querySelectorAll('.xaxislayer-above .xtick text')].map((element) => ({
    text: element.textContent, box: box(element),
    rotated: /rotate\\((?!0[,)])/.test(element.getAttribute('transform') || ''),
  }));
  const svg = chart.querySelector('svg.main-svg');
  return {index, chart: box(svg), parts, ticks};
})"""


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (a["x"] + slack < b["x"] + b["w"] and b["x"] + slack < a["x"] + a["w"]
            and a["y"] + slack < b["y"] + b["h"] and b["y"] + slack < a["y"] + a["h"])


def inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (inner["x"] >= outer["x"] - slack and inner["y"] >= outer["y"] - slack
            and inner["x"] + inner["w"] <= outer["x"] + outer["w"] + slack
            and inner["y"] + inner["h"] <= outer["y"] + outer["h"] + slack)


def collisions(charts: list[dict], viewport_width: int) -> list[str]:
    """Every overlap between two parts of a chart, and every part or quarter label cut off."""
    problems = []
    for chart in charts:
        where = f"chart {chart['index'] + 1}"
        parts = [p for p in chart["parts"] if p["box"]["w"] and p["box"]["h"]]
        if chart["chart"]["x"] + chart["chart"]["w"] > viewport_width + 1:
            problems.append(f"{where} is wider than the screen")
        for number, part in enumerate(parts):
            if not inside(part["box"], chart["chart"]):
                problems.append(f"{where}: the {part['kind']} {part['text']!r} is cut off")
            for other in parts[number + 1:]:
                if "label" == part["kind"] == other["kind"]:
                    continue  # a matrix's cells: labels side by side, checked by the matrix
                if overlap(part["box"], other["box"]):
                    problems.append(f"{where}: the {part['kind']} {part['text']!r} overlaps "
                                    f"the {other['kind']} {other['text']!r}")
        ticks = chart["ticks"]
        for number, tick in enumerate(ticks):
            if not inside(tick["box"], chart["chart"]):
                problems.append(f"{where}: the label {tick['text']!r} is cut off")
            for part in parts:
                if part["kind"] in ("legend", "note", "title", "x-axis title") \
                        and overlap(tick["box"], part["box"]):
                    problems.append(f"{where}: the label {tick['text']!r} overlaps the "
                                    f"{part['kind']} {part['text']!r}")
            after = ticks[number + 1] if number + 1 < len(ticks) else None
            if after and not tick["rotated"] and overlap(tick["box"], after["box"]):
                problems.append(f"{where}: the labels {tick['text']!r} and "
                                f"{after['text']!r} overlap")
    return problems


def chart_problems(page, url: str, path: str, viewport_width: int) -> tuple[list[str], int]:
    """Open a page, wait until every chart is drawn, and list what collides. Plotly lays a chart
    out again when its column settles, so a finding must still stand a moment later."""
    page.goto(f"{url}/{path}")
    page.locator(".js-plotly-plot").first.wait_for()
    wait_until_idle(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')]"
                           ".every((chart) => chart.querySelector('.main-svg'))")
    charts = page.evaluate(BOXES_JS)
    if collisions(charts, viewport_width):
        page.wait_for_timeout(1_500)
        charts = page.evaluate(BOXES_JS)
    badges = sum(part["kind"] == "c badge" for chart in charts for part in chart["parts"])
    return [f"/{path} {problem}" for problem in collisions(charts, viewport_width)], badges


def walk(url: str, viewport: dict, addresses: list[str]) -> tuple[list, int]:
    """Every chart problem on the pages at one screen size, and how many "c" badges they had."""
    problems: list[str] = []
    badges = 0
    with browser_page(viewport, timeout=120_000) as page:
        for address in addresses:
            found, count = chart_problems(page, url, address, viewport["width"])
            problems += found
            badges += count
    return problems, badges


def test_nothing_in_a_chart_overlaps_on_any_chart_page(demo_app):
    """At 1400 px the pages' half-width columns are the narrow charts."""
    problems, badges = walk(demo_app.url, {"width": 1400, "height": 1000}, CHART_PAGES)
    assert badges, "no chart showed a \"c\" badge, so the test proved nothing"
    assert not problems, "\n".join(problems)


def test_nothing_in_a_chart_overlaps_or_is_cut_off_on_a_phone(demo_app):
    """A ranked bar chart's long labels wrap (ui.charts.bars.LABEL_WRAP): on one line they left
    the plot so narrow that its x-axis title was cut off."""
    problems, badges = walk(demo_app.url, PHONE, PHONE_PAGES)
    assert badges, "no chart showed a \"c\" badge, so the test proved nothing"
    assert not problems, "\n".join(problems)


def all_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    return [(v["impact"], v["id"], [node["target"] for node in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]]


def test_chart_pages_have_no_axe_violation_of_any_impact(demo_app):
    """axe-core finds nothing at all on the chart pages as the public sees them: not only
    serious or critical violations (tests/test_browser_upload.py holds every page to that)."""
    found = {}
    with browser_page(timeout=120_000) as page:
        for address in CHART_PAGES:
            page.goto(f"{demo_app.url}/{address}")
            page.locator(".js-plotly-plot").first.wait_for()
            wait_until_idle(page)
            page.wait_for_load_state("networkidle")
            if violations := all_violations(page):
                found[f"/{address}"] = violations
    assert not found, found
