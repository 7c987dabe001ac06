"""Every extract officers upload, declared once (the brief is ../shared/spec/extracts.md).

Where the brief and a real-world format disagree, the real format wins and the `notes` say so.
"""

from __future__ import annotations

from contracts.model import (
    Catalogue,
    Choice,
    Column,
    ColumnType,
    Contract,
    Partition,
    PeriodRule,
)

T = ColumnType


def _choices(*values: str | tuple[str, str] | tuple[str, str, tuple[str, ...]]) -> tuple[Choice, ...]:
    """Compact declaration: "value", ("value", "Label") or ("value", "Label", (aliases...))."""
    choices = []
    for item in values:
        if isinstance(item, str):
            choices.append(Choice(item, item.replace("_", " ").capitalize()))
        elif len(item) == 2:
            choices.append(Choice(item[0], item[1]))
        else:
            choices.append(Choice(item[0], item[1], item[2]))
    return tuple(choices)


def la_code_column() -> Column:
    return Column(
        "la_code",
        T.AREA_CODE,
        "ONS code of the local authority the row belongs to (E06000004 Stockton-on-Tees, "
        "E06000001 Hartlepool). Leave the column out to choose one authority for the whole file "
        "when uploading.",
        example="E06000004",
        header_aliases=("local authority code", "la", "authority code"),
        gss_prefixes=("E0",),
    )


def ward_code_column(description: str = "ONS code of the ward (E05…)") -> Column:
    return Column("ward_code", T.AREA_CODE, description, example="E05001523", gss_prefixes=("E05",))


REFERRAL_SOURCES = _choices(
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

HARM_TYPES = _choices(
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

SEX = _choices(
    ("female", "Female", ("f", "2")),
    ("male", "Male", ("m", "1")),
    ("other", "Other", ("indeterminate", "3")),
    ("unknown", "Unknown", ("u", "0", "9", "not known", "not stated")),
)

ETHNICITY = _choices(
    ("white", "White", ("wbri", "wiri", "wirt", "woth", "wroma", "wrom", "white british")),
    ("mixed", "Mixed", ("mwbc", "mwba", "mwas", "moth", "mixed dual background")),
    ("asian", "Asian or Asian British", ("aind", "apkn", "aban", "aoth", "asian")),
    ("black", "Black or Black British", ("bcrb", "bafr", "both", "black")),
    ("other", "Other ethnic group", ("chne", "ooth", "other ethnic groups")),
    ("refused", "Refused", ("refu",)),
    ("not_obtained", "Information not yet obtained", ("nobt", "not obtained", "unknown")),
)

REFERRAL_OUTCOMES = _choices(
    ("no_further_action", "No further action", ("nfa",)),
    ("information_advice", "Information and advice", ("advice",)),
    ("early_help", "Early help", ("help and support",)),
    ("assessment", "Assessment", ("single assessment", "c&f assessment")),
    ("strategy_discussion", "Strategy discussion"),
    ("mace_referral", "Referred to MACE", ("mace",)),
    ("section_47", "Section 47 enquiry", ("s47",)),
    ("other", "Other"),
)

CONTEXT_TYPES = _choices(
    ("peer_group", "Peer group"),
    ("school", "School"),
    ("location", "Location", ("place", "neighbourhood")),
    ("online", "Online space", ("online space",)),
    ("business", "Business"),
    ("other", "Other"),
)

TARGET_LEVELS = _choices(
    ("child", "Child", ("individual", "young person")),
    ("family", "Family"),
    ("peer_group", "Peer group"),
    ("school", "School"),
    ("location", "Location", ("place",)),
    ("online", "Online space"),
    ("business", "Business"),
    ("community", "Community"),
)

INTERVENTION_TYPES = _choices(
    "mentoring", "detached_youth_work", "guardianship", "environmental_design", "cctv_lighting",
    "school_assembly", "licensing_action",
    ("cawn", "Child abduction warning notice", ("child abduction warning notice",)),
    "closure_order", "safety_planning", "targeted_youth_support", "family_support",
    "education_support", "diversion", "other",
)

RISK_LEVELS = _choices(
    ("1", "Low", ("low",)),
    ("2", "Medium", ("medium", "moderate")),
    ("3", "High", ("high",)),
    ("4", "Very high", ("very high", "significant", "critical")),
)

PARTNER_AGENCIES_EXAMPLE = "children's services"


def _lead_agency(required: bool = False) -> Column:
    return Column(
        "lead_agency", T.TEXT, "Agency leading the work (e.g. children's services, police, YOT)",
        required=required, example=PARTNER_AGENCIES_EXAMPLE, header_aliases=("agency", "lead"),
    )


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
        _lead_agency(),
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
        _lead_agency(required=True),
        Column("start_date", T.DATE, "Date the intervention started", required=True,
               example="2025-08-04", not_in_future=True),
        Column("end_date", T.DATE, "Date it ended (blank while active)", example=""),
        Column("status", T.CHOICE, "Status", example="active",
               choices=_choices("planned", "active", ("closed", "Closed", ("ended", "complete")))),
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
               choices=_choices("child", ("context", "Context", ("peer_group", "location", "school")))),
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
               choices=_choices("child", "context", "peer_group",
                                ("person_of_concern", "Person of concern", ("poc", "adult of concern")))),
        Column("subject_id", T.ID, "child_id, context_id or pseudonym discussed", required=True,
               example="C-7F3A91"),
        Column("discussion", T.CHOICE, "New or review discussion", example="new",
               choices=_choices("new", ("review", "Review", ("repeat", "follow up")))),
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
               choices=_choices("arrest", "charge",
                                ("cawn", "Child abduction warning notice", ("child abduction warning notice",)),
                                "closure_order",
                                ("nrm_referral", "NRM referral", ("nrm", "national referral mechanism")),
                                "warrant", "drugs_seizure", "weapon_seizure", "other"),
               header_aliases=("disruption type",)),
        Column("subject_id", T.ID, "Pseudonym of the child, context or person of concern",
               example="X-PG-014"),
        _lead_agency(),
        la_code_column(),
    ),
)

