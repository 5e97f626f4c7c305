"""A way to a candidate's page from a list of candidates (not a page: the leading underscore).

The link keeps the session (language, blind mode) and carries `?candidate=<id>&vacancy=<id>`, so
the page it opens can be bookmarked.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from pages._state import kept
from pages._ui import messages


def candidate_page_link(labels: Mapping[int, str], vacancy_id: int, key: str) -> None:
    """A candidate chooser and the link that opens the chosen candidate's page.

    Parameters
    ----------
    labels : mapping of int to str
        Candidate id -> label as shown (`candidate_label`: the code alone in blind mode).
    vacancy_id : int
        The vacancy the page opens on.
    key : str
        The chooser's widget key (one per page).
    """
    if not labels:
        return
    t = messages()
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        t("cpage.open_label"),
        list(labels),
        format_func=labels.get,
        **kept(key, next(iter(labels)), options=labels, by_blind=True),
        placeholder=t("common.choose_option"),
    )
    right.page_link(
        "pages/candidate.py",
        label=t("cpage.open"),
        icon=":material/person_search:",
        query_params={"candidate": str(chosen), "vacancy": str(vacancy_id)},
    )
