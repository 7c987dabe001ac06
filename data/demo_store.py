"""Build the demo store: seeded demo extracts, loaded through the same ingest path as real
uploads and marked as demo loads, so every page shows the "Demo data" banner. Where the real
DfE files are at hand (shared/realdata), they are loaded too, as published statistics through
the same path, and not marked as demo: they are real published figures."""

from __future__ import annotations

import tempfile
import time
from contextlib import closing
from itertools import groupby
from pathlib import Path

from data.demo_extracts import DemoExtract, write_demo_extracts
from data.demo_published import DEMO_NEIGHBOURS_FILE, demo_neighbours, write_demo_published
from ingest.pipeline import UploadFile, load
from ingest.validate import Options
from metrics.decks import Deck, Slide, deck_to_json
from metrics.model import Query
from store.authorities import NEIGHBOURS_KEY, save_our_authorities
from store.connection import Store
from store.decks import save_deck
from store.targets import save_setting

DEMO_ACTOR = "demo generator"
# The demo's "our authorities": Stockton-on-Tees (home) and its partner Hartlepool, saved as an
# administrator saves them on the Settings page.
DEMO_AUTHORITIES = ["E06000004", "E06000001"]
SHARED_REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"
# Explore Education Statistics files (real, unchanged) for the "How we compare" page.
PUBLISHED_FILES = (
    "dfe_c3_factors_identified_at_end_of_assessment_2018_to_2025.csv",
    "dfe_c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "dfe_ons_mid-year_population_estimates_2012_to_2024.csv",
)


# Two ready decks, so a new user sees what a deck is and a meeting can open one by link.
DEMO_DECKS = (
    Deck("Select committee overview", (
        Slide("referrals", Query()),
        Slide("referral_rate_0_17", Query()),
        Slide("contextual_share", Query()),
        Slide("context_risk_reduced", Query()),
        Slide("violence_recorded_12m", Query()),
        Slide("recommendation_progress", Query(breakdown="recommendation")),
    ), committee="Children and Young People Select Committee"),
    Deck("YOT Board Q3", (
        Slide("referrals_by_harm", Query(breakdown="harm_type")),
        Slide("knife_serious_violence_u25", Query()),
        Slide("mace_children", Query()),
        Slide("disruptions", Query(breakdown="type")),
        Slide("days_to_intervention", Query()),
    ), committee="Youth Offending Team Management Board"),
)


class DemoBuildError(Exception):
    pass


def default_realdata_dir() -> Path | None:
    return SHARED_REALDATA if SHARED_REALDATA.is_dir() else None


def _uploads(extracts: list[DemoExtract]) -> list[list[DemoExtract]]:
    """Police.uk months go in quarterly batches, as an officer would upload them; the rest singly."""
    uploads: list[list[DemoExtract]] = []
    for is_police, group in groupby(extracts, key=lambda e: e.extract == "police_street_crime"):
        items = list(group)
        if is_police:
            for start in range(0, len(items), 3):
                uploads.append(items[start:start + 3])
        else:
            uploads.extend([item] for item in items)
    return uploads


def build_demo_store(store: Store, realdata_dir: Path | None = None) -> str:
    realdata_dir = realdata_dir or default_realdata_dir()
    started = time.perf_counter()
    stored = rows = 0
    with tempfile.TemporaryDirectory(prefix="scrutiny-demo-") as folder:
        extracts = write_demo_extracts(Path(folder), realdata_dir=realdata_dir)
        for upload in _uploads(extracts):
            first = upload[0]
            outcome = load(
                store, [UploadFile(e.path.name, e.path) for e in upload],
                Options(la_code=first.la_code), actor=DEMO_ACTOR, extract=first.extract,
                is_demo=True,
            )
            if not outcome.ok:
                raise DemoBuildError(f"The demo file {first.path.name} was refused: {outcome.message()}")
            stored += 1
            rows += outcome.stored.rows_accepted
    with store.write_lock, closing(store.cursor()) as con:
        save_our_authorities(con, DEMO_AUTHORITIES, actor=DEMO_ACTOR)
    published = load_published_files(store, realdata_dir) if realdata_dir else 0
    if not published:
        load_demo_published(store)
    with store.write_lock, closing(store.cursor()) as con:
        save_setting(con, NEIGHBOURS_KEY, {"file": DEMO_NEIGHBOURS_FILE,
                                           "neighbours": demo_neighbours()}, actor=DEMO_ACTOR)
    save_demo_decks(store)
    source = "real Stockton-on-Tees boundaries" if realdata_dir else "synthetic areas"
    real = (f", and {published} real DfE published-statistics files (not demo)" if published
            else ", and demo published statistics for every authority in England")
    return (f"Demo store built at {store.path}: {stored} loads, {rows:,} rows ({source}){real}, "
            f"{len(DEMO_DECKS)} decks "
            f"in {time.perf_counter() - started:.1f} s. It is labelled as demo data on every page.")


def load_published_files(store: Store, realdata_dir: Path) -> int:
    """The real DfE files present in realdata_dir, each loaded as an officer would upload it;
    returns how many were stored."""
    loaded = 0
    for name in PUBLISHED_FILES:
        path = Path(realdata_dir) / name
        if not path.is_file():
            continue
        outcome = load(store, [UploadFile(name, path)], Options(), actor=DEMO_ACTOR,
                       extract="published_statistics", is_demo=False)
        if not outcome.ok:
            raise DemoBuildError(f"The published file {name} was refused: {outcome.message()}")
        loaded += 1
    return loaded


def load_demo_published(store: Store) -> None:
    """Demo DfE figures for every authority in England (labelled demo), for How we compare."""
    with tempfile.TemporaryDirectory(prefix="scrutiny-demo-published-") as folder:
        for path in write_demo_published(Path(folder)):
            outcome = load(store, [UploadFile(path.name, path)], Options(), actor=DEMO_ACTOR,
                           extract="published_statistics", is_demo=True)
            if not outcome.ok:
                raise DemoBuildError(f"The demo file {path.name} was refused: {outcome.message()}")


def save_demo_decks(store: Store) -> None:
    """The ready decks, saved (and audited) as any officer's deck is."""
    with store.write_lock:
        _save_decks(store)


def _save_decks(store: Store) -> None:
    con = store.cursor()
    try:
        for deck in DEMO_DECKS:
            save_deck(con, deck.name, deck_to_json(deck), actor=DEMO_ACTOR)
    finally:
        con.close()
