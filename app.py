"""SMM Eval: the Streamlit entry point. Shared state, the sidebar, and navigation; nothing else."""

from pathlib import Path

import streamlit as st

from pages._access import denied
from pages._navigation import navigation_pages
from pages._signin import first_language, gate
from pages._ui import messages
from pages._uploader import translate_uploader
from pages._workspace import page_failed, refuse_configuration, workspace_status
from smm_eval._alloc import tune_allocator
from smm_eval.access import AccessDeniedError
from smm_eval.i18n import LANGUAGE_NAMES

tune_allocator()  # once per process: scoring's short-lived arrays reuse heap memory (smm_eval/_alloc.py)

# The tab's icon is our own file, sent inline as a data: URL: a ":material/...:" or emoji icon makes
# the browser fetch it from Google's or a CDN's host, and nothing may leave the machine (issue 17).
ICON = Path(__file__).resolve().parent / "data" / "app_icon.svg"
DEEP_LINK_TRIES = 3  # switches to a deep link's page before giving up (design choice)
st.set_page_config(page_title="SMM Eval", page_icon=str(ICON), layout="wide")

# Global state, set once: the language and the job seeker's self-assessment.
st.session_state.setdefault("lang", first_language())  # English; in team mode the browser's
st.session_state.setdefault("sa_answers", {})
st.session_state.setdefault("sa_role", None)
st.session_state.setdefault("sa_compare", None)
# Blind mode survives a reload, a new tab and a bookmark: it is also in the address (`?blind=1`).
st.session_state.setdefault("blind", st.query_params.get("blind") == "1")
st.session_state.setdefault("rater_name", "")


def remember_language() -> None:
    st.session_state.lang = st.session_state.lang_choice


# Invitation links (docs/access.md, "Invitation links"): a visitor with `?invite=<token>` gets only
# the invitation page (consent, then the self-assessment), signed in or not, in either mode; the
# link is its own permission (smm_eval.services.invitations checks the token). Nothing else is served.
if "invite" in st.query_params:
    st.session_state.invite_token = st.query_params["invite"]
if "invite_token" in st.session_state:
    st.navigation([st.Page("pages/invitation.py", title="SMM Eval", default=True)], position="hidden").run()
    st.stop()

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
    if st.session_state.blind:  # written on every run: a page switch may drop the address's parameters
        st.query_params["blind"] = "1"
    elif "blind" in st.query_params:
        del st.query_params["blind"]
    refused = workspace_status(t)  # "Workspace: SQLite · smm_eval.sqlite"; never a path or a password
if refused is not None:  # settings that cannot work: the app says which and stops (pages/_workspace.py)
    refuse_configuration(t, refused)

pages = navigation_pages(t, actor)  # only the pages the role may use (pages/_navigation.py)
# Every page listed: a collapsed list would end in Streamlit's own English "View N more" button.
navigation = st.navigation(pages, expanded=True)
# A deep link that a cold server ran without this file (pages/_ui.page_setup): the page asked for,
# with its address's parameters. Kept until that page is the one shown: a run interrupted by the
# browser's next request (a busy machine) would otherwise drop it and show Home.
deep_link = st.session_state.get("deep_link")
if deep_link is not None:
    target, parameters, tries = deep_link
    if (navigation.url_path or "home") == Path(target).stem or tries >= DEEP_LINK_TRIES:
        del st.session_state.deep_link
    else:
        st.session_state.deep_link = (target, parameters, tries + 1)
        st.switch_page(target, query_params=parameters)
try:
    navigation.run()
except AccessDeniedError as exc:  # a service refused the role: said in words, not an incident (pages/_access.py)
    denied(t, exc)
except Exception as exc:  # a notice and a log entry with an incident code; Streamlit's box stays generic
    page_failed(t, exc)
    raise
