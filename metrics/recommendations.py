"""Placeholder: the measures of this section are being written."""

MEASURES = ()
