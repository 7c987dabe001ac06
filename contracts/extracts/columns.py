"""Column builders that several extract contracts share, and the compact way to declare a
column's allowed values."""

from __future__ import annotations

from contracts.model import Choice, Column, ColumnType

T = ColumnType


def choices(*values: str | tuple[str, str] | tuple[str, str, tuple[str, ...]]) -> tuple[Choice, ...]:
    """Compact declaration: "value", ("value", "Label") or ("value", "Label", (aliases...))."""
    declared = []
    for item in values:
        if isinstance(item, str):
            declared.append(Choice(item, item.replace("_", " ").capitalize()))
        elif len(item) == 2:
            declared.append(Choice(item[0], item[1]))
        else:
            declared.append(Choice(item[0], item[1], item[2]))
    return tuple(declared)


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


PARTNER_AGENCIES_EXAMPLE = "children's services"


def lead_agency(required: bool = False) -> Column:
    return Column(
        "lead_agency", T.TEXT, "Agency leading the work (e.g. children's services, police, YOT)",
        required=required, example=PARTNER_AGENCIES_EXAMPLE, header_aliases=("agency", "lead"),
    )
