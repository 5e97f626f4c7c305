"""SMM Eval: the Streamlit entry point. Shared state, the sidebar, and navigation; nothing else."""

import streamlit as st

from pages._signin import first_language, gate
from pages._ui import messages
from pages._uploader import translate_uploader
from pages._workspace import page_failed, refuse_configuration, workspace_status
from smm_eval._alloc import tune_allocator
from smm_eval.i18n import LANGUAGE_NAMES

tune_allocator()  # once per process: scoring's short-lived arrays reuse heap memory (smm_eval/_alloc.py)

st.set_page_config(page_title="SMM Eval", page_icon=":material/insights:", layout="wide")

# Global state, set once: the language and the job seeker's self-assessment.
st.session_state.setdefault("lang", first_language())  # English; in team mode the browser's
st.session_state.setdefault("sa_answers", {})
st.session_state.setdefault("sa_role", None)
st.session_state.setdefault("sa_compare", None)
st.session_state.setdefault("blind", False)
st.session_state.setdefault("rater_name", "")


def remember_language() -> None:
    st.session_state.lang = st.session_state.lang_choice


# The language lives in `lang`; the control gets a key of its own, seeded from `lang` on every
# run, because a widget's own state does not reliably survive a page switch.
if st.session_state.get("lang_choice") != st.session_state.lang:
    st.session_state.lang_choice = st.session_state.lang
with st.sidebar:
    st.segmented_control(
        ":material/translate: Language / Idioma",
        options=list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.get,
        key="lang_choice",
        selection_mode="single",
        required=True,
        on_change=remember_language,
    )
    t = messages()
    translate_uploader()  # Streamlit's own uploader texts in the chosen language
actor = gate(t)  # team mode: the sign-in page and nothing else until someone signs in (pages/_signin.py)
with st.sidebar:
    st.toggle(t("app.blind"), key="blind_choice", value=st.session_state.blind, help=t("app.blind_help"))
    st.session_state.blind = st.session_state.blind_choice
    refused = workspace_status(t)  # "Workspace: SQLite · smm_eval.sqlite"; never a path or a password
if refused is not None:  # settings that cannot work: the app says which and stops (pages/_workspace.py)
    refuse_configuration(t, refused)

home = st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)
pages = {
    "": [home],
    t("nav.section_self"): [
        st.Page("pages/self_assessment.py", title=t("nav.self_assessment"), icon=":material/checklist:"),
        st.Page("pages/results.py", title=t("nav.results"), icon=":material/insights:"),
    ],
    t("nav.section_salary"): [
        st.Page("pages/salary.py", title=t("nav.salary"), icon=":material/payments:"),
    ],
    t("nav.section_recruit"): [
        st.Page("pages/vacancies.py", title=t("nav.vacancies"), icon=":material/work:"),
        st.Page("pages/candidates.py", title=t("nav.candidates"), icon=":material/person_add:"),
        st.Page("pages/scorecard.py", title=t("nav.scorecard"), icon=":material/rate_review:"),
        st.Page("pages/compare.py", title=t("nav.compare"), icon=":material/leaderboard:"),
        st.Page("pages/candidate.py", title=t("nav.candidate"), icon=":material/person_search:"),
    ],
    t("nav.section_team"): [
        st.Page("pages/team.py", title=t("nav.team"), icon=":material/groups_3:"),
        st.Page("pages/team_plan.py", title=t("nav.team_plan"), icon=":material/school:"),
    ],
    t("nav.section_compare"): [
        st.Page("pages/score_file.py", title=t("nav.score_file"), icon=":material/groups:"),
        st.Page("pages/form_import.py", title=t("nav.form_import"), icon=":material/dynamic_form:"),
    ],
    t("nav.section_reference"): [
        st.Page("pages/model.py", title=t("nav.model"), icon=":material/menu_book:"),
    ],
}
# Every page listed: a collapsed list would end in Streamlit's own English "View N more" button.
navigation = st.navigation(pages, expanded=True)
deep_link = st.session_state.pop("deep_link", None)
if deep_link:  # see pages/_ui.page_setup
    st.switch_page(deep_link)
try:
    navigation.run()
except Exception as exc:  # a notice and a log entry with an incident code; Streamlit's box stays generic
    page_failed(t, exc)
    raise
