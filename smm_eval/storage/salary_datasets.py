"""Salary datasets: observations a user uploaded, kept together with the quantile model fitted on
them; listing them, reading a stored model document or the observations back, finding a dataset
by its file's digest, renaming and deleting a dataset (its observations go with it), each from
the version the user saw (optimistic locking: `storage.locking`).

A model is stored as JSON (`QuantileSalaryModel.to_json`), never as a pickle. Functions take a
session; the caller owns the transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from smm_eval.storage.audit import record
from smm_eval.storage.locking import NotFoundError, check_updated, now
from smm_eval.storage.models import SalaryDataset, SalaryObservation, column_length

if TYPE_CHECKING:  # SciPy and scikit-learn load only when a model is read back
    from smm_eval.salary import QuantileSalaryModel

OBSERVATION_FIELDS = (
    "salary_from",
    "salary_to",
    "currency",
    "region",
    "level",
    "work_format",
    "role",
    "date",
    "experience_years",
    "gross",
)
BATCH_ROWS = 20_000


def save_salary_dataset(
    session: Session, name: str, observations: pd.DataFrame, model: QuantileSalaryModel, digest: str | None = None
) -> SalaryDataset:
    """Keep uploaded observations and the model fitted on them (one transaction).

    Parameters
    ----------
    name
        Shown in the list; blank means "observations <date time>"; cut to the column's length.
    observations
        One row per observation with the OBSERVATION_FIELDS columns (missing values as NaN; a
        missing `gross` column means "not stated").
    model
        The model fitted on `observations`; stored as JSON with its currency and metrics.
    digest
        SHA-256 hex digest of the uploaded file (`dataset_by_digest` finds it again).
    """
    name = name.strip() or f"observations {now():%Y-%m-%d %H:%M}"
    dataset = SalaryDataset(
        name=name[: column_length(SalaryDataset, "name")],
        currency=model.currency_,
        rows=len(observations),
        metrics=model.metrics_.as_json(),
        fitted=model.to_json(),
        digest=digest,
        created_at=now(),
    )
    session.add(dataset)
    session.flush()
    fields = list(OBSERVATION_FIELDS)
    if "gross" not in observations:
        observations = observations.assign(gross=None)
    rows = observations[fields].astype(object).where(observations[fields].notna(), None)
    records: list[dict[str, Any]] = [
        {"dataset_id": dataset.id, **{str(k): v for k, v in r.items()}} for r in rows.to_dict(orient="records")
    ]
    for start in range(0, len(records), BATCH_ROWS):
        session.execute(insert(SalaryObservation), records[start : start + BATCH_ROWS])
    new = {"name": dataset.name, "currency": dataset.currency, "rows": dataset.rows, "digest": digest}
    record(session, "salary_dataset", dataset.id, "create", None, new)
    return dataset


def list_salary_datasets(session: Session) -> list[SalaryDataset]:
    """Every salary dataset, newest first."""
    return list(
        session.scalars(select(SalaryDataset).order_by(SalaryDataset.created_at.desc(), SalaryDataset.id.desc()))
    )


def _dataset(session: Session, dataset_id: int) -> SalaryDataset:
    """The dataset with this id; NotFoundError when there is none."""
    dataset = session.get(SalaryDataset, dataset_id)
    if dataset is None:
        raise NotFoundError(f"salary dataset {dataset_id} does not exist")
    return dataset


def stored_model(session: Session, dataset_id: int) -> dict[str, Any] | None:
    """The model document stored with a dataset (not yet validated), None when it must be refitted.

    Raises
    ------
    NotFoundError
        No dataset has this id.
    """
    dataset = _dataset(session, dataset_id)
    return dataset.fitted


def store_model(session: Session, dataset_id: int, model: QuantileSalaryModel) -> None:
    """Replace the model document (and metrics) of a dataset, e.g. after a refit.

    Not audited: the model is derived from the stored observations (refitted when first loaded
    after a restore), a cache rather than a change anybody made.

    Raises
    ------
    NotFoundError
        No dataset has this id.
    """
    dataset = _dataset(session, dataset_id)
    dataset.fitted = model.to_json()
    dataset.metrics = model.metrics_.as_json()


def salary_observations(session: Session, dataset_id: int) -> pd.DataFrame:
    """The stored observations of a dataset: the OBSERVATION_FIELDS columns, in upload order."""
    table = SalaryObservation.__table__
    columns = [table.c[name] for name in OBSERVATION_FIELDS]
    query = select(*columns).where(table.c.dataset_id == dataset_id).order_by(table.c.id)
    return pd.DataFrame(session.execute(query).all(), columns=list(OBSERVATION_FIELDS))


def dataset_by_digest(session: Session, digest: str) -> int | None:
    """The newest dataset uploaded from a file with this SHA-256 digest, None when there is none."""
    query = select(SalaryDataset.id).where(SalaryDataset.digest == digest).order_by(SalaryDataset.id.desc())
    return session.scalars(query).first()


def delete_salary_dataset(session: Session, dataset_id: int, expected_version: int | None = None) -> None:
    """Delete a dataset and its observations; nothing happens (nothing is recorded) when it does not exist.

    Parameters
    ----------
    expected_version
        The version the user saw (optimistic locking); None deletes whatever is stored (the
        command line, which looks the dataset up and deletes it in one command).

    Raises
    ------
    ConflictError
        It was renamed after `expected_version` (`who`/`when` name the rename).
    """
    dataset = session.get(SalaryDataset, dataset_id)
    if dataset is None:
        return
    old = {"name": dataset.name, "currency": dataset.currency, "rows": dataset.rows}
    query = delete(SalaryDataset).where(SalaryDataset.id == dataset_id)
    if expected_version is not None:
        query = query.where(SalaryDataset.version == expected_version)
    check_updated(session, session.execute(query), SalaryDataset, dataset_id, "salary dataset")
    record(session, "salary_dataset", dataset_id, "delete", old, None)


def rename_salary_dataset(session: Session, dataset_id: int, name: str, expected_version: int | None = None) -> int:
    """Give a dataset another name (already validated by the service); returns its new version.

    Parameters
    ----------
    expected_version
        The version the user saw (optimistic locking); None renames whatever is stored (the
        command line).

    Raises
    ------
    NotFoundError
        No dataset has this id (deleted meanwhile).
    ConflictError
        It was renamed after `expected_version` (`who`/`when` name the rename).
    """
    dataset = _dataset(session, dataset_id)
    old_name = dataset.name
    query = update(SalaryDataset).where(SalaryDataset.id == dataset_id)
    if expected_version is not None:
        query = query.where(SalaryDataset.version == expected_version)
    result = session.execute(
        query.values(name=name, version=SalaryDataset.version + 1).execution_options(synchronize_session=False)
    )
    check_updated(session, result, SalaryDataset, dataset_id, "salary dataset")
    if old_name != name:
        record(session, "salary_dataset", dataset_id, "update", {"name": old_name}, {"name": name})
    session.expire(dataset)
    return int(_dataset(session, dataset_id).version)
