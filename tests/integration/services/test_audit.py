"""The audit trail for admins: listed newest first with filters and pages, exported as guarded CSV,
refused to other roles; the `audit export` command (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from smm_eval import storage
from smm_eval.access import AccessDeniedError, Actor, Role
from smm_eval.schemas import CandidateInput
from smm_eval.services import audit
from smm_eval.storage.audit import record

from ..storage._samples import run_cli

RECRUITER = Actor(3, "Rita", Role.RECRUITER, "user")


def add_unattached(database, data: CandidateInput) -> None:
    """Rita adds a candidate to no vacancy (the storage call: the service asks recruiters for one of
    their vacancies), so the trail holds exactly one event of hers."""
    with database.acting_as(RECRUITER).transaction() as session:
        storage.add_candidate(session, data, None)


def test_only_admins_read_the_trail(database):
    for role in (Role.RECRUITER, Role.INTERVIEWER, Role.TEAM_LEAD, None):
        db = database.acting_as(Actor(9, "someone", role, "user"))
        for call in (audit.list_events, audit.export_events, audit.actor_names):
            with pytest.raises(AccessDeniedError) as refused:
                call(db)
            assert refused.value.problem.code == "access.denied"


def test_events_are_listed_newest_first_filtered_and_paged(database):
    add_unattached(database, CandidateInput(name="Ana=1+1"))  # a candidate event
    with database.transaction() as session:
        for n in range(3):
            record(session, "team", n + 1, "import", None, {"name": f"=team {n}"})
    page = audit.list_events(database, limit=2)
    # Same second: ties go to the latest appended, so team 3, then team 2.
    assert page.total == 4 and list(page.events["entity_id"]) == [3, 2]
    assert list(audit.list_events(database, limit=2, offset=2).events["entity_id"]) == [1, 1]
    rita = audit.list_events(database, audit.EventFilter(actor_name="Rita"))
    assert (rita.total, list(rita.events["entity"]), list(rita.events["actor_user_id"])) == (1, ["candidate"], [3])
    teams = audit.list_events(database, audit.EventFilter(entity="team"))
    assert teams.total == 3
    today = datetime.now(UTC).date()
    assert audit.list_events(database, audit.EventFilter(since=today, until=today)).total == 4
    assert audit.list_events(database, audit.EventFilter(until=today - timedelta(days=1))).total == 0
    assert audit.actor_names(database) == ["Rita", "command line"]


def test_the_export_is_guarded_csv_with_json_values(database):
    add_unattached(database, CandidateInput(name="Ana", source="=HYPERLINK(1)"))
    data = audit.export_events(database)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == audit.COLUMNS
    [row] = rows
    assert (row["actor_name"], row["actor_kind"], row["entity"], row["action"]) == (
        "Rita",
        "user",
        "candidate",
        "create",
    )
    assert row["old_values"] == "" and datetime.fromisoformat(row["at"]).tzinfo is not None
    # The JSON text starts with "{": nothing to guard; a value inside it is JSON, not a formula.
    assert json.loads(row["new_values"])["source"] == "=HYPERLINK(1)"
    assert json.loads(row["new_values"])["name"] == audit.WITHHELD


def test_the_audit_export_command(database_url, tmp_path):
    assert run_cli(database_url, "import", str(_sample()), "--vacancy", "V", "--role", "smm_manager").returncode == 0
    out = tmp_path / "audit.csv"
    done = run_cli(database_url, "audit", "export", "-o", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["actor_name"], r["entity"], r["action"]) for r in rows] == [
        ("command line", "vacancy", "create"), ("command line", "ratings", "import"),
    ]  # fmt: skip
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    piped = run_cli(database_url, "audit", "export")
    assert piped.stdout.splitlines()[0] == ",".join(audit.COLUMNS)


def _sample():
    from ..storage._samples import SAMPLES

    return SAMPLES / "interview_ratings.csv"
