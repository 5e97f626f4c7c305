"""A candidate's data lifecycle on a real database (SQLite and PostgreSQL): export one candidate,
erase one (then nothing of them is left in any table, export or backup), and the retention rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text, update

from smm_eval import storage
from smm_eval.access import Actor, Role
from smm_eval.errors import InputError
from smm_eval.schemas import ScorecardInput
from smm_eval.services import candidates, invitations, lifecycle, recruiting
from smm_eval.services.assessment import keep_self_assessment
from smm_eval.services.drafts import Draft, keep_draft
from smm_eval.services.invitations import InvitationRefusedError

from .test_candidate_file import seeded

# candidates.csv: Ana Morales, ana.morales@example.com, referral, 65000, "Runs two brand accounts today".
ANA = ("Ana Morales", "ana.morales@example.com", "Runs two brand accounts today")
EVIDENCE = "Ana rebuilt the Morales bakery feed"  # typed below, on a scorecard
DRAFT_TEXT = "draft about Ana Morales"
UNLINKED_LABEL = "ana  MORALES"  # a stored self-assessment labelled with her name, not attached


def seed_with_text(database, framework, roles) -> tuple[int, int]:
    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    card = ScorecardInput(
        candidate_id=ana, vacancy_id=vacancy_id, rater="Cy", levels={"copywriting": 3},
        evidence={"copywriting": EVIDENCE}, notes="Met Ana Morales in person",
    )  # fmt: skip
    candidates.save_scorecard(database, card, framework, None)
    keep_draft(database, vacancy_id, ana, "Dee", Draft(levels={"copywriting": 2}, evidence={"copywriting": DRAFT_TEXT}))
    keep_self_assessment(database, UNLINKED_LABEL, None, {"copywriting": 2})
    candidates.set_stages(database, [_move(database, vacancy_id, ana, "screening")])
    return vacancy_id, ana


def _move(database, vacancy_id, candidate_id, stage) -> candidates.StageChange:
    apps = candidates.applications(database, vacancy_id).set_index("candidate_id")
    row = apps.loc[candidate_id]
    return candidates.StageChange(int(row["application_id"]), int(row["application_version"]), stage)


def every_text(database) -> str:
    """Every row of every table the database holds (drafts, users and Alembic's included), as text."""
    with database.transaction() as session:
        names = inspect(session.get_bind()).get_table_names()
        rows = [str(tuple(r)) for name in names for r in session.execute(text(f'SELECT * FROM "{name}"'))]  # noqa: S608
    return "\n".join(rows).casefold()


def test_the_export_holds_everything_about_one_candidate(database, framework, roles):
    seed_with_text(database, framework, roles)
    document = lifecycle.export_candidate(database, "  ana   MORALES ")  # by name, as the imports match
    assert document == lifecycle.export_candidate(database, "c0001") | {"exported_at": document["exported_at"]}
    person = document["candidate"]
    assert (person["code"], person["name"], person["contact"], person["notes"]) == ("C0001", *ANA[:2], ANA[2])
    (application,) = document["applications"]
    assert application["vacancy"] == "SMM lead" and application["stage"] == "screening"
    # The attach (None -> new), then the move new -> screening.
    assert [(m["from_stage"], m["to_stage"]) for m in application["stage_history"]] == [
        (None, "new"), ("new", "screening"),
    ]  # fmt: skip
    # interview_ratings.csv rates Ana by "lead" and "hr" (25 competencies each); Cy rated one, with evidence.
    cards = {c["rater"]: c for c in application["scorecards"]}
    assert sorted(cards) == ["Cy", "hr", "lead"] and len(cards["lead"]["items"]) == 25
    assert cards["Cy"]["items"] == [{"competency": "copywriting", "level": 3, "evidence": EVIDENCE}]
    assert application["drafts"][0]["rater"] == "Dee"
    # Her self-ratings of the import (attached) and the unattached one labelled with her name.
    assert len(document["self_assessments"]) == 2
    json.dumps(document)  # JSON-ready as it is


def test_a_blind_export_has_no_name_contact_or_free_text(database, framework, roles):
    seed_with_text(database, framework, roles)
    blob = lifecycle.export_candidate_json(database, "C0001", blind=True).casefold()
    for secret in (*ANA, EVIDENCE, DRAFT_TEXT, "ana morales", "morales"):
        assert secret.casefold() not in blob, secret
    assert '"code": "c0001"' in blob


def test_an_erased_candidate_is_gone_from_every_table_export_and_backup(database, framework, roles, monkeypatch):
    vacancy_id, ana = seed_with_text(database, framework, roles)
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "k" * 40)
    link = invitations.create_candidate_invitation(database, ana, vacancy_id, "http://app.example.org/").link
    token = link.split("?invite=")[1]
    assert invitations.open_invitation(database, token).kind == "candidate"
    assert len(lifecycle.export_candidate(database, "C0001")["invitations"]) == 1
    assert "morales" in every_text(database)  # the check below can fail
    erased = lifecycle.erase_candidate(database, "C0001")
    assert (erased.candidate_id, erased.code) == (ana, "C0001")
    # 3 scorecards (lead, hr: 25 items each; Cy: 1), 1 draft, 2 self-assessments, 1 application, 2 stage changes.
    assert dict(erased.removed) == {
        "stage_changes": 2, "scorecard_items": 51, "scorecards": 3, "scorecard_drafts": 1,
        "self_assessments": 2, "invitations": 1, "applications": 1,
    }  # fmt: skip
    with pytest.raises(InvitationRefusedError) as gone:  # the open link no longer writes anywhere
        invitations.open_invitation(database, token)
    assert gone.value.problems[0].code == "invitations.unknown"
    assert "morales" not in json.dumps(erased.audit_details()).casefold()
    dump = every_text(database)
    for secret in (*ANA, EVIDENCE, DRAFT_TEXT, "Met Ana", "morales", "65000"):
        assert secret.casefold() not in dump, secret
    assert "morales" not in candidates.backup_json(database).casefold()
    if database.url.startswith("sqlite"):  # nor in the file's free pages or its write-ahead log
        path = Path(database.url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
        for secret in (ANA[1], EVIDENCE, DRAFT_TEXT):
            assert secret.encode() not in raw, secret
    inputs = recruiting.load_vacancy(database, vacancy_id)
    assert "C0001" not in set(inputs.applications["code"]) and "C0001" not in set(inputs.ratings["person"])
    report = recruiting.rank_vacancy(database, "SMM lead", framework)
    assert "Ana Morales" not in set(report.table["candidate"])
    tombstone = lifecycle.export_candidate(database, "C0001")
    assert tombstone["candidate"]["name"] == "C0001" and tombstone["applications"] == []
    with pytest.raises(InputError) as again:
        lifecycle.erase_candidate(database, "C0001")
    assert again.value.problems[0].code == "lifecycle.already_erased"


def test_erasing_needs_the_code_and_an_admin(database, framework, roles):
    seed_with_text(database, framework, roles)
    with pytest.raises(InputError) as by_name:
        lifecycle.erase_candidate(database, "Ana Morales")  # a name could be somebody else's
    assert by_name.value.problems[0].code == "lifecycle.unknown_candidate"
    recruiter = database.acting_as(Actor(user_id=2, name="Rae", role=Role.RECRUITER, kind="user"))
    with pytest.raises(PermissionError):
        lifecycle.erase_candidate(recruiter, "C0001")
    with pytest.raises(PermissionError):
        lifecycle.apply_retention(recruiter, 12)
    assert lifecycle.export_candidate(recruiter, "C0001")["candidate"]["code"] == "C0001"


def test_retention_anonymises_only_candidates_untouched_for_n_months(database, framework, roles):
    seed_with_text(database, framework, roles)
    today = datetime(2030, 6, 15, 12, tzinfo=UTC)
    old = datetime(2029, 1, 10, tzinfo=UTC)  # 17 months before `today`
    with database.transaction() as session:  # everyone's every record dated `old` but Ana's scorecard of Cy
        session.execute(update(storage.Candidate).values(created_at=old))
        session.execute(update(storage.StageChangeRecord).values(changed_at=old))
        session.execute(update(storage.Scorecard).values(submitted_at=old))
        session.execute(update(storage.ScorecardDraft).values(saved_at=old))
        session.execute(update(storage.SelfAssessmentRecord).values(saved_at=old))
        cy = session.scalar(select(storage.Scorecard).where(storage.Scorecard.rater == "Cy"))
        cy.submitted_at = today - timedelta(days=30)  # Ana was scored a month ago
        everyone = sorted(session.scalars(select(storage.Candidate.code)))
    # 12 months before 2030-06-15 12:00 is 2029-06-15 12:00: every candidate but Ana is older.
    dry = lifecycle.apply_retention(database, 12, dry_run=True, today=today)
    assert dry.cutoff == datetime(2029, 6, 15, 12, tzinfo=UTC) and not dry.applied
    assert [c.code for c in dry.candidates] == [c for c in everyone if c != "C0001"]
    assert lifecycle.export_candidate(database, "C0002")["candidate"]["name"] == "Lucía Fernández"  # dry: unchanged
    done = lifecycle.apply_retention(database, 12, today=today)
    assert done.applied and [c.code for c in done.candidates] == [c.code for c in dry.candidates]
    lucia = lifecycle.export_candidate(database, "C0002")
    assert (lucia["candidate"]["name"], lucia["candidate"]["contact"], lucia["candidate"]["notes"]) == ("C0002", "", "")
    items = [i for c in lucia["applications"][0]["scorecards"] for i in c["items"]]
    assert items and all(i["evidence"] == "" for i in items)  # evidence cleared, levels kept
    assert "lucía" not in every_text(database) and "+34 600 000 001" not in every_text(database)
    ranked = recruiting.rank_vacancy(database, "SMM lead", framework).table
    assert "C0002" in set(ranked["candidate"])  # scores kept for statistics, under the code
    assert lifecycle.apply_retention(database, 12, dry_run=True, today=today).candidates == ()  # done once
    assert lifecycle.export_candidate(database, "C0001")["candidate"]["name"] == "Ana Morales"
    with pytest.raises(InputError):
        lifecycle.apply_retention(database, 0, today=today)


def test_blind_exports_leave_out_names_contacts_and_free_text(database, framework, roles):
    vacancy_id, _ = seed_with_text(database, framework, roles)
    inputs = recruiting.load_vacancy(database, vacancy_id)
    evaluation = recruiting.evaluate_inputs(inputs, framework)
    named = candidates.candidate_exports(database, vacancy_id, inputs.applications, evaluation, blind=False)
    assert EVIDENCE in set(named.scorecards["evidence"]) and ANA[2] in set(named.candidates["notes"])  # can fail
    blind = candidates.candidate_exports(database, vacancy_id, inputs.applications, evaluation, blind=True)
    assert {"name", "contact", "notes"}.isdisjoint(blind.candidates.columns)
    assert {"evidence", "notes"}.isdisjoint(blind.scorecards.columns) and "name" not in blind.profiles.columns
    text = "".join(frame.to_csv() for frame in (blind.candidates, blind.scorecards, blind.profiles)).casefold()
    for secret in (*ANA, EVIDENCE, "morales", "lucía", "+34 600 000 001"):
        assert secret.casefold() not in text, secret
