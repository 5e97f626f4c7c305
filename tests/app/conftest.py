"""Every AppTest runs against its own empty SQLite workspace."""

import pytest

from smm_eval.settings import get_settings


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    path = tmp_path / "workspace.sqlite"
    monkeypatch.delenv("SMM_EVAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("SMM_EVAL_SQLITE_PATH", str(path))
    get_settings.cache_clear()  # the app reads its settings once per process: read them again
    return path
