"""Is an authority code one the dashboard knows? The one check behind `--la` and the upload
page's choice of authority: a code the store cannot place would file rows under an authority
no page shows."""

from __future__ import annotations

import re

import duckdb

from contracts.authorities import names

# ONS codes of local authorities: English unitary, district, metropolitan, London borough and
# county; Welsh, Scottish and Northern Irish councils
AUTHORITY_CODE = re.compile(r"(E06|E07|E08|E09|E10|W06|S12|N09)\d{6}")


def known_authorities(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The shipped authorities (data/authorities.csv) and those the store's geography and
    population data name."""
    codes = set(names())
    codes.update(code for (code,) in con.execute(
        "SELECT DISTINCT la_code FROM geography WHERE la_code IS NOT NULL UNION "
        "SELECT DISTINCT area_code FROM population WHERE area_type = 'la'").fetchall())
    return codes


def code_problem(code: str | None) -> str | None:
    """A sentence saying why `code` cannot be an authority's code at all, or None. Needs no
    store, so a worker process checking an upload can say it first."""
    if code is None or AUTHORITY_CODE.fullmatch(code):
        return None
    return (f"The authority {code[:40]!r} is not a local authority's ONS code (nine characters, "
            "e.g. E06000004 for Stockton-on-Tees): give the authority's code.")


def authority_problem(con: duckdb.DuckDBPyConnection, code: str | None) -> str | None:
    """A sentence saying what is wrong with `code` as the authority of a file, or None."""
    if code is None:
        return None
    if (problem := code_problem(code)) is not None:
        return problem
    known = known_authorities(con)
    if code not in known:
        return (f"The authority {code} is not one this dashboard knows: it is not among England's "
                f"{len(names())} children's services authorities nor named by the geography "
                "extract loaded. Check the code, or load the geography extract that names it "
                "first.")
    return None
