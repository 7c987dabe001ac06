"""The data specification and blank templates, generated from the contracts."""

import streamlit as st

from contracts.extracts import CATALOGUE
from contracts.templates import template_file_name, template_text
from ui import text
from ui.measure_view import page_intro
from ui.specification import columns_table

page_intro(
    "Data specification",
    "What each extract must hold. Header names match whatever their case, spaces or "
    "punctuation (\"Referral Date\" = `referral_date`). Dates are ISO (2025-07-01) or UK "
    "day-first (01/07/2025). Data about children must be pseudonymised: a file with a name, date "
    "of birth, address, postcode, NHS number, UPN, phone or email is refused.",
)
for contract in CATALOGUE:
    with st.expander(f"{contract.title} (`{contract.name}`)"):
        st.markdown(
            f"{text.escape_markdown(contract.description)}\n\n"
            f"**Sent by:** {text.escape_markdown(contract.sender)}. **How often:** {contract.cadence}."
            + (f"\n\n**Unique key:** {', '.join(contract.key)}." if contract.key else "")
            + ("\n\n**Loads whole or not at all:** any row error refuses the file."
               if not contract.row_errors_allowed else "")
            + (f"\n\n{text.escape_markdown(contract.notes)}" if contract.notes else "")
        )
        st.table(columns_table(contract))
        st.download_button(
            "Download a blank template", data=template_text(contract).encode("utf-8"),
            file_name=template_file_name(contract), key=f"template-{contract.name}",
            on_click="ignore",
        )
