"""Create the first administrator: opened only by the one-time link `make run` prints while the
dashboard has no administrator. Without that link (or the shell) there is no way in."""

import streamlit as st

from store.setup import SetupError
from store.users import MIN_PASSWORD, UserError
from ui import text
from ui.first_run import create_first_admin, setup_state
from ui.measure_view import page_intro

page_intro(
    "Create the first administrator",
    "This dashboard has no administrator yet. The administrator adds officers and Members on "
    "the Users and audit page. This link works once.",
)
token = st.query_params.get("token")
state = setup_state(token)
if state == "done":
    st.info("The dashboard already has an administrator: sign in, or ask them to add you.",
            icon=":material/check_circle:")
    st.page_link("views/sign_in.py", label="Sign in", icon=":material/login:")
    st.stop()
if state == "invalid":
    st.error("This setup link is not valid: it was used already, or a newer one was printed "
             "when the dashboard was started again. Use the newest link from the terminal "
             "that started it.", icon=":material/link_off:")
    st.stop()

with st.form("first_admin", enter_to_submit=True):
    name = st.text_input("User name", autocomplete="username", max_chars=64,
                         help="3 to 64 letters, digits, dots, dashes, @ or underscores")
    password = st.text_input("Password", type="password", autocomplete="new-password",
                             max_chars=256, help=f"At least {MIN_PASSWORD} characters")
    again = st.text_input("Password again", type="password", autocomplete="new-password",
                          max_chars=256)
    submitted = st.form_submit_button("Create the administrator", type="primary",
                                      icon=":material/person_add:")
if submitted:
    if password != again:
        st.error("The two passwords differ.", icon=":material/error:")
    else:
        try:
            create_first_admin(token, name, password)
        except (SetupError, UserError) as error:
            st.error(text.escape_markdown(str(error)), icon=":material/error:")
        else:
            st.query_params.clear()
            st.switch_page("views/overview.py")
