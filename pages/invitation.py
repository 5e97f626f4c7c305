"""The invitation page: what a candidate or team member sees through their link `/?invite=<token>`.

Served alone by app.py (no navigation, no sidebar, no workspace line) and without sign-in in
either mode: the link is the permission, checked by `smm_eval.services.invitations`. First the
consent text in the chosen language; after consent, the self-assessment's questions (the same
widgets as the self-assessment page, `pages/_questions.py`); after sending, a thank-you, and the
link stops working. A wrong, used, expired or withdrawn link gets its own message and nothing else.
"""

import logging

import streamlit as st

from pages._questions import block_questions
from pages._ui import PageDatabase, framework, page_setup, roles, show_problems
from smm_eval.errors import ConfigurationError, InputError
from smm_eval.i18n import LANGUAGE_NAMES
from smm_eval.markdown import escape_markdown
from smm_eval.services.invitations import INVITEE, Consent, InvitationRefusedError, open_invitation, submit_invitation
from smm_eval.settings import get_settings
from smm_eval.storage import now


def remember_language() -> None:
    st.session_state.lang = st.session_state.invite_lang


if st.session_state.get("invite_lang") != st.session_state.get("lang"):
    st.session_state.invite_lang = st.session_state.get("lang", "en")
st.segmented_control(
    ":material/translate: Language / Idioma", options=list(LANGUAGE_NAMES), format_func=LANGUAGE_NAMES.get,
    key="invite_lang", selection_mode="single", required=True, on_change=remember_language,
)  # fmt: skip
t = page_setup(__file__)
fw, lang = framework(), t.lang
token: str = st.session_state.get("invite_token", "")
st.title(t("invite.title"))

if st.session_state.get("invite_done") == token:
    st.success(t("invite.thanks"), icon=":material/check_circle:")
    st.stop()
try:
    db = PageDatabase(get_settings().url, INVITEE)  # nobody signed in: the invitee acts through the link
    view = open_invitation(db, token)
except InvitationRefusedError as exc:
    st.error(escape_markdown(t.problem(exc.problems[0])), icon=":material/link_off:")
    st.stop()
except ConfigurationError:  # settings or the key file: the operator's business, not told to a visitor
    logging.getLogger(__name__).exception("an invitation link could not be opened")
    st.error(t("invite.unavailable"), icon=":material/error:")
    st.stop()

role = roles().get(view.role_id)
role_name = role.name.get(lang) if role is not None else view.role_id
intro = "invite.intro_candidate" if view.kind == "candidate" else "invite.intro_member"
st.write(t(intro, title=escape_markdown(view.title), role=role_name, date=t.date(view.expires_at)))

consent = st.session_state.get("invite_consent")
if not isinstance(consent, Consent) or not consent.given:
    with st.container(border=True):
        st.subheader(t("invite.consent_title"), anchor=False)
        consent_text = "invite.consent_text" if view.kind == "candidate" else "invite.consent_text_member"
        st.markdown(t(consent_text))  # the catalogue's own text, no user text in it
        agreed = st.checkbox(t("invite.consent_check"), key="invite_consent_check")
        if st.button(t("invite.consent_go"), type="primary", disabled=not agreed, icon=":material/arrow_forward:"):
            st.session_state.invite_consent = Consent(True, lang, now())
            st.rerun()
    st.stop()

answers: dict[str, int] = st.session_state.setdefault("invite_answers", {})
total = len(fw.competency_ids)
st.progress(len(answers) / total, text=t("sa.progress", answered=len(answers), total=total))
st.caption(t("invite.skip_help"))
tabs = st.tabs([b.name.get(lang) for b in fw.blocks], key="invite_tabs", on_change="rerun")
for tab, block in zip(tabs, fw.blocks, strict=True):
    if tab.open is False:
        continue
    with tab:
        st.caption(block.description.get(lang))
        block_questions(t, fw, block, answers, lambda cid: f"invite_level_{lang}_{cid}")

st.divider()
if st.button(t("invite.send"), type="primary", disabled=not answers, icon=":material/send:"):
    try:
        submit_invitation(db, token, consent, answers, fw)
    except InvitationRefusedError as exc:
        st.error(escape_markdown(t.problem(exc.problems[0])), icon=":material/link_off:")
    except InputError as exc:
        show_problems(exc)
    else:
        st.session_state.invite_done = token
        st.rerun()
if not answers:
    st.caption(t("invite.answer_first"))
