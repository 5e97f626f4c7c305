"""Invitation links on a real database (SQLite and PostgreSQL): created once with the token stored only
hashed, single use (also under two submissions at once), expiry with a fixed clock, revoking,
distinct refusals, and the result stored as the candidate's self-assessment or the member's
self-ratings."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from smm_eval import storage, tokens
from smm_eval.access import AccessDeniedError, Actor, Role
from smm_eval.errors import InputError
from smm_eval.services import candidate_file, invitations, people, teams
from smm_eval.services.invitations import Consent, InvitationRefusedError
from smm_eval.storage import open_database

from ...conftest import ROOT
from .test_candidate_file import seeded

BASE = "http://app.example.org/"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # the fixed clock of these tests
ANSWERS = {"brand_strategy": 3, "copywriting": 1}


@pytest.fixture(autouse=True)
def secret_key(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "k" * 40)


def consent(at: datetime = T0) -> Consent:
    return Consent(True, "es", at)


def token_of(link: str) -> str:
    assert link.startswith(BASE + "?invite=")
    return link.removeprefix(BASE + "?invite=")


def invite(database, candidate_id: int, vacancy_id: int) -> str:
    """A new link's token for the candidate, made at T0."""
    return token_of(invitations.create_candidate_invitation(database, candidate_id, vacancy_id, BASE, at=T0).link)


