"""Admin: the people of a team workspace. Users with their role and sign-ins, adding someone by
e-mail with a role, changing a role or stopping someone signing in (a versioned save: a change
another admin made meanwhile is not overwritten, and the choice stays on the form), and the team
leads of each team. Every action goes through `smm_eval.services.people`, which refuses it to
anyone but an admin; the navigation lists this page for admins of a team workspace only.
"""

import pandas as pd
import streamlit as st

from pages._access import denied, role_text
from pages._conflict import saved_by
from pages._state import kept
from pages._ui import FORM, database, page_setup, show_problems
from smm_eval.access import AccessDeniedError, Role
from smm_eval.errors import InputError
from smm_eval.markdown import escape_markdown
from smm_eval.services.people import add_user, list_users, set_team_leads, team_leads, update_user_access
from smm_eval.services.recruiting import ConflictError, NotFoundError
from smm_eval.services.teams import list_teams

t = page_setup(__file__)
db, lang = database(), t.lang
st.title(t("admin.title"))
st.write(t("admin.intro"))
ROLE_OPTIONS = ["none", *(r.value for r in Role)]  # "none": no role given (the personal tools only)

try:
    users = list_users(db)
except AccessDeniedError as exc:
    denied(t, exc)
    st.stop()
by_id = {u.id: u for u in users}
if flash := st.session_state.pop("admin_flash", None):
    st.success(flash, icon=":material/check:")

st.subheader(t("admin.users_title"), anchor=False)
st.dataframe(
    pd.DataFrame(
        {
            t("admin.col_name"): [u.name for u in users],
            t("admin.col_email"): [u.email for u in users],
            t("admin.col_role"): [role_text(t, u.role) for u in users],
            t("admin.col_active"): [u.active for u in users],
            t("admin.col_signed_in"): [u.signed_in for u in users],
            t("admin.col_last"): [
                t.date_time(u.last_sign_in_at, "medium") if u.last_sign_in_at else t("admin.never") for u in users
            ],
        }
    ),
    hide_index=True,
)

with st.expander(t("admin.add_title"), icon=":material/person_add:"):
    st.caption(t("admin.add_help"))
    with st.form("admin_add", border=False):
        email = st.text_input(t("admin.email"), max_chars=320, key="admin_add_email")
        name = st.text_input(t("admin.name"), max_chars=200, key="admin_add_name")
        role = st.selectbox(
            t("admin.role"), ROLE_OPTIONS, format_func=lambda r: role_text(t, None if r == "none" else r),
            key=f"admin_add_role_{lang}",
        )  # fmt: skip
        if st.form_submit_button(t("admin.add"), icon=":material/add:"):
            try:
                added = add_user(db, email, name, None if role == "none" else Role(role))
                st.session_state.admin_flash = t("admin.added", email=escape_markdown(added.email))
                st.rerun()
            except InputError as exc:
                show_problems(exc, FORM)
            except AccessDeniedError as exc:
                denied(t, exc)

if users:
    st.subheader(t("admin.change_title"), anchor=False)
    chosen = st.selectbox(
        t("admin.user"), list(by_id), format_func=lambda i: f"{by_id[i].name} · {by_id[i].email}", key="admin_user"
    )
    # The version this admin started from, kept until they save: a change saved by another admin in
    # between is then refused (storage.locking), not overwritten.
    seen: dict[int, int] = st.session_state.setdefault("admin_seen", {})
    user = by_id[chosen]
    role_key, active_key = f"admin_role_{chosen}", f"admin_active_{chosen}"
    if chosen not in seen:
        seen[chosen] = user.version
        st.session_state[role_key] = user.role.value if user.role else "none"
        st.session_state[active_key] = user.active
    new_role = st.selectbox(  # kept across language switches (the labels change, the choice must not)
        t("admin.role"), ROLE_OPTIONS, format_func=lambda r: role_text(t, None if r == "none" else r),
        **kept(role_key, by_language=True),
    )  # fmt: skip
    active = st.checkbox(t("admin.active"), key=active_key)
    if st.button(t("admin.save"), icon=":material/save:", key="admin_save", type="primary"):
        try:
            saved = update_user_access(db, chosen, seen[chosen], None if new_role == "none" else Role(new_role), active)
            seen.pop(chosen, None)
            st.session_state.admin_flash = t(
                "admin.saved" if saved.active else "admin.saved_stopped",
                name=escape_markdown(saved.name), role=role_text(t, saved.role),
            )  # fmt: skip
            st.rerun()
        except ConflictError as exc:
            seen[chosen] = user.version  # the table shows this version now; saving again is deliberate
            stale = t("admin.stale", name=escape_markdown(user.name)) + saved_by(t, exc)
            st.warning(stale, icon=":material/sync_problem:")
        except NotFoundError:
            st.error(t("admin.gone"), icon=":material/person_off:")
        except AccessDeniedError as exc:
            denied(t, exc)

st.subheader(t("admin.leads_title"), anchor=False)
st.caption(t("admin.leads_help"))
teams = list_teams(db)
if not teams:
    st.info(t("admin.no_teams"), icon=":material/info:")
    st.stop()
leads_now = team_leads(db)
team_id = st.selectbox(t("admin.team"), list(teams), format_func=teams.get, key="admin_team")
eligible = {u.id: u.name for u in users if u.active and u.role is Role.TEAM_LEAD}
current = [u for u in leads_now.get(team_id, ()) if u in eligible]
chosen_leads = st.multiselect(
    t("admin.leads"), list(eligible), default=current, format_func=eligible.get, key=f"admin_leads_{team_id}",
    placeholder=t("common.choose_options"),
)  # fmt: skip
if st.button(t("admin.save"), icon=":material/save:", key="admin_leads_save"):
    try:
        set_team_leads(db, team_id, chosen_leads)
        st.session_state.admin_flash = t("admin.leads_saved")
        st.rerun()
    except InputError as exc:
        show_problems(exc, FORM)
    except NotFoundError:
        st.error(t("admin.team_gone"), icon=":material/group_off:")
