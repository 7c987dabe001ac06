"""How often each thing happens in the demo story: the shares, rates and labels it draws from.

Values are the contracts' codes, except where an officer's system would send a label (referral
sources, ethnicity), which the loader maps to its code as it would a real file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from contracts.extracts import CATALOGUE
from data.demo_extracts.quarters import PERIOD_START

# The order a referral's harm_types are written in: the contract's.
HARM_TYPES = CATALOGUE["referrals"].column("harm_types").allowed_values
HARM_SHARES_MALE = {
    "cce": 0.30, "serious_youth_violence": 0.22, "county_lines": 0.14, "missing": 0.13,
    "cse": 0.04, "peer_on_peer_abuse": 0.05, "online_harm": 0.04,
    "trafficking_modern_slavery": 0.02, "radicalisation": 0.02, "other": 0.04,
}
HARM_SHARES_FEMALE = {
    "cse": 0.30, "missing": 0.24, "cce": 0.12, "peer_on_peer_abuse": 0.10, "online_harm": 0.10,
    "serious_youth_violence": 0.05, "county_lines": 0.04, "trafficking_modern_slavery": 0.02,
    "radicalisation": 0.005, "other": 0.025,
}
# Harms that are often recorded together with the primary one.
CO_OCCURRING_HARMS = {
    "cce": ("missing", "county_lines"),
    "county_lines": ("cce", "missing"),
    "cse": ("missing", "online_harm"),
    "missing": ("cse", "cce"),
    "serious_youth_violence": ("cce", "peer_on_peer_abuse"),
    "peer_on_peer_abuse": ("online_harm",),
    "online_harm": ("cse",),
    "trafficking_modern_slavery": ("county_lines", "cce"),
}
SOURCE_SHARES = {
    "police": 0.38, "schools": 0.20, "LA services": 0.14, "health": 0.09, "individual": 0.06,
    "education services": 0.03, "other legal agency": 0.03, "housing": 0.015, "other": 0.03,
    "anonymous": 0.015, "unknown": 0.01,
}
SEX_SHARES = {"male": 0.58, "female": 0.40, "other": 0.005, "unknown": 0.015}
AGE_SHARES = {
    8: 0.5, 9: 1, 10: 3, 11: 5, 12: 8, 13: 12, 14: 16, 15: 18, 16: 16, 17: 11, 18: 3, 19: 2,
    20: 1.5, 21: 1, 22: 0.7, 23: 0.5, 24: 0.3, 25: 0.2,
}
OUTCOME_SHARES_BEFORE_MACE = {
    "no_further_action": 0.13, "information_advice": 0.11, "early_help": 0.19,
    "assessment": 0.33, "strategy_discussion": 0.12, "section_47": 0.08, "other": 0.04,
}
MACE_REFERRAL_SHARE = 0.14
SUPPORT_OUTCOMES = frozenset(
    {"early_help", "assessment", "strategy_discussion", "section_47", "mace_referral"}
)
REVIEWED_OUTCOMES = frozenset({"assessment", "strategy_discussion", "section_47", "mace_referral"})
MACE_HARMS = frozenset({"cce", "county_lines", "cse", "trafficking_modern_slavery"})

# Share of referrals followed by another referral of the same child; with gaps mostly under a
# year this gives DfE-style re-referrals within 12 months of about 28%.
RE_REFERRAL_CONTINUATION = 0.33
WARM_UP_START = date(2022, 10, 1)  # children referred before the demo period still recur in it

CONTEXT_TYPE_SHARES = {
    "peer_group": 0.35, "location": 0.30, "school": 0.12, "business": 0.10, "online": 0.08,
    "other": 0.05,
}
CONTEXT_LABELS = {
    "peer_group": (
        "group of young people meeting in local park", "older peer group linked to drug supply",
        "peer group associated with youth violence", "mixed-age group gathering near shops",
        "peer group linked to missing episodes",
    ),
    "location": (
        "retail park car park", "bus station concourse", "park and play area",
        "underpass near local shops", "riverside footpath", "recreation ground",
        "shopping parade", "railway station approach", "multi-storey car park",
        "alleyway behind shops",
    ),
    "school": (
        "secondary school", "pupil referral unit", "further education college",
        "alternative provision", "secondary academy year group",
    ),
    "business": (
        "takeaway", "convenience store", "short-let accommodation", "taxi operator",
        "vape shop", "hotel", "hand car wash", "barber shop",
    ),
    "online": (
        "social media group chat", "online gaming group", "messaging app drug line",
        "image sharing among peers",
    ),
    "other": ("youth club", "sports club", "community centre", "supported accommodation"),
}
CONTEXT_LEADS = {
    "peer_group": ("Children's Services", "Youth Justice Service", "Cleveland Police"),
    "location": ("Community Safety", "Cleveland Police"),
    "school": ("Education",),
    "business": ("Licensing", "Cleveland Police"),
    "online": ("Cleveland Police",),
    "other": ("Community Safety",),
}
OPEN_CONTEXTS_AT_START = 6  # for Stockton; scaled by authority size
PLACED_CONTEXTS = frozenset({"location", "business", "school"})  # these carry an LSOA

CONTEXT_TARGET_LEVEL = {
    "peer_group": "peer_group", "school": "school", "location": "location", "online": "online",
    "business": "business", "other": "community",
}
INTERVENTION_TYPE_SHARES = {
    "child": {
        "mentoring": 0.35, "safety_planning": 0.35, "detached_youth_work": 0.10, "cawn": 0.05,
        "other": 0.15,
    },
    "family": {"safety_planning": 0.65, "other": 0.35},
    "peer_group": {
        "detached_youth_work": 0.45, "mentoring": 0.25, "safety_planning": 0.20, "other": 0.10,
    },
    "school": {"school_assembly": 0.60, "safety_planning": 0.20, "other": 0.20},
    "location": {
        "cctv_lighting": 0.30, "environmental_design": 0.25, "detached_youth_work": 0.25,
        "guardianship": 0.20,
    },
    "online": {"other": 0.60, "safety_planning": 0.40},
    "business": {
        "licensing_action": 0.45, "closure_order": 0.20, "guardianship": 0.20, "other": 0.15,
    },
    "community": {"guardianship": 0.50, "detached_youth_work": 0.30, "environmental_design": 0.20},
}
INTERVENTION_LEADS = {
    "mentoring": ("Help and Support", "Youth Justice Service"),
    "safety_planning": ("Children's Services", "Help and Support"),
    "detached_youth_work": ("Community Safety", "Help and Support"),
    "guardianship": ("Community Safety",),
    "environmental_design": ("Community Safety",),
    "cctv_lighting": ("Community Safety",),
    "school_assembly": ("Education", "Cleveland Police"),
    "licensing_action": ("Licensing",),
    "cawn": ("Cleveland Police",),
    "closure_order": ("Cleveland Police",),
    "other": ("Children's Services", "Community Safety"),
}
DISRUPTION_SHARES = {
    "arrest": 0.30, "charge": 0.15, "drugs_seizure": 0.15, "nrm_referral": 0.10,
    "weapon_seizure": 0.08, "cawn": 0.08, "warrant": 0.08, "closure_order": 0.03, "other": 0.03,
}
FIRST_RISK_CHILD = {1: 0.08, 2: 0.37, 3: 0.40, 4: 0.15}
FIRST_RISK_CONTEXT = {1: 0.05, 2: 0.30, 3: 0.45, 4: 0.20}
REVIEW_COUNT_SHARES = {
    "child": (0.35, 0.30, 0.20, 0.15),
    "context_before_mace": (0.60, 0.25, 0.10, 0.05),
    "context_after_mace": (0.20, 0.35, 0.28, 0.17),
}
# Chance that risk goes (down, stays, up) between reviews.
RISK_STEP = {
    "child": (0.35, 0.50, 0.15),
    "context_before_mace": (0.20, 0.55, 0.25),
    "context_after_mace": (0.50, 0.42, 0.08),
}
REVIEW_TOOLS = {"child": "exploitation risk assessment", "context": "context assessment"}


@dataclass(frozen=True)
class Programme:
    name: str
    organisation_type: str
    per_quarter: tuple[float, float]  # expected activities before MACE, and added once embedded
    participants: tuple[int, int]  # fewest and most per activity (guardians recruited, pupils...)
    starts: date = PERIOD_START


PROGRAMMES = (
    Programme("schools_awareness", "school", (6, 14), (30, 180)),
    Programme("healthy_schools", "school", (3, 3), (4, 30)),
    Programme("staff_training", "team", (3, 5), (6, 25)),
    Programme("partner_awareness", "partner", (1, 3), (10, 60)),
    Programme("community_guardians", "partner", (2, 3), (2, 12), starts=date(2024, 10, 1)),
)
VIOLENCE_INDICATORS = (
    ("knife_serious_violence_u25", 16.0, "Cleveland Police recorded crime"),
    ("hospital_sharp_assault_u25", 4.0, "NHS Hospital Episode Statistics"),
    ("homicide_u25", 0.1, "Home Office Homicide Index"),
)
