"""A table of bad inputs, one per kind, generated from the contracts' own templates: an officer's
file with one thing wrong, a file that is not what it says, an archive built to hurt, or an
option that does not fit the file. Every one must be refused with a sentence, nothing stored.

Each kind is (name, files, options, words): `files` maps file names to their bytes; `words`
must appear in what the officer is told.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field

from contracts.extracts import CATALOGUE, POLICE_HEADER
from contracts.templates import template_text


@dataclass(frozen=True)
class Kind:
    name: str
    files: dict[str, bytes]
    options: tuple[str, ...] = ("--la", "E06000004")
    words: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


def template(extract: str) -> tuple[list[str], list[str]]:
    header, row = template_text(CATALOGUE[extract]).splitlines()[:2]
    return header.split(","), row.split(",")


def with_value(extract: str, column: str, value: str, rows: int = 1) -> bytes:
    """The template's example row with `column` set to `value` (and a few good rows with it)."""
    header, row = template(extract)
    index = header.index(column)
    bad = [*row[:index], value, *row[index + 1:]]
    lines = [",".join(header), ",".join(bad)]
    if extract == "referrals":
        lines += [f"R-9{i},C-9{i},2025-07-0{i + 1},police,cce,15,,,,,,E06000004" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def with_header(extract: str, header: list[str], row: list[str]) -> bytes:
    return (",".join(header) + "\n" + ",".join(row) + "\n").encode()


def police(month: str = "2025-07", rows: int = 3, force: str = "Cleveland Police") -> bytes:
    _, row = template("police_street_crime")
    lines = [",".join(POLICE_HEADER)]
    for i in range(rows):
        lines.append(",".join([f"id{month}{i}", month, force, force, *row[4:]]))
    return ("\n".join(lines) + "\n").encode()


def unbalanced_quote(rows: int, at: int) -> bytes:
    """A file whose row `at` opens a quote that is never closed."""
    header, row = template("referrals")
    lines = [",".join(header)]
    for i in range(rows):
        cells = [f"R-{i}", f"C-{i}", *row[2:]]
        if i == at - 1:
            cells[header.index("sex")] = '"female'
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def zipped(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def geojson(document: object) -> bytes:
    return json.dumps(document).encode()


def feature_collection(features: object) -> dict:
    return {"type": "FeatureCollection", "features": features}


def square(code: str = "E05001523") -> dict:
    ring = [[-1.32, 54.56], [-1.3, 54.56], [-1.3, 54.58], [-1.32, 54.58], [-1.32, 54.56]]
    return {"type": "Feature", "properties": {"WD23CD": code, "WD23NM": "Ward"},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


def deep(levels: int) -> bytes:
    return ('{"type": "FeatureCollection", "features": [' + '{"a":' * levels + "1"
            + "}" * levels + "]}").encode()


def published(column: str, value: str = "134") -> bytes:
    header, row = template("published_statistics")
    return with_header("published_statistics", [*header[:-1], column], [*row[:-1], value])


REF = "referrals.csv"
WHOLE_NUMBER_VALUES = ["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "1e19",
                       "9223372036854775808", "15.5", "-1", "26", "fifteen", "15 years", "#DIV/0!",
                       "#VALUE!", "#REF!", "0x0F", "1e2"]
DATE_VALUES = {
    "two_digit_year": ("01/07/25", ("two digits", "01/07/2025")),
    "year_1900": ("1900-01-01", ("1990",)),
    "year_0001": ("0001-01-01", ("1990",)),
    "before_1990": ("1989-12-31", ("1990",)),
    "month_13": ("2025-13-01", ()),
    "31_february": ("31/02/2025", ()),
    "far_future": ("2099-01-01", ()),
    "word_date": ("yesterday", ()),
    "slashes_year_first": ("2025/07/01", ()),
    "excel_serial": ("45839", ()),
    "date_div0": ("#DIV/0!", ()),
}
FREE_TEXT_IDENTIFIERS = {
    "mobile_number": "call 07700 900123",
    "landline_international": "ring +44 1642 526000",
    "landline_brackets": "(01642) 526000",
    "ni_number": "QQ123456C",
    "ni_number_spaced": "QQ 12 34 56 C",
    "email": "alex@example.org",
    "nhs_number": "943 476 5919",
    "postcode": "TS18 1AU",
}
NUMBER_VALUES = ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "#DIV/0!",
                 "#N/A!", "twelve"]
IDENTIFIER_COLUMNS = ["forename", "surname", "first_name", "date_of_birth", "nhs_number",
                      "home_address", "postcode"]


def kinds() -> list[Kind]:
    table: list[Kind] = []
    for value in WHOLE_NUMBER_VALUES:
        table.append(Kind(f"age_{value}", {REF: with_value("referrals", "age", value)},
                          words=("age",)))
    for value in ["nan", "inf", "1e309", "1e19", "-5"]:
        table.append(Kind(f"population_{value}", {"population.csv": with_value(
            "population", "population", value)}, words=("population",)))
    table.append(Kind("mace_actions_1e19", {"mace.csv": with_value("mace", "actions", "1e19")}))
    table.append(Kind("sessions_nan", {"activity.csv": with_value(
        "programme_activity", "sessions", "nan")}))
    for name, (value, words) in DATE_VALUES.items():
        table.append(Kind(f"date_{name}", {REF: with_value("referrals", "referral_date", value)},
                          words=("referral_date", *words)))
    table.append(Kind("contexts_date_1900", {"contexts.csv": with_value(
        "contexts", "identified_date", "1900-01-01")}, words=("1990",)))
    table.append(Kind("date_after_period", {REF: with_value("referrals", "referral_date",
                                                            "2025-12-01")},
                      options=("--la", "E06000004", "--period", "2025/26 Q2")))
    for name, value in FREE_TEXT_IDENTIFIERS.items():
        table.append(Kind(f"label_{name}", {"contexts.csv": with_value("contexts", "label", value)},
                          words=("label",)))
        table.append(Kind(f"commentary_{name}", {"progress.csv": with_value(
            "recommendation_progress", "commentary", value)}, words=("commentary",)))
    for value in NUMBER_VALUES:
        table.append(Kind(f"indicator_value_{value}", {"indicators.csv": with_value(
            "violence_indicators", "value", value)}, words=("value",)))
    for column in IDENTIFIER_COLUMNS:
        header, row = template("referrals")
        table.append(Kind(f"column_{column}", {REF: with_header(
            "referrals", [*header, column], [*row, "x"])}, words=(column,)))
    header, row = template("referrals")
    table += [
        Kind("missing_required_column", {REF: with_header("referrals", header[1:], row[1:])}),
        Kind("duplicate_column", {REF: with_header("referrals", [*header, "age"], [*row, "15"])}),
        Kind("extra_cells", {REF: with_header("referrals", header, [*row, "surprise"])}),
        Kind("source_not_allowed", {REF: with_value("referrals", "source", "martians")}),
        Kind("harm_not_allowed", {REF: with_value("referrals", "harm_types", "cce;ghosts")}),
        Kind("ward_code_bad", {REF: with_value("referrals", "ward_code", "E05XXXX")}),
        Kind("la_code_text", {REF: with_value("referrals", "la_code", "Stockton")},
             options=()),
        Kind("missing_id", {REF: with_value("referrals", "referral_id", "")}),
        Kind("duplicate_id", {REF: with_value("referrals", "referral_id", "R-90")}),
        Kind("nhs_number_as_child_id", {REF: with_value("referrals", "child_id", "9434765919")}),
        Kind("email_as_child_id", {REF: with_value("referrals", "child_id", "a@b.org")}),
        Kind("value_5000_characters", {"contexts.csv": with_value("contexts", "label", "x" * 5000)},
             words=("label",)),
        Kind("closed_maybe", {"mace.csv": with_value("mace", "closed", "maybe")}),
        Kind("progress_not_allowed", {"progress.csv": with_value(
            "recommendation_progress", "progress", "99")}),
        Kind("geography_la_code_bad", {"geography.csv": with_value("geography", "la_code", "X")},
             options=()),
        Kind("indicator_period_bad", {"indicators.csv": with_value(
            "violence_indicators", "period", "July")}),
        Kind("indicator_not_allowed", {"indicators.csv": with_value(
            "violence_indicators", "indicator", "vibes")}),
    ]
    # whole files that are not what they claim
    table += [
        Kind("empty_file", {REF: b""}, words=("empty",)),
        Kind("header_only", {REF: (",".join(header) + "\n").encode()}),
        Kind("whitespace_only", {REF: b"   \n\n  \n"}),
        Kind("binary_png", {REF: b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" * 50}),
        Kind("nul_bytes", {REF: with_value("referrals", "age", "1\x005")}),
        Kind("utf16_no_bom", {REF: "referral_id,child_id\nR1,C1\n".encode("utf-16-le")}),
        Kind("unrecognised_header", {"mystery.csv": b"a,b,c\n1,2,3\n"}),
        Kind("semicolons", {REF: with_value("referrals", "age", "15").replace(b",", b";")}),
        Kind("tabs", {REF: with_value("referrals", "age", "15").replace(b",", b"\t")}),
        Kind("unbalanced_quote", {REF: with_value("referrals", "sex", '"female')}),
        Kind("skip_invalid_unbalanced_quote", {REF: unbalanced_quote(20, at=4)},
             options=("--la", "E06000004", "--skip-invalid"), words=("not closed", "16 lines")),
        Kind("line_3mb", {REF: with_value("referrals", "sex", "f" * 3_000_000)},
             words=("line",)),
        Kind("single_line_8mb", {REF: b"x" * 8_000_000}, words=("line",)),
        Kind("columns_10000", {REF: (",".join(header + [f"c{i}" for i in range(10_000)])
                                     + "\n" + ",".join(row + ["1"] * 10_000) + "\n").encode()},
             words=("columns",)),
        Kind("old_xls", {"referrals.xls": b"\xd0\xcf\x11\xe0" + b"\x00" * 600}),
        Kind("fake_xlsx", {"referrals.xlsx": b"this is not a workbook"}),
        Kind("hidden_name", {".referrals.csv": with_value("referrals", "age", "15")}),
    ]
    # archives
    table += [
        Kind("zip_not_csv", {"police.zip": zipped({"a.exe": b"MZ"})}, options=()),
        Kind("zip_path_traversal", {"police.zip": zipped({"../../etc/x.csv": police()})}, options=()),
        Kind("zip_bomb_ratio", {"police.zip": zipped({"big.csv": b"0" * 50_000_000})}, options=()),
        Kind("zip_10000_members", {"police.zip": zipped(
            {f"2025-07-m{i}-street.csv": b"x" for i in range(10_000)}, zipfile.ZIP_STORED)},
             options=(), words=("files",)),
        Kind("zip_empty", {"police.zip": zipped({})}, options=()),
        Kind("zip_corrupt", {"police.zip": b"PK\x03\x04 broken"}, options=()),
    ]
    # police.uk batches
    table += [
        Kind("police_month_mismatch", {"2025-11-cleveland-street.csv": police("2025-12")},
             options=(), words=("2025-11", "2025-12")),
        Kind("police_duplicate_force_month", {
            "2025-07-cleveland-street.csv": police("2025-07"),
            "2025-07-cleveland-street (1).csv": police("2025-07", rows=4)},
             options=(), words=("twice",)),
        Kind("police_month_bad", {"2025-13-cleveland-street.csv": police("2025-13")}, options=()),
        Kind("police_header_changed", {"2025-07-cleveland-street.csv": police().replace(
            b"Crime ID", b"Crime Id", 1)}, options=()),
        Kind("police_longitude_nan", {"2025-07-cleveland-street.csv": police().replace(
            b"-1.3181", b"nan")}, options=()),
    ]
    # --la that does not fit
    table += [
        Kind("la_unknown_code", {REF: with_value("referrals", "la_code", "")},
             options=("--la", "E06999999"), words=("E06999999",)),
        Kind("la_ward_code", {REF: with_value("referrals", "la_code", "")},
             options=("--la", "E05001523"), words=("E05001523",)),
        Kind("la_text", {REF: with_value("referrals", "la_code", "")},
             options=("--la", "Stockton"), words=("Stockton",)),
        Kind("la_disagrees_with_file", {REF: with_value("referrals", "la_code", "E06000001")},
             options=("--la", "E06000004"), words=("E06000001",)),
    ]
    # GeoJSON boundaries
    boundary = ("--extract", "boundaries")
    table += [
        Kind("geojson_features_object", {"wards.geojson": geojson(feature_collection({}))},
             options=boundary),
        Kind("geojson_properties_list", {"wards.geojson": geojson(feature_collection(
            [{**square(), "properties": ["E05001523"]}]))}, options=boundary),
        Kind("geojson_feature_string", {"wards.geojson": geojson(feature_collection(["x"]))},
             options=boundary),
        Kind("geojson_deep_nesting", {"wards.geojson": deep(100_000)}, options=boundary),
        Kind("geojson_not_json", {"wards.geojson": b"{not json"}, options=boundary),
        Kind("geojson_not_collection", {"wards.geojson": geojson({"type": "Feature"})},
             options=boundary),
        Kind("geojson_no_features", {"wards.geojson": geojson(feature_collection([]))},
             options=boundary),
        Kind("geojson_geometry_missing", {"wards.geojson": geojson(feature_collection(
            [{**square(), "geometry": None}]))}, options=boundary),
        Kind("geojson_coordinates_text", {"wards.geojson": geojson(feature_collection(
            [{**square(), "geometry": {"type": "Polygon", "coordinates": "abc"}}]))},
             options=boundary),
        Kind("geojson_array_top", {"wards.geojson": b"[1, 2, 3]"}, options=boundary),
    ]
    # DfE published statistics
    stats = ("--extract", "published_statistics")
    table += [
        Kind("dfe_column_quote_value_nan", {"dfe.csv": published('Child "criminal" exploitation',
                                                                  "nan")}, options=stats),
        Kind("dfe_time_period_nan", {"dfe.csv": with_value("published_statistics", "time_period",
                                                           "nan")}, options=stats),
        Kind("dfe_time_period_1e19", {"dfe.csv": with_value("published_statistics", "time_period",
                                                            "1e19")}, options=stats),
        Kind("dfe_header_only", {"dfe.csv": (",".join(template("published_statistics")[0])
                                             + "\n").encode()}, options=stats),
    ]
    return table


KINDS = kinds()
