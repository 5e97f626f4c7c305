"""The one way a page shows a refused stale save (not a page: the leading underscore).

A save made from a version somebody else has since replaced is refused by the storage
(`smm_eval.storage.locking.ConflictError`, optimistic locking); the refusal names who saved in
between and when, from the audit trail. This shows it in the user's language
(`problems.locking.*`), then what happened to the user's input (`kept`, the page's own text).
"""

from __future__ import annotations

import streamlit as st

from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.storage.locking import ConflictError


def conflict_text(t: Messages, exc: ConflictError) -> str:
    """The refusal in `t`'s language, the name of whoever saved escaped (user text, never Markdown)."""
    problem = exc.problem
    params = {k: escape_markdown(str(v)) if k == "who" else v for k, v in problem.params.items()}
    return t.problem(type(problem)(problem.source, problem.message, code=problem.code, params=params))


def show_conflict(t: Messages, exc: ConflictError, kept: str | None = None) -> None:
    """Show a refused stale save: who saved in between and when, then `kept` (what became of the
    user's input, e.g. "your input is kept on this form")."""
    st.error(conflict_text(t, exc) + (f" {kept}" if kept else ""), icon=":material/sync_problem:")


def saved_by(t: Messages, exc: ConflictError) -> str:
    """ " Last saved by Marta at 2026-11-30 10:04 (UTC)." to append to a page's own refusal ("" when
    the trail names nobody), the name escaped."""
    if exc.who is None or exc.when is None:
        return ""
    return " " + t("locking_ui.saved_by", who=escape_markdown(exc.who), when=t.date_time(exc.when))
