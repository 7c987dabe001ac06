"""Casework extracts from children's services, the MACE hub and the police: referrals,
contexts, interventions, risk reviews, MACE discussions and disruptions, with their allowed
values."""

from __future__ import annotations

from contracts.extracts.columns import T, choices, la_code_column, lead_agency, ward_code_column
from contracts.model import Column, Contract, PeriodRule

REFERRAL_SOURCES = choices(
    ("individual", "Individual", ("1", "1a", "1b", "1c", "1d", "family member", "self", "acquaintance")),
    ("schools", "Schools", ("2a", "school")),
    ("education_services", "Education services", ("2b", "education")),
    ("health", "Health services", ("3", "3a", "3b", "3c", "3d", "3e", "3f", "gp", "health visitor",
                                   "school nurse", "a&e", "hospital", "health services")),
    ("housing", "Housing", ("4", "housing association")),
    ("la_services", "LA services", ("5", "5a", "5b", "5c", "5d", "local authority services",
                                    "social care", "early help")),
    ("police", "Police", ("6",)),
    ("other_legal_agency", "Other legal agency", ("7", "yot", "youth offending", "probation")),
    ("other", "Other", ("8",)),
    ("anonymous", "Anonymous", ("9",)),
    ("unknown", "Unknown", ("10", "not known")),
)

HARM_TYPES = choices(
    ("cce", "Child criminal exploitation", ("child criminal exploitation",)),
    ("cse", "Child sexual exploitation", ("child sexual exploitation",)),
    ("county_lines", "County lines"),
    ("serious_youth_violence", "Serious youth violence", ("syv",)),
    ("peer_on_peer_abuse", "Peer-on-peer (child-on-child) abuse", ("child on child abuse",)),
    ("online_harm", "Online harm"),
    ("missing", "Going missing", ("going missing", "missing from home", "mfh")),
    ("trafficking_modern_slavery", "Trafficking / modern slavery", ("trafficking", "modern slavery")),
    ("radicalisation", "Radicalisation", ("prevent",)),
    ("other", "Other"),
)

SEX = choices(
    ("female", "Female", ("f", "2")),
    ("male", "Male", ("m", "1")),
    ("other", "Other", ("indeterminate", "3")),
    ("unknown", "Unknown", ("u", "0", "9", "not known", "not stated")),
)

ETHNICITY = choices(
    ("white", "White", ("wbri", "wiri", "wirt", "woth", "wroma", "wrom", "white british")),
    ("mixed", "Mixed", ("mwbc", "mwba", "mwas", "moth", "mixed dual background")),
    ("asian", "Asian or Asian British", ("aind", "apkn", "aban", "aoth", "asian")),
    ("black", "Black or Black British", ("bcrb", "bafr", "both", "black")),
    ("other", "Other ethnic group", ("chne", "ooth", "other ethnic groups")),
    ("refused", "Refused", ("refu",)),
    ("not_obtained", "Information not yet obtained", ("nobt", "not obtained", "unknown")),
)

REFERRAL_OUTCOMES = choices(
    ("no_further_action", "No further action", ("nfa",)),
    ("information_advice", "Information and advice", ("advice",)),
    ("early_help", "Early help", ("help and support",)),
    ("assessment", "Assessment", ("single assessment", "c&f assessment")),
    ("strategy_discussion", "Strategy discussion"),
    ("mace_referral", "Referred to MACE", ("mace",)),
    ("section_47", "Section 47 enquiry", ("s47",)),
    ("other", "Other"),
)

CONTEXT_TYPES = choices(
    ("peer_group", "Peer group"),
    ("school", "School"),
    ("location", "Location", ("place", "neighbourhood")),
    ("online", "Online space", ("online space",)),
    ("business", "Business"),
    ("other", "Other"),
)

TARGET_LEVELS = choices(
    ("child", "Child", ("individual", "young person")),
    ("family", "Family"),
    ("peer_group", "Peer group"),
    ("school", "School"),
    ("location", "Location", ("place",)),
    ("online", "Online space"),
    ("business", "Business"),
    ("community", "Community"),
)

INTERVENTION_TYPES = choices(
    "mentoring", "detached_youth_work", "guardianship", "environmental_design", "cctv_lighting",
    "school_assembly", "licensing_action",
    ("cawn", "Child abduction warning notice", ("child abduction warning notice",)),
    "closure_order", "safety_planning", "targeted_youth_support", "family_support",
    "education_support", "diversion", "other",
)

