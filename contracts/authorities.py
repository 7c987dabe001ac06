"""Authorities the dashboard knows without any data loaded (the pilot's); the store adds those
its geography and population extracts name (ingest/authorities.py)."""

from __future__ import annotations

KNOWN_AUTHORITIES = {"E06000004": "Stockton-on-Tees", "E06000001": "Hartlepool"}