POLICE_HEADER = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
)

POLICE_STREET_CRIME = Contract(
    name="police_street_crime",
    title="Police street-level crime (data.police.uk)",
    description=(
        "data.police.uk street-level crime files, unchanged. A batch of monthly files (or the zip "
        "police.uk hands out) is one upload; a month's rows replace that force's earlier rows for "
        "the same month."
    ),
    sender="Anyone, straight from data.police.uk downloads",
    cadence="monthly files, uploaded in batches",
    period_rule=PeriodRule.MONTH,
    period_column="month",
    partition=Partition.FORCE,
    scan_for_identifiers=False,
    exact_header=POLICE_HEADER,
    notes=(
        "Real files differ from the brief: rows carry no la_code. The authority is found from the "
        "LSOA (the geography lookup, else the LSOA name such as 'Stockton-on-Tees 014A'), and a "
        "newer upload replaces the same force and month. Anti-social behaviour rows have no Crime "
        "ID, and some rows have no location; both are kept. Crime ID is not unique in real files "
        "(one crime can appear twice), so no key is enforced."
    ),
    columns=(
        Column("crime_id", T.ID, "Police.uk crime identifier (blank for anti-social behaviour)",
               example="a3f1…", header_aliases=("Crime ID",)),
        Column("month", T.MONTH, "Month recorded", required=True, example="2025-07",
               not_in_future=True),
        Column("reported_by", T.TEXT, "Force that recorded it", required=True,
               example="Cleveland Police"),
        Column("falls_within", T.TEXT, "Force whose area it falls within", required=True,
               example="Cleveland Police"),
        Column("longitude", T.NUMBER, "Anonymised longitude", example="-1.3181",
               minimum=-180, maximum=180),
        Column("latitude", T.NUMBER, "Anonymised latitude", example="54.5655", minimum=-90, maximum=90),
        Column("location", T.TEXT, "Anonymised location ('On or near …')",
               example="On or near High Street"),
        Column("lsoa_code", T.AREA_CODE, "LSOA code (2011 or 2021 vintage)", example="E01012258",
               gss_prefixes=("E01", "W01")),
        Column("lsoa_name", T.TEXT, "LSOA name ('Stockton-on-Tees 014A')",
               example="Stockton-on-Tees 014A"),
        Column("crime_type", T.TEXT, "Police.uk crime category", required=True,
               example="Violence and sexual offences"),
        Column("last_outcome_category", T.TEXT, "Latest outcome", example="Under investigation"),
        Column("context", T.TEXT, "Extra context (usually blank)", example=""),
    ),
)

