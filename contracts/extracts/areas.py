"""Area and published data: police.uk street crime, Serious Violence Duty indicators,
population, the geography lookup, boundaries, and DfE published statistics. Most come in a
real-world format, unchanged, and their contracts follow it."""

from __future__ import annotations

from contracts.extracts.columns import T, choices, la_code_column
from contracts.model import Column, Contract, Partition, PeriodRule

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
               choices=choices(
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
               choices=choices(("la", "Local authority", ("local authority", "lad")), "ward", "lsoa")),
        Column("year", T.INTEGER, "Mid-year of the estimate", required=True, example="2024",
               minimum=1990, maximum=2100),
        Column("age_band", T.CHOICE, "Age band", required=True, example="0-17",
               choices=choices(("0-9", "0 to 9"), ("10-17", "10 to 17"), ("18-24", "18 to 24"),
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
