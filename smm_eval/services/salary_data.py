"""Shared salary datasets with an owner: chosen by name, renamed and deleted (page and CLI alike).

The rule for which dataset answers (docs/salary.md "Which dataset answers"): a dataset answers
only where someone chose it: on the pages, the one chosen in this browser session (an upload
chooses itself for the session that uploaded it); on the command line, `salary --dataset NAME|ID`.
Otherwise the sourced baseline answers. The newest upload is never anyone else's default, so one
file cannot move every session's figures (issue 18, finding 8).
"""

from __future__ import annotations

import unicodedata

from smm_eval import storage
from smm_eval.access import Action, actor_of, require
from smm_eval.errors import InputError, Problem
from smm_eval.services.handle import Transactions
from smm_eval.services.salary import SalaryDatasetRecord, list_datasets

MAX_NAME = 200  # the column's length (storage.models.SalaryDataset.name)


def dataset_name(name: str, source: str = "name") -> str:
    """A dataset name as stored: stripped, 1..200 characters, no control characters.

    Raises
    ------
    InputError
        `salary.dataset_name_blank`, `salary.dataset_name_long` (params length, limit) or
        `salary.dataset_name_control`.
    """
    text = name.strip()
    if not text:
        return _refuse(source, "the name is empty: give the dataset a name", "dataset_name_blank")
    if len(text) > MAX_NAME:
        message = f"the name has {len(text)} characters; at most {MAX_NAME}"
        return _refuse(source, message, "dataset_name_long", length=len(text), limit=MAX_NAME)
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in text):
        return _refuse(source, "the name holds control characters", "dataset_name_control")
    return text


def _refuse(source: str, message: str, code: str, **params: object) -> str:
    raise InputError([Problem(source, message, code=f"salary.{code}", params=params)])


def find_dataset(db: Transactions, key: str, source: str = "--dataset") -> SalaryDatasetRecord:
    """The stored dataset named `key` exactly, or whose id is `key`.

    Raises
    ------
    InputError
        `salary.dataset_unknown` (params key, known: the names) or `salary.dataset_ambiguous`
        (several datasets have that name: params key, ids).
    """
    datasets = list_datasets(db)
    by_id = [d for d in datasets if key.strip().isdigit() and d.id == int(key.strip())]
    named = by_id or [d for d in datasets if d.name == key.strip()]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(str(d.id) for d in named)
        message = f"several datasets are named '{key}' (ids {ids}): give the id"
        raise InputError([Problem(source, message, code="salary.dataset_ambiguous", params={"key": key, "ids": ids})])
    known = ", ".join(f"{d.id} {d.name}" for d in datasets[:20]) or "none yet"
    message = f"no salary dataset named or numbered '{key}' (datasets: {known})"
    raise InputError([Problem(source, message, code="salary.dataset_unknown", params={"key": key, "known": known})])


def rename_dataset(db: Transactions, dataset_id: int, name: str, expected_version: int | None = None) -> str:
    """Rename a stored dataset from the version the user saw (None: whatever is stored, as the
    command line looks it up and renames it at once); returns the name as stored.

    Raises
    ------
    InputError
        The name is blank, too long or holds control characters (`dataset_name`).
    storage.NotFoundError
        The dataset was deleted meanwhile (a LookupError).
    storage.ConflictError
        It was renamed after `expected_version`; `who`/`when` name that rename.
    AccessDeniedError
        A role without `salary_data.manage` (datasets are shared by the workspace).
    """
    require(actor_of(db), Action.MANAGE_SALARY_DATA)
    text = dataset_name(name)
    with db.transaction() as session:
        storage.rename_salary_dataset(session, dataset_id, text, expected_version)
    return text


def delete_dataset(db: Transactions, dataset_id: int, expected_version: int | None = None) -> None:
    """Delete a stored dataset, its observations and its model (the caller asked for confirmation),
    from the version the user saw (None: whatever is stored, as for `rename_dataset`).

    Raises
    ------
    storage.NotFoundError
        No dataset has this id (deleted meanwhile; a LookupError).
    storage.ConflictError
        It was renamed after `expected_version` (the user confirmed deleting what they saw).
    AccessDeniedError
        A role without `salary_data.manage`.
    """
    require(actor_of(db), Action.MANAGE_SALARY_DATA)
    with db.transaction() as session:
        storage.stored_model(session, dataset_id)  # NotFoundError when it is gone
        storage.delete_salary_dataset(session, dataset_id, expected_version)