VIOLENCE_INDICATORS = Contract(
    name="violence_indicators",
    title="Serious Violence Duty indicators",
    description="Long format: one value per period, area and indicator.",
    sender="Community safety / public health",
    cadence="quarterly",
    period_rule=PeriodRule.PERIOD_COLUMN,
    period_column="period",
    key=("period", "area_code", "indicator"),
    notes=(
        "Periods are a month (2025-07) or a quarter written 2025-Q1. A quarter is read as the "
        "financial quarter (Q1 = April–June), as the Serious Violence Duty returns are reported; "
        "a quarter given as its first month (2025-04) means the same."
    ),
    columns=(
        Column("period", T.PERIOD, "Month (YYYY-MM) or financial quarter (YYYY-Qn)", required=True,
               example="2025-07"),
        Column("area_code", T.AREA_CODE, "ONS code of the area", required=True, example="E06000004"),
        Column("indicator", T.CHOICE, "Indicator", required=True,
               example="knife_serious_violence_u25",
               choices=_choices(
                   ("knife_serious_violence_u25",
                    "Knife/sharp-object enabled serious violence, victims under 25"),
                   ("hospital_sharp_assault_u25",
                    "Hospital admissions for assault with a sharp object, under 25"),
                   ("homicide_u25", "Homicides, victims under 25"),
               )),
        Column("value", T.NUMBER, "Value", required=True, example="12", minimum=0),
        Column("source", T.TEXT, "Where the figure comes from", example="Cleveland Police"),
        la_code_column(),
    ),
)

PROGRAMME_ACTIVITY = Contract(
    name="programme_activity",
    title="Awareness, training and guardian programmes",
    description="Awareness, training and community guardian activity (recommendations 4–7).",
    notes=(
        "Different teams send different programmes, so a newer upload replaces the same "
        "authority, quarter and programme only: the schools team's file never replaces "
        "workforce development's."
    ),
    sender="Schools team, workforce development, democratic services",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="date",
    partition_by=("programme",),
    key=("activity_id",),
    columns=(
        Column("activity_id", T.ID, "Activity reference", required=True, example="A-000077"),
        Column("date", T.DATE, "Date of the activity", required=True, example="2025-09-18",
               not_in_future=True, header_aliases=("activity date", "session date")),
        Column("programme", T.CHOICE, "Programme", required=True, example="schools_awareness",
               choices=_choices("schools_awareness", "staff_training", "partner_awareness",
                                "members_awareness", "community_guardians", "healthy_schools")),
        Column("organisation_type", T.CHOICE, "Kind of organisation reached", example="school",
               choices=_choices("school", "team", "partner", "council", "community", "other")),
        Column("organisation_id", T.ID, "Organisation reference (e.g. school URN pseudonym)",
               example="SCH-014"),
        Column("sessions", T.INTEGER, "Sessions delivered", example="2", minimum=0, maximum=10_000),
        Column("participants", T.INTEGER, "People taking part (guardians recruited, for that programme)",
               example="28", minimum=0, maximum=100_000),
        la_code_column(),
    ),
)

POPULATION = Contract(
    name="population",
    title="Population (ONS mid-year estimates)",
    description="Denominators for rates.",
    sender="Performance / intelligence team",
    cadence="yearly",
    period_rule=PeriodRule.YEAR,
    period_column="year",
    key=("area_code", "year", "age_band"),
    row_errors_allowed=False,
    columns=(
        Column("area_code", T.AREA_CODE, "ONS code of the area", required=True, example="E06000004"),
        Column("area_name", T.TEXT, "Area name", required=True, example="Stockton-on-Tees"),
        Column("area_type", T.CHOICE, "Kind of area", required=True, example="la",
               choices=_choices(("la", "Local authority", ("local authority", "lad")), "ward", "lsoa")),
        Column("year", T.INTEGER, "Mid-year of the estimate", required=True, example="2024",
               minimum=1990, maximum=2100),
        Column("age_band", T.CHOICE, "Age band", required=True, example="0-17",
               choices=_choices(("0-9", "0 to 9"), ("10-17", "10 to 17"), ("18-24", "18 to 24"),
                                ("0-17", "0 to 17", ("children",)), ("all", "All ages", ("total",)))),
        Column("population", T.INTEGER, "Number of people", required=True, example="45079",
               minimum=0, maximum=100_000_000),
        la_code_column(),
    ),
)

