"""Seeded demo extracts for two authorities, written exactly as officers would upload them.

`write_demo_extracts` writes CSV files in the formats of shared/spec/extracts.md for
Stockton-on-Tees (E06000004) and Hartlepool (E06000001) over twelve financial quarters,
2023/24 Q3 to 2026/27 Q2 (1 October 2023 to 30 September 2026; fixed dates, never relative to
today). Quarterly extracts come as one file per authority per quarter, police.uk files as one
file per month for the whole force, so loading them in order replays an officer's uploads.

The numbers follow the "Calibrating the demo store" figures: about 400 extra-familial harm
referrals a year in Stockton and 200 in Hartlepool, about 28% of them re-referrals within
12 months, mid-year populations from ONS (Stockton 0-17 in 2024: 45,079). They also tell one
story, so that the charts have something to find: the MACE hub starts in 2024/25 Q1, after
which more contexts are assessed and reviewed, their risk falls more often, the contextual
share of interventions rises from about 15% to 45%, disruptions rise, and more referrals name
a context (35% rising to 60%). Police-recorded violence drifts down in the last year and is
concentrated in a few town-centre LSOAs so that a top-10 ranking means something.

Conventions worth knowing when reading the files:
- Every file is written as it would be exported at the end of the period (30 September 2026),
  so an intervention in an early quarter's file may carry a later end date and status.
- A quarterly extract with no rows is not written, so there are no MACE files before the hub
  starts. Recommendation progress belongs to Stockton's own scrutiny review: one file for
  Stockton holding every monitoring point (its rows fall in five different quarters).
- violence_indicators give each financial quarter's `period` as its first month (`2025-10` for
  2025/26 Q3), because "2025-Q3" would be read as a calendar quarter by some and a financial
  quarter by others.
- Identifiers are random pseudonyms (`C-7F3A91` children, `R-` referrals, `CX-` contexts,
  `I-` interventions, `RV-` reviews, `M-` MACE discussions, `P-` persons of concern, `D-`
  disruptions, `A-` programme activities; `SCH-014`-style organisation numbers).
- Geography: with the real boundary files Stockton's LSOAs and wards are the real 2011 LSOAs
  and 2013 wards, each LSOA placed in the ward that contains its centroid. Without them,
  Stockton keeps its real ward codes and names but gets made-up LSOAs (E01019xxx), and
  Hartlepool always has made-up LSOAs and ward codes (its 2012 ward names are real). Made-up
  codes may belong to real areas elsewhere in England: never join them to ONS lookups.

The package, by concern: `quarters` (the calendar), `randomness` (seeded draws, pseudonyms),
`areas` (authorities, wards, LSOAs), `shares` (what the story draws from), `story` (one
authority's extracts), `tables` (population, geography, recommendations) and `files` (the CSVs
and their load order).
"""

from data.demo_extracts.areas import point_in_polygons, polygons_centroid
from data.demo_extracts.files import DemoExtract, write_demo_extracts
from data.demo_extracts.quarters import PERIOD_END, PERIOD_START

__all__ = [
    "PERIOD_END",
    "PERIOD_START",
    "DemoExtract",
    "point_in_polygons",
    "polygons_centroid",
    "write_demo_extracts",
]
