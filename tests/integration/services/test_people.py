"""Users of a team workspace: sign-in creates or claims a user, admins give roles, and the last
admin stays (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from smm_eval.access import COMMAND_LINE, AccessDeniedError, Actor, Identity, Role
from smm_eval.errors import InputError
from smm_eval.services import people
from smm_eval.settings import get_settings
from smm_eval.storage import ConflictError

ISSUER = "http://127.0.0.1:9000"


def identity(sub: str, email: str, verified: bool = True, name: str = "") -> Identity:
    return Identity(ISSUER, sub, email, name, verified)


def test_a_listed_admin_email_becomes_admin_and_others_get_no_role(database, monkeypatch):
    monkeypatch.setenv("SMM_EVAL_ADMINS", "Boss@Example.org, other@example.org")
    get_settings.cache_clear()  # opening the database read the settings before the variable was set
    boss = people.actor_for(database, identity("sub-1", "boss@example.org", name="Anna Boss"))
    assert (boss.role, boss.name, boss.kind) == (Role.ADMIN, "Anna Boss", "user")
    guest = people.actor_for(database, identity("sub-2", "guest@example.org"))
    assert guest.role is None
    # an unverified e-mail on the admin list is not enough
    sneaky = people.actor_for(database, identity("sub-3", "other@example.org", verified=False))
    assert sneaky.role is None
    # the same subject signing in again is the same user
    again = people.actor_for(database, identity("sub-1", "boss@example.org", name="Anna B."))
    assert (again.user_id, again.name) == (boss.user_id, "Anna B.")


def test_a_user_added_by_email_is_claimed_at_first_verified_sign_in(database):
    added = people.add_user(database, " Ivan@Example.org ", "Ivan", Role.INTERVIEWER)
    assert (added.email, added.signed_in) == ("ivan@example.org", False)
    unverified = people.actor_for(database, identity("sub-x", "ivan@example.org", verified=False))
    assert unverified.user_id != added.id and unverified.role is None
    ivan = people.actor_for(database, identity("sub-ivan", "ivan@example.org"))
    assert (ivan.user_id, ivan.role) == (added.id, Role.INTERVIEWER)
    assert [u.signed_in for u in people.list_users(database) if u.id == added.id] == [True]


def test_only_admins_manage_users_and_the_last_admin_stays(database):
    users = people.list_users(database)
    assert users == []
    first = people.add_user(database, "a@example.org", "A", Role.ADMIN)
    recruiter = people.add_user(database, "r@example.org", "R", Role.RECRUITER)
    as_recruiter = database.acting_as(Actor(recruiter.id, "R", Role.RECRUITER))
    with pytest.raises(AccessDeniedError) as denied:
        people.list_users(as_recruiter)
    assert denied.value.problem.code == "access.denied"
    with pytest.raises(AccessDeniedError) as last:
        people.update_user_access(database, first.id, first.version, Role.RECRUITER, True)
    assert last.value.problem.code == "access.last_admin"
    promoted = people.update_user_access(database, recruiter.id, recruiter.version, Role.ADMIN, True)
    assert (promoted.role, promoted.version) == (Role.ADMIN, 2)
    with pytest.raises(ConflictError):  # the admin's page still showed version 1
        people.update_user_access(database, recruiter.id, recruiter.version, Role.INTERVIEWER, True)
    stopped = people.update_user_access(database, first.id, first.version, Role.ADMIN, False)
    assert stopped.active is False
    assert database.actor is COMMAND_LINE


def test_a_stopped_user_cannot_sign_in(database):
    added = people.add_user(database, "gone@example.org", "Gone", Role.RECRUITER)
    people.actor_for(database, identity("sub-g", "gone@example.org"))
    people.update_user_access(database, added.id, added.version, Role.RECRUITER, False)
    with pytest.raises(AccessDeniedError) as denied:
        people.actor_for(database, identity("sub-g", "gone@example.org"))
    assert denied.value.problem.code == "access.inactive"


@pytest.mark.parametrize(
    ("email", "code"),
    [("not-an-address", "people.email"), ("a@b", "people.email"), ("dup@example.org", "people.email_taken")],
)
def test_bad_emails_are_refused_with_a_code(database, email, code):
    people.add_user(database, "DUP@example.org", "", None)
    with pytest.raises(InputError) as refused:
        people.add_user(database, email, "x", None)
    assert [p.code for p in refused.value.problems] == [code]


def test_an_unverified_email_is_not_kept_so_the_owner_can_still_be_added(database):
    eve = people.actor_for(database, identity("sub-eve", "Eve@Example.org", verified=False, name="Eve"))
    [row] = [u for u in people.list_users(database) if u.id == eve.user_id]
    assert (row.email, row.name) == ("", "Eve")  # shown without an address, never as eve@example.org
    real = people.add_user(database, "eve@example.org", "Eve Real", Role.RECRUITER)
    owner = people.actor_for(database, identity("sub-eve-real", "eve@example.org", name="Eve Real"))
    assert (owner.user_id, owner.role) == (real.id, Role.RECRUITER)
