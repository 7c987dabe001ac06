"""Roles for people who sign in through the council's OpenID Connect provider (Microsoft Entra ID).

The provider says who someone is; the roles file says what they may do here. It is a TOML file
(`SCRUTINY_ROLES_FILE`, by default `.streamlit/roles.toml`, kept out of git like the secrets):

    [emails]
    "jo.officer@stockton.gov.uk" = "officer"

    [groups]   # Entra ID group object IDs, sent in the token's "groups" claim
    "3f1c6a52-0d4e-4d7e-9a53-5d6d2c1f0b11" = "member"

Someone matching several entries gets the highest role; someone matching none is public: signed
in, but shown exactly what a visitor who never signed in sees.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from contracts.roles import Role

DEFAULT_ROLES_FILE = Path(__file__).resolve().parent.parent / ".streamlit" / "roles.toml"
RANK = (Role.PUBLIC, Role.MEMBER, Role.OFFICER, Role.ADMIN)


class RolesFileError(ValueError):
    """The roles file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class RoleMap:
    emails: dict[str, Role] = field(default_factory=dict)
    groups: dict[str, Role] = field(default_factory=dict)


def roles_file_path() -> Path:
    return Path(os.environ.get("SCRUTINY_ROLES_FILE") or DEFAULT_ROLES_FILE)


def _entries(raw: dict, section: str, path: Path, lower: bool) -> dict[str, Role]:
    entries = {}
    for key, value in (raw.get(section) or {}).items():
        if value not in Role.__members__.values() or value == Role.PUBLIC:
            raise RolesFileError(f"{path}: [{section}] {key!r} has role {value!r}; "
                                 "use member, officer or admin.")
        entries[key.strip().lower() if lower else key.strip()] = Role(value)
    return entries


def load_role_map(path: Path | None = None) -> RoleMap:
    """The roles file, or an empty map (everyone public) when there is none."""
    path = path or roles_file_path()
    if not path.exists():
        return RoleMap()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise RolesFileError(f"{path} is not valid TOML: {error}") from None
    return RoleMap(_entries(raw, "emails", path, lower=True),
                   _entries(raw, "groups", path, lower=False))


def role_for(email: str | None, groups: Iterable[str], role_map: RoleMap) -> Role:
    found = [role_map.emails.get((email or "").strip().lower(), Role.PUBLIC)]
    found += [role_map.groups.get(group, Role.PUBLIC) for group in groups]
    return max(found, key=RANK.index)
