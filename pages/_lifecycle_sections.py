"""The data-lifecycle sections (not a page: the leading underscore): on a candidate's page, the
download of everything held about the candidate and the erasure (type the code to confirm); on the
candidates page, the retention rule (admins). They call `smm_eval.services.lifecycle`.

User text (names) goes into tables or `st.text`: never Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._state import confirmed_button
from pages._ui import candidate_label, current_actor
from smm_eval.access import Action
from smm_eval.errors import InputError
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.handle import Transactions
from smm_eval.services.lifecycle import apply_retention, erase_candidate, export_candidate_json
from smm_eval.settings import get_settings

ERASED_FLASH = "life_erased_flash"


def candidate_data_section(t: Messages, db: Transactions, code: str, blind: bool) -> None:
    """The candidate's data: a JSON download of everything held (blind: without name and free text),
    and for admins the erasure, confirmed by typing the candidate's code."""
    st.subheader(t("life.data_title"), anchor=False)
    if flash := st.session_state.pop(ERASED_FLASH, None):
        st.success(flash, icon=":material/delete_forever:")
    actor = current_actor()
    if actor.may(Action.MANAGE_CANDIDATES):
        st.download_button(
            t("life.export"), lambda: export_candidate_json(db, code, blind), file_name=f"candidate-{code}.json",
            mime="application/json", icon=":material/download:", help=t("life.export_help"), key="life_export",
        )  # fmt: skip
    if not actor.may(Action.RETENTION):
        return
    with st.expander(t("life.erase_title"), icon=":material/delete_forever:"):
        st.warning(t("life.erase_warning", code=code), icon=":material/warning:")
        typed = st.text_input(t("life.erase_confirm", code=code), key=f"life_erase_typed_{code}", max_chars=16)
        if st.button(
            t("life.erase_button", code=code), key=f"life_erase_{code}", type="primary",
            disabled=typed.strip() != code, icon=":material/delete_forever:",  # exactly as shown
        ):  # fmt: skip
            try:
                erased = erase_candidate(db, code)
            except InputError as exc:
                st.error(escape_markdown(t.problem(exc.problems[0])), icon=":material/error:")
                return
            st.cache_data.clear()  # no cached table, chart or download keeps what was erased
            st.session_state[ERASED_FLASH] = t("life.erased", code=erased.code)
            st.session_state.pop("cpage_candidate_choice", None)
            st.query_params.clear()
            st.rerun()


def retention_section(t: Messages, db: Transactions, blind: bool) -> None:
    """The retention rule (admins): the period set, who it would anonymise, and a confirmed apply."""
    if not current_actor().may(Action.RETENTION):
        return
    st.subheader(t("life.retention_title"), anchor=False)
    months = get_settings().retention_months
    if months is None:
        st.caption(t("life.retention_unset"))
        return
    st.caption(t.plural("life.retention_set", months))
    report = apply_retention(db, months, dry_run=True)
    if flash := st.session_state.pop("life_retention_flash", None):
        st.success(flash, icon=":material/shield_person:")
    if not report.candidates:
        st.caption(t("life.retention_none", date=t.date(report.cutoff)))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("cand.candidate"): [candidate_label(c.code, c.name) for c in report.candidates],
                t("life.last_touched"): [t.date(c.last_touched, "medium") for c in report.candidates],
            }
        ),
        hide_index=True,
    )

    def anonymise() -> None:
        done = apply_retention(db, months)
        st.cache_data.clear()
        st.session_state.life_retention_flash = t.plural("life.anonymised", len(done.candidates))

    count = len(report.candidates)
    confirmed_button(
        "life_anonymise", t.plural("life.anonymise", count), t.plural("life.anonymise_question", count, months=months),
        anonymise, icon=":material/shield_person:",
    )  # fmt: skip
