"""How we compare: DfE's published figures on harm outside the home and re-referrals, for the
authority beside England, its region and the comparator authorities an officer has chosen."""

import streamlit as st

from contracts.extracts import CATALOGUE
from contracts.roles import UNSUPPRESSED_ROLES
from metrics.published import FACTORS, PER, SYMBOL_MEANINGS
from metrics.registry import measure
from ui import authorities, card, comparators, text
from ui.auth import current_role
from ui.definition import show_definition
from ui.filters import current_query
from ui.measure_view import UPLOAD_PAGE, page_intro
from ui.session import facts, has_rows

FILES = (
    "DfE 'Characteristics of children in need': factors identified at the end of assessment",
    "DfE 'Characteristics of children in need': referrals and re-referrals",
    "ONS mid-year population estimates of children aged 0 to 17 (DfE's file)",
)

page_intro(
    "How we compare",
    "Harm outside the home identified when children's social care assessments end, and "
    "re-referrals, as the Department for Education publishes them: this authority beside "
    "England, its region and comparator authorities. Rates are per 10,000 children aged 0 to "
    "17, worked out as DfE does (a year's figures over the mid-year population of the year "
    "before), so authorities of different sizes compare fairly.",
)

if not has_rows("published_statistics"):
    card.empty_state([CATALOGUE["published_statistics"].title],
                     "No published statistics loaded yet.", upload_page=UPLOAD_PAGE)
    st.markdown("Upload these Explore Education Statistics files, unchanged:\n"
                + "\n".join(f"- {text.escape_markdown(name)}" for name in FILES))
    st.stop()

published = comparators.authorities()
if not published:
    st.info("The published statistics loaded hold no local authority figures. Upload the "
            "files below, unchanged, with their local authority rows.",
            icon=":material/upload_file:")
    st.stop()

options = list(published)
wanted = [*current_query().la_codes, *facts()["authorities"]]  # ours, home first
default = next((code for code in wanted if code in published), options[0])
la_code = st.selectbox("Authority", options, index=options.index(default),
                       format_func=lambda code: published[code], key="compare-authority")

rereferral_next = measure("published_rereferrals").next_update
saved = comparators.saved_comparators(la_code)
chosen = [code for code in (saved if saved is not None else comparators.default_comparators(la_code))
          if code in published and code != la_code]
if current_role() in UNSUPPRESSED_ROLES:
    picked = st.multiselect(
        "Comparator authorities", [code for code in options if code != la_code], default=chosen,
        max_selections=comparators.MAX_COMPARATORS, format_func=lambda code: published[code],
        key=f"comparators-{la_code}",
        help="Saved for everyone who views this page. England and the region are always shown.",
    )
    if st.button("Save comparators", key="save-comparators", icon=":material/save:"):
        try:
            chosen = comparators.save_comparators(la_code, picked)
        except (PermissionError, ValueError) as error:
            st.error(text.escape_markdown(str(error)), icon=":material/block:")
        else:
            st.success(text.escape_markdown(
                f"Saved comparators for {published[la_code]}: "
                f"{text.plain_list([published[c] for c in chosen]) or 'none'}."),
                       icon=":material/check:")
else:
    names = text.plain_list([published[code] for code in chosen])
    if saved is not None:
        st.markdown(f"**Comparator authorities** (chosen by officers): "
                    f"{text.escape_markdown(names) if names else 'none'}.")
    else:
        st.markdown("**Comparator authorities:** none chosen yet"
                    + (f"; showing the other authorities in this store: {text.escape_markdown(names)}."
                       if names else "."))

neighbours, kind = authorities.neighbours_of(la_code)
neighbours_label = "statistical neighbours" if kind == "statistical neighbours" else (
    "comparator authorities")
if not neighbours:
    neighbours = chosen
neighbour_file = (authorities.loaded_neighbours() or ({},))[0].get("file", "")
st.header(text.escape_markdown(f"{published[la_code]} at a glance"), anchor=False)
glance = comparators.benchmarks(la_code, neighbours)
if glance:
    st.markdown(f"**{text.escape_markdown(comparators.benchmark_headline(glance, published[la_code], neighbours_label))}.**")
    st.table(text.markdown_table(text.readable_table(comparators.benchmark_table(
                 glance, published[la_code], neighbours_label))),
             hide_index=True, alt=f"{published[la_code]}'s latest published figures beside "
             f"England, its region and its {neighbours_label}")
    st.caption(
        f"Each figure is the latest year DfE published for {text.escape_markdown(published[la_code])}. "
        f"The {neighbours_label} are "
        + (text.escape_markdown(text.plain_list([published.get(c, c) for c in neighbours]))
           if neighbours else "none yet")
        + (f", from the list loaded: {text.escape_markdown(neighbour_file)}"
           if kind == "statistical neighbours" else
           " (no statistical neighbour list names this authority: an administrator loads one, "
           "or chooses a comparator group, on Authorities and comparators)")
        + ". The quartile band places the figure among every authority's that year, lowest "
        "quarter to highest; 'better' or 'worse' is said only where lower or higher is clearly "
        "better (fewer re-referrals is better; harm identified at assessment is neither). "
        f"Next update: {text.escape_markdown(rereferral_next)}.")
else:
    st.caption("No published figure for this authority yet.")

st.header("Harm outside the home at assessment", anchor=False)
st.markdown(
    f"Factors identified at the end of children's social care assessments, per {PER:,} "
    "children aged 0 to 17. One child's assessment can name several factors. Child criminal "
    "exploitation was first recorded in 2021/22. Years run April to March."
)
harm = measure("published_harm_factors")
factors = comparators.published_frame(harm.id, la_code, chosen)
if factors.empty:
    card.empty_state([FILES[0], FILES[2]], "No published factors at assessment loaded yet.",
                     upload_page=UPLOAD_PAGE)
else:
    if factors["denominator"].isna().all():
        st.info("No population estimates are loaded, so no rate can be worked out (x). Upload "
                f"the {text.escape_markdown(FILES[2])}.", icon=":material/upload_file:")
    columns = [column for _ in range(0, len(FACTORS), 2) for column in st.columns(2)]
    for column, factor in zip(columns, FACTORS, strict=False):
        rows = factors[factors["factor"] == factor.label]
        if rows.empty:
            continue
        with column:
            comparators.show_published(rows.assign(breakdown_value=rows["area"]), harm,
                                       subject=factor.label, la_code=la_code,
                                       comparators=chosen, key=f"compare-{factor.indicator}",
                                       with_definition=False)
    show_definition(harm, lead="**What these five charts show.** ")

st.header("Re-referrals within 12 months", anchor=False)
rereferral = measure("published_rereferrals")
rereferrals = comparators.published_frame(rereferral.id, la_code, chosen)
if rereferrals.empty:
    card.empty_state([FILES[1]], "No published re-referral figures loaded yet.",
                     upload_page=UPLOAD_PAGE)
else:
    comparators.show_published(rereferrals, rereferral, subject="Re-referrals within 12 months",
                               la_code=la_code, comparators=chosen, key="compare-rereferrals")

with st.expander("About these figures"):
    st.markdown(
        "Published by the Department for Education (Characteristics of children in need) "
        "under the Open Government Licence v3.0. National and regional figures are rounded to "
        "the nearest 10. A figure DfE did not publish is a gap in the line, never a 0, and "
        "its symbol says why:\n"
        + "\n".join(f"- **{text.escape_markdown(symbol)}**: {meaning}"
                    for symbol, meaning in SYMBOL_MEANINGS.items() if len(symbol) == 1
                    and symbol != ":")
    )
