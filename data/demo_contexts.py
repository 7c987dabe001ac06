"""Demo context assessments and goals, told from the same story as the demo's contexts.

A context is assessed when it is first reviewed and re-assessed at most of its later risk
reviews, on the same indicators each time. Scores follow the context's risk level (a high-risk
place scores low for safety), and a context that has had contextual work since its first
assessment scores a little higher, so some contexts become safer after contextual work and some
do not. Goals are set, mostly once the MACE hub runs, in a context's weakest domains; each is met,
partly met or not met by what its later assessments show, and a goal with no later assessment
is still open at the end of the demo period.

Rows come from their own random stream (`rng`), so the rest of the demo is unchanged by them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np

Row = dict[str, object]

# Domains a context of each type is assessed on, and the method most used for it.
DOMAINS_BY_TYPE = {
    "peer_group": ("peer_relationships", "guardianship", "place_safety"),
    "location": ("place_safety", "guardianship"),
    "school": ("school_culture", "guardianship", "peer_relationships"),
    "business": ("business_practice", "place_safety"),
    "online": ("online_space", "peer_relationships"),
    "other": ("other", "guardianship"),
}
METHODS_BY_TYPE = {
    "peer_group": ("youth_survey", "partner_assessment"),
    "location": ("safety_mapping", "observation"),
    "school": ("youth_survey", "partner_assessment"),
    "business": ("observation", "partner_assessment"),
    "online": ("partner_assessment", "other"),
    "other": ("observation", "safety_mapping"),
}
INDICATORS = {
    "place_safety": (
        "young people report feeling safe here after 6 pm", "lighting and sightlines adequate",
        "no reports of young people approached by adults here",
    ),
    "guardianship": (
        "trusted adults present at key times", "staff confident to challenge and report",
        "capable guardians on site in the evening",
    ),
    "peer_relationships": (
        "young people in the group report no pressure to carry or sell",
        "no peer-on-peer harm reported in the last three months",
    ),
    "school_culture": (
        "corridors supervised at lesson changeover", "pupils know how to report concerns",
    ),
    "online_space": (
        "harmful content reported and removed promptly", "young people know how to block and report",
    ),
    "business_practice": (
        "staff trained to spot and report exploitation", "licence conditions kept",
    ),
    "other": ("activity supervised by trained staff",),
}
GOALS = {
    "place_safety": "young people feel safe in the area after 6 pm",
    "guardianship": "trusted adults present at the times young people gather",
    "peer_relationships": "fewer reports of peer-on-peer harm in the group",
    "school_culture": "corridors supervised at changeover and pupils confident to report",
    "online_space": "harmful content in the space reported and removed within a day",
    "business_practice": "staff trained to recognise and report exploitation",
    "other": "activity supervised by trained staff",
}
GOAL_LEADS = {
    "peer_group": "Youth Justice Service", "location": "Community Safety", "school": "Education",
    "business": "Licensing", "online": "Cleveland Police", "other": "Community Safety",
}
RE_ASSESSED = {"before_mace": 0.45, "after_mace": 0.8}  # chance a later review brings one
GOAL_SET = {"before_mace": 0.25, "after_mace": 0.8}  # chance a first assessment sets goals
CONTEXTUAL_WORK_LIFT = 0.5  # score points after contextual work began
WITHDRAWN_SHARE = 0.04
CLOSE_AFTER_QUIET_DAYS = 150  # a goal with no re-assessment this long is closed as it stands


def _score(risk: int, lift: float, rng: np.random.Generator) -> int:
    """Risk 1 (low) scores about 4.5 for safety, risk 4 (very high) about 1.5."""
    return int(np.clip(round(5.5 - risk + lift + rng.normal(0, 0.6)), 1, 5))


def context_outcome_rows(
    rows: Mapping[str, list[Row]], rng: np.random.Generator, new_id, mace_start: date,
    period_end: date,
) -> dict[str, list[Row]]:
    """`context_assessments` and `context_goals` rows for one authority's demo extracts
    (`rows` as written: contexts, reviews, interventions). `new_id(prefix)` gives pseudonyms."""
    reviews: dict[str, list[Row]] = defaultdict(list)
    for review in rows["reviews"]:
        if review["subject_level"] == "context":
            reviews[str(review["subject_id"])].append(review)
    work_started: dict[str, date] = {}
    for intervention in rows["interventions"]:
        if intervention["status"] != "planned" and intervention["target_level"] not in ("child", "family"):
            target = str(intervention["target_id"])
            start = intervention["start_date"]
            work_started[target] = min(work_started.get(target, start), start)
    assessments: list[Row] = []
    goals: list[Row] = []
    for context in rows["contexts"]:
        context_id = str(context["context_id"])
        series = sorted(reviews.get(context_id, []), key=lambda r: (r["review_date"], r["review_id"]))
        if not series:
            continue
        era = "after_mace" if context["identified_date"] >= mace_start else "before_mace"
        kind = str(context["context_type"])
        domains = DOMAINS_BY_TYPE[kind]
        indicators = {d: INDICATORS[d][int(rng.integers(len(INDICATORS[d])))] for d in domains}
        held: list[tuple[date, dict[str, int]]] = []
        for number, review in enumerate(series):
            if number and rng.random() >= RE_ASSESSED[era]:
                continue
            day = review["review_date"]
            started = work_started.get(context_id)
            lift = CONTEXTUAL_WORK_LIFT if started is not None and started < day and number else 0.0
            method = METHODS_BY_TYPE[kind][int(rng.integers(2))]
            assessment_id = new_id("CA")
            scores = {d: _score(int(review["risk_level"]), lift, rng) for d in domains}
            held.append((day, scores))
            for domain in domains:
                assessments.append({
                    "assessment_id": assessment_id, "context_id": context_id,
                    "assessment_date": day, "domain": domain, "indicator": indicators[domain],
                    "score": scores[domain], "method": method,
                    "respondents": int(rng.integers(12, 81)) if method == "youth_survey" else None,
                })
        if rng.random() < GOAL_SET[era]:
            goals += _goals(context, held, rng, new_id, period_end)
    return {"context_assessments": assessments, "context_goals": goals}


def _goals(context: Row, held: list[tuple[date, dict[str, int]]], rng: np.random.Generator,
           new_id, period_end: date) -> list[Row]:
    """One or two goals in the weakest domains of the first assessment, judged by later ones."""
    first_day, first_scores = held[0]
    weakest = sorted(first_scores, key=lambda d: (first_scores[d], d))
    count = 2 if rng.random() < 0.35 and len(weakest) > 1 else 1
    set_date = first_day + timedelta(days=int(rng.integers(7, 31)))
    if set_date > period_end:
        return []
    rows = []
    for domain in weakest[:count]:
        baseline = first_scores[domain]
        target = min(5, baseline + 2)
        later = [(day, scores[domain]) for day, scores in held[1:] if day > set_date]
        status, closed = "open", None
        reached = next((day for day, score in later if score >= target), None)
        if rng.random() < WITHDRAWN_SHARE:
            status, closed = "withdrawn", set_date + timedelta(days=int(rng.integers(30, 90)))
        elif reached is not None:
            status, closed = "met", reached
        elif later and (period_end - later[-1][0]).days > CLOSE_AFTER_QUIET_DAYS:
            status = "partly_met" if later[-1][1] > baseline else "not_met"
            closed = later[-1][0]
        if closed is not None and closed > period_end:
            status, closed = "open", None
        rows.append({
            "goal_id": new_id("CG"), "context_id": context["context_id"], "domain": domain,
            "goal": GOALS[domain], "set_date": set_date, "baseline_score": baseline,
            "target_score": target, "status": status, "closed_date": closed,
            "lead_agency": GOAL_LEADS[str(context["context_type"])],
        })
    return rows
