"""Read models: the frames an evaluation reads rank the imported candidates as expected.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from smm_eval import storage
from smm_eval.recruiting import evaluate

from ._samples import import_sample


def test_evaluation_ranks_with_knockouts_and_agreement(database, framework, roles):
    import_sample(database, framework, roles)
    with database.transaction() as session:
        vacancy = storage.find_vacancy(session, "SMM manager")
        spec = storage.spec_of(vacancy).model_copy(update={"knockouts": {"kpi_setting": 3}, "budget_max": 70000})
        ratings = storage.ratings_for_vacancy(session, vacancy.id)
        apps = storage.applications_frame(session, vacancy.id)
    evaluation = evaluate(ratings, apps, spec, framework)
    ranking = evaluation.ranking
    # Lucía (kpi 4/4) passes the knock-out; Ana's raters give kpi 3 and 2 (mean 2.5): she fails it.
    assert list(ranking["name"]) == ["Lucía Fernández", "Ana Morales", "Борис Петров", "Marco Rossi"]
    assert ranking["all_passed"].tolist() == [True, False, False, False]
    assert ranking.set_index("name").at["Lucía Fernández", "budget"] == "above"
    assert ranking.set_index("name").at["Ana Morales", "budget"] == "within"
    agreement = evaluation.agreement
    assert agreement.raters == ("hr", "lead") and agreement.design == "crossed"
    # Four candidates, each rated by both raters: below the gate of five, no figure but the reason.
    assert agreement.single.form == "ICC(2,1)" and agreement.single.estimate is None
    assert agreement.single.gate == "too_few_candidates" and agreement.single.n_targets == 4
