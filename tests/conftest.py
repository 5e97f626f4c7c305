"""Shared fixtures: the real framework and roles from data/, and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_eval.framework import Framework, RoleProfile, load_framework, load_roles

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "ratings_sample.csv"


BROWSER_TESTS = "tests/e2e/"


def work_unit(nodeid: str) -> str:
    """The unit of work a pytest-xdist worker takes whole under `--dist loadfile`: the test's file,
    except that every browser test (tests/e2e/) is one unit, so they run one after another in one
    worker and never two Chromium sessions and app servers race each other on a 2-core machine.

    >>> work_unit("tests/unit/test_a.py::test_x")
    'tests/unit/test_a.py'
    >>> work_unit("tests/e2e/test_state.py::test_y[chromium]")
    'tests/e2e/'
    """
    path = nodeid.split("::", 1)[0].replace("\\", "/")
    return BROWSER_TESTS if path.startswith(BROWSER_TESTS) else path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """`--dist loadfile` with the browser files as one unit (`work_unit`). pytest-xdist's own
    `loadgroup` cannot do this under pytest 9: it marks a group by rewriting `item._nodeid`, which
    pytest 9 no longer reads, so every test became its own unit."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return BrowserTestsTogether(config, log)


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
