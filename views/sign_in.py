"""Sign in: officers, Members and administrators sign in here; everyone else sees the dashboard
as the public does, with counts of 1 to 7 children suppressed."""

import streamlit as st

from store.users import DISABLED, IDLE_MINUTES, LOCKED, LOCKOUT, SESSION_HOURS
from ui.auth import oidc_configured, oidc_provider, sign_in_local
from ui.measure_view import page_intro
from ui.session import store

page_intro(
    "Sign in",
    "Officers, elected Members and administrators sign in to see what their role allows: "
    "Members see officers' commentary; officers see unsuppressed figures and load data. "
    f"A session ends after {IDLE_MINUTES} minutes without activity, or {SESSION_HOURS} hours "
    "after signing in.",
)

if store().read_only:
    st.info("This is a read-only copy of the dashboard, for viewing. Officers, Members and "
            "administrators sign in at the dashboard's main address.", icon=":material/info:")
    st.stop()

if oidc_configured():
    st.button("Sign in with your council account", type="primary", icon=":material/login:",
              on_click=st.login, args=(oidc_provider(),))
    st.stop()

OUTCOME = "sign_in_outcome"


def attempt() -> None:
    """Check the submitted password, then empty the box: a callback runs before the widgets are
    drawn again, so the password is not kept in session state after the attempt."""
    state = st.session_state
    st.session_state[OUTCOME] = sign_in_local(state["sign_in_name"], state["sign_in_password"])
    state["sign_in_password"] = ""


with st.form("sign_in_form", enter_to_submit=True):
    st.text_input("User name", autocomplete="username", max_chars=64, key="sign_in_name")
    st.text_input("Password", type="password", autocomplete="current-password", max_chars=256,
                  key="sign_in_password")
    st.form_submit_button("Sign in", type="primary", icon=":material/login:", on_click=attempt)

outcome = st.session_state.pop(OUTCOME, None)
if outcome is not None:
    if outcome.ok:
        st.switch_page("views/overview.py")
    elif outcome.reason == LOCKED:
        st.error(f"Too many wrong attempts for this user name: signing in is paused for "
                 f"{int(LOCKOUT.total_seconds() // 60)} minutes.", icon=":material/lock_clock:")
    elif outcome.reason == DISABLED:
        st.error("This account is disabled. Ask an administrator to enable it.",
                 icon=":material/person_off:")
    else:
        st.error("The user name or password is not right.", icon=":material/error:")
st.caption("No account? Ask an administrator to add you.")
