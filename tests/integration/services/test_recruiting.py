"""Recruiting and candidate services on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from smm_eval.cli import formatting
from smm_eval.errors import InputError
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services import candidates, recruiting

from ...conftest import ROOT

SAMPLES = ROOT / "data" / "samples"


def strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def import_sample(db, framework, roles, title="SMM manager"):
    files = candidates.read_import(
        ((SAMPLES / "interview_ratings.csv").read_bytes(), "ratings.csv"),
        ((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv"),
        framework,
    )
    return candidates.import_candidates(db, title, "smm_manager", files, framework, roles)


def test_vacancies_are_plain_records_and_the_editor_rescales_block_weights(database, framework, roles):
    created = recruiting.create_vacancy(
        database, " Lead ", roles["smm_manager"], framework, roles, budget_max=90000, currency=" eur "
    )
    assert created.title == "Lead" and created.spec.currency == "EUR" and created.version == 1
    listed = recruiting.list_vacancies(database)
    assert [type(v).__name__ for v in listed] == ["VacancyRecord"] and listed[0] == created
    weights = dict.fromkeys(framework.block_ids, 1.0)
    saved = recruiting.update_vacancy(database, created, 1, framework, roles, block_weights=weights, status="on_hold")
    assert saved.version == 2 and saved.status == "on_hold"
    assert saved.spec.block_weights == dict.fromkeys(framework.block_ids, 20.0)
    with pytest.raises(recruiting.ConflictError):
        recruiting.update_vacancy(database, created, 1, framework, roles, title="Other")
    with pytest.raises(InputError):
        recruiting.create_vacancy(database, "Lead", roles["smm_manager"], framework, roles)


def test_rank_report_blind_mode_and_unknown_vacancy(database, framework, roles):
    import_sample(database, framework, roles)
    report = recruiting.rank_vacancy(database, "SMM manager", framework)
    assert list(report.table.columns) == list(recruiting.RANK_COLUMNS)
    assert list(report.table["candidate"])[:2] == ["Lucía Fernández", "Ana Morales"]
    assert report.agreement.raters == ("hr", "lead")
    blind = recruiting.rank_vacancy(database, "SMM manager", framework, blind=True)
    assert list(blind.table["candidate"]) == list(blind.table["code"])
    with pytest.raises(recruiting.UnknownVacancyError, match="'SMM manager'"):
        recruiting.rank_vacancy(database, "Nope", framework)


def test_undefined_agreement_is_null_in_rank_json_and_empty_in_csv(database, framework, roles):
    # Two raters giving two candidates the same level: below the gate, so no ICC but the reason.
    comps = framework.competency_ids[:3]
    rows = [f"{p},{r}," + ",".join(["2"] * len(comps)) for p in ("A", "B") for r in ("x", "y")]
    data = ("person,rater," + ",".join(comps) + "\n" + "\n".join(rows) + "\n").encode()
    files = candidates.read_import((data, "flat.csv"), None, framework)
    candidates.import_candidates(database, "Flat", "smm_manager", files, framework, roles)
    report = recruiting.rank_vacancy(database, "Flat", framework)
    assert not report.agreement.single.defined and report.agreement.single.band == "undefined"
    doc = strict_json(formatting.rank_json("Flat", report.table, report.agreement))
    assert doc["agreement"]["single"]["estimate"] is None
    assert doc["agreement"]["single"]["gate"] == "too_few_candidates"
    assert doc["candidates"][0]["rwg"] == 1.0  # identical ratings
    one = pd.DataFrame(report.table.iloc[:1]).assign(rwg=np.nan)
    assert strict_json(formatting.rank_json("Flat", one, None))["candidates"][0]["rwg"] is None
    assert formatting.rank_csv(one).splitlines()[1].split(",")[7] == ""


def test_market_positions_and_self_beside_interviewers(database, framework, roles):
    import_sample(database, framework, roles)
    vacancy_id = recruiting.find_vacancy_id(database, "SMM manager")
    inputs = recruiting.load_vacancy(database, vacancy_id, with_self=True)
    assert inputs.self_answers, "the sample's self-ratings are kept apart as self-assessments"
    evaluation = recruiting.evaluate_inputs(inputs, framework)
    from smm_eval.salary import baseline_estimate

    market = recruiting.market_positions(evaluation.ranking, "smm_manager", "moscow", "office", baseline_estimate)
    assert [m.code for m in market] == list(evaluation.ranking.index)
    assert {m.position for m in market} <= {"below", "within", "above", "unknown"}
    chosen = list(inputs.self_answers)
    beside = recruiting.self_versus_interviewers(evaluation, inputs.self_answers, chosen, framework)
    assert list(beside.columns) == ["code", "block", "interviewers", "self"]
    assert len(beside) == len(chosen) * len(framework.block_ids)
    code = chosen[0]
    assert beside.loc[beside["code"] == code, "interviewers"].tolist() == pytest.approx(
        evaluation.result.blocks.loc[code].tolist(), nan_ok=True
    )


def test_candidates_scorecards_stages_exports_backup(database, database_url, framework, roles, tmp_path):
    vacancy = recruiting.create_vacancy(database, "V", roles["smm_manager"], framework, roles)
    code = candidates.add_candidate(database, CandidateInput(name="Eva", contact="eva@x"), vacancy.id)
    apps = candidates.applications(database, vacancy.id)
    candidate_id = int(apps.at[0, "candidate_id"])
    assert candidates.scorecard_context(database, vacancy.id, candidate_id, "lead").mine is None
    card = ScorecardInput(candidate_id=candidate_id, vacancy_id=vacancy.id, rater="lead", levels={"copywriting": 3})
    candidates.save_scorecard(database, card, framework, None)
    context = candidates.scorecard_context(database, vacancy.id, candidate_id, "lead")
    assert context.mine is not None and context.mine.version == 1 and len(context.items) == 1
    with pytest.raises(recruiting.ConflictError):
        candidates.save_scorecard(database, card, framework, None)
    row = apps.iloc[0]
    candidates.set_stages(
        database, [candidates.StageChange(int(row.application_id), int(row.application_version), "interview")]
    )
    with pytest.raises(recruiting.ConflictError):
        candidates.set_stages(
            database, [candidates.StageChange(int(row.application_id), int(row.application_version), "offer")]
        )
    inputs = recruiting.load_vacancy(database, vacancy.id)
    evaluation = recruiting.evaluate_inputs(inputs, framework)
    blind = candidates.candidate_exports(database, vacancy.id, inputs.applications, evaluation, blind=True)
    assert {"name", "contact"}.isdisjoint(blind.candidates.columns) and "name" not in blind.profiles.columns
    assert list(blind.candidates["code"]) == [code] and list(blind.scorecards["code"]) == [code]
    named = candidates.candidate_exports(database, vacancy.id, inputs.applications, evaluation, blind=False)
    assert list(named.profiles["name"]) == ["Eva"]
    text = candidates.backup_json(database)
    with pytest.raises(InputError, match="not valid JSON"):
        candidates.restore(database, b"{", "broken.json")
    from smm_eval.storage import open_database

    target = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    try:
        counts = candidates.restore(target, text.encode(), "backup.json")
        assert counts["vacancies"] == 1 and counts["candidates"] == 1
    finally:
        target.dispose()


def test_expected_salary_keeps_its_currency_and_basis_through_storage_and_ranking(database, framework, roles):
    vacancy = recruiting.create_vacancy(database, "US role", roles["smm_manager"], framework, roles)
    candidates.add_candidate(
        database,
        CandidateInput(name="Joe", expected_salary=90000, expected_currency="USD", expected_gross_net="net"),
        vacancy.id,
    )
    candidates.add_candidate(database, CandidateInput(name="Ana", expected_salary=120000), vacancy.id)
    apps = candidates.applications(database, vacancy.id).set_index("name")
    assert apps.loc["Joe", ["expected_currency", "expected_gross_net"]].tolist() == ["USD", "net"]
    assert apps.loc["Ana", ["expected_currency", "expected_gross_net"]].tolist() == ["RUB", "gross"]
    with pytest.raises(Exception, match="expected_currency"):
        CandidateInput(name="Bad", expected_currency="rubles")