RISK_LEVELS = choices(
    ("1", "Low", ("low",)),
    ("2", "Medium", ("medium", "moderate")),
    ("3", "High", ("high",)),
    ("4", "Very high", ("very high", "significant", "critical")),
)

CONTEXTUAL_TARGET_LEVELS = ("peer_group", "school", "location", "online", "business", "community")
INDIVIDUAL_TARGET_LEVELS = ("child", "family")


REFERRALS = Contract(
    name="referrals",
    title="Referrals about extra-familial harm",
    description="One row per referral or contact about harm outside the home.",
    sender="Children's social care front door / MASH (from Liquidlogic LCS or Mosaic)",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="referral_date",
    key=("referral_id",),
    columns=(
        Column("referral_id", T.ID, "Pseudonymised referral reference", required=True,
               example="R-000123", header_aliases=("referral ref", "referral reference", "contact id")),
        Column("child_id", T.ID, "Pseudonymised child identifier (never the case number)",
               required=True, example="C-7F3A91", header_aliases=("child ref", "person id pseudonym")),
        Column("referral_date", T.DATE, "Date the referral or contact was received", required=True,
               example="2025-07-01", not_in_future=True, header_aliases=("date of referral", "contact date")),
        Column("source", T.CHOICE, "Referral source (DfE children-in-need census categories, code or label)",
               required=True, example="police", choices=REFERRAL_SOURCES,
               header_aliases=("referral source", "source of referral")),
        Column("harm_types", T.CHOICES, "Types of harm named, separated by semicolons", required=True,
               example="cce;missing", choices=HARM_TYPES, header_aliases=("harm type", "harm", "concerns")),
        Column("age", T.INTEGER, "Age in years at referral (0–25)", required=True, example="15",
               minimum=0, maximum=25, header_aliases=("age at referral",)),
        Column("sex", T.CHOICE, "Sex", example="female", choices=SEX, header_aliases=("gender",)),
        Column("ethnicity", T.CHOICE, "Ethnicity (DfE main groups or their codes)", example="white",
               choices=ETHNICITY),
        ward_code_column("Ward of the child's home (E05…)"),
        Column("outcome", T.CHOICE, "What happened next", example="early_help",
               choices=REFERRAL_OUTCOMES, header_aliases=("referral outcome", "next step")),
        Column("context_ids", T.ID_LIST, "Contexts the referral names, separated by semicolons",
               example="X-PG-014", header_aliases=("contexts", "context id")),
        la_code_column(),
    ),
)

CONTEXTS = Contract(
    name="contexts",
    title="Contexts assessed",
    description="One row per peer group, school, location, online space or business assessed.",
    sender="MACE hub co-ordinator, community safety",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="identified_date",
    key=("context_id",),
    columns=(
        Column("context_id", T.ID, "Pseudonymised context identifier", required=True, example="X-PG-014"),
        Column("context_type", T.CHOICE, "Kind of context", required=True, example="peer_group",
               choices=CONTEXT_TYPES, header_aliases=("type",)),
        Column("identified_date", T.DATE, "Date the context was identified for assessment",
               required=True, example="2025-07-14", not_in_future=True),
        ward_code_column(),
        Column("lsoa_code", T.AREA_CODE, "ONS code of the LSOA (E01…)", example="E01012258",
               gss_prefixes=("E01",)),
        Column("label", T.TEXT, "Non-identifying description (e.g. 'retail park car park')",
               example="retail park car park", header_aliases=("description",)),
        lead_agency(),
        la_code_column(),
    ),
)

