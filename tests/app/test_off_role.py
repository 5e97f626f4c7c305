"""A page address outside one's role (issue 15: an interviewer typing /team silently landed on
Home under Streamlit's own English "Page not found" box): the address opens a hidden page that says
which page it is, which roles it is for and one's own role, in both languages."""

from __future__ import annotations

from pages._navigation import off_role_files, page_files
from smm_eval.access import COMMAND_LINE, PERSONAL, Actor, Role
from smm_eval.i18n import Messages

INTERVIEWER = Actor(7, "Iris", Role.INTERVIEWER, "user")
TEAM_LEAD = Actor(8, "Tom", Role.TEAM_LEAD, "user")
ADMIN = Actor(9, "Ada", Role.ADMIN, "user")


def test_the_pages_outside_a_role_are_exactly_those_its_navigation_leaves_out():
    assert off_role_files(INTERVIEWER) == [
        "pages/vacancies.py", "pages/candidates.py", "pages/compare.py", "pages/team.py", "pages/team_plan.py",
        "pages/admin.py", "pages/audit.py",
    ]  # fmt: skip
    assert off_role_files(TEAM_LEAD) == [
        "pages/vacancies.py", "pages/candidates.py", "pages/scorecard.py", "pages/compare.py", "pages/candidate.py",
        "pages/admin.py", "pages/audit.py",
    ]  # fmt: skip
    assert off_role_files(ADMIN) == []
    for actor in (INTERVIEWER, TEAM_LEAD, ADMIN):  # every page file is either listed or said to be off-role
        assert not set(off_role_files(actor)) & set(page_files(actor))
    assert off_role_files(PERSONAL) == [] and off_role_files(COMMAND_LINE) == []  # no users: no notice


def test_the_notice_names_the_page_and_the_roles_it_is_for_in_both_languages():
    en, es = Messages("en"), Messages("es")
    assert en("roles_ui.off_role", page=en("nav.team"), roles="admin, team lead", role="interviewer") == (
        "The page “Team skills” is for these roles: admin, team lead. Your role (interviewer) does not include it. "
        "Ask an admin of this workspace if you need it."
    )
    assert es("roles_ui.off_role", page=es("nav.team"), roles="x", role="y").startswith(f"La página «{es('nav.team')}»")
