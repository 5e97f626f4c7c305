"""The signed-in actor kept current (SQLite and PostgreSQL): a role an admin gives or changes, or
a stop, applies on the user's next run, read from their row without writing it."""

from __future__ import annotations

import pytest

from smm_eval.access import PERSONAL, AccessDeniedError, Identity, Role
from smm_eval.services import people
from smm_eval.services.sign_in import refresh_actor
from smm_eval.storage import NotFoundError
from smm_eval.storage.models import User

ISSUER = "http://127.0.0.1:9000"


def test_a_role_given_after_sign_in_applies_on_the_next_refresh(database):
    admin = people.add_user(database, "boss@example.org", "Boss", Role.ADMIN)
    newcomer = people.actor_for(database, Identity(ISSUER, "sub-n", "n@example.org", "Nico", True))
    assert newcomer.role is None
    assert refresh_actor(database, newcomer) == newcomer  # nothing changed: the same actor
    user = next(u for u in people.list_users(database) if u.id == newcomer.user_id)
    people.update_user_access(database, user.id, user.version, Role.INTERVIEWER, True)
    fresh = refresh_actor(database, newcomer)
    assert (fresh.user_id, fresh.name, fresh.role, fresh.kind) == (newcomer.user_id, "Nico", Role.INTERVIEWER, "user")
    assert admin.role is Role.ADMIN


def test_a_refresh_writes_nothing(database):
    actor = people.actor_for(database, Identity(ISSUER, "sub-r", "r@example.org", "Rita", True))
    with database.transaction() as session:
        before = session.get(User, actor.user_id)
        stamp, version = before.last_sign_in_at, before.version
    refresh_actor(database, actor)
    with database.transaction() as session:
        after = session.get(User, actor.user_id)
        assert (after.last_sign_in_at, after.version) == (stamp, version)


def test_a_stopped_user_is_refused_at_the_next_refresh(database):
    people.add_user(database, "boss@example.org", "Boss", Role.ADMIN)
    actor = people.actor_for(database, Identity(ISSUER, "sub-s", "s@example.org", "Sam", True))
    user = next(u for u in people.list_users(database) if u.id == actor.user_id)
    people.update_user_access(database, user.id, user.version, Role.RECRUITER, False)
    with pytest.raises(AccessDeniedError) as stopped:
        refresh_actor(database, actor)
    assert stopped.value.problem.code == "access.inactive"


def test_the_personal_user_is_not_looked_up_and_a_missing_row_is_said(database):
    assert refresh_actor(database, PERSONAL) is PERSONAL
    actor = people.actor_for(database, Identity(ISSUER, "sub-g", "g@example.org", "Gone", True))
    with database.transaction() as session:
        session.delete(session.get(User, actor.user_id))
    with pytest.raises(NotFoundError):
        refresh_actor(database, actor)
