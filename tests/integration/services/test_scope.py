"""`services.scope.in_scope` on a real database (SQLite and PostgreSQL), in the workspace of
test_roles (`world`): each kind of record it checks (vacancy, candidate for a vacancy, candidate
anywhere, team) is reached by those whose scope holds it and "not found" for the others; and the
invitation create functions, which share one body now (`invitations._create`), refuse in the same
order as before: role, then scope, then the number of days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from smm_eval.access import AccessDeniedError, Action
from smm_eval.errors import InputError
from smm_eval.services import invitations, people, scope, teams
from smm_eval.storage import NotFoundError

from . import test_roles

world = test_roles.world  # the workspace of test_roles, as a fixture of this module too

BASE = "http://app.example.org/"


def reaches(world, who: str, action: Action = Action.VIEW_CANDIDATES, **record: int) -> bool:
    try:
        with scope.in_scope(world.as_(who), action, **record) as (_session, actor):
            assert actor == world.actors[who]
    except NotFoundError:
        return False
    return True


def test_each_record_kind_is_reached_within_scope_only(world, framework, roles):
    # Vacancies: Rita's own "Mine" and the unowned "SMM lead"; Raul's "Theirs" is not hers.
    mine, unowned, theirs = (reaches(world, "rita", vacancy_id=v) for v in (world.mine, world.vacancy, world.theirs))
    assert (mine, unowned, theirs) == (True, True, False)
    # A candidate for a vacancy: Ivan is assigned Ana for "SMM lead", not Bo for "Mine".
    assert reaches(world, "ivan", vacancy_id=world.vacancy, candidate_id=world.ana)
    assert not reaches(world, "ivan", vacancy_id=world.mine, candidate_id=world.bo)
    # A candidate anywhere (no vacancy named): Bo applied to Rita's "Mine" only.
    assert reaches(world, "rita", candidate_id=world.bo)
    assert not reaches(world, "raul", candidate_id=world.bo)
    # Teams: Lena leads Alpha, not Beta.
    alpha, *_ = teams.import_team(world.db, "Alpha", test_roles.TEAM.read_bytes(), "team.csv", framework, roles)
    beta, *_ = teams.import_team(world.db, "Beta", test_roles.TEAM.read_bytes(), "team.csv", framework, roles)
    people.set_team_leads(world.db, alpha, [world.actors["lena"].user_id])
    assert reaches(world, "lena", Action.VIEW_TEAMS, team_id=alpha)
    assert not reaches(world, "lena", Action.VIEW_TEAMS, team_id=beta)
    # The role comes first: an interviewer may not view teams, whatever the team.
    with pytest.raises(AccessDeniedError):
        reaches(world, "ivan", Action.VIEW_TEAMS, team_id=alpha)


def test_invitations_refuse_role_then_scope_then_days(world, monkeypatch):
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "k" * 40)
    bad_days = 0  # outside 1..MAX_DAYS
    with pytest.raises(AccessDeniedError):  # Ivan's role may not invite, whatever else is wrong
        invitations.create_candidate_invitation(world.as_("ivan"), world.bo, world.mine, BASE, bad_days)
    with pytest.raises(NotFoundError):  # Raul: Bo's vacancy is not his, before the days are read
        invitations.create_candidate_invitation(world.as_("raul"), world.bo, world.mine, BASE, bad_days)
    with pytest.raises(InputError) as days:
        invitations.create_candidate_invitation(world.as_("rita"), world.bo, world.mine, BASE, bad_days)
    assert days.value.problems[0].code == "invitations.days"
    created = invitations.create_candidate_invitation(world.as_("rita"), world.bo, world.mine, BASE, 3)
    assert (created.record.candidate_id, created.record.vacancy_id) == (world.bo, world.mine)
    assert created.record.expires_at - created.record.created_at == timedelta(days=3)
