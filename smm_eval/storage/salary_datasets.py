"""Salary datasets: observations a user uploaded, kept together with the quantile model fitted on
them; listing them, loading a model back, deleting a dataset (its observations go with it).

Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from smm_eval.storage.locking import NotFoundError, now
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
)
BATCH_ROWS = 20_000


def save_salary_dataset(
    session: Session, name: str, observations: pd.DataFrame, model: QuantileSalaryModel
) -> SalaryDataset:
    """Keep uploaded observations and the model fitted on them (one transaction).

    Parameters
    ----------
    name
        Shown in the list; blank means "observations <date time>"; cut to the column's length.
    observations
        One row per observation with at least the OBSERVATION_FIELDS columns (missing values as NaN).
    model
        The model fitted on `observations`; stored as bytes with its currency and metrics.
    """
    name = name.strip() or f"observations {now():%Y-%m-%d %H:%M}"
    dataset = SalaryDataset(
        name=name[: column_length(SalaryDataset, "name")],
        currency=model.currency_,
        rows=len(observations),
        metrics=model.metrics_.as_json(),
        model=model.to_bytes(),
        created_at=now(),
    )
    session.add(dataset)
    session.flush()
    fields = list(OBSERVATION_FIELDS)
    rows = observations[fields].astype(object).where(observations[fields].notna(), None)
    records: list[dict[str, Any]] = [
        {"dataset_id": dataset.id, **{str(k): v for k, v in r.items()}} for r in rows.to_dict(orient="records")
    ]
    for start in range(0, len(records), BATCH_ROWS):
        session.execute(insert(SalaryObservation), records[start : start + BATCH_ROWS])
    return dataset


def list_salary_datasets(session: Session) -> list[SalaryDataset]:
    """Every salary dataset, newest first."""
    return list(
        session.scalars(select(SalaryDataset).order_by(SalaryDataset.created_at.desc(), SalaryDataset.id.desc()))
    )


def salary_model(session: Session, dataset_id: int) -> QuantileSalaryModel:
    """The model stored with a dataset, ready to estimate.

    Raises
    ------
    NotFoundError
        No dataset has this id.
    """
    from smm_eval.salary import QuantileSalaryModel

    blob = session.scalar(select(SalaryDataset.model).where(SalaryDataset.id == dataset_id))
    if blob is None:
        raise NotFoundError(f"salary dataset {dataset_id} does not exist")
    return QuantileSalaryModel.from_bytes(blob)


def delete_salary_dataset(session: Session, dataset_id: int) -> None:
    """Delete a dataset and its observations; nothing happens when it does not exist."""
    session.execute(delete(SalaryDataset).where(SalaryDataset.id == dataset_id))
