"""Helpers shared by the pages: cached data, the current language, and safe rendering.

Not a page (the leading underscore keeps it out of the navigation). Everything here is about
showing things; computing them belongs to smm_eval.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from smm_eval.errors import InputError
from smm_eval.framework import Framework, LearningResource, RoleProfile, load_framework, load_learning, load_roles
from smm_eval.i18n import Messages


@st.cache_resource
def framework() -> Framework:
    return load_framework()


@st.cache_resource
def roles() -> dict[str, RoleProfile]:
    return load_roles()


@st.cache_resource
def learning() -> list[LearningResource]:
    return load_learning()


def page_setup(page_file: str) -> Messages:
    """Start every page: make sure the entry file ran, then give the page its messages.

    With a `pages/` folder next to app.py, Streamlit serves a deep link on a freshly started
    server with its legacy page discovery, which skips app.py (no state, no sidebar). Such a
    run goes through app.py, which then opens the page that was asked for.
    """
    if "lang" not in st.session_state:
        st.session_state.deep_link = f"pages/{Path(page_file).name}"
        st.switch_page("app.py")
    return messages()


def messages() -> Messages:
    return Messages(st.session_state.get("lang") or "en")


def lang() -> str:
    return messages().lang


NOT_SURE = "not_sure"  # the selectbox option for "no role chosen"; stored as None


def role_name(role_id: str | None) -> str:
    if role_id is None or role_id == NOT_SURE:
        return messages()("role.not_sure")
    return roles()[role_id].name.get(lang())


def role_selector(label: str, widget_key: str) -> str | None:
    """The target role, kept in `sa_role` (None: not sure) so it survives moving between pages.

    The widget key carries the language: option labels change with it, and a fresh widget
    initialised from `sa_role` is safer than one whose stored label no longer matches.
    """
    key = f"{widget_key}_{lang()}"
    options = [NOT_SURE, *roles()]
    if st.session_state.get(key) not in options:
        st.session_state[key] = st.session_state.get("sa_role") or NOT_SURE

    def remember() -> None:
        choice = st.session_state[key]
        st.session_state.sa_role = choice if choice in roles() else None

    st.selectbox(label, options, format_func=role_name, key=key, on_change=remember)
    if st.session_state.get("sa_role") not in roles():
        st.session_state.sa_role = None
    return st.session_state.sa_role


def show_problems(exc: InputError) -> None:
    """List input problems as a plain table: user text never goes through Markdown or HTML."""
    t = messages()
    st.error(t("common.input_problems", count=len(exc.problems)), icon=":material/error:")
    table = pd.DataFrame(
        {
            t("common.where"): [p.where() for p in exc.problems],
            t("common.problem"): [p.message for p in exc.problems],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
