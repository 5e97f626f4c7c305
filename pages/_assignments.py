"""The candidate page's interviewer assignments: in a team workspace, recruiters and admins choose
who interviews the candidate for the vacancy (`smm_eval.services.assignments`). Not a page."""

from __future__ import annotations

import streamlit as st

from pages._ui import current_actor
from smm_eval.access import Action
from smm_eval.i18n import Messages
from smm_eval.services.assignments import assign_interviewers, assignments, interviewer_choices
from smm_eval.services.handle import Transactions
from smm_eval.settings import get_settings


def assignments_section(t: Messages, db: Transactions, vacancy_id: int, candidate_id: int) -> None:
    """Assigned interviewers of the candidate, editable; nothing in personal mode (no users) or for
    a role without `candidates.manage`."""
    if not get_settings().team or not current_actor().may(Action.MANAGE_CANDIDATES):
        return
    with st.expander(t("roles_ui.assign_title"), icon=":material/assignment_ind:"):
        st.caption(t("roles_ui.assign_help"))
        choices = interviewer_choices(db)
        if not choices:
            st.info(t("roles_ui.assign_none"), icon=":material/info:")
            return
        current = [u for u in assignments(db, vacancy_id).get(candidate_id, ()) if u in choices]
        key = f"assign_{vacancy_id}_{candidate_id}"
        chosen = st.multiselect(
            t("roles_ui.assign_label"), list(choices), default=current, format_func=choices.get, key=key,
            placeholder=t("common.choose_options"),
        )  # fmt: skip
        if st.button(t("admin.save"), key=f"{key}_save", icon=":material/save:"):
            assign_interviewers(db, vacancy_id, candidate_id, chosen)
            st.success(t("roles_ui.assign_saved"), icon=":material/check:")
