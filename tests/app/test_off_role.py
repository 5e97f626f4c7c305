"""A page address outside one's role (issue 15: an interviewer typing /team silently landed on
Home): which page it was, found from the address, and the notice's words in both languages."""

from __future__ import annotations

from pages._navigation import off_role_page
from smm_eval.access import PERSONAL, Actor, Role
from smm_eval.i18n import Messages

INTERVIEWER = Actor(7, "Iris", Role.INTERVIEWER, "user")
TEAM_LEAD = Actor(8, "Tom", Role.TEAM_LEAD, "user")


def test_an_address_outside_the_role_names_its_page_and_one_inside_or_unknown_does_not():
    assert off_role_page(INTERVIEWER, "http://127.0.0.1:8501/team")[:2] == ("pages/team.py", "nav.team")
    assert off_role_page(INTERVIEWER, "http://127.0.0.1:8501/team_plan/")[0] == "pages/team_plan.py"
    assert off_role_page(INTERVIEWER, "http://127.0.0.1:8501/scorecard") is None  # the interviewer's own
    assert off_role_page(INTERVIEWER, "http://127.0.0.1:8501/") is None  # Home itself
    assert off_role_page(INTERVIEWER, "http://127.0.0.1:8501/no_such_page") is None
    assert off_role_page(TEAM_LEAD, "http://127.0.0.1:8501/team") is None
    assert off_role_page(TEAM_LEAD, "http://127.0.0.1:8501/compare")[0] == "pages/compare.py"
    assert off_role_page(PERSONAL, "http://127.0.0.1:8501/admin") is None  # personal mode: no users
    assert off_role_page(INTERVIEWER, None) is None


def test_the_notice_names_the_page_and_the_roles_it_is_for_in_both_languages():
    en, es = Messages("en"), Messages("es")
    assert en("roles_ui.off_role", page=en("nav.team"), roles="admin, team lead", role="interviewer") == (
        "The page “Team skills” is for these roles: admin, team lead. Your role (interviewer) does not include it, "
        "so you are on Home. Ask an admin of this workspace if you need it."
    )
    assert es("roles_ui.off_role", page=es("nav.team"), roles="x", role="y").startswith(f"La página «{es('nav.team')}»")
