"""Which authorities this dashboard is for, and whom each is compared with: settings an
administrator saves on the Settings page (append-only, audited), read fresh at each run.

- "our authorities": the home authority first, then partners; the filters offer them first;
- each one's comparator group (up to 10), the neighbours' average where no statistical
  neighbour list names it;
- DfE's statistical neighbour list, uploaded as published (a CSV with SN1 ... SN10 columns).

Every save checks the role here, on the server, whatever the page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import closing

from contracts.authorities import read_neighbours, resolve
from contracts.roles import Role
from store.authorities import (
    NEIGHBOURS_KEY,
    comparator_group_key,
    latest_setting,
    neighbour_group,
    our_authorities,
    save_our_authorities,
)
from store.targets import save_setting
from ui.auth import current_actor, require_role
from ui.session import facts, store

MAX_GROUP = 10  # DfE's statistical neighbour lists name ten


def known() -> dict[str, str]:
    """code -> name of every authority the store can name, by name."""
    return facts()["known_authorities"]


def ours() -> list[str]:
    with closing(store().cursor()) as con:
        return our_authorities(con)


def save_ours(home: str, partners: Sequence[str]) -> list[str]:
    require_role(Role.ADMIN, action="choose the council's authorities")
    shared = store()
    with shared.write_lock, closing(shared.cursor()) as con:
        return save_our_authorities(con, [home, *partners], actor=current_actor())


def comparator_group(la_code: str) -> list[str]:
    with closing(store().cursor()) as con:
        saved = latest_setting(con, comparator_group_key(la_code))
    return [str(code) for code in saved[0]] if saved else []


def save_comparator_group(la_code: str, codes: Sequence[str]) -> list[str]:
    require_role(Role.ADMIN, action="choose comparator groups")
    return save_authority_list(comparator_group_key(la_code), la_code, codes, known(),
                               limit=MAX_GROUP, known_as="an authority this store knows")


def save_authority_list(key: str, la_code: str, codes: Sequence[str], known_codes: Sequence[str],
                        *, limit: int, known_as: str) -> list[str]:
    """Save a list of authorities to compare ``la_code`` with, under the setting ``key``: the
    authority itself and repeats dropped, every code one of ``known_codes`` (else ValueError,
    naming the codes, "Not {known_as}: ..."), at most ``limit``. The caller checks the role."""
    chosen = list(dict.fromkeys(code for code in codes if code != la_code))
    unknown = [code for code in chosen if code not in known_codes]
    if unknown:
        raise ValueError(f"Not {known_as}: {', '.join(unknown)}")
    if len(chosen) > limit:
        raise ValueError(f"Choose at most {limit} authorities.")
    shared = store()
    with shared.write_lock, closing(shared.cursor()) as con:
        save_setting(con, key, chosen, actor=current_actor())
    return chosen


def loaded_neighbours() -> tuple[dict, str, object] | None:
    """(the saved list {file, neighbours}, who saved it, when), or None."""
    with closing(store().cursor()) as con:
        return latest_setting(con, NEIGHBOURS_KEY)


def save_neighbours(file_name: str, content: bytes) -> int:
    """Read DfE's statistical neighbour file and save it; returns how many authorities it
    lists. A file that cannot be read raises NeighbourFileError and saves nothing."""
    require_role(Role.ADMIN, action="load statistical neighbours")
    neighbours = read_neighbours(content.decode("utf-8-sig", errors="replace"), known())
    shared = store()
    with shared.write_lock, closing(shared.cursor()) as con:
        save_setting(con, NEIGHBOURS_KEY, {"file": file_name, "neighbours": neighbours},
                     actor=current_actor())
    return len(neighbours)


def neighbours_of(la_code: str) -> tuple[list[str], str]:
    """The authority's neighbours and what they are ("statistical neighbours" or "comparator
    group"), read fresh: settings do not move the data version."""
    with closing(store().cursor()) as con:
        return neighbour_group(con, la_code)


def resolve_authority(text: str) -> str | None:
    """An address's or a form's authority, by code, former code, DfE number or name."""
    return resolve(text, known())
