"""The navigation: which pages a role sees (app.py builds `st.navigation` from it). Not a page.

Pages whose every action the role may not take are left out; the services refuse them anyway
(`smm_eval.access`), so a typed address shows a refusal, never data. The personal tools
(self-assessment, results, salary, scoring a file, a form import's scoring, the model) are for
everyone. The Admin page is listed only for admins of a team workspace: a personal workspace has
no users to manage.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from smm_eval.access import GRANTS, Action, Actor, Role
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


def off_role_page(actor: Actor, url: str | None) -> _Entry | None:
    """The app page that `url` (the browser's address, `st.context.url`) asks for when the actor's
    role does not list it (`st.navigation` then runs Home instead), else None. Only signed-in users
    of a team workspace: the personal user is listed every page but Admin, which has no users."""
    if not url or actor.kind != "user":
        return None
    asked = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    for _, entries in SECTIONS:
        for entry in entries:
            if Path(entry[0]).stem == asked and not _listed(actor, entry[0], entry[3]):
                return entry
    return None


def off_role_notice(t: Messages, actor: Actor, url: str | None, on_home: bool) -> None:
    """On the page one lands on (Home) after asking for a page outside one's role: which page it
    was, which roles it is for (`access.GRANTS`), and that one's own role does not include it.
    Kept while one stays on Home (a language switch reruns it at "/"), dropped on another page."""
    from pages._access import role_text

    if not on_home:
        st.session_state.pop("off_role_page", None)
        return
    if (asked := off_role_page(actor, url)) is not None:
        st.session_state.off_role_page = asked[0]
    path = st.session_state.get("off_role_page")
    entry = next((e for _, entries in SECTIONS for e in entries if e[0] == path), None)
    if entry is None or _listed(actor, entry[0], entry[3]):
        return
    _, title, _, action = entry
    allowed = [r for r in Role if action is not None and r in GRANTS[action]]
    st.warning(
        t("roles_ui.off_role", page=t(title), roles=", ".join(role_text(t, r) for r in allowed),
          role=role_text(t, actor.role)),
        icon=":material/block:",
    )  # fmt: skip