GEOGRAPHY = Contract(
    name="geography",
    title="LSOA → ward → local authority lookup",
    description="Rolls LSOAs up to wards and authorities.",
    sender="Performance / intelligence team (ONS lookup)",
    cadence="when boundaries change",
    period_rule=PeriodRule.WHOLE_FILE,
    key=("lsoa_code",),
    row_errors_allowed=False,
    columns=(
        Column("lsoa_code", T.AREA_CODE, "LSOA code", required=True, example="E01012258",
               gss_prefixes=("E01",), header_aliases=("lsoa11cd", "lsoa21cd")),
        Column("lsoa_name", T.TEXT, "LSOA name", example="Stockton-on-Tees 014A",
               header_aliases=("lsoa11nm", "lsoa21nm")),
        Column("ward_code", T.AREA_CODE, "Ward code", required=True, example="E05001523",
               gss_prefixes=("E05",), header_aliases=("wd13cd", "wd19cd", "wd23cd", "wd24cd")),
        Column("ward_name", T.TEXT, "Ward name", required=True, example="Stockton Town Centre",
               header_aliases=("wd13nm", "wd19nm", "wd23nm", "wd24nm")),
        Column("la_code", T.AREA_CODE, "Local authority code", required=True, example="E06000004",
               gss_prefixes=("E0",), header_aliases=("lad11cd", "lad19cd", "lad23cd", "lad24cd")),
        Column("la_name", T.TEXT, "Local authority name", required=True, example="Stockton-on-Tees",
               header_aliases=("lad11nm", "lad19nm", "lad23nm", "lad24nm")),
    ),
)

BOUNDARIES = Contract(
    name="boundaries",
    title="Boundaries (GeoJSON)",
    description=(
        "A GeoJSON FeatureCollection in WGS84 longitude/latitude from the ONS Open Geography Portal; "
        "the officer names the property holding the area code (e.g. LSOA11CD, WD23CD) and the vintage."
    ),
    notes=(
        "A newer file with the same code property (e.g. WD13CD) replaces the earlier one. Without "
        "a named property, the first property written like WD13CD or LSOA21CD is used."
    ),
    sender="Performance / intelligence team",
    cadence="when boundaries change",
    period_rule=PeriodRule.WHOLE_FILE,
    partition=Partition.DATASET,
    file_kind="geojson",
    columns=(
        Column("area_code", T.AREA_CODE, "Area code (from the named property)", required=True,
               example="E05001523"),
        Column("area_name", T.TEXT, "Area name (from the matching …NM property)", example="Parkfield"),
        Column("geometry", T.TEXT, "Polygon or MultiPolygon as GeoJSON", required=True, example="{…}"),
    ),
)

RECOMMENDATION_PROGRESS = Contract(
    name="recommendation_progress",
    title="Progress on the nine recommendations",
    description="The scrutiny monitoring of the review's nine recommendations.",
    sender="Scrutiny officer",
    cadence="at each monitoring report",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="assessed_on",
    key=("recommendation", "assessed_on"),
    row_errors_allowed=False,
    columns=(
        Column("recommendation", T.INTEGER, "Recommendation number (1–9)", required=True,
               example="3", minimum=1, maximum=9, header_aliases=("recommendation number", "rec")),
        Column("assessed_on", T.DATE, "Date of the monitoring assessment", required=True,
               example="2025-09-19", not_in_future=True, header_aliases=("date assessed", "assessed")),
        Column("progress", T.CHOICE,
               "1 fully achieved, 2 on track, 3 slipped, 4 not achieved", required=True,
               example="2",
               choices=_choices(("1", "Fully achieved", ("fully achieved", "achieved")),
                                ("2", "On track", ("on track",)),
                                ("3", "Slipped", ("slipped",)),
                                ("4", "Not achieved", ("not achieved",)))),
        Column("commentary", T.TEXT, "Commentary", example="Definition agreed by all partners"),
        Column("lead", T.TEXT, "Lead officer or partnership (a role, not a name)",
               example="Community Safety Manager"),
        la_code_column(),
    ),
)

