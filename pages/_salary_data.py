"""The salary page's dataset actions: rename the chosen dataset, or delete it after a confirmation.

Both carry the version of the dataset this session first saw (`sal_seen_<id>`): a rename or
delete after somebody else renamed it is refused, naming who and when (`pages._conflict`), and the
name typed stays in its field. Not a page. Which dataset answers is the rule of
smm_eval/services/salary_data.py: the one this session chose, else the baseline.
"""

from __future__ import annotations

import streamlit as st

from pages._conflict import conflict_text, show_conflict
from pages._ui import BASELINE, show_problems
from smm_eval.errors import InputError
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.handle import Transactions
from smm_eval.services.salary import SalaryDatasetRecord
from smm_eval.services.salary_data import delete_dataset, rename_dataset
from smm_eval.storage.locking import ConflictError


def dataset_actions(t: Messages, db: Transactions, chosen: SalaryDatasetRecord) -> None:
    """Rename or delete `chosen`; a deleted dataset leaves this session on the baseline."""
    seen_key = f"sal_seen_{chosen.id}"  # the version this session saw first: what its actions name
    seen = st.session_state.setdefault(seen_key, chosen.version)
    with st.expander(t("sal.manage_title"), icon=":material/edit:"):
        if refused := st.session_state.pop("sal_conflict", None):
            st.error(refused, icon=":material/sync_problem:")
        st.caption(t("sal.manage_help"))
        name = st.text_input(t("sal.rename_label"), value=chosen.name, max_chars=200, key=f"sal_rename_{chosen.id}")
        left, right = st.columns(2)
        if left.button(t("sal.rename"), key=f"sal_rename_go_{chosen.id}", icon=":material/edit:"):
            try:
                stored = rename_dataset(db, chosen.id, name, seen)
                st.session_state.pop(seen_key, None)  # the next run sees the renamed version
                st.session_state.sal_flash = t("sal.renamed", name=escape_markdown(stored))
                st.rerun()
            except InputError as exc:
                show_problems(exc, "common.form_problems")
            except ConflictError as exc:
                st.session_state.pop(seen_key, None)  # the next action starts from the dataset as it is
                show_conflict(t, exc, t("locking_ui.dataset_kept"))
            except LookupError:
                _gone(t)
        if right.button(t("sal.delete"), key=f"sal_delete_{chosen.id}", icon=":material/delete:"):
            st.session_state.sal_confirm_delete = chosen.id
        if st.session_state.get("sal_confirm_delete") == chosen.id:
            name = escape_markdown(chosen.name)  # user text in a Markdown message
            st.warning(t.plural("sal.delete_confirm", chosen.rows, name=name), icon=":material/warning:")
            yes, no = st.columns(2)
            if yes.button(t("sal.delete_yes"), key=f"sal_delete_yes_{chosen.id}", type="primary"):
                st.session_state.pop("sal_confirm_delete", None)
                try:
                    delete_dataset(db, chosen.id, seen)
                    st.session_state.sal_flash = t("sal.deleted", name=escape_markdown(chosen.name))
                except ConflictError as exc:  # renamed since this session saw it: not deleted
                    st.session_state.pop(seen_key, None)
                    st.session_state.sal_conflict = conflict_text(t, exc) + " " + t("locking_ui.dataset_kept")
                    st.rerun()
                except LookupError:
                    st.session_state.sal_flash = t("sal.gone")
                st.session_state.salary_dataset = BASELINE
                st.rerun()
            if no.button(t("sal.delete_no"), key=f"sal_delete_no_{chosen.id}"):
                st.session_state.pop("sal_confirm_delete", None)
                st.rerun()


def _gone(t: Messages) -> None:
    st.session_state.salary_dataset = BASELINE
    st.session_state.sal_flash = t("sal.gone")
    st.rerun()
