"""Shared fixtures: the real framework and roles from data/, and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_eval.framework import Framework, RoleProfile, load_framework, load_roles

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "ratings_sample.csv"


def database_digest(url: str) -> str:
    """A digest of every row of every table of the database at `url` (storage.checksum)."""
    from smm_eval import storage
    from smm_eval.storage import open_database

    database = open_database(url)
    try:
        with database.transaction() as session:
            return storage.checksum(session)
    finally:
        database.dispose()


@pytest.fixture(autouse=True)
def fresh_settings():
    """The app and the CLI read their settings once per process (`get_settings`); a test that sets
    SMM_EVAL_* variables must see them, so the cached settings are dropped around every test."""
    from smm_eval.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework()


@pytest.fixture(scope="session")
def roles() -> dict[str, RoleProfile]:
    return load_roles()


@pytest.fixture(scope="session")
def postgres_server():
    from .postgres import TemporaryPostgres

    server = TemporaryPostgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database URL on each backend: the same test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def database(database_url):
    from smm_eval.storage import open_database

    db = open_database(database_url)
    yield db
    db.dispose()
