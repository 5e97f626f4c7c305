"""Careless database settings are refused at start with the setting named, nothing created or
overwritten, and no password or server path in what visitors see (issue 18, findings 4 and 7)."""

from __future__ import annotations

import os

import pytest

from smm_eval.cli import main
from smm_eval.errors import ConfigurationError
from smm_eval.settings import get_settings
from smm_eval.storage import describe, open_database
from smm_eval.storage.configuration import redact

SECRET = "s3cr3t-pw"  # noqa: S105 (a made-up password that must never be shown)


def refused(url: str) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as caught:
        open_database(url)
    return caught.value


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_database_is_refused(url):
    problem = refused(url).problems[0]
    assert problem.code == "config.memory" and problem.source == "SMM_EVAL_DATABASE_URL"


def test_missing_folder_is_not_created(tmp_path):
    folder = tmp_path / "missing"
    problem = refused(f"sqlite:///{folder / 'ws.sqlite'}").problems[0]
    assert problem.code == "config.missing_folder" and problem.params == {"name": "ws.sqlite"}
    assert not folder.exists()


def test_a_one_byte_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "ws.sqlite"
    path.write_bytes(b"x")
    problem = refused(f"sqlite:///{path}").problems[0]
    assert problem.code == "config.not_sqlite" and problem.params == {"name": "ws.sqlite"}
    assert path.read_bytes() == b"x"  # not overwritten into a database


def test_a_folder_and_a_system_path_are_refused(tmp_path):
    assert refused(f"sqlite:///{tmp_path}").problems[0].code == "config.directory"
    assert refused("sqlite:////sys/ws.sqlite").problems[0].code == "config.system_path"
    assert refused("sqlite:////proc/self/ws.sqlite").problems[0].code == "config.system_path"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes everywhere: the permission check cannot fail")
def test_an_unwritable_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    assert refused(f"sqlite:///{folder / 'ws.sqlite'}").problems[0].code == "config.unwritable"


def test_a_bad_connect_option_is_a_configuration_problem(tmp_path, postgres_server):
    sqlite = refused(f"sqlite:///{tmp_path / 'ws.sqlite'}?timeout=abc").problems[0]
    assert sqlite.code == "config.bad_option"
    url = postgres_server.new_database().replace("smm_eval@", f"smm_eval:{SECRET}@")
    problem = refused(url + "?bogus=1").problems[0]
    assert problem.code == "config.bad_option" and 'invalid connection option "bogus"' in problem.params["detail"]
    assert SECRET not in problem.message and SECRET not in str(problem.params)


def test_a_fresh_file_and_an_empty_file_open(tmp_path):
    for path in (tmp_path / "new.sqlite", tmp_path / "empty.sqlite"):
        if path.name == "empty.sqlite":
            path.write_bytes(b"")  # SQLite treats an empty file as a new database
        open_database(f"sqlite:///{path}").dispose()
        assert path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_an_unparsable_url_never_shows_its_password(monkeypatch):
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", f"postgresql://me:{SECRET}@db.example:notaport/ws")
    get_settings.cache_clear()
    with pytest.raises(ConfigurationError) as caught:
        get_settings()
    assert caught.value.problems[0].code == "config.bad_url"
    assert SECRET not in str(caught.value) and caught.value.__cause__ is None and caught.value.__suppress_context__
    assert redact(f"postgresql://me:{SECRET}@db.example:notaport/ws") == "postgresql://***@db.example:notaport/ws"
    assert SECRET not in describe(f"postgresql://me:{SECRET}@db.example:notaport/ws")


def test_urls_are_shown_redacted_and_files_by_name():
    assert redact(f"postgresql+psycopg://me:{SECRET}@h/db?sslpassword={SECRET}&sslmode=require") == (
        "postgresql+psycopg://me:***@h/db?sslmode=require&sslpassword=***"  # SQLAlchemy sorts the options
    )
    assert describe(f"postgresql+psycopg://me:{SECRET}@h:5433/db") == "PostgreSQL · me@h:5433/db"
    assert describe("sqlite:////srv/private/team/ws.sqlite") == "SQLite · ws.sqlite"


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("sqlite://", "in-memory SQLite database keeps nothing"),
        ("sqlite:///{tmp}/missing/ws.sqlite", "missing does not exist"),
        ("sqlite:///{tmp}/one.sqlite", "is not a SQLite database (it was left untouched)"),
        (f"postgresql://me:{SECRET}@h:x/db", "is not a database URL"),
    ],
)
def test_the_cli_exits_2_naming_the_setting(url, said, tmp_path, monkeypatch, capsys):
    (tmp_path / "one.sqlite").write_bytes(b"x")
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", url.format(tmp=tmp_path))
    get_settings.cache_clear()
    assert main(["rank", "--vacancy", "X"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: configuration: SMM_EVAL_DATABASE_URL") and said in err and SECRET not in err
    assert "try again" not in err and "Traceback" not in err
