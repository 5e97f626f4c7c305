"""The inviter's side of invitation links (not a page: the leading underscore): create a link
(shown once, with Streamlit's copy button), list the links with their status, revoke an open one
after a confirmation. On the candidate's page for recruiters, on the team page for team leads;
shown only to roles that may invite (`smm_eval.access.GRANTS`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from pages._state import confirmed_button
from pages._ui import PageDatabase, messages, show_problems
from smm_eval.access import Action
from smm_eval.errors import InputError
from smm_eval.i18n import Messages
from smm_eval.services.invitations import (
    DEFAULT_DAYS,
    MAX_DAYS,
    CreatedInvitation,
    ListedInvitation,
    create_candidate_invitation,
    create_member_invitation,
    list_candidate_invitations,
    list_team_invitations,
    members_to_invite,
    revoke_invitation,
)
from smm_eval.settings import get_settings
from smm_eval.storage import NotFoundError


def app_address() -> str:
    """The app's address for links: `SMM_EVAL_BASE_URL`, else the folder of the page the inviter's
    browser shows (`st.context.url`, e.g. http://host:8501/candidate -> http://host:8501/)."""
    configured = get_settings().base_url.strip()
    if configured:
        return configured
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    folder = parts.path.rsplit("/", 1)[0] + "/"
    return urlunsplit((parts.scheme, parts.netloc, folder, "", ""))


def _when(t: Messages, value: datetime | None) -> str:
    return t.date_time(value, "medium")


def _create(state_key: str, make: Callable[[], CreatedInvitation]) -> None:
    """Make a link and keep it for this session's page; a refusal (days, key file) as a problem table,
    a candidate or member deleted meanwhile as a warning."""
    try:
        st.session_state[state_key] = make()
    except NotFoundError:
        st.warning(messages()("cpage.gone"), icon=":material/person_off:")
    except InputError as exc:
        show_problems(exc)


def _show_new_link(t: Messages, state_key: str) -> None:
    created = st.session_state.get(state_key)
    if isinstance(created, CreatedInvitation):
        st.success(t("invite.created", date=t.date(created.record.expires_at)), icon=":material/link:")
        st.code(created.link, language=None)  # Streamlit's code block has a copy button


def _listed(t: Messages, db: PageDatabase, listed: list[ListedInvitation], key: str, names: dict[int, str]) -> None:
    if not listed:
        st.caption(t("invite.none"))
        return
    table = {
        t("invite.col_status"): [t(f"invite.status.{i.status}") for i in listed],
        t("invite.col_created"): [_when(t, i.record.created_at) for i in listed],
        t("invite.col_by"): [i.record.created_by for i in listed],
        t("invite.col_expires"): [_when(t, i.record.expires_at) for i in listed],
        t("invite.col_used"): [_when(t, i.record.used_at) for i in listed],
    }
    if names:
        table = {t("invite.member"): [names.get(i.record.member_id or 0, "—") for i in listed], **table}
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")  # user text in a table: never Markdown
    open_ones = [i for i in listed if i.status == "open"]
    if open_ones:
        labels = {i.record.id: t("invite.open_label", created=_when(t, i.record.created_at)) for i in open_ones}
        if names:
            labels = {
                i.record.id: f"{names.get(i.record.member_id or 0, '—')} · {labels[i.record.id]}" for i in open_ones
            }
        chosen = st.selectbox(t("invite.revoke_choose"), list(labels), format_func=labels.get, key=f"{key}_revoke_pick")

        def revoke() -> None:
            revoke_invitation(db, int(chosen))

        confirmed_button(f"{key}_revoke", t("invite.revoke"), t("invite.revoke_question"), revoke,
                         yes_label=t("invite.revoke_yes"), icon=":material/link_off:")  # fmt: skip


def candidate_invitations(t: Messages, db: PageDatabase, candidate_id: int, vacancy_id: int) -> None:
    """The candidate's page section: invite this candidate to a self-assessment for this vacancy."""
    if not db.actor.may(Action.INVITE_CANDIDATES):
        return
    key = f"invite_c{candidate_id}_v{vacancy_id}"
    with st.expander(t("invite.section_title"), icon=":material/forward_to_inbox:"):
        st.caption(t("invite.section_help"))
        days = int(st.number_input(t("invite.days"), 1, MAX_DAYS, DEFAULT_DAYS, key=f"{key}_days"))
        if st.button(t("invite.create"), key=f"{key}_create", icon=":material/add_link:"):
            _create(
                f"{key}_new", lambda: create_candidate_invitation(db, candidate_id, vacancy_id, app_address(), days)
            )
        _show_new_link(t, f"{key}_new")
        _listed(t, db, list_candidate_invitations(db, candidate_id, vacancy_id), key, {})


def team_invitations(t: Messages, db: PageDatabase, team_id: int) -> None:
    """The team page section: invite a member to rate themselves."""
    if not db.actor.may(Action.MANAGE_TEAMS):
        return
    key = f"invite_t{team_id}"
    members = members_to_invite(db, team_id)
    with st.expander(t("invite.team_title"), icon=":material/forward_to_inbox:"):
        st.caption(t("invite.team_help"))
        left, right = st.columns(2)
        member = left.selectbox(t("invite.member"), list(members), format_func=members.get, key=f"{key}_member")
        days = int(right.number_input(t("invite.days"), 1, MAX_DAYS, DEFAULT_DAYS, key=f"{key}_days"))
        if st.button(t("invite.create"), key=f"{key}_create", icon=":material/add_link:", disabled=member is None):
            _create(f"{key}_new", lambda: create_member_invitation(db, team_id, int(member), app_address(), days))
        _show_new_link(t, f"{key}_new")
        _listed(t, db, list_team_invitations(db, team_id), key, members)
