"""Helpers shared by the pages: cached data, the current language, and safe rendering.

Not a page (the leading underscore keeps it out of the navigation). Everything here is about
showing things; computing them belongs to smm_eval.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from smm_eval import store
from smm_eval.db import Database, open_database
from smm_eval.errors import InputError
from smm_eval.framework import Framework, LearningResource, RoleProfile, load_framework, load_learning, load_roles
from smm_eval.i18n import Messages
from smm_eval.models import Vacancy
from smm_eval.settings import Settings


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


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Database:
    return open_database(url)


def database() -> Database:
    """The workspace database of the current settings, opened (and migrated) once per process."""
    return _open(Settings().url)


def vacancy_selector(container=st, on_vacancies_page: bool = False) -> Vacancy:
    """Pick the vacancy to work on, kept in `vacancy_id` across pages; stops the page if there is none."""
    t = messages()
    with database().transaction() as session:
        vacancies = {v.id: v for v in store.list_vacancies(session)}
    if not vacancies:
        st.info(t("vac.none" if on_vacancies_page else "cand.no_vacancy"), icon=":material/info:")
        if not on_vacancies_page:
            st.page_link("pages/vacancies.py", label=t("cand.go_vacancies"), icon=":material/work:")
        st.stop()
    if st.session_state.get("vacancy_id") not in vacancies:
        st.session_state.vacancy_id = next(iter(vacancies))
    key = f"vacancy_choice_{t.lang}"  # per language: the option labels are translated
    if st.session_state.get(key) != st.session_state.vacancy_id:
        st.session_state[key] = st.session_state.vacancy_id

    def remember() -> None:
        st.session_state.vacancy_id = st.session_state[key]

    container.selectbox(
        t("vac.choose"),
        list(vacancies),
        format_func=lambda i: f"{vacancies[i].title} · {t(f'vac.status.{vacancies[i].status}')}",
        key=key,
        on_change=remember,
    )
    return vacancies[st.session_state.vacancy_id]


def candidate_label(code: str, name: str) -> str:
    """A candidate as shown: the code alone in blind mode, else name and code."""
    return code if st.session_state.get("blind") else f"{name} ({code})"


def messages() -> Messages:
    return Messages(st.session_state.get("lang") or "en")


def lang() -> str:
    return messages().lang


FORM = "common.form_problems"  # heading for a form that was not saved
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


def show_problems(exc: InputError, heading: str = "common.input_problems") -> None:
    """List input problems as a plain table: user text never goes through Markdown or HTML.

    `heading` is the message key above the table: a file that was refused, or a form not saved.
    """
    t = messages()
    st.error(t(heading, count=len(exc.problems)), icon=":material/error:")
    table = pd.DataFrame(
        {
            t("common.where"): [p.where() for p in exc.problems],
            t("common.problem"): [p.message for p in exc.problems],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
