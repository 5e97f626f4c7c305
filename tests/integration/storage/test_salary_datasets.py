"""Salary datasets: observations and their model (JSON, never a pickle) are kept, read back without
refitting, backed up; a pickled model of an older workspace or a crafted backup is never unpickled.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import base64
import json
import pathlib
import pickle

import pytest
import sqlalchemy as sa

from benchmarks.generators import generate_observations
from smm_eval import storage
from smm_eval.errors import InputError
from smm_eval.salary import SalaryQuery, fit_count, fit_salary_model, load_salary_data
from smm_eval.services.salary import cli_salary, load_salary_model, newest_dataset_id
from smm_eval.storage import current_revision, head_revision, make_engine, open_database, upgrade_schema

from ._samples import run_cli

QUERY = SalaryQuery("middle", "moscow", "office")


class _WritesAFile:
    """Unpickling this runs Path.write_text: the payload of a crafted model blob."""

    def __init__(self, marker: pathlib.Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.write_text, (self.marker, "code ran"))


def _evil_blob(marker: pathlib.Path) -> bytes:
    blob = pickle.dumps(_WritesAFile(marker))
    control = marker.with_name("control.txt")
    pickle.loads(pickle.dumps(_WritesAFile(control)))  # noqa: S301 (proves the payload is live)
    assert control.read_text() == "code ran"
    return blob


def _observations():
    return generate_observations({("middle", "moscow"): 100000, ("junior", "moscow"): 70000}, per_cell=80)


def test_salary_dataset_and_model_are_kept_and_backed_up(database, roles, tmp_path):
    observations = _observations()
    model = fit_salary_model(observations, tuple(roles))
    with database.transaction() as session:
        saved = storage.save_salary_dataset(session, "October market", observations, model, digest="ab" * 32)
        dataset_id = saved.id
    before = fit_count()
    loaded = load_salary_model(database, dataset_id)
    assert fit_count() == before  # read from its JSON, not refitted
    with database.transaction() as session:
        (listed,) = storage.list_salary_datasets(session)
        assert (listed.name, listed.rows, listed.currency) == ("October market", 160, "RUB")
        assert storage.dataset_by_digest(session, "ab" * 32) == dataset_id
        document = storage.backup(session, head_revision())
    assert loaded.estimate(QUERY).quantiles == model.estimate(QUERY).quantiles
    assert len(document["tables"]["salary_observations"]) == 160
    assert "model" not in document["tables"]["salary_datasets"][0]
    restored = open_database(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    with restored.transaction() as session:
        storage.restore(session, json.loads(json.dumps(document)))
    assert load_salary_model(restored, dataset_id).estimate(QUERY).p50 == model.estimate(QUERY).p50
    assert fit_count() == before
    restored.dispose()


def test_a_pickled_model_of_an_older_workspace_is_dropped_unread_and_refitted(database_url, tmp_path):
    """Issue 14, part 6: migration 0006 drops the blob; the model is refitted from the observations on load."""
    marker = tmp_path / "pwned.txt"
    engine = make_engine(database_url)
    upgrade_schema(engine, "0004")
    observations = _observations()
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO salary_datasets (id, name, currency, rows, metrics, model, created_at) "
                "VALUES (1, 'old', 'RUB', 160, '{}', :blob, '2026-11-01 10:00:00+00:00')"
            ),
            {"blob": _evil_blob(marker)},
        )
        fields = ["salary_from", "salary_to", "currency", "region", "level", "work_format", "role", "date"]
        rows = observations[fields].to_dict(orient="records")
        connection.execute(
            sa.text(
                "INSERT INTO salary_observations (dataset_id, salary_from, salary_to, currency, region, level, "
                "work_format, role, date) VALUES (1, :salary_from, :salary_to, :currency, :region, :level, "
                ":work_format, :role, :date)"
            ),
            rows,
        )
    upgrade_schema(engine)
    assert current_revision(engine) == head_revision()
    assert "model" not in {c["name"] for c in sa.inspect(engine).get_columns("salary_datasets")}
    db = open_database(database_url)
    before = fit_count()
    model = load_salary_model(db, 1)
    assert fit_count() == before + 1 and model.n_ == 160  # refitted from the 160 stored observations
    load_salary_model(db, 1)
    assert fit_count() == before + 1  # and stored: the second load reads the JSON
    assert not marker.exists()
    db.dispose()
    engine.dispose()


@pytest.mark.parametrize("where", ["model", "fitted"])
def test_a_crafted_backup_runs_no_code(database, roles, tmp_path, where):
    """A backup whose model field holds a pickle that writes a file: restored, then the salary page's
    service and the CLI `salary` load the model; the file is never written."""
    marker = tmp_path / "pwned.txt"
    observations = _observations()
    with database.transaction() as session:
        storage.save_salary_dataset(session, "market", observations, fit_salary_model(observations, tuple(roles)))
        document = storage.backup(session, head_revision())
    row = document["tables"]["salary_datasets"][0]
    evil = base64.b64encode(_evil_blob(marker)).decode()
    if where == "model":  # the pickled-model field of backups before revision 0006
        row["model"], row["fitted"] = evil, None
    else:  # the JSON field given a pickle instead of a document
        row["fitted"] = {"format": "smm-eval-salary-model", "pickle": evil}
    path = tmp_path / "crafted.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'target.sqlite'}"
    restored = run_cli(url, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    target = open_database(url)
    dataset_id = newest_dataset_id(target)  # the one dataset, chosen on the salary page
    assert dataset_id == row["id"]
    page_model = load_salary_model(target, dataset_id)  # ... then loads the model (refitted, never unpickled)
    assert page_model.estimate(QUERY).method == "fitted"
    cli = run_cli(
        url, "salary", "--level", "middle", "--region", "moscow", "--work-format", "office", "--json",
        "--dataset", str(dataset_id),
    )  # fmt: skip
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["model"]["dataset"] == dataset_id
    assert not marker.exists()
    target.dispose()


def test_the_salary_command_fits_a_file_once_and_later_calls_reuse_the_stored_model(database, roles, tmp_path):
    csv = _observations().drop(columns="salary").to_csv(index=False).encode()
    market, role_ids = load_salary_data(), tuple(roles)
    before = fit_count()
    first = cli_salary(database, QUERY, market, role_ids, (csv, "obs.csv"))
    assert fit_count() == before + 1 and first.fit is not None and not first.fit.reused
    same_file = cli_salary(database, QUERY, market, role_ids, (csv, "renamed.csv"))
    stored = cli_salary(database, QUERY, market, role_ids, dataset=str(first.dataset_id))
    assert fit_count() == before + 1  # neither the same file again nor a call without a file refits
    assert same_file.fit is not None and same_file.fit.reused and same_file.dataset_id == first.dataset_id
    assert stored.fit is None and stored.dataset_id == first.dataset_id and stored.fitted_at == first.fitted_at
    assert stored.estimate == first.estimate
    assert cli_salary(None, QUERY, market, role_ids).estimate.method == "baseline"


def test_a_stored_model_in_roubles_never_answers_another_market(database, roles):
    # The `salary` command reused the newest stored model whatever the market: a US query got a
    # rouble figure. Now the model answers only its own currency; the market's baseline otherwise.
    from smm_eval.salary import load_market

    observations = _observations()
    with database.transaction() as session:
        storage.save_salary_dataset(session, "RUB data", observations, fit_salary_model(observations, tuple(roles)))
    russia = cli_salary(database, QUERY, load_salary_data(), tuple(roles), dataset="RUB data")
    assert (russia.estimate.currency, russia.estimate.method, russia.dataset_id is not None) == ("RUB", "fitted", True)
    us_query = SalaryQuery("middle", "national", "office", market="united_states")
    us = cli_salary(database, us_query, load_market("united_states"), tuple(roles))
    assert (us.estimate.currency, us.estimate.method, us.dataset_id) == ("USD", "baseline", None)
    with pytest.raises(InputError) as caught:  # chosen for another market: said, not mixed
        cli_salary(database, us_query, load_market("united_states"), tuple(roles), dataset="RUB data")
    assert caught.value.problems[0].code == "salary.dataset_market"


def test_the_salary_command_uses_the_chosen_model_of_each_market(database, roles):
    """Each market answers from the dataset chosen for it (--dataset), in its own currency."""
    from smm_eval.salary import load_market

    rub = _observations()
    usd = rub.assign(currency="USD", region="national", date=rub["date"].map(lambda d: d.replace(year=2025)))
    us_market = load_market("united_states")
    with database.transaction() as session:
        rub_id = storage.save_salary_dataset(session, "RUB", rub, fit_salary_model(rub, tuple(roles))).id
        usd_id = storage.save_salary_dataset(session, "USD", usd, fit_salary_model(usd, tuple(roles), us_market)).id
    russia = cli_salary(database, QUERY, load_salary_data(), tuple(roles), dataset="RUB")
    us = cli_salary(
        database, SalaryQuery("middle", "national", "office", market="united_states"), us_market, tuple(roles),
        dataset=str(usd_id),
    )  # fmt: skip
    assert (russia.dataset_id, russia.estimate.currency, russia.estimate.method) == (rub_id, "RUB", "fitted")
    assert (us.dataset_id, us.estimate.currency, us.estimate.period) == (usd_id, "USD", "year")
