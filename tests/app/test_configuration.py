"""The app with careless settings or a failing page: the setting named, nothing created or
overwritten, no password, server path or traceback shown (issue 18, findings 4 and 7)."""

from __future__ import annotations

import logging
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from smm_eval.settings import get_settings

from ..conftest import ROOT

SECRET = "s3cr3t-pw"  # noqa: S105 (a made-up password that must never be shown)


def shown(at: AppTest) -> str:
    """Every text the app put on screen, the sidebar and tables included."""
    parts = [e.value for kind in ("markdown", "caption", "title", "error", "warning", "info") for e in at.get(kind)]
    parts += [at.dataframe[i].value.to_csv() for i in range(len(at.dataframe))]
    parts += [e.value for kind in ("caption", "warning", "error") for e in at.sidebar.get(kind)]
    return "\n".join(str(p) for p in parts)


def run_app() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    return at.run()


def test_the_sidebar_names_the_file_not_its_folder(workspace):
    at = run_app()
    assert not at.exception
    assert "Workspace: SQLite · workspace.sqlite" in shown(at)
    assert str(workspace.parent) not in shown(at)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_file_that_is_not_sqlite_stops_the_app_and_is_kept(workspace, lang):
    workspace.write_bytes(b"x")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    text = shown(at)
    words = {"en": "is not a SQLite database", "es": "no es una base de datos SQLite"}
    assert "SMM_EVAL_SQLITE_PATH" in text and words[lang] in text and "workspace.sqlite" in text
    assert str(workspace.parent) not in text and "try again" not in text
    assert workspace.read_bytes() == b"x"


def test_a_missing_folder_and_memory_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SMM_EVAL_SQLITE_PATH", str(tmp_path / "nope" / "ws.sqlite"))
    get_settings.cache_clear()
    at = run_app()
    assert "the folder of the database file ws.sqlite does not exist" in shown(at)
    assert not (tmp_path / "nope").exists()
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", "sqlite://")
    get_settings.cache_clear()
    at = run_app()
    assert "SMM_EVAL_DATABASE_URL" in shown(at) and "in-memory SQLite database keeps nothing" in shown(at)


def test_an_unparsable_url_is_never_shown_with_its_password(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", f"postgresql://me:{SECRET}@db.example:notaport/ws")
    get_settings.cache_clear()
    at = run_app()
    assert not at.exception
    assert "is not a database URL" in shown(at) and SECRET not in shown(at)


def test_streamlit_error_details_are_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_a_failing_page_gets_a_notice_and_a_log_entry(monkeypatch, caplog):
    import pages._ui as ui  # the module the app's scripts import (same sys.modules)

    def broken():
        raise RuntimeError("/srv/secret/path exploded")

    monkeypatch.setattr(ui, "framework", broken)
    with caplog.at_level(logging.ERROR, logger="smm_eval.app"):
        at = run_app()  # a first run goes through app.py and its navigation to the home page
    assert "redacted" in at.exception[0].message  # Streamlit's own box: generic, no details
    notice = [e.value for e in at.error if "incident code" in e.value]
    assert len(notice) == 1 and "/srv/secret" not in notice[0]
    incident = notice[0].split("incident code ")[1][:8]
    logged = [r for r in caplog.records if incident in r.getMessage()]
    assert logged and "exploded" in str(logged[0].exc_info[1])
