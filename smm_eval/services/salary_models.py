"""Stored salary models as the pages use them: which dataset is newest, and its fitted model.

A thin service over the storage for the shared salary estimator of the pages (the salary page's
own services are elsewhere); it hands back ids and models, never ORM objects.
"""

from __future__ import annotations

from smm_eval import storage
from smm_eval.salary import SalaryModel
from smm_eval.services.handle import Transactions


def newest_dataset_id(db: Transactions) -> int | None:
    """The id of the most recently stored salary dataset, None when there is none."""
    with db.transaction() as session:
        datasets = storage.list_salary_datasets(session)
        return datasets[0].id if datasets else None


def load_salary_model(db: Transactions, dataset_id: int) -> SalaryModel:
    """The model fitted on a stored dataset; storage.NotFoundError when it was deleted."""
    with db.transaction() as session:
        model: SalaryModel = storage.salary_model(session, dataset_id)
        return model
