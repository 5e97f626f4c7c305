"""Vacancies: an edit made from an old version is refused, never saved over another.
The same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import pytest

from smm_eval import storage
from smm_eval.recruiting import vacancy_from_role


def test_concurrent_vacancy_edit_is_refused(database, framework, roles):
    with database.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("Editor", roles["smm_editor"]), framework, roles)
        vacancy_id, version = vacancy.id, vacancy.version
    first = storage.spec_of(vacancy).model_copy(update={"budget_max": 80000})
    second = storage.spec_of(vacancy).model_copy(update={"status": "closed"})
    with database.transaction() as session:
        storage.update_vacancy(session, vacancy_id, version, first, framework, roles)
    with (
        pytest.raises(storage.ConflictError, match=r"changed by command line at .* after you opened it"),
        database.transaction() as session,
    ):
        storage.update_vacancy(session, vacancy_id, version, second, framework, roles)
    with database.transaction() as session:
        saved = storage.get_vacancy(session, vacancy_id)
        assert (saved.budget_max, saved.status, saved.version) == (80000, "open", 2)
