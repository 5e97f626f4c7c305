"""Salary datasets: observations and their model are kept, read back and backed up.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json

from smm_eval import storage
from smm_eval.storage import head_revision, open_database


def test_salary_dataset_and_model_are_kept_and_backed_up(database, roles, tmp_path):
    from benchmarks.generators import generate_observations
    from smm_eval.salary import SalaryQuery, fit_salary_model

    observations = generate_observations({("middle", "moscow"): 100000, ("junior", "moscow"): 70000}, per_cell=80)
    model = fit_salary_model(observations, tuple(roles))
    with database.transaction() as session:
        saved = storage.save_salary_dataset(session, "October market", observations, model)
        dataset_id = saved.id
    with database.transaction() as session:
        (listed,) = storage.list_salary_datasets(session)
        assert (listed.name, listed.rows, listed.currency) == ("October market", 160, "RUB")
        loaded = storage.salary_model(session, dataset_id)
        document = storage.backup(session, head_revision())
    query = SalaryQuery("middle", "moscow", "office")
    assert loaded.estimate(query).quantiles == model.estimate(query).quantiles
    assert len(document["tables"]["salary_observations"]) == 160
    restored = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    with restored.transaction() as session:
        storage.restore(session, json.loads(json.dumps(document)))
        assert storage.salary_model(session, dataset_id).estimate(query).p50 == model.estimate(query).p50
    restored.dispose()
