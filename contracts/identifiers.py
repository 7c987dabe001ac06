"""Direct identifiers that must never reach the store (brief: "Rules for every extract").

Children's data arrives pseudonymised. A column named like a direct identifier, or a free-text
value holding one, refuses the whole file: the officer removes it at source and sends it again.
"""

from __future__ import annotations

from contracts.model import normalise_header

IDENTIFIER_HEADERS = frozenset(
    normalise_header(name)
    for name in (
        "name", "forename", "first name", "given name", "surname", "last name", "family name",
        "full name", "child name", "child's name", "young person name", "person name",
        "preferred name", "known as", "dob", "date of birth", "birth date", "birthdate",
        "address", "home address", "address line 1", "address line 2", "street", "house number",
        "postcode", "post code", "home postcode", "nhs number", "nhs no", "nhs", "upn",
        "unique pupil number", "phone", "phone number", "telephone", "tel", "mobile",
        "mobile number", "email", "e-mail", "email address", "ni number",
        "national insurance number",
    )
)

# Parts of a header that mark an identifier wherever they appear ("Mother's Surname").
IDENTIFIER_HEADER_PARTS = ("forename", "surname", "dateofbirth", "postcode", "nhsnumber",
                           "emailaddress", "telephone", "phonenumber", "firstname", "lastname")


def is_identifier_header(header: str) -> bool:
    normalised = normalise_header(header)
    return normalised in IDENTIFIER_HEADERS or any(
        part in normalised for part in IDENTIFIER_HEADER_PARTS
    )


# Regular expressions (RE2, as DuckDB runs them) for identifiers inside free-text values.
NHS_NUMBER_CANDIDATE = r"(?:^|[^0-9])([0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4})(?:[^0-9]|$)"
UPN = r"(?:^|[^0-9A-Za-z])[A-Za-z][0-9]{12}(?:[^0-9A-Za-z]|$)"
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
UK_POSTCODE = (
    r"(?i)(?:^|[^0-9A-Za-z])(?:GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})"
    r"(?:[^0-9A-Za-z]|$)"
)

# A UK telephone number: 0 or +44, then 9 or 10 digits in the usual groupings ("07700 900123",
# "+44 1642 526000", "(01642) 526000").
UK_PHONE = (
    r"(?:^|[^0-9])(?:\+44 ?(?:\(0\))? ?|\(?0)[1-9][0-9]{1,4}\)? ?[0-9]{3,4}[ -]?[0-9]{3,4}"
    r"(?:[^0-9]|$)"
)
# A National Insurance number: two letters, six digits in pairs, a letter A-D ("QQ 12 34 56 C").
NI_NUMBER = r"(?:^|[^0-9A-Za-z])[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?:[^0-9A-Za-z]|$)"

VALUE_PATTERNS = (
    ("email", EMAIL, "an email address"),
    ("phone", UK_PHONE, "a telephone number"),
    ("ni_number", NI_NUMBER, "a National Insurance number"),
    ("postcode", UK_POSTCODE, "a full postcode"),
    ("upn", UPN, "a unique pupil number (UPN)"),
)


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number modulus-11 check (the Python twin of the SQL macro, for tests and docs)."""
    digits = "".join(ch for ch in digits if ch.isdigit())
    if len(digits) != 10:
        return False
    total = sum(int(digit) * (10 - position) for position, digit in enumerate(digits[:9]))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[9])
