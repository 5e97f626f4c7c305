"""Issue 18, finding 1: a stale save is refused with who saved in between and when (from the audit
trail), never silently dropped or silently overwriting. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from smm_eval import storage
from smm_eval.access import Actor, Role
from smm_eval.i18n import Messages
from smm_eval.recruiting import vacancy_from_role
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services.candidates import save_scorecard

LEAD = Actor(None, "Marta Lead", Role.ADMIN, "cli")  # an actor with a name the trail records


def _card(database, framework, roles) -> ScorecardInput:
    with database.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("Analyst", roles["smm_analyst"]), framework, roles)
        candidate = storage.add_candidate(session, CandidateInput(name="Ana"), vacancy.id)
    return ScorecardInput(candidate_id=candidate.id, vacancy_id=vacancy.id, rater="Irina", levels={"copywriting": 2})


def _levels(database, vacancy_id: int) -> list[int]:
    with database.transaction() as session:
        return storage.scorecards_frame(session, vacancy_id)["level"].tolist()


def test_second_new_scorecard_is_refused_naming_who_and_when(database, framework, roles):
    card = _card(database, framework, roles)
    first = database.acting_as(LEAD)
    before = datetime.now(UTC).replace(microsecond=0)
    save_scorecard(first, card, framework, None)  # session one submits (new)
    with pytest.raises(storage.ConflictError) as refused:  # session two also started from "none yet"
        save_scorecard(database, card.model_copy(update={"levels": {"copywriting": 4}}), framework, None)
    assert refused.value.who == "Marta Lead"
    assert refused.value.when is not None and before <= refused.value.when <= datetime.now(UTC)
    assert _levels(database, card.vacancy_id) == [2]  # the first save stands, the second is not mixed in
    problem = refused.value.problem
    assert (problem.code, problem.params["who"]) == ("locking.changed", "Marta Lead")
    when = Messages("es").date_time(refused.value.when)  # "30 de noviembre de 2026, 14:05" (issue 15)
    assert Messages("es").problem(problem) == (
        f"No se guardó: Marta Lead guardó una versión más reciente el {when} (UTC), después de que usted la abriera."
    )


def test_stale_scorecard_edit_is_refused_naming_who(database, framework, roles):
    card = _card(database, framework, roles)
    save_scorecard(database, card, framework, None)  # version 1, by the command line
    save_scorecard(database.acting_as(LEAD), card.model_copy(update={"levels": {"copywriting": 3}}), framework, 1)
    with pytest.raises(storage.ConflictError, match="saved by Marta Lead") as refused:  # also edits from 1
        save_scorecard(database, card.model_copy(update={"levels": {"copywriting": 4}}), framework, 1)
    assert refused.value.who == "Marta Lead"
    assert _levels(database, card.vacancy_id) == [3]


def test_personal_user_has_no_name_so_the_card_names_its_rater(database, framework, roles):
    from smm_eval.access import PERSONAL

    card = _card(database, framework, roles)
    personal = database.acting_as(PERSONAL)
    save_scorecard(personal, card, framework, None)
    with pytest.raises(storage.ConflictError) as refused:
        save_scorecard(personal, card, framework, None)
    assert refused.value.who == "Irina"  # the card's rater: the personal user's events carry no name


def _dataset(database, roles, name: str) -> int:
    from benchmarks.generators import generate_observations
    from smm_eval.salary import fit_salary_model

    observations = generate_observations({("middle", "moscow"): 100_000}, per_cell=60)
    with database.transaction() as session:
        return storage.save_salary_dataset(session, name, observations, fit_salary_model(observations, tuple(roles))).id


def test_stale_salary_dataset_rename_and_delete_are_refused(database, roles):
    from smm_eval.services.salary import list_datasets
    from smm_eval.services.salary_data import delete_dataset, rename_dataset

    dataset_id = _dataset(database, roles, "Q3")
    [seen] = list_datasets(database)  # both sessions see version 1
    assert seen.version == 1
    rename_dataset(database.acting_as(LEAD), dataset_id, "Q3 market", seen.version)  # now version 2
    with pytest.raises(storage.ConflictError, match="changed by Marta Lead at") as refused:
        rename_dataset(database, dataset_id, "Q3 Moscow", seen.version)
    assert refused.value.who == "Marta Lead"
    with pytest.raises(storage.ConflictError):  # a delete confirmed on what was seen before the rename
        delete_dataset(database, dataset_id, seen.version)
    assert [(d.name, d.version) for d in list_datasets(database)] == [("Q3 market", 2)]  # neither happened
    delete_dataset(database, dataset_id, 2)  # from the version as it is now
    assert list_datasets(database) == []


def test_import_into_a_team_changed_since_it_was_seen_is_refused(database, framework, roles):
    from smm_eval.services.teams import import_team, team_versions
    from tests.conftest import ROOT

    data = (ROOT / "data" / "samples" / "team.csv").read_bytes()
    assert team_versions(database) == {}  # both users see no team "Content"
    import_team(database.acting_as(LEAD), "Content", data, "team.csv", framework, roles, 0)
    assert team_versions(database) == {"Content": 1}
    with pytest.raises(storage.ConflictError) as refused:  # the second user still thinks it is new
        import_team(database, "Content", data, "team.csv", framework, roles, 0)
    assert refused.value.who == "Marta Lead"
    assert team_versions(database) == {"Content": 1}  # nothing added by the refused import


def test_conflict_names_who_in_both_languages_with_the_name_escaped():
    from pages._conflict import conflict_text, saved_by

    exc = storage.ConflictError("stale", "**Marta**", datetime(2026, 11, 30, 10, 4, tzinfo=UTC))
    assert (
        saved_by(Messages("en"), exc) == r" Last saved by \*\*Marta\*\* at November 30, 2026, 10:04 (UTC)."
    )  # Babel long date (issue 15)
    assert conflict_text(Messages("es"), exc) == (
        r"No se guardó: \*\*Marta\*\* guardó una versión más reciente el 30 de noviembre de 2026, 10:04 (UTC), "
        "después de que usted la abriera."
    )
    nobody = storage.ConflictError("stale")
    assert saved_by(Messages("en"), nobody) == ""
    assert conflict_text(Messages("en"), nobody) == "Not saved: someone else saved a newer version after you opened it."
