"""The navigation: which pages a role sees (app.py builds `st.navigation` from it). Not a page.

Pages whose every action the role may not take are left out; the services refuse them anyway
(`smm_eval.access`), so a typed address shows a refusal, never data. The personal tools
(self-assessment, results, salary, scoring a file, a form import's scoring, the model) are for
everyone. The Admin page is listed only for admins of a team workspace: a personal workspace has
no users to manage.
"""

from __future__ import annotations

import streamlit as st

from smm_eval.access import Action, Actor
from smm_eval.i18n import Messages

# page file, title key, icon, the action it needs (None: everyone)
_Entry = tuple[str, str, str, Action | None]
SECTIONS: tuple[tuple[str, tuple[_Entry, ...]], ...] = (
    ("nav.section_self", (
        ("pages/self_assessment.py", "nav.self_assessment", ":material/checklist:", None),
        ("pages/results.py", "nav.results", ":material/insights:", None),
    )),
    ("nav.section_salary", (("pages/salary.py", "nav.salary", ":material/payments:", None),)),
    ("nav.section_recruit", (
        ("pages/vacancies.py", "nav.vacancies", ":material/work:", Action.MANAGE_VACANCIES),
        ("pages/candidates.py", "nav.candidates", ":material/person_add:", Action.MANAGE_CANDIDATES),
        ("pages/scorecard.py", "nav.scorecard", ":material/rate_review:", Action.SUBMIT_SCORECARD),
        ("pages/compare.py", "nav.compare", ":material/leaderboard:", Action.VIEW_RANKING),
        ("pages/candidate.py", "nav.candidate", ":material/person_search:", Action.VIEW_CANDIDATES),
    )),
    ("nav.section_team", (
        ("pages/team.py", "nav.team", ":material/groups_3:", Action.VIEW_TEAMS),
        ("pages/team_plan.py", "nav.team_plan", ":material/school:", Action.VIEW_TEAMS),
    )),
    ("nav.section_compare", (
        ("pages/score_file.py", "nav.score_file", ":material/groups:", None),
        ("pages/form_import.py", "nav.form_import", ":material/dynamic_form:", None),
    )),
    ("nav.section_reference", (("pages/model.py", "nav.model", ":material/menu_book:", None),)),
    ("nav.section_admin", (
        ("pages/admin.py", "nav.admin", ":material/admin_panel_settings:", Action.MANAGE_USERS),
        ("pages/audit.py", "nav.audit", ":material/history:", Action.VIEW_AUDIT),
    )),
)  # fmt: skip


def page_files(actor: Actor) -> list[str]:
    """The page files the actor's navigation lists, in order (home first).

    Parameters
    ----------
    actor : Actor
        Who is signed in (`pages._ui.current_actor()`); the personal user sees every page but Admin.
    """
    files = ["pages/home.py"]
    for _, entries in SECTIONS:
        files += [path for path, _, _, action in entries if _listed(actor, path, action)]
    return files


def _listed(actor: Actor, path: str, action: Action | None) -> bool:
    if path == "pages/admin.py" and actor.kind != "user":
        return False  # personal mode and the command line have no users to manage
    return action is None or actor.may(action)


def navigation_pages(t: Messages, actor: Actor) -> dict[str, list[st.Page]]:
    """The `st.navigation` pages dict for the actor: sections in the page's language, each with the
    pages the role may use; a section with none is left out."""
    pages: dict[str, list[st.Page]] = {
        "": [st.Page("pages/home.py", title=t("nav.home"), icon=":material/home:", default=True)]
    }
    for section, entries in SECTIONS:
        shown = [
            st.Page(path, title=t(title), icon=icon) for path, title, icon, action in entries
            if _listed(actor, path, action)
        ]  # fmt: skip
        if shown:
            pages[t(section)] = shown
    return pages


def page_link(path: str, *, container: object = st, **kwargs: object) -> None:
    """`st.page_link` to `path` when the current role's navigation lists it, else nothing (a link
    to a page the role does not have would fail: `st.navigation` does not know it)."""
    from pages._ui import current_actor

    if path in page_files(current_actor()):
        container.page_link(path, **kwargs)  # type: ignore[attr-defined]
