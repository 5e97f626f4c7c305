"""The self-assessments stored in the workspace: listed (date, target role, level, answered count),
reopened into the self-assessment and its results, deleted after a confirmation.

Not a page (the leading underscore keeps it out of the navigation): `stored_self_assessments_section`
is drawn by pages/self_assessment.py. The list and the scoring behind each row are
`smm_eval.services.assessment`'s.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._downloads import table_download
from pages._ui import (
    EXPANDER_WIDTH,
    current_actor,
    database,
    fitted_table,
    framework,
    messages,
    remembered_select,
    role_name,
    roles,
    set_role,
)
from smm_eval.access import Action
from smm_eval.framework import Framework, RoleProfile
from smm_eval.i18n import Messages, level_text
from smm_eval.markdown import escape_markdown
from smm_eval.services.assessment import (
    StoredRow,
    StoredSelfAssessment,
    delete_stored_self_assessment,
    describe_stored,
    reopen_self_assessment,
    stored_rows,
)
from smm_eval.services.recruiting import NotFoundError


@st.cache_data(show_spinner=False, max_entries=500)
def _described(row: StoredRow, _fw: Framework, _roles: dict[str, RoleProfile]) -> StoredSelfAssessment:
    """Scoring a stored self-assessment takes about 0.1 s: once per stored row, not on every click."""
    return describe_stored(row, _fw, _roles)


PENDING = "sa_stored_delete"  # the id waiting for the user's confirmation of its deletion
CHOSEN = "sa_stored_chosen"


def _reopen(record_id: int) -> None:
    """Load a stored self-assessment into the answers and the target role (a button callback)."""
    try:
        answers, role_id = reopen_self_assessment(database(), record_id, framework(), roles())
    except NotFoundError:
        st.session_state.sa_stored_flash = "sa_list.gone"
        return
    st.session_state.sa_answers.clear()
    st.session_state.sa_answers.update(answers)
    st.session_state.sa_compare = None
    set_role(role_id)
    st.session_state.sa_stored_reopened = True


def _delete(record_id: int) -> None:
    """Delete after the confirmation (a button callback)."""
    st.session_state.pop(PENDING, None)
    try:
        delete_stored_self_assessment(database(), record_id)
        st.session_state.sa_stored_flash = "sa_list.deleted"
    except NotFoundError:
        st.session_state.sa_stored_flash = "sa_list.gone"


def _label(t: Messages, record: StoredSelfAssessment) -> str:
    when = t.date_time(record.saved_at)
    total = len(framework().competency_ids)
    return t("sa_list.option", label=record.label, date=when, answered=record.answered, total=total)


def _level(t: Messages, record: StoredSelfAssessment) -> str:
    """ "Middle as SMM analyst", "(provisional)" below the role's coverage gate; "—" without answers."""
    text = level_text(t, record.level, role=role_name(record.level_role) if record.level_role else None)
    return t("res.level_provisional_short", level=text) if record.level and record.provisional else text


def _table(t: Messages, records: list[StoredSelfAssessment]) -> pd.DataFrame:
    total = len(framework().competency_ids)
    return pd.DataFrame(
        {
            t("sa_list.saved_at"): [t.date_time(r.saved_at, "medium") for r in records],
            t("sa_list.label"): [r.label for r in records],
            t("sa_list.role"): [role_name(r.role_id) for r in records],
            t("sa_list.level"): [_level(t, r) for r in records],
            t("sa_list.answered"): [t("sa_list.answered_cell", answered=r.answered, total=total) for r in records],
        }
    )


def stored_self_assessments_section() -> None:
    """The expander listing the stored self-assessments, with reopen and delete (confirmed)."""
    t = messages()
    if st.session_state.pop("sa_stored_reopened", False):
        st.switch_page("pages/results.py")
    if not current_actor().may(Action.MANAGE_CANDIDATES):  # the workspace's, candidates' among them
        return
    records = [_described(row, framework(), roles()) for row in stored_rows(database())]
    flash = st.session_state.pop("sa_stored_flash", None)
    with st.expander(t("sa_list.title", count=len(records)), icon=":material/folder_open:", expanded=bool(flash)):
        if flash:
            st.info(t(flash), icon=":material/info:")
        if not records:
            st.caption(t("sa_list.none"))
            return
        st.caption(t("sa_list.help"))
        table = _table(t, records)
        fitted_table(table, width_px=EXPANDER_WIDTH)  # long levels wrap, every column in sight (issue 15)
        table_download(table, "self-assessments.csv", "sa_list_csv")
        by_id = {r.id: r for r in records}
        # A selectbox keyed by language (`remembered_select`): a language switch redraws its option
        # in the new language (a kept widget showed "25 of 25 answered" in the Spanish page).
        chosen = remembered_select(t("sa_list.choose"), list(by_id), lambda i: _label(t, by_id[i]), CHOSEN)
        left, right = st.columns(2)
        left.button(t("sa_list.reopen"), on_click=_reopen, args=(chosen,), icon=":material/restore:", type="primary")
        if st.session_state.get(PENDING) == chosen:
            shown = escape_markdown(_label(t, by_id[chosen]))  # the name is user text: never Markdown
            st.warning(t("sa_list.confirm", option=shown), icon=":material/warning:")
            yes, no = st.columns(2)
            yes.button(t("sa_list.delete_yes"), on_click=_delete, args=(chosen,), icon=":material/delete_forever:")
            no.button(t("sa_list.delete_no"), on_click=lambda: st.session_state.pop(PENDING, None))
        else:
            ask = {PENDING: chosen}
            right.button(t("sa_list.delete"), on_click=st.session_state.update, args=(ask,), icon=":material/delete:")
