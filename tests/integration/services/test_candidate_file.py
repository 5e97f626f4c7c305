"""A candidate's file and the stored self-assessments, on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from smm_eval import storage
from smm_eval.services import assessment, candidate_file
from smm_eval.services.candidates import import_candidates, read_import
from smm_eval.services.recruiting import find_vacancy_id

from ...conftest import ROOT

SAMPLES = ROOT / "data" / "samples"


def seeded(database, framework, roles) -> tuple[int, dict[str, int]]:
    files = read_import(
        ((SAMPLES / "interview_ratings.csv").read_bytes(), "interview_ratings.csv"),
        ((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv"),
        framework,
    )
    import_candidates(database, "SMM lead", "smm_manager", files, framework, roles)
    with database.transaction() as session:
        ids = {c.name: c.id for c in session.query(storage.Candidate)}
    return find_vacancy_id(database, "SMM lead"), ids


def test_scorecards_stay_hidden_until_the_viewer_submitted(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    # interview_ratings.csv: Ana is rated by "lead" and "hr", 25 competencies each; "self" is kept apart.
    hidden = candidate_file.candidate_file(database, vacancy_id, ana, "Cy", blind=False)
    assert hidden.scorecards.empty and hidden.hidden_raters == 2 and not hidden.viewer_submitted
    nobody = candidate_file.candidate_file(database, vacancy_id, ana, "", blind=False)
    assert nobody.scorecards.empty and nobody.hidden_raters == 2
    lead = candidate_file.candidate_file(database, vacancy_id, ana, " lead ", blind=False)
    assert lead.viewer_submitted and lead.hidden_raters == 0
    assert sorted(lead.scorecards["rater"].unique()) == ["hr", "lead"] and len(lead.scorecards) == 50
    profile = lead.profile
    # candidates.csv: Ana Morales, ana.morales@example.com, referral, 65000 (RUB, gross: the defaults).
    assert (profile.name, profile.contact, profile.source) == ("Ana Morales", "ana.morales@example.com", "referral")
    assert (profile.expected_salary, profile.expected_currency, profile.expected_gross_net) == (65000, "RUB", "gross")
    assert profile.stage == "new" and profile.notes == "Runs two brand accounts today"
    assert lead.vacancies == (vacancy_id,)


def test_blind_mode_leaves_out_name_and_contact(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    file = candidate_file.candidate_file(database, vacancy_id, ids["Ana Morales"], "lead", blind=True)
    assert (file.profile.name, file.profile.contact, file.profile.code) == ("", "", "C0001")
    assert set(file.scorecards["name"]) == {""}


def test_the_self_assessment_sits_beside_the_interviewers_mean(database, framework, roles):
    vacancy_id, ids = seeded(database, framework, roles)
    file = candidate_file.candidate_file(database, vacancy_id, ids["Ana Morales"], "lead", blind=False)
    beside = candidate_file.self_beside_interviewers(file, framework).set_index("competency")
    # interview_ratings.csv, brand_strategy: lead 3, hr 3, self 3 -> mean 3.0 of 2 raters beside 3;
    # competitive_analysis: lead 2, hr 3, self 3 -> mean 2.5 beside 3.
    assert beside.loc["brand_strategy", ["interviewers", "raters", "self"]].tolist() == [3.0, 2, 3.0]
    assert beside.loc["competitive_analysis", ["interviewers", "raters", "self"]].tolist() == [2.5, 2, 3.0]
    hidden = candidate_file.candidate_file(database, vacancy_id, ids["Ana Morales"], "", blind=False)
    unseen = candidate_file.self_beside_interviewers(hidden, framework)
    assert unseen["raters"].eq(0).all() and unseen["interviewers"].isna().all()  # hidden cards never leak


def test_a_candidate_without_an_application_is_not_found(database, framework, roles):
    vacancy_id, _ = seeded(database, framework, roles)
    with pytest.raises(candidate_file.NotFoundError):
        candidate_file.candidate_file(database, vacancy_id, 9999, "lead", blind=False)
    assert candidate_file.candidate_vacancies(database, 9999) == []


def test_stored_self_assessments_are_listed_reopened_and_deleted(database, framework, roles):
    assessment.keep_self_assessment(database, "Ana", "smm_manager", {"copywriting": 3, "brand_strategy": 2})
    assessment.keep_self_assessment(database, "Bo", None, {"copywriting": 1, "gone_competency": 4})
    listed = assessment.stored_self_assessments(database, framework, roles)
    assert [r.label for r in listed] == ["Bo", "Ana"]  # newest first
    assert [r.answered for r in listed] == [1, 2]  # a competency the framework no longer has is left out
    ana = listed[1]
    assert ana.role_id == "smm_manager" and ana.level_role == "smm_manager" and ana.provisional
    answers, role = assessment.reopen_self_assessment(database, ana.id, framework, roles)
    assert (answers, role) == ({"copywriting": 3, "brand_strategy": 2}, "smm_manager")
    assessment.delete_stored_self_assessment(database, ana.id)
    assert [r.label for r in assessment.stored_self_assessments(database, framework, roles)] == ["Bo"]
    with pytest.raises(storage.NotFoundError):
        assessment.reopen_self_assessment(database, ana.id, framework, roles)
    with pytest.raises(storage.NotFoundError):
        assessment.delete_stored_self_assessment(database, ana.id)


def test_every_stage_move_is_dated_in_the_candidates_history(database, framework, roles):
    from smm_eval.services.candidates import StageChange, set_stages

    vacancy_id, ids = seeded(database, framework, roles)
    ana = ids["Ana Morales"]
    with database.transaction() as session:
        application = storage.application_of(session, ana, vacancy_id)
        app_id, version = application.id, application.version
    set_stages(database, [StageChange(app_id, version, "screening")])
    set_stages(database, [StageChange(app_id, version + 1, "screening")])  # the same stage again: no move
    set_stages(database, [StageChange(app_id, version + 2, "interview")])
    with pytest.raises(storage.ConflictError):  # a stale move is refused and leaves no history row
        set_stages(database, [StageChange(app_id, version, "rejected")])
    history = candidate_file.candidate_file(database, vacancy_id, ana, "", blind=False).profile.history
    # attached at "new" by the import, then new -> screening -> interview; oldest first.
    assert [(m.from_stage, m.to_stage) for m in history] == [
        (None, "new"),
        ("new", "screening"),
        ("screening", "interview"),
    ]
    assert history[0].changed_at <= history[1].changed_at <= history[2].changed_at
