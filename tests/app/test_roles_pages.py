"""Roles in the app (AppTest): the navigation each role gets, the admin page, the scorecard signed by
the signed-in user, an interviewer's candidate page, and refusals said in words (issue 16, item 3).
The sign-in gate puts the signed-in user in `st.session_state.actor`; these tests set it directly."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from pages._access import denied_text
from pages._navigation import page_files
from smm_eval.access import COMMAND_LINE, PERSONAL, AccessDeniedError, Action, Actor, Role
from smm_eval.i18n import Messages
from smm_eval.schemas import CandidateInput
from smm_eval.services import assignments, candidates, people, recruiting
from smm_eval.storage import open_database
from tests.support.app_sign_in import AUTH, claims

from ..conftest import ROOT

EVERYONE = [
    "pages/home.py", "pages/self_assessment.py", "pages/results.py", "pages/salary.py",
    "pages/score_file.py", "pages/form_import.py", "pages/model.py",
]  # fmt: skip


def shown(files: list[str]) -> set[str]:
    return set(files) - set(EVERYONE)


def test_each_role_gets_only_its_pages_in_the_navigation():
    assert shown(page_files(PERSONAL)) == {
        "pages/vacancies.py",
        "pages/candidates.py",
        "pages/scorecard.py",
        "pages/compare.py",
        "pages/candidate.py",
        "pages/team.py",
        "pages/team_plan.py",
        "pages/audit.py",
    }  # fmt: skip  (personal mode: every page but Admin, which has no users to manage)
    admin = Actor(1, "Ada", Role.ADMIN)
    assert shown(page_files(admin)) == shown(page_files(PERSONAL)) | {"pages/admin.py"}
    recruiter = Actor(2, "Rita", Role.RECRUITER)
    assert shown(page_files(recruiter)) == {
        "pages/vacancies.py", "pages/candidates.py", "pages/scorecard.py", "pages/compare.py", "pages/candidate.py",
    }  # fmt: skip
    assert shown(page_files(Actor(3, "Ivan", Role.INTERVIEWER))) == {"pages/scorecard.py", "pages/candidate.py"}
    assert shown(page_files(Actor(4, "Lena", Role.TEAM_LEAD))) == {"pages/team.py", "pages/team_plan.py"}
    assert page_files(Actor(5, "Nemo", None)) == EVERYONE
    assert page_files(COMMAND_LINE)[0] == "pages/home.py"


def test_a_refusal_names_the_role_and_the_action_in_words():
    refused = AccessDeniedError(Actor(3, "Ivan", Role.INTERVIEWER), Action.VIEW_RANKING)
    assert denied_text(Messages("en"), refused) == (
        "your role (interviewer) does not allow this: see rankings and compare candidates"
    )
    assert denied_text(Messages("es"), refused) == (
        "su rol (entrevistador) no permite esto: ver clasificaciones y comparar candidatos"
    )
    nobody = AccessDeniedError(Actor(5, "Nemo", None), Action.VIEW_TEAMS)
    assert denied_text(Messages("es"), nobody) == "su rol (sin rol) no permite esto: ver equipos"


@pytest.fixture
def team_workspace(workspace, monkeypatch):
    """The AppTest workspace in team mode, with an admin, a recruiter and an interviewer."""
    monkeypatch.setenv("SMM_EVAL_MODE", "team")
    from smm_eval.settings import get_settings

    get_settings.cache_clear()
    db = open_database(f"sqlite:///{workspace}")
    users = {
        key: people.add_user(db, f"{key}@example.org", name, role)
        for key, name, role in (
            ("ada", "Ada", Role.ADMIN),
            ("rita", "Rita", Role.RECRUITER),
            ("ivan", "Ivan", Role.INTERVIEWER),
        )
    }
    yield db, {k: Actor(u.id, u.name, u.role) for k, u in users.items()}
    db.dispose()


def app_as(actor: Actor, lang: str = "en") -> AppTest:
    """A session signed in (team mode's gate, pages/_signin.py) as the user the fixture added for
    `actor`: the provider's verified e-mail claims that row, so the session acts in its role."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.secrets = {"auth": dict(AUTH)}
    at.user = claims(f"sub-{actor.user_id}", f"{actor.name.lower()}@example.org", actor.name)
    return at.run()


def test_the_admin_page_lists_users_adds_one_and_refuses_a_stale_change(team_workspace):
    db, actors = team_workspace
    at = app_as(actors["ada"])
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert table["Name"].tolist() == ["Ada", "Ivan", "Rita"]
    assert table["Role"].tolist() == ["admin", "interviewer", "recruiter"]
    signed = table["Last sign-in"].tolist()  # Ada is signed in (this session); the others never were
    assert signed[1:] == ["never"] * 2
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, 20\d\d, \d\d:\d\d", signed[0])  # "Nov 30, 2026, 17:12" (Babel)
    at.text_input(key="admin_add_email").input("lena@example.org")
    at.text_input(key="admin_add_name").input("Lena")
    at.selectbox(key="admin_add_role_en").set_value("team_lead")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception, at.exception
    # The address is user text: escaped (an invisible word joiner keeps it from becoming a link).
    assert "lena@example.org added." in [s.value.replace("\u2060", "") for s in at.success]
    assert at.dataframe[0].value["Role"].tolist() == ["admin", "interviewer", "team lead", "recruiter"]
    # Rita's row is shown at version 1; another admin makes her an admin meanwhile.
    rita = actors["rita"].user_id
    at.selectbox(key="admin_user").set_value(rita).run()
    people.update_user_access(db, rita, 1, Role.ADMIN, True)
    at.selectbox(key=f"admin_role_{rita}__w_en").set_value("interviewer")
    at.button(key="admin_save").click().run()
    assert any(w.value.startswith("Not saved: another admin changed Rita") for w in at.warning)
    assert any("Last saved by command line at " in w.value for w in at.warning)  # who, from the audit trail
    assert at.selectbox(key=f"admin_role_{rita}__w_en").value == "interviewer"  # the choice stays
    assert [u.role for u in people.list_users(db) if u.id == rita] == [Role.ADMIN]
    at.button(key="admin_save").click().run()  # saving again, knowingly, from the current version
    assert "Saved: Rita now has the role: interviewer; they can sign in." in [s.value for s in at.success]


def test_the_admin_form_keeps_the_role_across_languages_and_shows_problems(team_workspace):
    db, actors = team_workspace
    at = app_as(actors["ada"])
    at.switch_page("pages/admin.py").run()
    rita = actors["rita"].user_id
    at.selectbox(key="admin_user").set_value(rita).run()
    assert at.selectbox(key=f"admin_role_{rita}__w_en").value == "recruiter"
    at.session_state["lang"] = "es"  # the sidebar's language switch (app.py: remember_language)
    at.run()
    assert at.selectbox(key=f"admin_role_{rita}__w_es").value == "recruiter"  # not "sin rol"
    at.button(key="admin_save").click().run()
    assert [u.role for u in people.list_users(db) if u.id == rita] == [Role.RECRUITER]
    # A problem in the add form (inside st.form) is listed, not an incident: no download button there.
    at.text_input(key="admin_add_email").input("not-an-address")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("1 problema" in e.value for e in at.error), [e.value for e in at.error]
    assert at.dataframe[-1].value.iloc[0, 1] == "no es una dirección de correo electrónico"


def test_the_admin_page_speaks_spanish(team_workspace):
    _, actors = team_workspace
    at = app_as(actors["ada"], "es")
    at.switch_page("pages/admin.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Administración"
    assert at.dataframe[0].value["Rol"].tolist() == ["administrador", "entrevistador", "reclutador"]


def test_an_interviewer_scores_as_themselves_and_sees_no_ranking(team_workspace, framework, roles):
    db, actors = team_workspace
    vacancy = recruiting.create_vacancy(db, "Lead", roles["smm_editor"], framework, roles).id
    candidates.add_candidate(db, CandidateInput(name="Ana"), vacancy)
    candidates.add_candidate(db, CandidateInput(name="Bo"), vacancy)
    ana = int(candidates.applications(db, vacancy).set_index("name").loc["Ana", "candidate_id"])
    assignments.assign_interviewers(db, vacancy, ana, [actors["ivan"].user_id])
    at = app_as(actors["ivan"])
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception, at.exception
    assert not [w for w in at.text_input if w.key == "card_rater_input"]  # no name to type
    assert "You score as Ivan, the signed-in user." in [c.value for c in at.caption]
    assert at.selectbox[1].options == ["Ana (C0001)"]  # Bo is not assigned to Ivan
    at.switch_page("pages/candidate.py").run()
    assert not at.exception, at.exception
    assert at.selectbox[1].options == ["Ana (C0001)"]
    assert not [m for m in at.metric if m.label == "Overall score"]  # no ranking figures for interviewers
    recruiter = app_as(actors["rita"])  # the vacancy is nobody's (created from the command line)
    recruiter.switch_page("pages/candidate.py").run()
    assert not recruiter.exception, recruiter.exception
    assert recruiter.selectbox[1].options == ["Ana (C0001)", "Bo (C0002)"]
    assert [m.label for m in recruiter.metric if m.label == "Overall score"] == ["Overall score"]


@pytest.mark.parametrize(
    ("who", "allowed", "refused"),
    [
        ("ivan", "pages/scorecard.py", ["pages/compare.py", "pages/vacancies.py", "pages/admin.py", "pages/team.py"]),
        ("rita", "pages/compare.py", ["pages/admin.py", "pages/team.py"]),
        ("ada", "pages/admin.py", []),
    ],
)
def test_the_app_registers_only_the_roles_pages(team_workspace, who, allowed, refused):
    _, actors = team_workspace
    at = app_as(actors[who])
    for page in refused:  # not in st.navigation: no address reaches it
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
    at.switch_page(allowed).run()
    assert not at.exception, at.exception
