"""The sign-in gate in AppTest (pages/_signin.py): in team mode nothing but the sign-in page for
nobody, a refused [auth] section named, the signed-in user's name and role in the sidebar, the
no-role and stopped pages, and a role given by an admin applied on the next run."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from smm_eval.access import COMMAND_LINE, Role
from smm_eval.services import people
from smm_eval.services.workspace import open_workspace
from smm_eval.settings import get_settings

from ..conftest import ROOT
from ..support.app_sign_in import ADMIN, AUTH, claims

ANA = ADMIN
NICO = claims("n-2", "nico@example.org", "Nico New")


@pytest.fixture
def team(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_MODE", "team")
    monkeypatch.setenv("SMM_EVAL_ADMINS", "ana@example.org")
    get_settings.cache_clear()


def app(user: dict, lang: str = "en", auth: dict | None = AUTH) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.user = user
    if auth is not None:
        at.secrets = {"auth": dict(auth)}
    return at.run()


def next_click(at: AppTest) -> AppTest:
    """The same session's next run through app.py. (AppTest reruns the page a run finished on
    without the entry script; a real server always runs app.py, which calls st.navigation.)"""
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key in ("lang", "actor", "signed_in_as"):
        again.session_state[key] = at.session_state[key]
    again.user, again.secrets = at.user, at.secrets
    return again.run()


def texts(at: AppTest, *kinds: str) -> str:
    found = [e.value for kind in kinds for e in at.get(kind)]
    found += [at.dataframe[i].value.to_csv() for i in range(len(at.dataframe))]
    return "\n".join(str(v) for v in found)


def sidebar(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("caption", "text", "markdown") for e in at.sidebar.get(kind))


@pytest.mark.parametrize(("lang", "title"), [("en", "Sign in"), ("es", "Iniciar sesión")])
def test_nobody_signed_in_gets_the_sign_in_page_only(team, workspace, lang, title):
    at = app({"is_logged_in": False}, lang)
    assert not at.exception
    assert [t.value for t in at.title] == [title]
    assert [b.label for b in at.button] == [title]
    assert "Workspace" not in sidebar(at) and "workspace.sqlite" not in sidebar(at)  # not even its name
    assert len(at.toggle) == 0  # no blind-mode switch either
    assert "actor" not in at.session_state


@pytest.mark.parametrize("lang", ["en", "es"])
def test_team_mode_without_an_auth_section_is_refused_by_name(team, lang):
    at = app({}, lang, auth=None)
    assert not at.exception
    shown = texts(at, "error")
    heading = {"en": "cannot start in team mode", "es": "no puede arrancar en modo de equipo"}[lang]
    missing = {"en": "is missing: team mode", "es": "falta: el modo de equipo"}[lang]
    assert heading in shown and ".streamlit/secrets.toml [auth]" in shown and missing in shown
    assert len(at.button) == 0  # no sign-in button that could only fail


def test_a_short_cookie_secret_is_named_without_its_value(team):
    at = app({"is_logged_in": False}, auth={**AUTH, "cookie_secret": "tiny-secret"})
    shown = texts(at, "error")
    assert "is shorter than 32 characters" in shown and "tiny-secret" not in shown


def test_a_listed_admin_lands_on_home_with_name_and_role(team, workspace):
    at = app(ANA)
    assert not at.exception
    assert at.title[0].value == "SMM Eval"  # home
    side = sidebar(at)
    assert "Ana Admin" in side and "Role: admin" in side and "Workspace: SQLite · workspace.sqlite" in side
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
    actor = at.session_state["actor"]
    assert (actor.name, actor.role, actor.kind) == ("Ana Admin", Role.ADMIN, "user")


def test_no_role_then_a_role_given_by_an_admin_applies_on_the_next_run(team, workspace):
    at = app(NICO)
    assert not at.exception
    assert at.title[0].value == "Welcome: an admin has to give you a role"
    assert "No role yet" in sidebar(at)
    db = open_workspace(get_settings().url).acting_as(COMMAND_LINE)
    nico = next(u for u in people.list_users(db) if u.email == "nico@example.org")
    people.update_user_access(db, nico.id, nico.version, Role.RECRUITER, True)
    at = next_click(at)
    assert at.title[0].value == "SMM Eval" and "Role: recruiter" in sidebar(at)
    assert at.session_state["actor"].role is Role.RECRUITER
    nico = next(u for u in people.list_users(db) if u.email == "nico@example.org")
    people.update_user_access(db, nico.id, nico.version, Role.RECRUITER, False)  # stopped
    at = next_click(at)
    assert not at.exception
    assert at.title[0].value == "This account cannot use the workspace"
    assert "an admin has stopped this account" in texts(at, "error")
    assert [b.label for b in at.button] == ["Sign out"] and "actor" not in at.session_state


def test_personal_mode_needs_no_sign_in(workspace):
    at = app({}, auth=None)
    assert not at.exception and at.title[0].value == "SMM Eval"
    assert at.session_state["actor"].kind == "personal"
    assert "Sign out" not in [b.label for b in at.sidebar.button]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_personal_mode_refuses_to_listen_beyond_this_machine(workspace, monkeypatch, lang):
    assert st.get_option("server.address") == "127.0.0.1"  # .streamlit/config.toml
    everywhere, option = "0.0.0.0", st.get_option  # noqa: S104 (the address being refused)
    monkeypatch.setattr(st, "get_option", lambda key: everywhere if key == "server.address" else option(key))
    at = app({}, lang, auth=None)
    assert not at.exception
    shown = texts(at, "error")
    words = {"en": "personal mode has no sign-in", "es": "el modo personal no pide iniciar sesión"}[lang]
    assert "server.address" in shown and words in shown and everywhere in shown
    assert len(at.title) == 0 and "actor" not in at.session_state  # nothing else was served


@pytest.mark.parametrize(("mode", "locale", "title"), [
    ("team", "es-ES", "Iniciar sesión"), ("team", "en-GB", "Sign in"), ("personal", "es-ES", "SMM Eval"),
])  # fmt: skip
def test_a_new_session_starts_in_the_browsers_language_in_team_mode_only(workspace, monkeypatch, mode, locale, title):
    monkeypatch.setenv("SMM_EVAL_MODE", mode)
    get_settings.cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context = {"locale": locale}
    at.user, at.secrets = {"is_logged_in": False}, {"auth": dict(AUTH)}
    at.run()
    assert not at.exception
    assert at.title[0].value == title
    assert at.session_state["lang"] == ("es" if mode == "team" and locale == "es-ES" else "en")  # personal: as before
