"""`services.scope.in_scope`, the one preamble of a service acting on one record: the role is checked
before any transaction opens, the transaction is the service's own (rolled back when the block
raises), and a team cannot be named with a vacancy or candidate. The record checks themselves run
on a real database in tests/integration/services/test_scope.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from smm_eval.access import COMMAND_LINE, AccessDeniedError, Action, Actor, Role
from smm_eval.services import scope


class Handle:
    """A database handle that records what happens to its transactions (admins need no storage)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.events: list[str] = []

    @contextmanager
    def transaction(self) -> Iterator[str]:
        self.events.append("open")
        try:
            yield "session"
        except BaseException:
            self.events.append("rollback")
            raise
        self.events.append("commit")

    def describe(self) -> str:
        return "test handle"


def test_an_admin_gets_the_session_and_actor_and_the_transaction_commits():
    handle = Handle(COMMAND_LINE)
    with scope.in_scope(handle, Action.MANAGE_CANDIDATES, vacancy_id=1, candidate_id=2) as (session, actor):
        assert (session, actor) == ("session", COMMAND_LINE)
    assert handle.events == ["open", "commit"]


def test_a_role_without_the_grant_is_refused_before_any_transaction_opens():
    handle = Handle(Actor(7, "Ivan", Role.INTERVIEWER))
    # interviewers do not manage candidates
    with pytest.raises(AccessDeniedError) as denied, scope.in_scope(handle, Action.MANAGE_CANDIDATES, vacancy_id=1):
        pytest.fail("the block must not run")
    assert denied.value.problem.params["action"] == "candidates.manage"
    assert handle.events == []


def test_an_error_in_the_block_rolls_the_transaction_back():
    handle = Handle(COMMAND_LINE)
    with pytest.raises(ValueError, match="stop"), scope.in_scope(handle, Action.MANAGE_TEAMS, team_id=3):
        raise ValueError("stop")
    assert handle.events == ["open", "rollback"]


def test_a_team_named_with_a_vacancy_is_a_callers_mistake():
    handle = Handle(COMMAND_LINE)
    refused = pytest.raises(TypeError, match="a team, or a vacancy and candidate")
    with refused, scope.in_scope(handle, Action.MANAGE_TEAMS, team_id=3, vacancy_id=1):
        pytest.fail("the block must not run")
    assert handle.events == []