EES_FIXED_COLUMNS = (
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name",
    "region_code", "region_name", "old_la_code", "new_la_code", "la_name",
)

PUBLISHED_STATISTICS = Contract(
    name="published_statistics",
    title="Published statistics (DfE Explore Education Statistics)",
    description=(
        "DfE open-data CSVs, unchanged: the standard EES tidy layout, then filter columns and wide "
        "indicator columns. Stored long (period, geography, indicator, value, symbol)."
    ),
    sender="Performance team, straight from Explore Education Statistics downloads",
    cadence="yearly",
    period_rule=PeriodRule.PERIOD_COLUMN,
    period_column="time_period",
    partition=Partition.DATASET,
    row_errors_allowed=False,
    scan_for_identifiers=False,
    extra_columns_expected=True,
    notes=(
        "Real EES files are wide: after the geography columns come filter columns (e.g. "
        "'characteristic', 'age_group') and indicator columns. Columns whose values are numbers or "
        "EES symbols (c suppressed, x not available, z not applicable, u low reliability, k rounds "
        "to 0, low, high) are indicators; the rest are filters. Symbols are kept, never read as 0. "
        "A newer upload of the same file (the dataset, named from its indicators) replaces each "
        "time period it holds. Figures are already published, so they are not suppressed again."
    ),
    columns=(
        Column("time_period", T.INTEGER, "Year code (e.g. 202425 for 2024/25, 2024 for a year)",
               required=True, example="2024"),
        Column("time_identifier", T.TEXT, "Kind of period", required=True,
               example="Reporting year"),
        Column("geographic_level", T.TEXT, "National, Regional or Local authority", required=True,
               example="Local authority"),
        Column("country_code", T.TEXT, "Country code", example="E92000001"),
        Column("country_name", T.TEXT, "Country", example="England"),
        Column("region_code", T.TEXT, "Region code", example="E12000001"),
        Column("region_name", T.TEXT, "Region", example="North East"),
        Column("old_la_code", T.TEXT, "Old three-digit LA code", example="808"),
        Column("new_la_code", T.TEXT, "ONS LA code", example="E06000004"),
        Column("la_name", T.TEXT, "Local authority", example="Stockton-on-Tees"),
    ),
)

CONTEXT_DOMAINS = _choices(
    ("place_safety", "Place safety", ("place", "safety of the place")),
    ("guardianship", "Guardianship", ("capable guardianship", "supervision")),
    ("peer_relationships", "Peer relationships", ("peers", "peer group")),
    ("school_culture", "School or setting culture", ("school culture", "setting culture", "school")),
    ("online_space", "Online space", ("online",)),
    ("business_practice", "Business practice", ("business",)),
    ("other", "Other"),
)

ASSESSMENT_METHODS = _choices(
    ("safety_mapping", "Safety mapping", ("mapping",)),
    ("youth_survey", "Youth survey", ("survey", "young people's survey")),
    ("observation", "Observation", ("partner observation", "walkabout")),
    ("partner_assessment", "Partner assessment", ("multi-agency assessment", "partner")),
    ("other", "Other"),
)

GOAL_STATUSES = _choices(
    ("open", "Open", ("in progress", "active")),
    ("met", "Met", ("achieved",)),
    ("partly_met", "Partly met", ("partially met", "partly achieved")),
    ("not_met", "Not met", ("not achieved",)),
    ("withdrawn", "Withdrawn", ("closed withdrawn", "cancelled")),
)

SAFETY_SCORE_RULE = "1 least safe to 5 safest"


def _safety_score(name: str, description: str, example: str, required: bool = True) -> Column:
    return Column(name, T.INTEGER, f"{description} ({SAFETY_SCORE_RULE})", required=required,
                  example=example, minimum=1, maximum=5)


