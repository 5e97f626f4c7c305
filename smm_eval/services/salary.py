"""Salary services: estimates from the chosen market data, and the user's own salary datasets.

The salary page and the shared estimator of the pages (results, compare) call these. A dataset is
a set of uploaded observations kept with the quantile model fitted on them; the services hand back
plain records and fitted models, never ORM objects, and each user action is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from smm_eval import storage
from smm_eval.files.observations import read_observations
from smm_eval.salary import (
    HeldOutMetrics,
    QuantileSalaryModel,
    SalaryData,
    SalaryEstimate,
    SalaryQuery,
    baseline_estimate,
    fit_salary_model,
)
from smm_eval.services.handle import Transactions


@dataclass(frozen=True)
class SalaryDatasetRecord:
    """A stored salary dataset as the salary page lists it.

    `rows` observations in `currency`, stored at `created_at` (UTC); `metrics` is the model's
    held-out evaluation (None for a dataset too small to hold rows out).
    """

    id: int
    name: str
    rows: int
    currency: str
    created_at: datetime
    metrics: HeldOutMetrics | None


def list_datasets(db: Transactions) -> list[SalaryDatasetRecord]:
    """Every stored salary dataset, newest first."""
    with db.transaction() as session:
        return [
            SalaryDatasetRecord(
                id=d.id,
                name=d.name,
                rows=d.rows,
                currency=d.currency,
                created_at=d.created_at,
                metrics=HeldOutMetrics.from_json(d.metrics) if d.metrics else None,
            )
            for d in storage.list_salary_datasets(session)
        ]


def newest_dataset_id(db: Transactions) -> int | None:
    """The id of the most recently stored salary dataset, None when there is none."""
    datasets = list_datasets(db)
    return datasets[0].id if datasets else None


def load_salary_model(db: Transactions, dataset_id: int) -> QuantileSalaryModel:
    """The model fitted on a stored dataset.

    Raises
    ------
    storage.NotFoundError
        The dataset was deleted meanwhile (a LookupError).
    """
    with db.transaction() as session:
        return storage.salary_model(session, dataset_id)


def fit_dataset(
    db: Transactions,
    data: bytes,
    source: str,
    name: str,
    roles: tuple[str, ...],
    market: SalaryData,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Read an observations CSV, fit the quantile model on it and store both; the row count.

    Parameters
    ----------
    data, source
        The uploaded file's bytes and its name (for messages).
    name
        The dataset's name in the list; blank means the file's name.
    roles
        The role ids an observation may name.
    market
        The market data whose baseline the model is evaluated against.
    progress
        Called with the fitted share, 0..1.

    Raises
    ------
    InputError
        Every problem of the file, with its line and column; nothing is stored.
    """
    observations = read_observations(data, source, roles)
    model = fit_salary_model(observations, roles, market, progress=progress)
    with db.transaction() as session:
        storage.save_salary_dataset(session, name.strip() or source, observations, model)
    return len(observations)


def estimate_with_file(
    query: SalaryQuery,
    market: SalaryData,
    roles: tuple[str, ...],
    observations: tuple[bytes, str] | None = None,
) -> SalaryEstimate:
    """The estimate for `query`: the sourced baseline, or a model fitted on an observations file.

    Parameters
    ----------
    observations
        (bytes, file name) of an observations CSV read without a size limit (the `salary --data`
        command), or None for the baseline.

    Raises
    ------
    InputError
        Every problem of the observations file.
    """
    if observations is None:
        return baseline_estimate(query, market)
    frame = read_observations(observations[0], observations[1], roles, max_bytes=None)
    return fit_salary_model(frame, roles, market).estimate(query, market)
