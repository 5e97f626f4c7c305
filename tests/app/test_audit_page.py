"""The audit trail page: the personal user (an admin) sees every change newest first with the old
and new values, filters them and downloads the CSV; other roles are refused; both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.access import Actor, Role
from smm_eval.framework import load_framework, load_roles
from smm_eval.recruiting import vacancy_from_role
from smm_eval.services import people
from smm_eval.settings import get_settings
from smm_eval.storage import open_database
from tests.support.app_sign_in import AUTH, claims

from ..conftest import ROOT


def seed(workspace) -> None:
    """A vacancy created, then its budget changed, by the command line."""
    framework, roles = load_framework(), load_roles()
    db = open_database(f"sqlite:///{workspace}")
    spec = vacancy_from_role("SMM lead", roles["smm_manager"])
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, spec, framework, roles)
    with db.transaction() as session:
        storage.update_vacancy(session, vacancy.id, 1, spec.model_copy(update={"budget_max": 90_000}), framework, roles)
    db.dispose()


def open_page(lang: str = "en", actor: Actor | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    if actor is not None:
        at.session_state["actor"] = actor
    at.run()
    return at.switch_page("pages/audit.py").run()


def test_the_trail_lists_changes_newest_first_with_old_and_new_values(workspace):
    seed(workspace)
    at = open_page()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Action"]) == ["changed", "created"]
    assert list(table["What"]) == ["Vacancy #1", "Vacancy #1"]
    assert list(table["Who"]) == ["Command line", "Command line"]
    assert table["Old → new"].iloc[0] == "Budget to: — → 90000"  # the field as the reader names it (issue 15)
    assert "Events 1–2 of 2" in [c.value for c in at.caption]
    assert at.get("download_button")[0].proto.label == "Download as CSV"
    at.selectbox(key="audit_entity").set_value("scorecard").run()
    assert [i.value for i in at.info] == ["No change matches these filters yet."]


def test_the_trail_in_spanish(workspace):
    seed(workspace)
    at = open_page("es")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Acción"]) == ["modificado", "creado"]
    assert list(table["Quién"]) == ["Línea de comandos", "Línea de comandos"]
    assert table["Anterior → nuevo"].iloc[0] == "Presupuesto hasta: — → 90000"


def test_other_roles_are_not_offered_the_page(workspace, monkeypatch):
    """In a team workspace an interviewer's navigation has no audit page (the service refuses them
    too: tests/integration/services/test_audit.py)."""
    seed(workspace)
    monkeypatch.setenv("SMM_EVAL_MODE", "team")
    get_settings.cache_clear()
    db = open_database(f"sqlite:///{workspace}")
    people.add_user(db, "ivan@example.org", "Ivan", Role.INTERVIEWER)
    db.dispose()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets = {"auth": dict(AUTH)}
    at.user = claims("sub-ivan", "ivan@example.org", "Ivan")
    at.run()
    assert not at.exception
    assert at.session_state["actor"].role is Role.INTERVIEWER
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/audit.py")
