"""Every contract is complete and its template, filled with the examples, passes its own checks:
the declarations cannot drift from the validator, the templates or the specification."""

from __future__ import annotations

import pytest

from conftest import write
from contracts.extracts import CATALOGUE
from contracts.identifiers import is_identifier_header, nhs_number_is_valid
from contracts.model import normalise_header
from contracts.periods import financial_quarter, month_to_quarter, quarter_bounds, shift_quarter
from contracts.templates import template_file_name, template_text
from ingest.pipeline import UploadFile, check
from ingest.validate import Options

SPEC_EXTRACTS = (
    "referrals", "contexts", "interventions", "reviews", "mace", "disruptions",
    "police_street_crime", "violence_indicators", "programme_activity", "population",
    "geography", "boundaries", "recommendation_progress", "published_statistics",
    # Not in the brief: contexts as outcomes in their own right (issue 19).
    "context_assessments", "context_goals",
)


def test_every_extract_in_the_brief_has_one_contract():
    assert CATALOGUE.names == SPEC_EXTRACTS


@pytest.mark.parametrize("contract", list(CATALOGUE), ids=lambda c: c.name)
def test_every_column_is_described_with_an_example(contract):
    assert contract.title and contract.description and contract.sender and contract.cadence
    for column in contract.columns:
        assert column.description, f"{contract.name}.{column.name} has no description"
        if column.required:
            assert column.example, f"{contract.name}.{column.name} is required but has no example"
        assert not is_identifier_header(column.name), f"{column.name} would refuse its own file"


@pytest.mark.parametrize("contract", list(CATALOGUE), ids=lambda c: c.name)
def test_the_template_filled_with_examples_passes_validation(contract, tmp_path, store):
    path = write(tmp_path, template_file_name(contract), template_text(contract))
    report = check(store.cursor(), [UploadFile(path.name, path)],
                   Options(la_code="E06000004"), extract=contract.name)
    assert not report.file_issues, report.file_issues
    assert report.row_issues.empty, report.row_issues.to_dict("records")
    assert report.rows_valid == 1


@pytest.mark.parametrize("contract", [c for c in CATALOGUE if c.file_kind == "table"],
                         ids=lambda c: c.name)
def test_headers_are_matched_ignoring_case_spaces_and_punctuation(contract):
    lookup = contract.header_lookup()
    for column in contract.columns:
        title_case = column.name.replace("_", " ").title()
        assert lookup[normalise_header(title_case)] == column.name


def test_financial_quarters_turn_on_31_march_and_1_april():
    from datetime import date
    assert financial_quarter(date(2025, 3, 31)) == "2024/25 Q4"
    assert financial_quarter(date(2025, 4, 1)) == "2025/26 Q1"
    assert financial_quarter(date(2025, 12, 31)) == "2025/26 Q3"
    assert quarter_bounds("2025/26 Q4") == (date(2026, 1, 1), date(2026, 3, 31))
    assert shift_quarter("2025/26 Q1", -1) == "2024/25 Q4"
    assert month_to_quarter("2026-01") == "2025/26 Q4"


def test_the_nhs_number_check_follows_modulus_11():
    assert nhs_number_is_valid("943 476 5919")
    assert not nhs_number_is_valid("943 476 5918")
    assert not nhs_number_is_valid("1234567890")