def test_a_candidate_completes_the_link_once_and_the_answers_sit_beside_the_interviewers(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    created = invitations.create_candidate_invitation(database, ana, vacancy_id, BASE, at=T0)
    token = token_of(created.link)
    # 14 days by default: 2026-12-01 09:00 + 14 days = 2026-12-15 09:00
    assert created.record.expires_at == datetime(2026, 12, 15, 9, 0, tzinfo=UTC)
    assert created.record.created_by == "command line" and len(token) == 43
    view = invitations.open_invitation(database, token, at=T0 + timedelta(hours=1))
    assert (view.kind, view.title, view.role_id) == ("candidate", "SMM lead", "smm_manager")

    stored = invitations.submit_invitation(database, token, consent(T0 + timedelta(minutes=5)), ANSWERS, framework,
                                           at=T0 + timedelta(minutes=10))  # fmt: skip
    assert stored == 2
    file = candidate_file.candidate_file(database, vacancy_id, ana, "lead", blind=False)
    assert file.self_answers == ANSWERS  # the newest self-assessment of Ana is the link's
    beside = candidate_file.self_beside_interviewers(file, framework).set_index("competency")
    # the self level stands in its own column; the interviewers' mean is computed from their cards only
    assert beside.at["copywriting", "self"] == 1.0 and beside.at["copywriting", "raters"] == 2
    listed = invitations.list_candidate_invitations(database, ana, vacancy_id, at=T0 + timedelta(hours=1))
    assert [(i.status, i.record.consent_text_version) for i in listed] == [("used", "2026-11-30.2/es")]
    assert listed[0].record.consented_at == T0 + timedelta(minutes=5)

    with pytest.raises(InvitationRefusedError) as again:
        invitations.submit_invitation(database, token, consent(), ANSWERS, framework, at=T0 + timedelta(hours=2))
    assert again.value.problems[0].code == "invitations.used"
    with pytest.raises(InvitationRefusedError) as reopened:
        invitations.open_invitation(database, token, at=T0 + timedelta(hours=2))
    assert reopened.value.status == "used"


def test_expired_revoked_and_unknown_links_are_refused_each_with_its_own_code(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    with database.transaction() as session:  # the import kept Ana's "self" rows as a self-assessment
        before = len(storage.list_self_assessments(session))
    short = token_of(invitations.create_candidate_invitation(database, ana, vacancy_id, BASE, days=1, at=T0).link)
    # open until 2026-12-02 09:00 exclusive
    invitations.open_invitation(database, short, at=T0 + timedelta(days=1) - timedelta(seconds=1))
    for token, at, status in [
        (short, T0 + timedelta(days=1), "expired"),
        ("x" * 43, T0, "unknown"),
        ("not a token", T0, "unknown"),
        ("", T0, "unknown"),
    ]:
        with pytest.raises(InvitationRefusedError) as refused:
            invitations.open_invitation(database, token, at=at)
        assert refused.value.problems[0].code == f"invitations.{status}"
        assert "Ana" not in refused.value.problems[0].message
    with pytest.raises(InvitationRefusedError):  # an expired link cannot be submitted either
        invitations.submit_invitation(database, short, consent(), ANSWERS, framework, at=T0 + timedelta(days=2))

    later = invitations.create_candidate_invitation(database, ana, vacancy_id, BASE, at=T0)
    assert invitations.revoke_invitation(database, later.record.id, at=T0 + timedelta(hours=1))
    assert not invitations.revoke_invitation(database, later.record.id)  # already revoked: nothing changes
    with pytest.raises(InvitationRefusedError) as revoked:
        invitations.submit_invitation(database, token_of(later.link), consent(), ANSWERS, framework, at=T0)
    assert revoked.value.status == "revoked"
    statuses = [i.status for i in invitations.list_candidate_invitations(database, ana, at=T0 + timedelta(days=3))]
    assert statuses == ["revoked", "expired"]  # newest first (same time: by id)
    with database.transaction() as session:  # refused links stored nothing
        assert len(storage.list_self_assessments(session)) == before


def test_the_token_is_stored_only_as_its_hmac(database, database_url, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    token = invite(database, ids["Marco Rossi"], vacancy_id)
    with database.transaction() as session:
        dump = repr([tuple(r) for r in session.execute(storage.Base.metadata.tables["invitations"].select())])
    assert token not in dump
    assert tokens.token_hash(b"k" * 40, token) in dump  # HMAC-SHA256 under SMM_EVAL_SECRET_KEY
    if database_url.startswith("sqlite:///"):  # the file itself, WAL included, never holds the token
        path = database_url.removeprefix("sqlite:///")
        for suffix in ("", "-wal"):
            try:
                raw = open(path + suffix, "rb").read()  # noqa: SIM115
            except FileNotFoundError:
                continue
            assert token.encode() not in raw


def test_the_hashes_are_compared_in_constant_time(database, framework, roles, monkeypatch):
    vacancy_id, ids = seeded(database, framework, roles)
    token = invite(database, ids["Marco Rossi"], vacancy_id)
    calls = []
    real = tokens.hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    invitations.open_invitation(database, token, at=T0)
    with pytest.raises(InvitationRefusedError):
        invitations.open_invitation(database, "y" * 43, at=T0)
    # both the match and the miss went through hmac.compare_digest
    assert len(calls) == 2 and calls[0][0] == calls[0][1] and calls[1][0] != calls[1][1]


def test_two_submissions_at_once_store_one_result(database, database_url, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    marco = ids["Marco Rossi"]
    token = token_of(invitations.create_candidate_invitation(database, marco, vacancy_id, BASE, at=T0).link)
    other = open_database(database_url)  # a second server process's handle
    barrier, outcomes = threading.Barrier(2), []

    def submit(handle) -> None:
        barrier.wait()
        try:
            outcomes.append(invitations.submit_invitation(handle, token, consent(), ANSWERS, framework, at=T0))
        except InvitationRefusedError as exc:
            outcomes.append(exc.status)

    threads = [threading.Thread(target=submit, args=(h,)) for h in (database, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert sorted(map(str, outcomes)) == ["2", "used"]
    with database.transaction() as session:
        stored = [r for r in storage.list_self_assessments(session) if r.candidate_id == marco]
    assert len(stored) == 1


def test_consent_and_answers_are_checked_before_the_link_is_used(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    token = invite(database, ids["Marco Rossi"], vacancy_id)
    with pytest.raises(InputError) as bad:
        invitations.submit_invitation(database, token, Consent(False, "en", T0), {"nope": 9}, framework, at=T0)
    assert [p.code for p in bad.value.problems] == ["invitations.no_consent", "invitations.answer"]
    with pytest.raises(InputError) as empty:
        invitations.submit_invitation(database, token, consent(), {}, framework, at=T0)
    assert [p.code for p in empty.value.problems] == ["invitations.no_answers"]
    with pytest.raises(InputError) as days:
        invitations.create_candidate_invitation(database, ids["Marco Rossi"], vacancy_id, BASE, days=91, at=T0)
    assert days.value.problems[0].code == "invitations.days"
    assert invitations.open_invitation(database, token, at=T0).kind == "candidate"  # still open


def test_a_team_member_rates_themselves_through_a_link(database, framework, roles):
    team_file = ROOT / "data" / "samples" / "team.csv"
    team_id, *_ = teams.import_team(database, "Content", team_file.read_bytes(), "team.csv", framework, roles)
    members = invitations.members_to_invite(database, team_id)
    anna = next(i for i, name in members.items() if name == "Anna")
    created = invitations.create_member_invitation(database, team_id, anna, BASE, at=T0)
    view = invitations.open_invitation(database, token_of(created.link), at=T0)
    assert (view.kind, view.title, view.role_id) == ("team_member", "Content", "smm_manager")
    invitations.submit_invitation(database, token_of(created.link), consent(), ANSWERS, framework, at=T0)
    ratings = teams.load_team(database, team_id).ratings
    mine = ratings[(ratings["person"] == "Anna") & (ratings["date"] == T0.date())]
    assert sorted(zip(mine["competency"], mine["level"], mine["kind"], strict=True)) == [
        ("brand_strategy", 3, "self"),
        ("copywriting", 1, "self"),
    ]
    assert [i.status for i in invitations.list_team_invitations(database, team_id, at=T0)] == ["used"]
    with pytest.raises(storage.NotFoundError):  # a member of another team (or none) cannot be invited
        invitations.create_member_invitation(database, team_id, 10_000, BASE, at=T0)


def test_only_the_granted_roles_create_list_and_revoke(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    handles = {}
    for name, role in (("Rita", Role.RECRUITER), ("Leo", Role.TEAM_LEAD), ("Ivo", Role.INTERVIEWER)):
        user = people.add_user(database, f"{name.lower()}@example.org", name, role)
        handles[name] = database.acting_as(Actor(user.id, name, role))
    recruiter, lead, interviewer = handles["Rita"], handles["Leo"], handles["Ivo"]
    created = invitations.create_candidate_invitation(recruiter, ana, vacancy_id, BASE, at=T0)
    assert created.record.created_by == "Rita"
    for handle in (lead, interviewer):
        with pytest.raises(AccessDeniedError):
            invitations.create_candidate_invitation(handle, ana, vacancy_id, BASE, at=T0)
        with pytest.raises(AccessDeniedError):
            invitations.list_candidate_invitations(handle, ana)
        with pytest.raises(AccessDeniedError):
            invitations.revoke_invitation(handle, created.record.id)
        with pytest.raises(AccessDeniedError):
            invitations.members_to_invite(interviewer, 1)
    # the invitee needs no role: the link is the permission
    as_invitee = database.acting_as(invitations.INVITEE)
    assert invitations.open_invitation(as_invitee, token_of(created.link), at=T0).title == "SMM lead"
