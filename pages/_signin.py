"""The sign-in gate: who a visitor acts as, decided in app.py before any page is chosen.

Not a page (the leading underscore keeps it out of the navigation). Personal mode: nobody signs
in, the visitor acts as `PERSONAL`, and the server must listen on this machine only. Team mode:
the `[auth]` settings of `st.login` are checked first (a page error names what is missing); a
visitor without a signed-in user gets the sign-in page and nothing else, whatever URL they opened;
a signed-in user is mapped to their `Actor` (`people.actor_for` once per session, then
`sign_in.refresh_actor`: one read of their user row per run, so a role an admin changes applies on
the next click), sees their name, role and a sign-out button in the sidebar; without a role they
get a page saying an admin has to give them one, plus the personal tools; a stopped user is told
so and can sign out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from pages._ui import PageDatabase
from pages._workspace import refuse_configuration
from smm_eval.access import PERSONAL, AccessDeniedError, Actor, Identity
from smm_eval.errors import ConfigurationError
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.sign_in import address_problems, check_auth, identity_from_claims, refresh_actor
from smm_eval.settings import get_settings

LOG = logging.getLogger("smm_eval.app")
PAGES = Path(__file__).resolve().parent  # the app's page files (pages/*.py)
# The pages a signed-in user without a role may use: the personal tools (smm_eval.access.GRANTS).
PERSONAL_TOOLS = {
    "pages/self_assessment.py": ("nav.self_assessment", ":material/checklist:"),
    "pages/results.py": ("nav.results", ":material/insights:"),
    "pages/salary.py": ("nav.salary", ":material/payments:"),
    "pages/score_file.py": ("nav.score_file", ":material/groups:"),
    "pages/form_import.py": ("nav.form_import", ":material/dynamic_form:"),
}


def gate(t: Messages) -> Actor:
    """Who this session acts as (also put in `st.session_state.actor`); in team mode without a
    signed-in user with a role, the run ends here on the sign-in, no-role or stopped page."""
    try:
        team = get_settings().team
    except ConfigurationError as exc:  # the mode itself is unknown: say which setting, stop
        refuse_configuration(t, exc)
    if not team:
        _listen_locally(t)
        st.session_state.actor = PERSONAL
        return PERSONAL
    _check_auth_settings(t)
    identity = identity_from_claims(st.user.to_dict()) if st.user.is_logged_in else None
    if identity is None:
        st.session_state.pop("actor", None)
        _only(t, lambda: sign_in_page(t), "signin.title", ":material/login:")
    actor = _signed_in(t, identity)
    st.session_state.actor = actor
    _user_box(t, actor)
    if actor.role is None:
        _personal_tools_only(t, actor)
    return actor


def first_language() -> str:
    """The language a new session starts in: English in personal mode, as always; in team mode the
    browser's (`st.context.locale`), because signing in goes through the provider and starts a new
    session, so a choice made on the sign-in page cannot come along."""
    try:
        team = get_settings().team
    except ConfigurationError:
        team = False
    locale = st.context.locale if team else None
    return "es" if locale and locale.lower().startswith("es") else "en"


def _listen_locally(t: Messages) -> None:
    """Personal mode has no sign-in: refuse to serve beyond this machine. (.streamlit/config.toml
    sets `server.address` to 127.0.0.1; Streamlit's own default, unset, is every interface.)"""
    problems = address_problems(st.get_option("server.address"))
    if problems:
        refuse_configuration(t, ConfigurationError(problems), heading="signin.address_refused")


def _check_auth_settings(t: Messages) -> None:
    section: Mapping[str, object] | None = None
    unreadable = False
    try:
        found = st.secrets.get("auth")
        section = found.to_dict() if hasattr(found, "to_dict") else found
    except FileNotFoundError:  # no secrets file at all (StreamlitSecretNotFoundError is one)
        section = None
    except Exception as exc:  # not TOML; the log gets the reason, the page names the file
        LOG.error("the secrets file cannot be read: %s", type(exc).__name__)
        unreadable = True
    try:
        check_auth(section, unreadable)
    except ConfigurationError as exc:
        LOG.error("team mode refused: %s", exc.summary())
        refuse_configuration(t, exc, heading="signin.config_refused")


def _signed_in(t: Messages, identity: Identity) -> Actor:
    """The actor of the signed-in `identity`: created or claimed once per session, re-read after."""
    from smm_eval.services.people import actor_for  # team mode only: personal mode's first run skips the ORM
    from smm_eval.storage.locking import NotFoundError

    key = (identity.issuer, identity.subject)
    db = PageDatabase(get_settings().url, Actor(None, identity.name or identity.email, None, "user"))
    known = st.session_state.get("actor")
    try:
        if isinstance(known, Actor) and st.session_state.get("signed_in_as") == key:
            try:
                return refresh_actor(db, known)
            except NotFoundError:  # the row is gone: sign in afresh
                pass
        actor = actor_for(db, identity)
        st.session_state.signed_in_as = key
        return actor
    except AccessDeniedError as exc:  # stopped by an admin
        stopped = exc
    st.session_state.pop("actor", None)
    _only(t, lambda: _stopped_page(t, stopped), "signin.stopped_title", ":material/block:")
    raise stopped  # not reached: _only stops the run


def _stand_ins(show: Callable[[], None], title: str, icon: str, skip: Collection[str] = ()) -> list[Any]:
    """One page per page file of the app (but those in `skip`), each showing `show` under that
    file's address: a deep link such as /compare gets `show`, not Streamlit's "Page not found"."""
    return [
        st.Page(show, title=title, icon=icon, url_path=path.stem)
        for path in sorted(PAGES.glob("*.py"))
        if not path.name.startswith("_") and f"pages/{path.name}" not in skip
    ]


def _only(t: Messages, show: Callable[[], None], title: str, icon: str) -> None:
    """Serve one page and nothing else: every URL (a deep link too) lands on it."""
    page = st.Page(show, title=t(title), icon=icon, url_path="sign-in", default=True)
    st.navigation([page, *_stand_ins(show, t(title), icon)], position="hidden").run()
    st.stop()


def sign_in_page(t: Messages) -> None:
    """The only page an anonymous visitor of a team workspace sees."""
    st.title(t("signin.title"))
    st.write(t("signin.body"))
    if st.button(t("signin.button"), type="primary", icon=":material/login:"):
        st.login()
    st.caption(t("signin.help"))


def _stopped_page(t: Messages, exc: AccessDeniedError) -> None:
    st.title(t("signin.stopped_title"))
    st.error(escape_markdown(t.problem(exc.problem)), icon=":material/block:")
    st.write(t("signin.stopped_body"))
    if st.button(t("signin.sign_out"), icon=":material/logout:", key="stopped_sign_out"):
        st.logout()


def _user_box(t: Messages, actor: Actor) -> None:
    """The signed-in user in the sidebar: name (plain text, never Markdown), role, sign-out."""
    with st.sidebar:
        st.caption(t("signin.signed_in"))
        st.text(actor.name)
        role = actor.role.value if actor.role else "none"
        st.caption(t(f"signin.role.{role}"))
        if st.button(t("signin.sign_out"), icon=":material/logout:", key="sign_out"):
            st.logout()


def _no_role_page(t: Messages, actor: Actor) -> None:
    st.title(t("signin.no_role_title"))
    st.info(t("signin.no_role_body"), icon=":material/hourglass_empty:")
    st.write(t("signin.no_role_tools"))
    for path, (label, icon) in PERSONAL_TOOLS.items():
        st.page_link(path, label=t(label), icon=icon)


def _personal_tools_only(t: Messages, actor: Actor) -> None:
    """A signed-in user without a role: the no-role page and the personal tools, nothing else; the
    other pages' addresses show the no-role page. The sidebar lists the tools itself (the
    navigation is hidden, as it holds those stand-ins)."""
    show = lambda: _no_role_page(t, actor)  # noqa: E731 (one page body, three uses)
    title, icon = t("signin.no_role_nav"), ":material/home:"
    home = st.Page(show, title=title, icon=icon, url_path="welcome", default=True)
    tools = [st.Page(path, title=t(label), icon=icon) for path, (label, icon) in PERSONAL_TOOLS.items()]
    navigation = st.navigation([home, *tools, *_stand_ins(show, title, icon, PERSONAL_TOOLS)], position="hidden")
    with st.sidebar:
        st.page_link(home, label=title, icon=icon)
        for page in tools:
            st.page_link(page)
    navigation.run()
    st.stop()
