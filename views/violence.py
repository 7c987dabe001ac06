"""Violent crime: police-recorded violence, weapons possession and robbery by month (with the
rolling 12 months and the same month last year), where violence is recorded, and the Serious
Violence Duty measures."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from contracts.extracts import CATALOGUE
from metrics import areas, violence
from metrics.decks import Slide
from metrics.model import Measure, Query
from metrics.registry import measure
from ui import card, charts, text
from ui.auth import current_role
from ui.card_content import drawn_card
from ui.chart_registry import ChartKind
from ui.filters import current_query, describe_filters
from ui.measure_view import UPLOAD_PAGE, frame_for, page_intro
from ui.page_card import show_drawn, show_measure
from ui.session import authority_areas, boundaries_for, crime_locations, facts, has_rows

SUBJECTS = {
    "violence_recorded": "Violence and sexual offences",
    "weapons_possession": "Possession of weapons offences",
    "robbery": "Robbery",
}
SVD_MEASURES = ("knife_serious_violence_u25", "hospital_sharp_assault_u25", "homicide_u25")
HEX_RADIUS = 0.005  # degrees of latitude, about 550 m: a neighbourhood, not a whole town


def crime_type_tab(measure_id: str, query: Query) -> None:
    show_measure(measure_id, query=query)
    left, right = st.columns(2)
    with left:
        show_measure(f"{measure_id}_12m", query=query)
    with right:
        show_measure(f"{measure_id}_rate", query=query)


def ward_map(ranked: pd.DataFrame, named: pd.DataFrame, declared: Measure, query: Query) -> None:
    """Ward rates on the uploaded ward boundaries; without them (or without ward figures),
    police.uk's anonymised locations counted in hexagons."""
    shown_for = describe_filters(query, declared.filters)
    geojson = boundaries_for(tuple(ranked["breakdown_value"])) if not ranked.empty else None
    if geojson is not None:
        # Only the wards with a shape, so the colour bins describe the areas drawn.
        drawn = {feature["properties"][areas.CODE] for feature in geojson["features"]}
        mapped = ranked[ranked["breakdown_value"].isin(drawn)]
        data = named[named["ward_code"].isin(drawn)]
        period = ranked["period"].iat[0]
        top = data[~data["suppressed"]].dropna(subset=["value"])
        top = top.sort_values("value", ascending=False)
        title = (f"Violence is recorded most in {top['breakdown_value'].iat[0]}" if not top.empty
                 else "Where violence is recorded")
        subtitle = f"{declared.title} ({declared.unit}), {shown_for}; {period}"
        figure = charts.area_map(geojson, code_property=areas.CODE, name_property=areas.NAME,
                                 data=mapped, title=title, unit=declared.unit, subtitle=subtitle)
        highest = "; ".join(
            f"{row.breakdown_value} {text.format_value(row.value, declared.unit, with_unit=True)}"
            for row in top.head(3).itertuples())
        words = (f"{len(drawn)} wards mapped."
                 + (f" Highest in the {period}: {highest}." if highest else "")
                 + f" Every ward is in the ranking below. Boundaries: {geojson['code_property']} "
                 f"({geojson['vintage']}), as uploaded.")
    else:
        locations = crime_locations(query)
        if locations.empty:
            return
        period = locations["period"].iat[0]
        outline = boundaries_for(authority_areas(query.la_codes))
        title = f"Where violence was recorded in the {period}"
        subtitle = f"Police.uk violence and sexual offences, {shown_for}; {period}"
        figure = charts.point_map(violence.one_row_per_crime(locations), title=title,
                                  subtitle=subtitle, hexbin=True, hex_radius=HEX_RADIUS,
                                  outline=outline, unit="crimes")
        words = (f"{int(locations['crimes'].sum()):,} crimes with a location, counted in "
                 "hexagons. No uploaded ward boundaries match the geography's wards: upload them "
                 "to map rates by ward.")
        data = named if not named.empty else locations
    content = drawn_card(Slide(declared.id, replace(query, breakdown="ward")), current_role(),
                         ChartKind.MAP, declared=declared, title=title, subtitle=subtitle,
                         summary=words, figure=figure, frame=data,
                         filters=f"{shown_for}; {period}")
    show_drawn(content, key="violence_by_area-map")


def where_violence_is_recorded(query: Query) -> None:
    declared = measure("violence_by_area")
    # Every ward apart (top=None): rates cannot be added up into "Other".
    ranked = frame_for("violence_by_area", "ward", query, top=None)
    named = areas.with_names(ranked, facts()["wards"])
    ward_map(ranked, named, declared, query)
    if ranked.empty:
        card.empty_state([CATALOGUE[name].title for name in declared.extracts],
                         "No ward figures yet for where violence is recorded.",
                         upload_page=UPLOAD_PAGE)
    else:
        show_measure("violence_by_area", breakdown="ward", query=query,
                     key="violence_by_area-ranked")


page_intro(
    "Violent crime",
    "Police-recorded violence, weapons possession and robbery month by month from police.uk, "
    "where violence is recorded, and the Serious Violence Duty measures. Police.uk months are "
    "calendar months: the quarter filter picks the months it spans, and the rolling 12 months "
    "and last year's month look back before it.",
)
chosen = current_query()
# Only the filters these measures honour: the child filters (age, sex, harm) do not apply to
# police or Serious Violence Duty figures, and leaving them out lets cached reads be shared.
police = Query(la_codes=chosen.la_codes, period_from=chosen.period_from,
               period_to=chosen.period_to, ward=chosen.ward)
areawide = Query(la_codes=chosen.la_codes, period_from=chosen.period_from,
                 period_to=chosen.period_to)

if has_rows("police_street_crime"):
    tabs = st.tabs(list(SUBJECTS.values()))
    for tab, measure_id in zip(tabs, SUBJECTS, strict=True):
        with tab:
            crime_type_tab(measure_id, police)
    st.header("Where violence is recorded", anchor=False)
    where_violence_is_recorded(areawide)
else:
    card.empty_state([CATALOGUE["police_street_crime"].title],
                     "No police.uk street-level crime loaded yet.", upload_page=UPLOAD_PAGE)

st.header("Serious Violence Duty measures", anchor=False)
if has_rows("violence_indicators"):
    st.markdown(text.escape_markdown(
        "Headline measures about people under 25, by financial quarter. Counts of 1 to 7 are "
        "shown as c, and others rounded to the nearest 5, to protect the victims' privacy."))
    headline, *others = SVD_MEASURES
    show_measure(headline, query=areawide)
    for column, measure_id in zip(st.columns(len(others)), others, strict=True):
        with column:
            show_measure(measure_id, query=areawide)
else:
    card.empty_state([CATALOGUE["violence_indicators"].title],
                     "No Serious Violence Duty figures loaded yet.", upload_page=UPLOAD_PAGE)
