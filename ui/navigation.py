"""Which pages each role has. Navigation is built from this table for the session's role, so a
page a role may not use is neither listed nor reachable by its address; restricted pages also
call `ui.auth.page_for` themselves, so the refusal does not rest on the menu alone."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.roles import Role

EVERYONE = frozenset(Role)
SIGNED_OUT = frozenset({Role.PUBLIC})
OFFICERS = frozenset({Role.OFFICER, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class PageEntry:
    path: str
    title: str
    icon: str
    roles: frozenset[Role]
    default: bool = False
    hidden: bool = False  # reachable by its address only, not listed in the menu


# A flat list: Streamlit's sectioned navigation renders headings inside its <ul>, which axe-core
# reports as a serious WCAG violation (list structure), so sections are given by order instead.
PAGES = (
    PageEntry("views/overview.py", "Overview", ":material/dashboard:", EVERYONE, default=True),
    PageEntry("views/referrals.py", "Referral trends", ":material/trending_up:", EVERYONE),
    PageEntry("views/contextual.py", "Contextual vs individual change", ":material/diversity_3:",
              EVERYONE),
    PageEntry("views/violence.py", "Violent crime", ":material/local_police:", EVERYONE),
    PageEntry("views/mace.py", "MACE hub", ":material/hub:", EVERYONE),
    PageEntry("views/programmes.py", "Awareness and training", ":material/school:", EVERYONE),
    PageEntry("views/recommendations.py", "The nine recommendations", ":material/checklist:",
              EVERYONE),
    PageEntry("views/compare.py", "How we compare", ":material/compare_arrows:", EVERYONE),
    PageEntry("views/definitions.py", "Definitions", ":material/menu_book:", EVERYONE),
    PageEntry("views/upload.py", "Upload extracts", ":material/upload_file:", OFFICERS),
    PageEntry("views/data_loads.py", "Data and loads", ":material/database:", OFFICERS),
    PageEntry("views/specification.py", "Data specification", ":material/description:", EVERYONE),
    PageEntry("views/admin.py", "Users and audit", ":material/admin_panel_settings:", ADMINS),
    PageEntry("views/settings.py", "Authorities and comparators", ":material/tune:", ADMINS),
    PageEntry("views/sign_in.py", "Sign in", ":material/login:", SIGNED_OUT),
    # Opened by the one-time link `make run` prints while there is no administrator.
    PageEntry("views/setup.py", "Create the first administrator", ":material/person_add:",
              SIGNED_OUT, hidden=True),
    # Presenting a deck (everyone: a public meeting opens one by link) and building one.
    PageEntry("views/present.py", "Present", ":material/slideshow:", EVERYONE),
    PageEntry("views/decks.py", "Decks", ":material/view_carousel:", OFFICERS),
    PageEntry("views/accessibility.py", "Accessibility statement", ":material/accessibility_new:",
              EVERYONE),
)


def pages_for(role: Role) -> tuple[PageEntry, ...]:
    return tuple(entry for entry in PAGES if role in entry.roles)


def roles_for(path: str) -> frozenset[Role]:
    return next(entry.roles for entry in PAGES if entry.path == path)
