"""The sidebar's account panel: who is signed in and with what role, or the way to sign in."""

from __future__ import annotations

import streamlit as st

from ui import text
from ui.auth import current_actor, current_role, sign_out, signed_in

SIGN_IN_PAGE = "views/sign_in.py"
ROLE_WORDS = {
    "member": "Member: sees officers' commentary; counts of 1 to 7 suppressed, others rounded to 5s",
    "officer": "Officer: unsuppressed figures, not for publication",
    "admin": "Administrator: unsuppressed figures, users and audit",
    "public": "Public view: counts of 1 to 7 suppressed, others rounded to the nearest 5",
}


def account_panel() -> None:
    with st.sidebar:
        st.divider()
        if signed_in():
            st.markdown(f"Signed in as **{text.escape_markdown(current_actor())}**  \n{ROLE_WORDS[current_role()]}")
            if st.button("Sign out", icon=":material/logout:", key="sign_out"):
                sign_out()
                st.switch_page("views/overview.py")
        else:
            st.caption(ROLE_WORDS["public"])
            st.page_link(SIGN_IN_PAGE, label="Sign in (officers and Members)",
                         icon=":material/login:")
