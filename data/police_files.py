"""Synthetic data.police.uk street-level crime files, written fast enough for benchmarks.

A file looks like a real monthly download from data.police.uk: the same header, the same crime
types and outcome categories (strings checked against the City of London files in
shared/realdata/), 64-hex Crime IDs, no Crime ID and no outcome on anti-social behaviour rows,
"On or near ..." locations, and a few "No Location" rows with empty coordinates and LSOA fields
at the end of the file. Everything is drawn in vectorised numpy so that a million rows take a
few seconds; rows are written as plain text, since every field but the LSOA names and
locations is known to need no CSV quoting (and those are quoted where needed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import repeat
from pathlib import Path

import numpy as np

from contracts.extracts import POLICE_HEADER

VIOLENCE = "Violence and sexual offences"
ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"

# Shares of a Cleveland-like month: violence is the largest category, then anti-social
# behaviour; weapons possession and robbery are about 1% each.
CRIME_TYPE_SHARES: dict[str, float] = {
    VIOLENCE: 0.30,
    ANTI_SOCIAL_BEHAVIOUR: 0.20,
    "Criminal damage and arson": 0.09,
    "Shoplifting": 0.09,
    "Public order": 0.08,
    "Other theft": 0.06,
    "Burglary": 0.05,
    "Vehicle crime": 0.045,
    "Drugs": 0.025,
    "Other crime": 0.015,
    "Robbery": 0.01,
    "Possession of weapons": 0.01,
    "Bicycle theft": 0.01,
    "Theft from the person": 0.008,
}

# Crime types placed with the violence weights (concentrated in hotspots).
VIOLENT_CRIME_TYPES = frozenset({VIOLENCE, "Possession of weapons", "Robbery"})

OUTCOME_SHARES: dict[str, float] = {
    "Investigation complete; no suspect identified": 0.42,
    "Unable to prosecute suspect": 0.28,
    "Under investigation": 0.08,
    "Awaiting court outcome": 0.06,
    "Status update unavailable": 0.05,
    "Local resolution": 0.03,
    "Court result unavailable": 0.02,
    "Offender given a caution": 0.015,
    "Further investigation is not in the public interest": 0.01,
    "Formal action is not in the public interest": 0.005,
    "Further action is not in the public interest": 0.005,
    "Action to be taken by another organisation": 0.005,
}

STREET_NAMES = (
    "High Street", "Station Road", "Church Road", "Park Road", "Victoria Road", "Green Lane",
    "Mill Lane", "The Green", "Queen Street", "King Street", "North Road", "Albert Road",
    "Yarm Road", "Norton Road", "Durham Road", "York Road", "Bishopton Road", "Dovecot Street",
    "Prince Regent Street", "Bridge Road", "Oxbridge Lane", "Thornaby Road", "Marsh House Avenue",
    "Central Avenue", "Chapel Road", "Beechwood Road", "Elm Tree Avenue", "Harrowgate Lane",
    "Redhill Road", "Windermere Road", "Grange Road", "Raby Road", "Stockton Street",
    "Catcote Road", "Oxford Road", "Brougham Terrace", "Wharton Terrace", "Seaton Lane",
    "Owton Manor Lane", "Marina Way", "Church Square", "Lister Street", "Vicarage Gardens",
    "Supermarket", "Parking Area", "Petrol Station", "Shopping Area", "Nightclub",
    "Sports/Recreation Area", "Further/Higher Educational Building", "Hospital", "Police Station",
)

# Each LSOA gets its own run of this many street names, so locations repeat within an area.
STREETS_PER_LSOA = 6
NO_LOCATION_SHARE = 0.015
JITTER_DEGREES = 0.0025


def write_police_month(
    path: Path,
    month: str,
    lsoas: Sequence[tuple[str, str, float, float]],
    n_rows: int,
    rng: np.random.Generator,
    force: str = "Cleveland Police",
    violence_share: float | None = None,
    *,
    lsoa_weights: Sequence[float] | None = None,
    violence_weights: Sequence[float] | None = None,
) -> None:
    """Write one month of street-level crime for `force` to `path`.

    `lsoas` holds (code, name, longitude, latitude) tuples; points are jittered around them.
    `violence_share` replaces the share of "Violence and sexual offences" (the other types
    keep their relative sizes). `lsoa_weights` spreads crime over the LSOAs (uniform when
    omitted); `violence_weights` does the same for violence, weapons possession and robbery,
    which is how the demo concentrates violence in a few town-centre hotspots.
    """
    crime_types = _draw_crime_types(n_rows, rng, violence_share)
    lsoa_index = _draw_lsoa_index(crime_types, len(lsoas), rng, lsoa_weights, violence_weights)
    no_location = rng.random(n_rows) < NO_LOCATION_SHARE
    order = _police_row_order(lsoa_index, no_location, [name for _, name, _, _ in lsoas])
    columns = _police_columns(
        month, lsoas, crime_types[order], lsoa_index[order], no_location[order], rng, force
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(POLICE_HEADER) + "\n")
        out.writelines(f"{line}\n" for line in map(",".join, zip(*columns, strict=True)))


def police_lsoas_for_bench(n: int) -> list[tuple[str, str, float, float]]:
    """`n` made-up LSOAs on a grid over the Cleveland force area, for benchmark files."""
    side = int(np.ceil(np.sqrt(n)))
    lsoas = []
    for i in range(n):
        row, col = divmod(i, side)
        lon = -1.45 + 0.6 * col / max(side - 1, 1)
        lat = 54.45 + 0.27 * row / max(side - 1, 1)
        name = f"Cleveland {i // 4 + 1:03d}{'ABCD'[i % 4]}"
        lsoas.append((f"E01{900000 + i:06d}", name, round(lon, 6), round(lat, 6)))
    return lsoas


def _normalised(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    values = np.asarray(weights, dtype=float)
    return values / values.sum()


def _draw_crime_types(
    n_rows: int, rng: np.random.Generator, violence_share: float | None
) -> np.ndarray:
    shares = dict(CRIME_TYPE_SHARES)
    if violence_share is not None:
        others = sum(v for k, v in shares.items() if k != VIOLENCE)
        shares = {k: v * (1 - violence_share) / others for k, v in shares.items()}
        shares[VIOLENCE] = violence_share
    names = np.array(list(shares), dtype=object)
    return names[rng.choice(len(names), size=n_rows, p=_normalised(list(shares.values())))]


def _draw_lsoa_index(
    crime_types: np.ndarray,
    n_lsoas: int,
    rng: np.random.Generator,
    lsoa_weights: Sequence[float] | None,
    violence_weights: Sequence[float] | None,
) -> np.ndarray:
    base = _normalised(lsoa_weights if lsoa_weights is not None else np.ones(n_lsoas))
    violent = _normalised(violence_weights) if violence_weights is not None else base
    any_lsoa = rng.choice(n_lsoas, size=len(crime_types), p=base)
    violent_lsoa = rng.choice(n_lsoas, size=len(crime_types), p=violent)
    is_violent = np.isin(crime_types, list(VIOLENT_CRIME_TYPES))
    return np.where(is_violent, violent_lsoa, any_lsoa)


def _police_row_order(
    lsoa_index: np.ndarray, no_location: np.ndarray, lsoa_names: list[str]
) -> np.ndarray:
    """Rows sorted by LSOA name with the "No Location" rows last, as police.uk files are."""
    name_rank = np.empty(len(lsoa_names), dtype=np.int64)
    name_rank[np.argsort(np.array(lsoa_names, dtype=object), kind="stable")] = np.arange(
        len(lsoa_names)
    )
    sort_key = np.where(no_location, len(lsoa_names), name_rank[lsoa_index])
    return np.argsort(sort_key, kind="stable")


def _crime_ids(n_rows: int, rng: np.random.Generator) -> np.ndarray:
    hex_text = rng.bytes(32 * n_rows).hex().encode("ascii")
    return np.frombuffer(hex_text, dtype="S64").astype(str).astype(object)


def _csv_field(text: str) -> str:
    """Quote a value the way the csv module would, for the few lookup strings we write."""
    if any(char in text for char in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _coordinates(values: np.ndarray, no_location: np.ndarray) -> list[str]:
    return [
        "" if missing else f"{value:.6f}"
        for value, missing in zip(values.tolist(), no_location.tolist(), strict=True)
    ]


def _police_columns(
    month: str,
    lsoas: Sequence[tuple[str, str, float, float]],
    crime_types: np.ndarray,
    lsoa_index: np.ndarray,
    no_location: np.ndarray,
    rng: np.random.Generator,
    force: str,
) -> list[Iterable[str]]:
    """The file's columns as iterables of CSV-ready text, in POLICE_HEADER order."""
    n_rows = len(crime_types)
    codes = np.array([_csv_field(code) for code, _, _, _ in lsoas] + [""], dtype=object)
    names = np.array([_csv_field(name) for _, name, _, _ in lsoas] + [""], dtype=object)
    lons = np.array([lon for _, _, lon, _ in lsoas], dtype=float)
    lats = np.array([lat for _, _, _, lat in lsoas], dtype=float)
    lsoa_or_blank = np.where(no_location, len(lsoas), lsoa_index)
    is_asb = crime_types == ANTI_SOCIAL_BEHAVIOUR
    outcome_names = np.array(list(OUTCOME_SHARES), dtype=object)
    outcomes = outcome_names[
        rng.choice(len(outcome_names), size=n_rows, p=_normalised(list(OUTCOME_SHARES.values())))
    ]
    streets = np.array([_csv_field(f"On or near {name}") for name in STREET_NAMES], dtype=object)
    street_offset = rng.integers(0, STREETS_PER_LSOA, n_rows)
    street_index = (lsoa_index * STREETS_PER_LSOA + street_offset) % len(streets)
    jitter = rng.normal(0, JITTER_DEGREES, (2, n_rows))
    return [
        np.where(is_asb, "", _crime_ids(n_rows, rng)),
        repeat(_csv_field(month), n_rows),
        repeat(_csv_field(force), n_rows),
        repeat(_csv_field(force), n_rows),
        _coordinates(lons[lsoa_index] + jitter[0], no_location),
        _coordinates(lats[lsoa_index] + jitter[1], no_location),
        np.where(no_location, "No Location", streets[street_index]),
        codes[lsoa_or_blank],
        names[lsoa_or_blank],
        crime_types,
        np.where(is_asb, "", outcomes),
        repeat("", n_rows),
    ]
