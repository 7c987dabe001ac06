"""Who is looking: the four roles, declared once at the ground so the store (which keeps users),
the measures (which suppress for the public and Members) and the pages all mean the same thing."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    OFFICER = "officer"
    ADMIN = "admin"


# Officers and admins see counts as recorded; everyone else sees them disclosure-controlled.
UNSUPPRESSED_ROLES = frozenset({Role.OFFICER, Role.ADMIN})
