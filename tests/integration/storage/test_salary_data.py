"""Shared salary datasets with an owner: the newest upload is no one's default; datasets are chosen,
renamed and deleted (services, the command line); on SQLite and on PostgreSQL (issue 18, finding 8)."""

from __future__ import annotations

import pytest

from benchmarks.generators import generate_observations
from smm_eval import storage
from smm_eval.cli import main
from smm_eval.errors import InputError
from smm_eval.salary import SalaryQuery, fit_salary_model, load_salary_data
from smm_eval.services.salary import cli_salary, list_datasets
from smm_eval.services.salary_data import delete_dataset, find_dataset, rename_dataset
from smm_eval.settings import get_settings

QUERY = SalaryQuery("middle", "moscow", "office")


def store(database, roles, name: str, level_pay: int) -> int:
    observations = generate_observations({("middle", "moscow"): level_pay}, per_cell=60)
    with database.transaction() as session:
        model = fit_salary_model(observations, tuple(roles))
        return storage.save_salary_dataset(session, name, observations, model).id


def test_the_newest_upload_is_not_everyones_default(database, roles):
    # Before: `salary` (and every page session) silently used the newest stored dataset.
    store(database, roles, "poison", 900_000)
    result = cli_salary(database, QUERY, load_salary_data(), tuple(roles))
    assert (result.estimate.method, result.dataset_id) == ("baseline", None)
    chosen = cli_salary(database, QUERY, load_salary_data(), tuple(roles), dataset="poison")
    assert chosen.estimate.method == "fitted" and chosen.dataset_id is not None


def test_datasets_are_found_renamed_and_deleted(database, roles):
    first = store(database, roles, "October", 100_000)
    second = store(database, roles, "October", 110_000)
    assert find_dataset(database, str(first)).id == first
    with pytest.raises(InputError) as twice:
        find_dataset(database, "October")
    assert twice.value.problems[0].code == "salary.dataset_ambiguous"
    assert twice.value.problems[0].params["ids"] == ", ".join(str(i) for i in sorted((first, second), reverse=True))
    assert rename_dataset(database, second, "  November  ") == "November"
    assert find_dataset(database, "November").id == second
    for bad, code in (("   ", "salary.dataset_name_blank"), ("x" * 201, "salary.dataset_name_long"),
                      ("a\u202eb", "salary.dataset_name_control")):  # fmt: skip
        with pytest.raises(InputError) as refused:
            rename_dataset(database, second, bad)
        assert refused.value.problems[0].code == code
    delete_dataset(database, first)
    assert [d.id for d in list_datasets(database)] == [second]
    with database.transaction() as session:  # its observations went with it
        assert storage.salary_observations(session, first).empty
    with pytest.raises(LookupError):
        delete_dataset(database, first)
    with pytest.raises(LookupError):
        rename_dataset(database, first, "gone")
    with pytest.raises(InputError) as unknown:
        find_dataset(database, "nope")
    assert unknown.value.problems[0].code == "salary.dataset_unknown"


def test_the_command_line_lists_renames_and_deletes_with_confirmation(
    database, database_url, roles, monkeypatch, capsys
):
    dataset_id = store(database, roles, "Q3", 100_000)
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", database_url)
    get_settings.cache_clear()
    assert main(["salary-data", "list"]) == 0
    assert f"{dataset_id}\tQ3\tRUB\t60 rows" in capsys.readouterr().out
    assert main(["salary-data", "rename", "Q3", "Q3 market"]) == 0
    assert capsys.readouterr().out == f"Renamed salary dataset {dataset_id} from 'Q3' to 'Q3 market'.\n"
    assert main(["salary-data", "delete", str(dataset_id)]) == 2  # no --yes: nothing deleted
    assert "add --yes" in capsys.readouterr().err and len(list_datasets(database)) == 1
    assert main(["salary-data", "delete", "Q3 market", "--yes"]) == 0
    assert list_datasets(database) == []
    assert main(["salary-data", "delete", "Q3 market", "--yes"]) == 2
    assert "no salary dataset named or numbered 'Q3 market'" in capsys.readouterr().err
