"""Users and audit (administrators): add users, change roles, disable, reset passwords, and read
or download the audit of sign-ins, loads, restores, targets, decks and exports."""

import streamlit as st

from store.users import MIN_PASSWORD, USER_ROLES, UserError
from ui import admin, text
from ui.auth import page_guard
from ui.measure_view import page_intro

page_guard("views/admin.py")
page_intro(
    "Users and audit",
    "Who may sign in and with which role, and everything done here: sign-ins, loads, restores, "
    "targets, decks and exports of unsuppressed figures. Every change on this page is audited "
    "with your name.",
)

DONE = "admin_done"
if DONE in st.session_state:
    st.success(text.escape_markdown(st.session_state.pop(DONE)), icon=":material/check_circle:")


def act(change, done: str, *args) -> None:
    try:
        change(*args)
    except UserError as refused:
        st.error(text.escape_markdown(str(refused)), icon=":material/error:")
        return
    st.session_state[DONE] = done
    st.rerun()


st.header("Users")
people = admin.user_list()
if people.empty:
    st.caption("No local users yet.")
else:
    st.dataframe(people, hide_index=True, width="stretch")

with st.form("add_user", clear_on_submit=True):
    st.subheader("Add a user", anchor=False)
    name = st.text_input("User name", max_chars=64, help="3 to 64 letters, digits or . _ - @")
    role = st.selectbox("Role", USER_ROLES, key="new_user_role")
    password = st.text_input("Temporary password", type="password",
                             help=f"At least {MIN_PASSWORD} characters; give it to them in person.")
    if st.form_submit_button("Add user", type="primary"):
        act(admin.add_user, f"{name.strip().lower()} added as {role}.", name, role, password)

if not people.empty:
    names = people["name"].tolist()
    with st.form("change_user"):
        st.subheader("Change a user", anchor=False)
        who = st.selectbox("User", names, key="change_user_name")
        change = st.radio("Change", ["Role", "Disable", "Enable", "Reset password"],
                          horizontal=True, key="change_kind")
        new_role = st.selectbox("New role", USER_ROLES, key="change_role")
        new_password = st.text_input("New password (for a reset)", type="password")
        if st.form_submit_button("Apply"):
            if change == "Role":
                act(admin.set_role, f"{who} is now {new_role}.", who, new_role)
            elif change in ("Disable", "Enable"):
                act(admin.set_enabled, f"{who} {change.lower()}d.", who, change == "Enable")
            else:
                act(admin.reset_password, f"Password reset for {who}.", who, new_password)

st.header("Audit")
trail = admin.audit_trail()
if trail.empty:
    st.caption("Nothing has been audited yet.")
else:
    actions = sorted(trail["action"].unique())
    chosen = st.multiselect("Actions", actions, placeholder="All actions", key="audit_actions")
    shown = trail[trail["action"].isin(chosen)] if chosen else trail
    st.caption(f"The latest {len(shown):,} entries, newest first.")
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button("Download the audit (CSV)", data=text.csv_bytes(shown),
                       file_name="audit.csv", mime="text/csv", icon=":material/download:",
                       on_click=admin.record_audit_download, args=(len(shown),))
