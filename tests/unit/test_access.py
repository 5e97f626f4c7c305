"""The grants table and the actor of a handle."""

from __future__ import annotations

import pytest

from smm_eval.access import (
    COMMAND_LINE,
    GRANTS,
    PERSONAL,
    AccessDeniedError,
    Action,
    Actor,
    Role,
    actor_of,
    require,
)
from smm_eval.errors import ConfigurationError
from smm_eval.settings import get_settings


def test_every_action_has_grants_and_admins_hold_all():
    assert set(GRANTS) == set(Action)
    assert all(Role.ADMIN in roles for roles in GRANTS.values())


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.RECRUITER, {Action.MANAGE_VACANCIES, Action.MANAGE_CANDIDATES, Action.VIEW_RANKING,
                          Action.VIEW_CANDIDATES, Action.SUBMIT_SCORECARD, Action.INVITE_CANDIDATES,
                          Action.MANAGE_SALARY_DATA}),
        (Role.INTERVIEWER, {Action.VIEW_CANDIDATES, Action.SUBMIT_SCORECARD}),
        (Role.TEAM_LEAD, {Action.VIEW_TEAMS, Action.MANAGE_TEAMS}),
        (None, set()),
    ],
)  # fmt: skip
def test_each_role_may_do_exactly_its_actions(role, allowed):
    actor = Actor(7, "x", role)
    assert {a for a in Action if actor.may(a)} == allowed
    for action in set(Action) - allowed:
        with pytest.raises(AccessDeniedError) as denied:
            require(actor, action)
        assert denied.value.problem.params["action"] == action.value


def test_personal_user_and_command_line_are_admins():
    assert PERSONAL.is_admin and COMMAND_LINE.is_admin
    assert (PERSONAL.kind, COMMAND_LINE.kind) == ("personal", "cli")


def test_a_handle_without_an_actor_is_refused():
    class Bare:
        pass

    with pytest.raises(TypeError, match="names no actor"):
        actor_of(Bare())


@pytest.mark.parametrize(
    ("env", "team"),
    [({}, False), ({"SMM_EVAL_MODE": "team"}, True), ({"SMM_EVAL_MODE": " Personal "}, False),
     ({"SMM_EVAL_DATABASE_URL": "postgresql://u@h/db"}, True),
     ({"SMM_EVAL_DATABASE_URL": "postgresql://u@h/db", "SMM_EVAL_MODE": "team"}, True)],
)  # fmt: skip
def test_mode_follows_the_setting_and_the_database(monkeypatch, env, team):
    for key in ("SMM_EVAL_MODE", "SMM_EVAL_DATABASE_URL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert get_settings().team is team


def test_personal_mode_on_postgresql_is_refused(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("SMM_EVAL_MODE", "personal")
    with pytest.raises(ConfigurationError) as refused:
        get_settings()
    assert [(p.source, p.code) for p in refused.value.problems] == [("SMM_EVAL_MODE", "config.mode_postgres")]


def test_an_unknown_mode_is_refused(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_MODE", "public")
    with pytest.raises(ConfigurationError) as refused:
        get_settings()
    assert [(p.source, p.code) for p in refused.value.problems] == [("SMM_EVAL_MODE", "config.invalid")]
