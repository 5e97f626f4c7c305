"""The navigation: which pages a role sees (app.py builds `st.navigation` from it). Not a page.

Pages whose every action the role may not take are left out; the services refuse them anyway
(`smm_eval.access`), so a typed address shows a refusal, never data. The personal tools
(self-assessment, results, salary, scoring a file, a form import's scoring, the model) are for
everyone. The Admin page is listed only for admins of a team workspace: a personal workspace has
no users to manage.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # The address of a page outside the role (typed, bookmarked, shared) opens a hidden page that
    # says so, instead of Streamlit's own English "Page not found" box over Home.
    entries = {e[0]: e for _, section_entries in SECTIONS for e in section_entries}
    pages[""] += [
        st.Page(_off_role(path), title=t(entries[path][1]), icon=entries[path][2], url_path=Path(path).stem,
                visibility="hidden")
        for path in off_role_files(actor)
    ]  # fmt: skip
    return pages


def off_role_files(actor: Actor) -> list[str]:
    """The page files outside a signed-in user's role, in navigation order: their addresses open a
    hidden page saying so (`navigation_pages`). None for the personal user and the command line,
    who are listed every page but Admin (a personal workspace has no users to manage)."""
    if actor.kind != "user":
        return []
    return [path for _, entries in SECTIONS for path, _, _, action in entries if not _listed(actor, path, action)]


def page_link(path: str, *, container: object = st, **kwargs: object) -> None:
    """`st.page_link` to `path` when the current role's navigation lists it, else nothing (a link
    to a page the role does not have would fail: `st.navigation` does not know it)."""
    from pages._ui import current_actor

    if path in page_files(current_actor()):
        container.page_link(path, **kwargs)  # type: ignore[attr-defined]


def _off_role(path: str) -> Callable[[], None]:
    """The page shown at the address of a page outside one's role: which page it is, which roles
    it is for (`access.GRANTS`), one's own role, and a link home. Never the page's data."""

    def render() -> None:
        from pages._access import role_text
        from pages._ui import current_actor, messages

        t, actor = messages(), current_actor()
        _, title, _, action = next(e for _, entries in SECTIONS for e in entries if e[0] == path)
        allowed = [r for r in Role if action is not None and r in GRANTS[action]]
        st.title(t(title))
        st.warning(
            t("roles_ui.off_role", page=t(title), roles=", ".join(role_text(t, r) for r in allowed),
              role=role_text(t, actor.role)),
            icon=":material/block:",
        )  # fmt: skip
        st.page_link("pages/home.py", label=t("nav.home"), icon=":material/home:")

    render.__name__ = f"off_role_{Path(path).stem}"
    return render
