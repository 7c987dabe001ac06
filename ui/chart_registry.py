"""Which chart every measure and breakdown is drawn as, wherever it is shown.

A page card, a presentation slide and both committee pack formats look a chart up here by its
measure and breakdown (a deck's Slide carries both), so a matrix on the page is a matrix on the
slide and in the pack, never the measure's default chart. Each entry declares the chart kind
and what does not depend on the page: the headline's subject, how many groups are kept before
the rest add up as "Other", and the unit where a card shows one part of a measure.

A measure and breakdown no page declares (a deck may hold any) is drawn as a time series, or as
ranked bars of the latest period when it has more than four groups.

Pure: no Streamlit. The drawing calls the chart kit's builders (ui.charts).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from contracts.periods import quarter_bounds
from metrics import violence
from metrics.contextual import RISK_LABELS, movement_cells
from metrics.model import Measure
from metrics.recommendations import PROGRESS
from ui import charts

EVENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "events.csv"
MAX_CATEGORIES = 6  # the accessible palette's length; more are added up as "Other"
LINE_MAX_GROUPS = 4  # more groups than this read better as ranked bars of the latest period
BAR_HEIGHT = 26  # pixels a ward in the ranked wards chart


class ChartKind(StrEnum):
    LINE = "line"  # a time series: one line, or one a group
    RANKED_BARS = "ranked bars"  # the latest period's groups, largest first
    SHARE_OVER_TIME = "share over time"  # each period's 100%, split by group
    STACKED_BY_QUARTER = "stacked bars"  # each quarter's total, its parts stacked
    MATRIX = "matrix"  # risk level at first review against latest review
    LINE_WITH_LAST_YEAR = "line with last year"  # months, the same month last year dashed
    AUTHORITIES = "authorities side by side"  # a line for each authority in the store
    WARDS_RANKED = "wards ranked"  # every ward by name, highest first, the latest period
    TRACKER = "tracker"  # each recommendation's latest progress rating, in the review's order
    # Drawn by their pages from reads of their own (ui.card_content.drawn_card): in the page's
    # pack as the page drew them (ui.card_content.DrawnSlide), not in a saved deck's slides.
    MAP = "map"  # ward rates on uploaded boundaries, or crimes counted in hexagons
    PUBLISHED = "published figures beside England"  # DfE's figures, a line an area
    AGAINST_TARGET = "line against target"  # a programme's year, its target dashed


# Kinds a page draws from reads of its own (ui.card_content.drawn_card): its pack carries the
# card as drawn; a deck's slide cannot build one from a measure and filters alone.
PAGE_ONLY = frozenset({ChartKind.MAP, ChartKind.PUBLISHED, ChartKind.AGAINST_TARGET})


@dataclass(frozen=True)
class ChartSpec:
    kind: ChartKind
    subject: str | None = None  # the headline's subject; the measure's title when None
    top: int | None = MAX_CATEGORIES  # groups kept before the rest add up as "Other"; None: all
    unit: str | None = None  # the unit when a card shows one part of a measure

    def kept(self, breakdown: str) -> int | None:
        return categories_kept(breakdown, self.top)


def categories_kept(breakdown: str, top: int | None = MAX_CATEGORIES) -> int | None:
    """How many categories a breakdown keeps before the rest add up as "Other" (None: all;
    a total or the authorities are never grouped)."""
    return None if breakdown in ("total", "authority") else top


def _line(subject: str | None = None) -> ChartSpec:
    return ChartSpec(ChartKind.LINE, subject)


_CRIME_SUBJECTS = {
    "violence_recorded": "Violence and sexual offences",
    "weapons_possession": "Possession of weapons offences",
    "robbery": "Robbery",
}
# Authorities compare fairly on rates and percentages (the Overview's side-by-side cards).
_SIDE_BY_SIDE = ("referral_rate_0_17", "re_referrals_12m", "contextual_share",
                 "child_risk_reduced", "violence_recorded_rate")

REGISTRY: dict[tuple[str, str], ChartSpec] = {
    # Referral trends (and the Overview's referrals card)
    ("referrals", "total"): _line("Referrals about extra-familial harm"),
    ("referral_rate_0_17", "total"): _line("The referral rate per 10,000 children"),
    ("referrals_by_source", "source"): ChartSpec(ChartKind.SHARE_OVER_TIME, "Referrals by source"),
    ("referrals_by_harm", "harm_type"): ChartSpec(ChartKind.RANKED_BARS,
                                                  "Referrals naming each harm"),
    ("re_referrals_12m", "total"): _line("Re-referrals within 12 months"),
    ("context_recorded", "total"): _line("Referrals naming a context"),
    ("referral_outcomes", "outcome"): ChartSpec(ChartKind.SHARE_OVER_TIME, "What happened next"),
    ("referral_profile", "age_band_sex"): ChartSpec(ChartKind.RANKED_BARS,
                                                    "Children referred by age and sex"),
    ("children_referred", "total"): _line("Children referred"),
    # Contextual versus individual change
    ("contextual_share", "total"): _line("The contextual share of interventions"),
    ("interventions_by_level", "target_level"): ChartSpec(ChartKind.SHARE_OVER_TIME,
                                                          "Interventions by target level"),
    ("contexts_assessed", "context_type"): ChartSpec(ChartKind.RANKED_BARS, "Contexts assessed"),
    ("child_risk_reduced", "total"): _line("Children at a lower risk than at first review"),
    ("context_risk_reduced", "total"): _line("Contexts at a lower risk than at first review"),
    ("risk_change_matrix", "child"): ChartSpec(ChartKind.MATRIX, "Risk movement for children",
                                               top=None, unit="children"),
    ("risk_change_matrix", "context"): ChartSpec(ChartKind.MATRIX, "Risk movement for contexts",
                                                 top=None, unit="contexts"),
    ("days_to_intervention", "total"): _line("Median days from first referral to intervention"),
    ("hotspot_reach", "total"): _line("Top-10 violence wards reached by contextual work"),
    ("contexts_safer", "total"): _line("Contexts safer than at first assessment"),
    ("context_safety_change", "domain"): ChartSpec(
        ChartKind.RANKED_BARS, "Change in safety score since first assessment", top=None),
    ("children_in_safer_contexts", "total"): _line(
        "Children whose risk fell, by whether their contexts became safer"),
    ("contexts_with_goals", "total"): _line("Contexts assessed with a goal set (effort)"),
    ("context_goals_met", "total"): _line("Goals for contexts met"),
    # MACE hub and disruption (and the Overview's tile)
    ("mace_children", "total"): _line(),
    ("mace_children", "discussion"): ChartSpec(ChartKind.STACKED_BY_QUARTER,
                                               "Children discussed at MACE"),
    ("mace_contexts", "discussion"): ChartSpec(ChartKind.STACKED_BY_QUARTER,
                                               "Contexts and peer groups discussed at MACE"),
    ("time_on_mace", "status"): _line("Median days on MACE"),
    ("mace_children_known", "record"): _line(
        "MACE children with a referral or intervention on record"),
    ("disruptions", "type"): ChartSpec(ChartKind.STACKED_BY_QUARTER,
                                       "Disruption activity by type"),
    # Violent crime
    **{(m, "total"): ChartSpec(ChartKind.LINE_WITH_LAST_YEAR, s) for m, s in _CRIME_SUBJECTS.items()},
    **{(f"{m}_12m", "total"): _line(f"{s} (rolling 12 months)") for m, s in _CRIME_SUBJECTS.items()},
    **{(f"{m}_rate", "total"): _line(f"{s} per 1,000 residents") for m, s in _CRIME_SUBJECTS.items()},
    ("violence_by_area", "ward"): ChartSpec(ChartKind.WARDS_RANKED,
                                            "Violence per 1,000 residents", top=None),
    ("knife_serious_violence_u25", "total"): _line(),
    ("hospital_sharp_assault_u25", "total"): _line(),
    ("homicide_u25", "total"): _line(),
    # The nine recommendations
    ("recommendation_progress", "recommendation"): ChartSpec(
        ChartKind.TRACKER, "The review's recommendations", top=None),
    # Awareness and training
    ("schools_engaged", "total"): _line("Schools reached"),
    ("staff_trained", "total"): _line("Children's services staff trained"),
    ("partners_members_aware", "total"): _line("Partners and elected Members reached"),
    ("community_guardians", "total"): _line("Community guardians recruited"),
    ("partners_members_aware", "programme"): _line("Partners and Members reached"),
    ("schools_engaged", "programme"): _line("Schools reached by each programme"),
    # The Overview: headline measures for each authority side by side
    **{(m, "authority"): ChartSpec(ChartKind.AUTHORITIES) for m in _SIDE_BY_SIDE},
}


def spec_for(measure_id: str, breakdown: str = "total") -> ChartSpec | None:
    """The declared chart for a measure and breakdown; None where no page declares one."""
    return REGISTRY.get((measure_id, breakdown))


def kind_for(spec: ChartSpec | None, frame: pd.DataFrame) -> ChartKind:
    """The declared kind, or for an undeclared chart the default: a line for a total or a few
    groups, ranked bars of the latest period for more."""
    if spec is not None:
        return spec.kind
    few = (frame["breakdown"] == "total").all() or (
        frame["breakdown_value"].nunique() <= LINE_MAX_GROUPS)
    return ChartKind.LINE if few else ChartKind.RANKED_BARS


# --- drawing -------------------------------------------------------------------------------


def events(period_kind: str = "quarter") -> list[tuple[str, str]]:
    """Dated events drawn on time charts (an editable list in data/events.csv)."""
    if not EVENTS_FILE.exists():
        return []
    with EVENTS_FILE.open(encoding="utf-8") as handle:
        rows = [(row["period"], row["label"]) for row in csv.DictReader(handle)]
    if period_kind == "month":
        return [(quarter_bounds(period)[0].strftime("%Y-%m"), label) for period, label in rows]
    return rows


def period_title_of(period_kind: str) -> str:
    return {"quarter": "Financial quarter", "month": "Month", "year": "Year"}.get(period_kind,
                                                                                   "Period")


# The extra frame a kind needs beside the measure's own: (measure_id, breakdown) -> frame.
Extra = Callable[[str], pd.DataFrame]


def draw(kind: ChartKind, frame: pd.DataFrame, declared: Measure, title: str, *,
         extra: Extra | None = None, presentation: bool = False) -> go.Figure:
    """The figure of `kind` for the measure's (disclosure-controlled, labelled) frame.
    `extra(measure_id)` reads another measure under the same filters (the same month last year
    beside a monthly count); `presentation` uses the projector's bigger type."""
    unit, period_kind = declared.unit, declared.period_kind
    latest = frame[frame["period"] == frame["period"].max()]
    if kind == ChartKind.RANKED_BARS:
        return charts.bar_chart(latest, title=title, unit=unit, horizontal=True, ranked=True,
                                presentation=presentation)
    if kind == ChartKind.SHARE_OVER_TIME:
        return charts.share_chart(frame, title=title, unit=unit, presentation=presentation)
    if kind == ChartKind.STACKED_BY_QUARTER:
        return charts.bar_chart(frame, title=title, unit=unit, category="period",
                                series="breakdown_value", stacked=True,
                                category_title=period_title_of(period_kind),
                                presentation=presentation)
    if kind == ChartKind.MATRIX:
        return charts.matrix_chart(movement_cells(latest), levels=list(RISK_LABELS.values()),
                                   title=title, unit=unit,
                                   subtitle=f"Reviewed in {latest['period'].iloc[0]}",
                                   presentation=presentation)
    if kind == ChartKind.LINE_WITH_LAST_YEAR:
        comparison = violence.same_month_last_year(extra(f"{declared.id}_change")) if extra else None
        return charts.line_chart(
            frame, title=title, unit=unit, period_title=period_title_of(period_kind),
            comparison=comparison if comparison is not None and not comparison.empty else None,
            comparison_label="same month last year", events=events(period_kind),
            presentation=presentation)
    if kind == ChartKind.WARDS_RANKED:
        return charts.bar_chart(frame, title=title, unit=unit, horizontal=True, ranked=True,
                                category_title="Ward", wrap_labels=False,
                                height=max(400, BAR_HEIGHT * len(frame) + 160),
                                presentation=presentation)
    if kind == ChartKind.TRACKER:
        return charts.tracker_chart(frame, title=title, unit=unit, presentation=presentation,
                                    levels={level: progress.status
                                            for level, progress in PROGRESS.items()})
    if kind == ChartKind.AUTHORITIES:
        return charts.line_chart(frame, title=title, unit=unit,
                                 period_title=period_title_of(period_kind),
                                 presentation=presentation)
    return charts.line_chart(frame, title=title, unit=unit, events=events(period_kind),
                             period_title=period_title_of(period_kind), presentation=presentation)
