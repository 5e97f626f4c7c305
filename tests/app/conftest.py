"""Every AppTest runs against its own empty SQLite workspace."""

import pytest


@pytest.fixture(autouse=True)
def workspace(tmp_path, monkeypatch):
    path = tmp_path / "workspace.sqlite"
    monkeypatch.delenv("SMM_EVAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("SMM_EVAL_SQLITE_PATH", str(path))
    return path
