"""What the pages show about roles: an action refused in the user's language, and role names.

Not a page. The services decide (smm_eval.access, smm_eval.services.scope); pages only say it.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from smm_eval.access import AccessDeniedError, Role
from smm_eval.i18n import Messages


def role_text(t: Messages, role: Role | str | None) -> str:
    """A role's name in the page's language (`roles.*`; "no role" for None)."""
    return t(f"roles.{Role(role).value if role else 'none'}")


def denied_text(t: Messages, exc: AccessDeniedError) -> str:
    """The refusal in words: the catalogue's `problems.<code>` with the role and the action named
    in the page's language (`roles.*`, `access_actions.*`) instead of their ids."""
    params = dict(exc.problem.params)
    role = params.get("role")
    params["role"] = role_text(t, role if role in set(Role) else None)
    params["action"] = t(f"access_actions.{exc.action}")
    return t.problem(replace(exc.problem, params=params))


def denied(t: Messages, exc: AccessDeniedError) -> None:
    """Show a refused action as a friendly error (never a traceback) with whom to ask."""
    # "Ask an admin" helps a role that lacks a grant, not the last admin refusing to demote herself.
    help_text = "" if exc.problem.code == "access.last_admin" else f". {t('roles_ui.denied_help')}"
    st.error(f"{denied_text(t, exc)}{help_text}", icon=":material/block:")