CONTEXT_ASSESSMENTS = Contract(
    name="context_assessments",
    title="Context assessments and re-assessments",
    description=(
        "One row per indicator per assessment of a context (a peer group, school, place, online "
        "space or business): the same indicators scored again later show whether the context "
        "became safer."
    ),
    sender="MACE hub co-ordinator, community safety, schools team (contextual assessments)",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="assessment_date",
    key=("assessment_id", "domain", "indicator"),
    notes=(
        "Not in the original brief: added so that a context's change is measured as "
        "practitioners measure it (the Contextual Safeguarding Network's outcomes framework), "
        "by re-assessing the same indicators. Keep the indicator's wording the same at every "
        "assessment of a context, and never name a person in it."
    ),
    columns=(
        Column("assessment_id", T.ID, "Assessment reference (the same on every indicator row of "
               "one assessment)", required=True, example="CA-000311",
               header_aliases=("assessment ref", "assessment reference")),
        Column("context_id", T.ID, "The context assessed, as in the contexts extract", required=True,
               example="X-PG-014", header_aliases=("context", "context ref")),
        Column("assessment_date", T.DATE, "Date of the assessment", required=True,
               example="2025-08-12", not_in_future=True, header_aliases=("date assessed", "date")),
        Column("domain", T.CHOICE, "What the indicator is about", required=True,
               example="place_safety", choices=CONTEXT_DOMAINS),
        Column("indicator", T.TEXT, "The indicator scored, in a few non-identifying words",
               required=True, example="young people feel safe in the car park after 6 pm"),
        _safety_score("score", "Score for the indicator", "2"),
        Column("method", T.CHOICE, "How the context was assessed", required=True,
               example="safety_mapping", choices=ASSESSMENT_METHODS,
               header_aliases=("assessment method",)),
        Column("respondents", T.INTEGER, "For a youth survey, how many answered (blank otherwise)",
               example="", minimum=0, maximum=100_000),
        la_code_column(),
    ),
)

CONTEXT_GOALS = Contract(
    name="context_goals",
    title="Goals set for contexts",
    description=(
        "One row per goal set for a context from its assessment, with the score it started "
        "from, the score it aims for and whether it was met."
    ),
    sender="MACE hub co-ordinator, community safety, schools team (contextual safety plans)",
    cadence="quarterly",
    period_rule=PeriodRule.FINANCIAL_QUARTER,
    period_column="set_date",
    key=("goal_id",),
    notes=(
        "Not in the original brief (see context_assessments). A goal belongs to the quarter it "
        "was set in; send it again in that quarter's file when its status changes, so the "
        "newer upload replaces it. Goals met, partly met or not met need a closed_date to be "
        "counted in a quarter."
    ),
    columns=(
        Column("goal_id", T.ID, "Goal reference", required=True, example="CG-000042",
               header_aliases=("goal ref", "goal reference")),
        Column("context_id", T.ID, "The context the goal is for, as in the contexts extract",
               required=True, example="X-PG-014", header_aliases=("context", "context ref")),
        Column("domain", T.CHOICE, "What the goal is about", required=True,
               example="guardianship", choices=CONTEXT_DOMAINS),
        Column("goal", T.TEXT, "The goal, in a few non-identifying words", required=True,
               example="corridors supervised at lesson changeover",
               header_aliases=("goal description",)),
        Column("set_date", T.DATE, "Date the goal was set", required=True, example="2025-08-20",
               not_in_future=True, header_aliases=("date set",)),
        _safety_score("baseline_score", "Score when the goal was set", "2", required=False),
        _safety_score("target_score", "Score the goal aims for", "4", required=False),
        Column("status", T.CHOICE, "Where the goal stands", required=True, example="open",
               choices=GOAL_STATUSES),
        Column("closed_date", T.DATE, "Date the goal was closed (blank while open)", example="",
               not_in_future=True, header_aliases=("date closed",)),
        _lead_agency(),
        la_code_column(),
    ),
)

CATALOGUE = Catalogue(
    (
        REFERRALS, CONTEXTS, INTERVENTIONS, REVIEWS, MACE, DISRUPTIONS, POLICE_STREET_CRIME,
        VIOLENCE_INDICATORS, PROGRAMME_ACTIVITY, POPULATION, GEOGRAPHY, BOUNDARIES,
        RECOMMENDATION_PROGRESS, PUBLISHED_STATISTICS, CONTEXT_ASSESSMENTS, CONTEXT_GOALS,
    )
)

CONTEXTUAL_TARGET_LEVELS = ("peer_group", "school", "location", "online", "business", "community")
INDIVIDUAL_TARGET_LEVELS = ("child", "family")
