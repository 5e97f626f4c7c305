"""The audit trail: every kind of change leaves exactly its event (who, what, old and new values),
in the change's own transaction; the database refuses to update or delete an event; backups carry
the trail and a restore appends its own event. The same tests on SQLite and on PostgreSQL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from smm_eval import storage
from smm_eval.access import PERSONAL, Actor, Identity, Role
from smm_eval.errors import InputError
from smm_eval.recruiting import vacancy_from_role
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.storage import ConflictError, head_revision, open_database
from smm_eval.storage.audit import WITHHELD, AnonymousChangeError, record
from smm_eval.storage.users import add_user, sign_in_user, update_user

from ._samples import SAMPLES, import_sample

RECRUITER = Actor(7, "Rita Recruiter", Role.RECRUITER, "user")
CHANGE = ("entity", "entity_id", "action", "old_values", "new_values")


def events(db) -> list[storage.AuditEvent]:
    """Every event, in the order appended (the list itself is by time, newest first: a restore's
    events keep their older times)."""
    with db.transaction() as session:
        rows, total = storage.list_events(session)
    assert total == len(rows)
    return sorted(rows, key=lambda e: e.id)


def what(event) -> tuple:
    return tuple(getattr(event, field) for field in CHANGE)


def test_vacancy_candidate_stage_and_scorecard_changes_each_leave_their_event(database, framework, roles):
    db = database.acting_as(RECRUITER)
    spec = vacancy_from_role("SMM lead", roles["smm_manager"])
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, spec, framework, roles)
    [created] = events(database)
    assert (created.actor_user_id, created.actor_name, created.actor_kind) == (7, "Rita Recruiter", "user")
    assert what(created)[:4] == ("vacancy", vacancy.id, "create", None)
    assert created.new_values["title"] == "SMM lead" and created.new_values["status"] == "open"
    # An edit records only the fields that changed, old and new.
    with db.transaction() as session:
        storage.update_vacancy(
            session, vacancy.id, 1, spec.model_copy(update={"budget_max": 120_000}), framework, roles
        )
    assert what(events(database)[-1]) == ("vacancy", vacancy.id, "update", {"budget_max": None}, {"budget_max": 120000})
    # Saving it unchanged is no change: no event.
    with db.transaction() as session:
        storage.update_vacancy(
            session, vacancy.id, 2, spec.model_copy(update={"budget_max": 120_000}), framework, roles
        )
    assert len(events(database)) == 2
    person = CandidateInput(name="Ana Morales", contact="ana@example.org", notes="met at a fair", source="referral")
    with db.transaction() as session:
        candidate = storage.add_candidate(session, person, vacancy.id)
        application = storage.application_of(session, candidate.id, vacancy.id)
        storage.set_stage(session, application.id, 1, "interview")
    added, attached, moved = events(database)[2:]
    # Name, contact and notes are withheld; the code, source and salary basis are kept.
    assert what(added)[:4] == ("candidate", candidate.id, "create", None)
    assert added.new_values == {
        "code": "C0001", "name": WITHHELD, "contact": WITHHELD, "source": "referral", "notes": WITHHELD,
        "expected_salary": None, "expected_currency": "RUB", "expected_gross_net": "gross",
    }  # fmt: skip
    new = {"candidate_id": candidate.id, "vacancy_id": vacancy.id, "stage": "new"}
    assert what(attached) == ("application", application.id, "create", None, new)
    assert what(moved) == ("application", application.id, "stage", {"stage": "new"}, {"stage": "interview"})
    card = ScorecardInput(
        candidate_id=candidate.id, vacancy_id=vacancy.id, rater="Pavel", levels={"copywriting": 3},
        evidence={"copywriting": "wrote the launch posts"}, recommendation="yes", notes="strong",
    )  # fmt: skip
    with db.transaction() as session:
        scorecard = storage.save_scorecard(session, card, framework, None)
    submitted = events(database)[-1]
    assert what(submitted) == ("scorecard", scorecard.id, "submit", None, {
        "candidate_id": candidate.id, "vacancy_id": vacancy.id, "rater": "Pavel", "recommendation": "yes",
        "qualities": [], "red_flags": [], "levels": {"copywriting": 3}, "evidence": WITHHELD, "notes": WITHHELD,
    })  # fmt: skip
    edited = card.model_copy(update={"levels": {"copywriting": 4}, "recommendation": "strong_yes"})
    with db.transaction() as session:
        storage.save_scorecard(session, edited, framework, 1)
    old = {"recommendation": "yes", "levels": {"copywriting": 3}}
    new = {"recommendation": "strong_yes", "levels": {"copywriting": 4}}
    assert what(events(database)[-1]) == ("scorecard", scorecard.id, "update", old, new)
    assert len(events(database)) == 7


def test_a_refused_or_failed_change_leaves_no_event(database, framework, roles):
    spec = vacancy_from_role("SMM lead", roles["smm_manager"])
    with database.transaction() as session:
        vacancy = storage.create_vacancy(session, spec, framework, roles)
    with pytest.raises(ConflictError), database.transaction() as session:  # version 1 is gone after this edit
        storage.update_vacancy(session, vacancy.id, 1, spec.model_copy(update={"status": "paused"}), framework, roles)
        storage.update_vacancy(session, vacancy.id, 1, spec.model_copy(update={"status": "closed"}), framework, roles)
    with pytest.raises(InputError), database.transaction() as session:  # the second add is refused: both undone
        storage.add_candidate(session, CandidateInput(name="Eva"))
        storage.add_candidate(session, CandidateInput(name="eva"))
    assert [what(e)[:3] for e in events(database)] == [("vacancy", vacancy.id, "create")]


def test_no_change_without_an_actor(database):
    with database.transaction() as session:
        session.info.pop("actor")
        with pytest.raises(AnonymousChangeError):
            storage.save_self_assessment(session, "Ana", None, {"copywriting": 2})
    assert events(database) == []


def test_the_database_refuses_to_update_or_delete_an_event(database):
    with database.transaction() as session:
        record(session, "workspace", None, "restore", None, {"source": "x.json"})
    for statement in ("UPDATE audit_events SET actor_name = 'someone else'", "DELETE FROM audit_events"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), database.engine.begin() as connection:
            connection.execute(sa.text(statement))
    if database.url.startswith("postgresql"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), database.engine.begin() as connection:
            connection.execute(sa.text("TRUNCATE audit_events"))
    [kept] = events(database)
    assert (kept.actor_name, kept.new_values) == ("command line", {"source": "x.json"})


def test_imports_record_one_event_with_counts(database, framework, roles):
    from smm_eval.files.team_file import read_team

    summary = import_sample(database, framework, roles)
    trail = events(database)
    # The vacancy the import created, then the import itself: not one event per rating or candidate.
    assert [what(e)[:3] for e in trail] == [("vacancy", 1, "create"), ("ratings", 1, "import")]
    with database.transaction() as session:
        # The answered levels held: one character other than '-' per rating (storage.levels).
        items = sum(len(t) - t.count("-") for t in session.scalars(sa.select(storage.Scorecard.levels)))
    assert trail[1].new_values == {
        "source": "ratings", "vacancy_title": "SMM manager", "vacancy_created": True, "candidates_created": 4,
        "candidates_existing": 0, "scorecards": 8, "ratings": items, "self_assessments": 1,
    }  # fmt: skip
    assert summary.ratings == items
    team = read_team((SAMPLES / "team.csv").read_bytes(), "team.csv", framework, roles)
    with database.transaction() as session:
        team_id = storage.import_team(session, "Content team", team.roles, team.ratings).id
    # team.csv: 4 members (Anna, Boris, Carmen, Dmitri) and 250 ratings (tests/integration/storage/test_teams.py).
    new = {"name": "Content team", "team_created": True, "members_added": 4, "ratings": 250}
    assert what(events(database)[-1]) == ("team", team_id, "import", None, new)


def test_users_self_assessments_and_salary_datasets_are_audited(database, roles):
    from benchmarks.generators import generate_observations
    from smm_eval.salary import fit_salary_model

    identity = Identity("http://127.0.0.1:9000", "sub-1", "ana@example.org", "Ana", True)
    with database.transaction() as session:
        ana = sign_in_user(session, identity)
        sign_in_user(session, identity)  # an ordinary sign-in changes nothing: no event
        ivan = add_user(session, "ivan@example.org", "Ivan", None)
        update_user(session, ivan.id, 1, Role.INTERVIEWER, True)
        sign_in_user(session, Identity("http://127.0.0.1:9000", "sub-2", "ivan@example.org", "Ivan P.", True))
        saved = storage.save_self_assessment(session, "Ana Morales", "smm_manager", {"copywriting": 2})
        storage.delete_self_assessment(session, saved.id)
    observations = generate_observations({("middle", "moscow"): 100000}, per_cell=80)
    with database.acting_as(PERSONAL).transaction() as session:
        dataset = storage.save_salary_dataset(
            session, "October", observations, fit_salary_model(observations, tuple(roles))
        )
        storage.rename_salary_dataset(session, dataset.id, "November")
        storage.delete_salary_dataset(session, dataset.id)
    trail = events(database)
    first = trail[0]  # the first sign-in is done by the user themselves
    assert (first.actor_user_id, first.actor_name, first.actor_kind) == (ana.id, "Ana", "user")
    assert what(first) == ("user", ana.id, "create", None, {
        "email": "ana@example.org", "name": "Ana", "role": None, "active": True, "signed_in": True,
    })  # fmt: skip
    assert what(trail[1])[:3] == ("user", ivan.id, "create") and trail[1].actor_kind == "cli"
    assert what(trail[2]) == ("user", ivan.id, "update", {"role": None}, {"role": "interviewer"})
    # Ivan's first sign-in claims the row the admin added: recorded as done by Ivan, with his new name.
    claimed = trail[3]
    assert (claimed.actor_user_id, claimed.actor_name, claimed.actor_kind) == (ivan.id, "Ivan P.", "user")
    assert what(claimed) == (
        "user", ivan.id, "update", {"name": "Ivan", "signed_in": False}, {"name": "Ivan P.", "signed_in": True}
    )  # fmt: skip
    answers = {"candidate_id": None, "label": WITHHELD, "role_id": "smm_manager", "answers": {"copywriting": 2}}
    assert what(trail[4]) == ("self_assessment", saved.id, "create", None, answers)
    assert what(trail[5]) == ("self_assessment", saved.id, "delete", answers, None)
    rows = len(observations)
    assert [(e.actor_kind, *what(e)) for e in trail[6:]] == [
        ("personal", "salary_dataset", dataset.id, "create", None,
         {"name": "October", "currency": "RUB", "rows": rows, "digest": None}),
        ("personal", "salary_dataset", dataset.id, "update", {"name": "October"}, {"name": "November"}),
        ("personal", "salary_dataset", dataset.id, "delete",
         {"name": "November", "currency": "RUB", "rows": rows}, None),
    ]  # fmt: skip


def test_backups_carry_the_trail_and_a_restore_appends_its_event(database, framework, roles, tmp_path, request):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        document = json.loads(json.dumps(storage.backup(session, head_revision())))
    assert [(e["entity"], e["action"]) for e in document["audit"]] == [("vacancy", "create"), ("ratings", "import")]
    assert "id" not in document["audit"][0] and "audit_events" not in document["tables"]
    if database.url.startswith("sqlite"):
        target = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    else:
        target = open_database(request.getfixturevalue("postgres_server").new_database())
    with target.acting_as(RECRUITER).transaction() as session:
        record(session, "user", 1, "create", None, {"name": "first admin"})  # history before the restore
    with target.transaction() as session:  # a workspace whose only rows are its history is empty
        counts = storage.restore(session, document, source="monday.json")
    trail = events(target)
    assert [(e.entity, e.action) for e in trail] == [
        ("user", "create"),
        ("vacancy", "create"),
        ("ratings", "import"),
        ("workspace", "restore"),
    ]
    assert [e.at.isoformat() if e.at.tzinfo else e.at.isoformat() + "+00:00" for e in trail[1:3]] == [
        e["at"] for e in document["audit"]
    ]  # the restored events keep their times
    assert trail[-1].new_values == {"source": "monday.json", **counts, "audit_events": 2}
    assert trail[-1].actor_kind == "cli"
    target.dispose()


def test_invitations_assignments_and_erasure_leave_events_without_names(database, framework, roles, monkeypatch):
    """The changes merged from the other parts of issue 16 are on the trail too: an invitation made,
    used and revoked, an interviewer assigned and unassigned, a candidate erased (code only)."""
    from smm_eval.access import Role
    from smm_eval.services import assignments, invitations, lifecycle, people
    from smm_eval.services import audit as audit_service
    from smm_eval.services.invitations import INVITEE, Consent

    from ..services.test_candidate_file import seeded

    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "k" * 40)
    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    ivan = people.add_user(database, "ivan@example.org", "Ivan", Role.INTERVIEWER)
    assignments.assign_interviewers(database, vacancy_id, ana, [ivan.id])
    assignments.assign_interviewers(database, vacancy_id, ana, [])
    link = invitations.create_candidate_invitation(database, ana, vacancy_id, "http://x.example/").link
    token = link.split("?invite=")[1]
    invitations.submit_invitation(
        database.acting_as(INVITEE), token, Consent(True, "en", storage.now()), {"copywriting": 2}, framework
    )
    second = invitations.create_candidate_invitation(database, ana, vacancy_id, "http://x.example/")
    invitations.revoke_invitation(database, second.record.id)
    lifecycle.erase_candidate(database, "C0001")
    events = audit_service.list_events(database, audit_service.EventFilter(), limit=200).events.iloc[::-1]
    kinds = [(e.entity, e.action, e.actor_name) for e in events.itertuples() if e.entity in ("assignment", "invitation")
             or e.action == "erase"]  # fmt: skip
    assert kinds == [
        ("assignment", "assign", "command line"), ("assignment", "unassign", "command line"),
        ("invitation", "create", "command line"), ("invitation", "use", "invitation link"),
        ("invitation", "create", "command line"), ("invitation", "revoke", "command line"),
        ("candidate", "erase", "command line"),
    ]  # fmt: skip
    erase = next(e for e in events.itertuples() if e.action == "erase")
    assert erase.new_values["code"] == "C0001" and erase.new_values["invitations"] == 2
    trail = audit_service.export_events(database, audit_service.EventFilter()).decode("utf-8-sig").casefold()
    assert "morales" not in trail
