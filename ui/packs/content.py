"""What a committee pack says, worked out once and written by both the PDF and the PowerPoint
writer: the cover, one SlideContent and one chart image per slide, the definitions of the
measures the deck uses, and the disclosure note for the role it was made for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contracts.roles import UNSUPPRESSED_ROLES, Role
from metrics import availability
from metrics.decks import Deck, Slide
from metrics.disclosure import LARGEST, ROUND_TO, SMALLEST
from metrics.model import Disclosure
from metrics.registry import measure
from ui.card_content import DrawnSlide
from ui.packs.images import render_pngs
from ui.slide_content import SlideContent, slide_content
from ui.text import SUPPRESSED

# The protective marking an officer's pack carries on its cover and on every page.
UNSUPPRESSED_MARKING = "OFFICIAL-SENSITIVE: unsuppressed counts, not for publication"
UNSUPPRESSED_AUDIENCE = (
    f"{UNSUPPRESSED_MARKING}. It shows counts of {SMALLEST} to {LARGEST} children that public "
    "views suppress: share it only with people entitled to see them."
)
SUPPRESSED_AUDIENCE = (
    f"Suitable for publication: counts of {SMALLEST} to {LARGEST} children are suppressed and "
    f"shown as {SUPPRESSED}; other counts are rounded to the nearest {ROUND_TO}."
)
DEMO_LABEL = "Demo data: made-up figures for trying the dashboard, not real children"
SUPPRESSED_KEY = f"{SUPPRESSED} = {SMALLEST} to {LARGEST}, suppressed to protect privacy"
DEFINITIONS_TITLE = "Measure definitions"


@dataclass(frozen=True)
class Cover:
    title: str  # the meeting, or the deck's name
    lines: tuple[str, ...]  # committee, deck, dates, data as at, in reading order
    demo: bool
    audience: str  # who the pack is for, and why
    marking: str  # the protective marking on every page ("" for a publishable pack)


@dataclass(frozen=True)
class Definition:
    measure_title: str
    definition: str
    numerator: str
    denominator: str
    unit: str


@dataclass(frozen=True)
class Pack:
    role: Role
    file_stem: str
    cover: Cover
    slides: tuple[SlideContent, ...]
    images: tuple[bytes | None, ...]  # a PNG per slide; None where the slide has no data
    definitions: tuple[Definition, ...]
    disclosure_note: str

    @property
    def unsuppressed(self) -> bool:
        return self.role in UNSUPPRESSED_ROLES


def prepare_pack(con: Any, deck: Deck, role: Role, meeting: str = "",
                 meeting_date: date | None = None) -> Pack:
    """Compute every slide for `role` and draw its chart (one browser session for all)."""
    role = Role(role)
    slides = tuple(card_of(con, slide, role) for slide in deck.slides)
    drawn = iter(render_pngs([s.figure for s in slides if s.figure is not None]))
    images = tuple(None if s.figure is None else next(drawn) for s in slides)
    declared = [measure(mid) for mid in dict.fromkeys(s.measure_id for s in deck.slides)]
    extracts = tuple(dict.fromkeys(name for m in declared for name in m.extracts))
    return Pack(
        role=role,
        file_stem=file_stem(meeting or deck.name, meeting_date),
        cover=cover(deck, role, meeting, meeting_date,
                    availability.last_loaded(con, extracts) if extracts else None,
                    availability.holds_demo_data(con)),
        slides=slides,
        images=images,
        definitions=tuple(Definition(m.title, m.definition, m.numerator, m.denominator, m.unit)
                          for m in declared),
        disclosure_note=disclosure_note(role, {m.disclosure for m in declared}),
    )


def card_of(con: Any, slide: Slide, role: Role) -> SlideContent:
    """A deck slide's card for `role`: built from the registry, or, for a card its page drew
    in its own way, that card as the page drew it (never for another role: its figures were
    disclosure-controlled for the viewer who saw them)."""
    if isinstance(slide, DrawnSlide) and slide.content is not None:
        if slide.content.role != role:
            raise ValueError(f"A card drawn for {slide.content.role} cannot go in a pack "
                             f"for {role}.")
        return slide.content
    return slide_content(con, slide, role)


def cover(deck: Deck, role: Role, meeting: str, meeting_date: date | None,
          data_as_at: datetime | None, demo: bool) -> Cover:
    lines = []
    if deck.committee:
        lines.append(deck.committee)
    if meeting and meeting != deck.name:
        lines.append(f"Deck: {deck.name}")
    if meeting_date:
        lines.append(f"Meeting date: {meeting_date:%-d %B %Y}")
    lines.append(f"Prepared: {date.today():%-d %B %Y}")
    lines.append(f"Data as at: {data_as_at:%-d %B %Y %H:%M}" if data_as_at
                 else "Data as at: no data loaded yet for these measures")
    unsuppressed = role in UNSUPPRESSED_ROLES
    return Cover(
        title=meeting or deck.name,
        lines=tuple(lines),
        demo=demo,
        audience=UNSUPPRESSED_AUDIENCE if unsuppressed else SUPPRESSED_AUDIENCE,
        marking=UNSUPPRESSED_MARKING if unsuppressed else "",
    )


def disclosure_note(role: Role, rules: set[Disclosure]) -> str:
    """How the pack's figures are protected, for the rules its measures follow."""
    parts = []
    if role in UNSUPPRESSED_ROLES:
        parts.append(
            f"{UNSUPPRESSED_MARKING}. This pack was made for an officer and shows every count "
            f"unsuppressed, including counts of {SMALLEST} to {LARGEST} children. Do not publish "
            "it; a pack made by a public or member view suppresses them."
        )
    else:
        parts.append(
            f"Disclosure control: {SUPPRESSED_KEY}. Every other count of children is rounded "
            f"to the nearest {ROUND_TO}, so no hidden count can be worked out from a total, "
            "another filter or the other figures; rates and percentages are worked out from the "
            "rounded counts, and marked u (low reliability) where their base is under 20 (the "
            "Department for Education's rounding rule; see docs/disclosure.md)."
        )
    if Disclosure.PUBLIC in rules:
        parts.append("Figures already published (police.uk, the Department for Education) are "
                     "shown as published, with their own symbols.")
    if Disclosure.NONE in rules:
        parts.append("Figures that are not about individual children (programme activity, "
                     "progress ratings) are shown in full.")
    parts.append("x = not available.")
    return " ".join(parts)


def file_stem(name: str, when: date | None) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in name).split()
    stem = "-".join(words).lower() or "committee-pack"
    return f"{stem}-{(when or date.today()):%Y-%m-%d}"