INTERVENTIONS = Contract(
    name="interventions",
    title="Interventions, individual and contextual",
    description=(
        "One row per intervention. Contextual = target level peer group, school, location, "
        "online, business or community; individual = child or family."
    ),
    sender="Children's services, Help and Support, YOT, community safety, police",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="start_date",
    key=("intervention_id",),
    columns=(
        Column("intervention_id", T.ID, "Pseudonymised intervention reference", required=True,
               example="I-000231"),
        Column("target_level", T.CHOICE, "Who or what the intervention targets", required=True,
               example="location", choices=TARGET_LEVELS, header_aliases=("level", "target")),
        Column("target_id", T.ID, "The child_id or context_id targeted", required=True,
               example="X-LOC-003"),
        Column("intervention_type", T.CHOICE, "Kind of intervention", required=True,
               example="detached_youth_work", choices=INTERVENTION_TYPES, header_aliases=("type",)),
        lead_agency(required=True),
        Column("start_date", T.DATE, "Date the intervention started", required=True,
               example="2025-08-04", not_in_future=True),
        Column("end_date", T.DATE, "Date it ended (blank while active)", example=""),
        Column("status", T.CHOICE, "Status", example="active",
               choices=choices("planned", "active", ("closed", "Closed", ("ended", "complete")))),
        la_code_column(),
    ),
)

REVIEWS = Contract(
    name="reviews",
    title="Risk reviews of children and contexts",
    description=(
        "One row per risk review. Change = the latest review's level minus the first review's "
        "level for the same subject."
    ),
    sender="Children's services (exploitation risk reviews), MACE (context reviews)",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="review_date",
    key=("review_id",),
    columns=(
        Column("review_id", T.ID, "Pseudonymised review reference", required=True, example="V-004512"),
        Column("subject_level", T.CHOICE, "Child or context", required=True, example="child",
               choices=choices("child", ("context", "Context", ("peer_group", "location", "school")))),
        Column("subject_id", T.ID, "The child_id or context_id reviewed", required=True,
               example="C-7F3A91"),
        Column("review_date", T.DATE, "Date of the review", required=True, example="2025-09-02",
               not_in_future=True),
        Column("risk_level", T.CHOICE, "Risk level: 1 low, 2 medium, 3 high, 4 very high",
               required=True, example="3", choices=RISK_LEVELS, header_aliases=("risk",)),
        Column("tool", T.TEXT, "Assessment tool used", example="exploitation risk screening tool"),
        la_code_column(),
    ),
)

MACE = Contract(
    name="mace",
    title="MACE hub case discussions",
    description="One row per case discussion at the multi-agency child exploitation (MACE) hub.",
    sender="MACE hub co-ordinator",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="meeting_date",
    key=("discussion_id",),
    columns=(
        Column("discussion_id", T.ID, "Pseudonymised discussion reference", required=True,
               example="M-000412"),
        Column("meeting_date", T.DATE, "Date of the MACE meeting", required=True, example="2025-07-09",
               not_in_future=True),
        Column("subject_level", T.CHOICE, "Who or what was discussed", required=True, example="child",
               choices=choices("child", "context", "peer_group",
                                ("person_of_concern", "Person of concern", ("poc", "adult of concern")))),
        Column("subject_id", T.ID, "child_id, context_id or pseudonym discussed", required=True,
               example="C-7F3A91"),
        Column("discussion", T.CHOICE, "New or review discussion", example="new",
               choices=choices("new", ("review", "Review", ("repeat", "follow up")))),
        Column("actions", T.INTEGER, "Number of actions agreed", example="3", minimum=0, maximum=100),
        Column("closed", T.YES_NO, "Closed to MACE at this meeting (yes/no)", example="no"),
        la_code_column(),
    ),
)

DISRUPTIONS = Contract(
    name="disruptions",
    title="Disruption activity",
    description="One row per disruption activity against exploitation.",
    sender="Cleveland Police / MACE",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="date",
    key=("disruption_id",),
    columns=(
        Column("disruption_id", T.ID, "Pseudonymised disruption reference", required=True,
               example="D-000118"),
        Column("date", T.DATE, "Date of the activity", required=True, example="2025-08-21",
               not_in_future=True, header_aliases=("disruption date", "activity date")),
        Column("type", T.CHOICE, "Kind of disruption", required=True, example="cawn",
               choices=choices("arrest", "charge",
                                ("cawn", "Child abduction warning notice", ("child abduction warning notice",)),
                                "closure_order",
                                ("nrm_referral", "NRM referral", ("nrm", "national referral mechanism")),
                                "warrant", "drugs_seizure", "weapon_seizure", "other"),
               header_aliases=("disruption type",)),
        Column("subject_id", T.ID, "Pseudonym of the child, context or person of concern",
               example="X-PG-014"),
        lead_agency(),
        la_code_column(),
    ),
)
