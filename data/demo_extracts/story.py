"""The story of one authority's three years, told as the rows of its quarterly extracts.

`AuthorityStory` simulates contexts and referrals first; each `..._rows` method then derives one
extract's rows from them, so that interventions, reviews, MACE discussions and disruptions name
the same children and contexts the referrals do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from data.demo_extracts.areas import Area, Lsoa
from data.demo_extracts.quarters import (
    MACE_START,
    PERIOD_END,
    PERIOD_START,
    QUARTERS,
    Quarter,
    contextual_share_target,
    mace_maturity,
    month_end,
    months_between,
    nth_weekday,
    period_progress,
    quarter_of,
)
from data.demo_extracts.randomness import Pseudonyms, pick, pick_item, random_day
from data.demo_extracts.shares import (
    AGE_SHARES,
    CO_OCCURRING_HARMS,
    CONTEXT_LABELS,
    CONTEXT_LEADS,
    CONTEXT_TARGET_LEVEL,
    CONTEXT_TYPE_SHARES,
    DISRUPTION_SHARES,
    FIRST_RISK_CHILD,
    FIRST_RISK_CONTEXT,
    HARM_SHARES_FEMALE,
    HARM_SHARES_MALE,
    HARM_TYPES,
    INTERVENTION_LEADS,
    INTERVENTION_TYPE_SHARES,
    MACE_HARMS,
    MACE_REFERRAL_SHARE,
    OPEN_CONTEXTS_AT_START,
    OUTCOME_SHARES_BEFORE_MACE,
    PLACED_CONTEXTS,
    PROGRAMMES,
    RE_REFERRAL_CONTINUATION,
    REVIEW_COUNT_SHARES,
    REVIEW_TOOLS,
    REVIEWED_OUTCOMES,
    RISK_STEP,
    SEX_SHARES,
    SOURCE_SHARES,
    SUPPORT_OUTCOMES,
    VIOLENCE_INDICATORS,
    WARM_UP_START,
    Programme,
)


@dataclass(frozen=True)
class Child:
    child_id: str
    sex: str
    ethnicity: str
    ward_code: str
    age_days_at_first: int
    first_referred: date
    primary_harm: str

    def age_on(self, day: date) -> int:
        return min(25, (self.age_days_at_first + (day - self.first_referred).days) // 365)


@dataclass(frozen=True)
class Context:
    context_id: str
    context_type: str
    identified: date
    ward_code: str | None
    lsoa_code: str | None
    label: str
    lead_agency: str


@dataclass(frozen=True)
class Referral:
    referral_id: str
    child: Child
    day: date
    source: str
    harms: tuple[str, ...]
    outcome: str
    context_ids: tuple[str, ...]


Row = dict[str, object]


class AuthorityStory:
    """Simulates one authority's three years; each method returns one extract's rows."""

    def __init__(self, area: Area, rng: np.random.Generator, ids: Pseudonyms) -> None:
        self.area = area
        self.authority = area.authority
        self.rng = rng
        self.ids = ids
        self.contexts = self._simulate_contexts()
        self.referrals = self._simulate_referrals()
        # id -> first MACE discussion; filled by mace_rows, so call it before disruption_rows
        self.persons_of_concern: dict[str, date] = {}

    # contexts

    def _simulate_contexts(self) -> list[Context]:
        """Contexts open when recording began are entered in its first fortnight; then a few
        a quarter, many more once the MACE hub is running."""
        first_fortnight = PERIOD_START + timedelta(days=13)
        contexts = [
            self._new_context(random_day(self.rng, PERIOD_START, first_fortnight))
            for _ in range(round(OPEN_CONTEXTS_AT_START * self.authority.size))
        ]
        for quarter in QUARTERS:
            expected = self.authority.size * (8 + 20 * mace_maturity(quarter))
            for _ in range(int(self.rng.poisson(expected))):
                identified = random_day(self.rng, quarter.start, quarter.end)
                contexts.append(self._new_context(identified))
        return sorted(contexts, key=lambda c: (c.identified, c.context_id))

    def _new_context(self, identified: date) -> Context:
        context_type = pick(self.rng, CONTEXT_TYPE_SHARES)
        lsoa_code = ward_code = None
        if context_type in PLACED_CONTEXTS:
            lsoa = self._context_lsoa(mace_maturity(quarter_of(identified)))
            lsoa_code, ward_code = lsoa.code, lsoa.ward_code
        elif context_type != "online":
            ward_code = self._child_ward()
        return Context(
            context_id=self.ids.new("CX"),
            context_type=context_type,
            identified=identified,
            ward_code=ward_code,
            lsoa_code=lsoa_code,
            label=pick_item(self.rng, CONTEXT_LABELS[context_type]),
            lead_agency=pick_item(self.rng, CONTEXT_LEADS[context_type]),
        )

    def _context_lsoa(self, maturity: float) -> Lsoa:
        """Before MACE places are picked much like crime in general; as the hub matures they
        follow police-recorded violence, so the hotspots are reached."""
        weights = [
            self.area.crime_weight[lsoa.code] ** (1 - maturity)
            * self.area.violence_weight[lsoa.code] ** maturity
            for lsoa in self.area.lsoas
        ]
        return pick_item(self.rng, self.area.lsoas, weights)

    def _child_ward(self) -> str:
        wards = list(self.area.child_weight)
        return pick_item(self.rng, wards, list(self.area.child_weight.values()))

    # referrals

    def _simulate_referrals(self) -> list[Referral]:
        referrals_per_month = self.authority.referrals_per_year / 12
        new_children_per_month = referrals_per_month * (1 - RE_REFERRAL_CONTINUATION)
        referrals = []
        for month in months_between(WARM_UP_START, PERIOD_END):
            trend = 0.92 + 0.16 * period_progress(month)
            for _ in range(int(self.rng.poisson(new_children_per_month * trend))):
                first_day = random_day(self.rng, month, month_end(month))
                referrals.extend(self._child_referrals(first_day))
        return sorted(referrals, key=lambda r: (r.day, r.referral_id))

    def _child_referrals(self, first_day: date) -> list[Referral]:
        child = self._new_child(first_day)
        days = [first_day]
        while self.rng.random() < RE_REFERRAL_CONTINUATION:
            gap = max(14, int(self.rng.lognormal(math.log(120), 0.9)))
            days.append(days[-1] + timedelta(days=gap))
        return [
            self._referral(child, day) for day in days if PERIOD_START <= day <= PERIOD_END
        ]

    def _new_child(self, first_day: date) -> Child:
        sex = pick(self.rng, SEX_SHARES)
        age = pick(self.rng, AGE_SHARES)
        harm_shares = HARM_SHARES_FEMALE if sex == "female" else HARM_SHARES_MALE
        return Child(
            child_id=self.ids.new("C"),
            sex=sex,
            ethnicity=pick(self.rng, self.authority.ethnicity_shares),
            ward_code=self._child_ward(),
            age_days_at_first=age * 365 + int(self.rng.integers(0, 365)),
            first_referred=first_day,
            primary_harm=pick(self.rng, harm_shares),
        )

    def _referral(self, child: Child, day: date) -> Referral:
        return Referral(
            referral_id=self.ids.new("R"),
            child=child,
            day=day,
            source=pick(self.rng, SOURCE_SHARES),
            harms=self._harms(child),
            outcome=self._outcome(day),
            context_ids=self._named_contexts(child, day),
        )

    def _harms(self, child: Child) -> tuple[str, ...]:
        harm_shares = HARM_SHARES_FEMALE if child.sex == "female" else HARM_SHARES_MALE
        primary = child.primary_harm if self.rng.random() < 0.7 else pick(self.rng, harm_shares)
        harms = {primary}
        if primary in CO_OCCURRING_HARMS and self.rng.random() < 0.4:
            harms.add(pick_item(self.rng, CO_OCCURRING_HARMS[primary]))
        return tuple(h for h in HARM_TYPES if h in harms)

    def _outcome(self, day: date) -> str:
        if day < MACE_START:
            return pick(self.rng, OUTCOME_SHARES_BEFORE_MACE)
        shares = {k: v * (1 - MACE_REFERRAL_SHARE) for k, v in OUTCOME_SHARES_BEFORE_MACE.items()}
        return pick(self.rng, shares | {"mace_referral": MACE_REFERRAL_SHARE})

    def _named_contexts(self, child: Child, day: date) -> tuple[str, ...]:
        """Referrals increasingly name a context (35% rising to 60%), preferring contexts in the
        child's ward and peer groups identified in the last eighteen months."""
        if self.rng.random() >= 0.35 + 0.25 * period_progress(day):
            return ()
        known = [c for c in self.contexts if day - timedelta(days=540) <= c.identified <= day]
        if not known:
            return ()
        weights = [
            (4 if c.ward_code == child.ward_code else 1)
            * (2 if c.context_type == "peer_group" else 1)
            for c in known
        ]
        count = min(len(known), 2 if self.rng.random() < 0.25 else 1)
        p = np.array(weights, dtype=float) / sum(weights)
        chosen = self.rng.choice(len(known), size=count, replace=False, p=p)
        return tuple(sorted(known[int(i)].context_id for i in chosen))

    def referral_rows(self) -> list[Row]:
        return [
            {
                "referral_id": r.referral_id, "child_id": r.child.child_id,
                "referral_date": r.day, "source": r.source, "harm_types": ";".join(r.harms),
                "age": r.child.age_on(r.day), "sex": r.child.sex,
                "ethnicity": r.child.ethnicity, "ward_code": r.child.ward_code,
                "outcome": r.outcome, "context_ids": ";".join(r.context_ids),
            }
            for r in self.referrals
        ]

    def context_rows(self) -> list[Row]:
        return [
            {
                "context_id": c.context_id, "context_type": c.context_type,
                "identified_date": c.identified, "ward_code": c.ward_code,
                "lsoa_code": c.lsoa_code, "label": c.label, "lead_agency": c.lead_agency,
            }
            for c in self.contexts
        ]

    # interventions

    def intervention_rows(self) -> list[Row]:
        individual = self._individual_interventions()
        contextual = self._contextual_interventions(individual)
        rows = individual + contextual
        return sorted(rows, key=lambda row: (row["start_date"], row["intervention_id"]))

    def _individual_interventions(self) -> list[Row]:
        """Most children whose referral leads to support get an intervention 5-60 days later,
        unless one started for them in the last three months."""
        rows: list[Row] = []
        last_start: dict[str, date] = {}
        for referral in self.referrals:
            child_id = referral.child.child_id
            recent = child_id in last_start and (referral.day - last_start[child_id]).days < 90
            if referral.outcome not in SUPPORT_OUTCOMES or recent or self.rng.random() >= 0.7:
                continue
            start = referral.day + timedelta(days=int(self.rng.integers(5, 61)))
            if start <= PERIOD_END:
                level = "family" if self.rng.random() < 0.15 else "child"
                rows.append(self._intervention(level, child_id, start))
                last_start[child_id] = start
        return rows

    def _contextual_interventions(self, individual: list[Row]) -> list[Row]:
        """Enough contextual interventions each quarter to reach that quarter's target share."""
        rows: list[Row] = []
        for quarter in QUARTERS:
            n_individual = sum(
                quarter.start <= row["start_date"] <= quarter.end for row in individual
            )
            share = contextual_share_target(quarter)
            eligible = [c for c in self.contexts if c.identified <= quarter.end - timedelta(days=7)]
            if not eligible:
                continue
            weights = [3.0 if (quarter.end - c.identified).days < 365 else 1.0 for c in eligible]
            for _ in range(round(n_individual * share / (1 - share))):
                context = pick_item(self.rng, eligible, weights)
                first = max(quarter.start, context.identified + timedelta(days=7))
                level = CONTEXT_TARGET_LEVEL[context.context_type]
                if level == "location" and self.rng.random() < 0.25:
                    level = "community"
                start = random_day(self.rng, first, quarter.end)
                rows.append(self._intervention(level, context.context_id, start))
        return rows

    def _intervention(self, level: str, target_id: str, start: date) -> Row:
        intervention_type = pick(self.rng, INTERVENTION_TYPE_SHARES[level])
        end = start + timedelta(days=int(self.rng.integers(28, 201)))
        if end <= PERIOD_END:
            status, end_date = "closed", end
        elif (PERIOD_END - start).days < 14 and self.rng.random() < 0.4:
            status, end_date = "planned", None
        else:
            status, end_date = "active", None
        return {
            "intervention_id": self.ids.new("I"), "target_level": level, "target_id": target_id,
            "intervention_type": intervention_type,
            "lead_agency": pick_item(self.rng, INTERVENTION_LEADS[intervention_type]),
            "start_date": start, "end_date": end_date, "status": status,
        }

    # reviews

    def review_rows(self) -> list[Row]:
        rows = self._child_reviews() + self._context_reviews()
        return sorted(rows, key=lambda row: (row["review_date"], row["review_id"]))

    def _child_reviews(self) -> list[Row]:
        rows: list[Row] = []
        reviewed: set[str] = set()
        for referral in self.referrals:
            child_id = referral.child.child_id
            if referral.outcome not in REVIEWED_OUTCOMES or child_id in reviewed:
                continue
            reviewed.add(child_id)
            first = referral.day + timedelta(days=int(self.rng.integers(14, 46)))
            rows += self._review_series("child", child_id, first, "child")
        return rows

    def _context_reviews(self) -> list[Row]:
        rows: list[Row] = []
        for context in self.contexts:
            after_mace = context.identified >= MACE_START
            kind = "context_after_mace" if after_mace else "context_before_mace"
            first = context.identified + timedelta(days=int(self.rng.integers(0, 22)))
            rows += self._review_series("context", context.context_id, first, kind)
        return rows

    def _review_series(self, level: str, subject_id: str, first: date, kind: str) -> list[Row]:
        """1-4 reviews some two to four months apart; risk takes a step down, none or up each
        time, with the odds of a context's steps changing once the MACE hub is running."""
        count = 1 + int(self.rng.choice(4, p=REVIEW_COUNT_SHARES[kind]))
        first_risk = FIRST_RISK_CHILD if level == "child" else FIRST_RISK_CONTEXT
        risk = pick(self.rng, first_risk)
        rows, day = [], first
        for _ in range(count):
            if day > PERIOD_END:
                break
            rows.append({
                "review_id": self.ids.new("RV"), "subject_level": level, "subject_id": subject_id,
                "review_date": day, "risk_level": risk, "tool": REVIEW_TOOLS[level],
            })
            day += timedelta(days=int(self.rng.integers(56, 121)))
            step_kind = kind if level == "child" or day < MACE_START else "context_after_mace"
            risk = self._next_risk(risk, RISK_STEP[step_kind])
        return rows

    def _next_risk(self, risk: int, odds: tuple[float, float, float]) -> int:
        down, same, _ = odds
        draw = self.rng.random()
        if draw < down:
            return max(1, risk - 1)
        return risk if draw < down + same else min(4, risk + 1)

    # MACE hub

    def mace_rows(self) -> list[Row]:
        """Monthly panels from the hub's start: new subjects come from MACE referrals, serious
        exploitation referrals and newly identified contexts; open subjects return every one to
        two months until closed."""
        rows: list[Row] = []
        open_subjects: dict[tuple[str, str], date] = {}  # (level, id) -> next review due
        previous = MACE_START - timedelta(days=90)
        for month in months_between(MACE_START, PERIOD_END):
            meeting = nth_weekday(month, self.authority.mace_weekday, 2)
            due = [key for key, when in open_subjects.items() if when <= meeting]
            for key in due:
                rows.append(self._discussion(meeting, key, "review", open_subjects))
            for key in self._new_mace_subjects(previous, meeting, open_subjects):
                rows.append(self._discussion(meeting, key, "new", open_subjects))
            previous = meeting
        return rows

    def _new_mace_subjects(
        self, after: date, until: date, open_subjects: Mapping[tuple[str, str], date]
    ) -> list[tuple[str, str]]:
        subjects: list[tuple[str, str]] = []
        for referral in self.referrals:
            if not after < referral.day <= until:
                continue
            escalated = referral.outcome in {"strategy_discussion", "section_47"}
            serious = escalated and bool(MACE_HARMS.intersection(referral.harms))
            if referral.outcome == "mace_referral" or (serious and self.rng.random() < 0.4):
                subjects.append(("child", referral.child.child_id))
        for context in self.contexts:
            if after < context.identified <= until and self.rng.random() < 0.75:
                level = "peer_group" if context.context_type == "peer_group" else "context"
                subjects.append((level, context.context_id))
        for _ in range(int(self.rng.poisson(1.2 * self.authority.size))):
            person_id = self.ids.new("P")
            self.persons_of_concern[person_id] = until
            subjects.append(("person_of_concern", person_id))
        return [s for s in dict.fromkeys(subjects) if s not in open_subjects]

    def _discussion(
        self,
        meeting: date,
        key: tuple[str, str],
        kind: str,
        open_subjects: dict[tuple[str, str], date],
    ) -> Row:
        closed = self.rng.random() < (0.08 if kind == "new" else 0.45)
        if closed:
            open_subjects.pop(key, None)
            actions = int(self.rng.poisson(0.6))
        else:
            open_subjects[key] = meeting + timedelta(days=int(self.rng.integers(28, 64)))
            actions = int(self.rng.poisson(2.4 if kind == "new" else 1.3))
        return {
            "discussion_id": self.ids.new("M"), "meeting_date": meeting, "subject_level": key[0],
            "subject_id": key[1], "discussion": kind, "actions": actions,
            "closed": "yes" if closed else "no",
        }

    # disruptions

    def disruption_rows(self) -> list[Row]:
        rows: list[Row] = []
        for quarter in QUARTERS:
            expected = self.authority.size * (14 + 30 * mace_maturity(quarter))
            for _ in range(int(self.rng.poisson(expected))):
                day = random_day(self.rng, quarter.start, quarter.end)
                kind = pick(self.rng, DISRUPTION_SHARES)
                rows.append({
                    "disruption_id": self.ids.new("D"), "date": day, "type": kind,
                    "subject_id": self._disruption_subject(kind, day),
                    "lead_agency": self._disruption_lead(kind),
                })
        return sorted(rows, key=lambda row: (row["date"], row["disruption_id"]))

    def _disruption_subject(self, kind: str, day: date) -> str | None:
        if kind in {"cawn", "nrm_referral"}:
            recent = [r.child.child_id for r in self.referrals if 0 <= (day - r.day).days <= 180]
            return pick_item(self.rng, recent) if recent else None
        if kind in {"closure_order", "warrant", "drugs_seizure", "weapon_seizure"}:
            places = [c.context_id for c in self.contexts if c.lsoa_code and c.identified <= day]
            wanted = kind in {"closure_order", "warrant"} or self.rng.random() < 0.4
            return pick_item(self.rng, places) if places and wanted else None
        if kind in {"arrest", "charge"}:
            known = [p for p, first in self.persons_of_concern.items() if first <= day]
            return pick_item(self.rng, known) if known and self.rng.random() < 0.6 else None
        return None

    def _disruption_lead(self, kind: str) -> str:
        if kind == "nrm_referral":
            return "Children's Services"
        if kind == "closure_order":
            return pick_item(self.rng, ("Cleveland Police", "Community Safety"))
        return "Cleveland Police"

    # Serious Violence Duty indicators

    def violence_indicator_rows(self) -> list[Row]:
        rows: list[Row] = []
        for quarter in QUARTERS:
            drift = 0.85 if quarter.index >= len(QUARTERS) - 4 else 1.0
            for indicator, per_quarter, source in VIOLENCE_INDICATORS:
                rows.append({
                    "period": quarter.first_month, "area_code": self.authority.code,
                    "indicator": indicator,
                    "value": int(self.rng.poisson(per_quarter * self.authority.size * drift)),
                    "source": source,
                })
        return rows

    # awareness, training and guardians

    def programme_rows(self) -> list[Row]:
        rows: list[Row] = []
        for quarter in QUARTERS:
            for programme in PROGRAMMES:
                if quarter.start >= programme.starts:
                    rows += self._programme_activities(quarter, programme)
            if quarter.number in (1, 3):  # a Members' seminar twice a year
                rows.append(
                    self._activity(
                        quarter, "members_awareness", "council", self.authority.council_id, (8, 30)
                    )
                )
        return sorted(rows, key=lambda row: (row["date"], row["activity_id"]))

    def _programme_activities(self, quarter: Quarter, programme: Programme) -> list[Row]:
        """Activities with distinct organisations, more of them as the MACE work embeds."""
        before, added = programme.per_quarter
        expected = (before + added * mace_maturity(quarter)) * self.authority.size
        organisations = self.authority.organisations(programme.organisation_type)
        count = min(len(organisations), int(self.rng.poisson(expected)))
        chosen = self.rng.choice(len(organisations), size=count, replace=False)
        return [
            self._activity(
                quarter,
                programme.name,
                programme.organisation_type,
                organisations[int(i)],
                programme.participants,
            )
            for i in chosen
        ]

    def _activity(
        self,
        quarter: Quarter,
        programme: str,
        organisation_type: str,
        organisation_id: str,
        participants: tuple[int, int],
    ) -> Row:
        return {
            "activity_id": self.ids.new("A"), "date": _term_weekday(self.rng, quarter),
            "programme": programme, "organisation_type": organisation_type,
            "organisation_id": organisation_id, "sessions": 1 + int(self.rng.poisson(0.6)),
            "participants": int(self.rng.integers(participants[0], participants[1] + 1)),
        }


def _term_weekday(rng: np.random.Generator, quarter: Quarter) -> date:
    """A weekday outside the summer holiday (23 July to 31 August), when sessions happen."""
    while True:
        day = random_day(rng, quarter.start, quarter.end)
        summer = (day.month, day.day) >= (7, 23) and day.month <= 8
        if day.weekday() < 5 and not summer:
            return day
