"""Faults: the SQLite file locked by another program, the PostgreSQL server stopped in the middle
of a session, and a command killed (SIGKILL) in the middle of an import. Each time: a clear
message, no crash, nothing half-written, and the app carries on once the fault is gone."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.import_suite import ratings_csv
from smm_eval import storage
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.framework import load_framework, load_roles
from smm_eval.settings import get_settings
from smm_eval.storage import engine as db_module
from smm_eval.storage import open_database

from ..conftest import ROOT, database_digest
from ..support.app_sign_in import sign_in_as_admin

SAMPLES = ROOT / "data" / "samples"
UNAVAILABLE = "The workspace database"


def seed(url: str) -> None:
    framework, roles = load_framework(), load_roles()
    database = open_database(url)
    table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
    with database.transaction() as session:
        storage.import_ratings(session, table, "Seed", "smm_manager", framework, roles)
    database.dispose()


digest = database_digest


def candidates_page(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", url)
    get_settings.cache_clear()  # the app reads its settings once per process
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    if url.startswith("postgresql"):  # team mode: an admin signs in
        sign_in_as_admin(at, monkeypatch)
    at.run()
    return at.switch_page("pages/candidates.py").run()


def add_candidate(at: AppTest, name: str) -> AppTest:
    next(w for w in at.text_input if w.label == "Name").input(name)
    return next(b for b in at.button if b.label == "Add the candidate").click().run()


def shows_unavailable(at: AppTest) -> bool:
    return any(e.value.startswith(UNAVAILABLE) for e in at.error)


def test_sqlite_locked_by_another_program(tmp_path, monkeypatch):
    monkeypatch.setattr(db_module, "SQLITE_BUSY_MS", 1500)  # wait 1.5 s for the lock, not 10 s
    path = tmp_path / "locked.sqlite"
    url = f"sqlite:///{path}"
    seed(url)
    before = digest(url)
    at = candidates_page(monkeypatch, url)
    assert not at.exception and not shows_unavailable(at)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\nc.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True)\ntime.sleep(120)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        at = add_candidate(at, "Olga Ivanova")
        assert not at.exception, at.exception
        assert shows_unavailable(at), [e.value for e in at.error]
        assert any("locked" in t.value for t in at.text)
    finally:
        holder.kill()
        holder.wait()
    assert digest(url) == before  # nothing half-written
    at = add_candidate(at, "Olga Ivanova")  # the lock is gone: the same action now works
    assert not at.exception and not shows_unavailable(at)
    assert digest(url) != before
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("SELECT count(*) FROM candidates WHERE name = 'Olga Ivanova'").fetchone() == (1,)


@pytest.fixture
def own_postgres():
    """A server of this test's own: it is stopped and started again in the middle."""
    from ..postgres import TemporaryPostgres

    server = TemporaryPostgres().start()
    yield server
    server.stop()


def test_postgres_stopped_in_the_middle_of_a_session(own_postgres, monkeypatch):
    url = own_postgres.new_database()
    seed(url)
    before = digest(url)
    at = candidates_page(monkeypatch, url)
    assert not at.exception and not shows_unavailable(at)
    own_postgres.pause()
    at = add_candidate(at, "Olga Ivanova")
    assert not at.exception, at.exception
    assert shows_unavailable(at), [e.value for e in at.error]
    at.run()  # still down: still a message, not a crash
    assert not at.exception and shows_unavailable(at)
    own_postgres.resume()
    assert digest(url) == before
    at.switch_page("pages/candidates.py").run()
    assert not at.exception and not shows_unavailable(at)
    at = add_candidate(at, "Olga Ivanova")
    assert not at.exception and not shows_unavailable(at)
    assert digest(url) != before


def _wait_until_writing(url: str, tmp_path, victim: subprocess.Popen[bytes], limit: float = 120.0) -> None:
    """Return once the import has begun writing its transaction: on SQLite the write-ahead log is
    written (its time changes: a log emptied by a checkpoint restarts at its beginning), on
    PostgreSQL a session runs COPY or INSERT. The import writes in one transaction of about a
    second (revision 0014), so a fixed sleep would miss it on a quiet machine."""
    wal = tmp_path / "workspace.sqlite-wal"
    start = wal.stat().st_mtime_ns if wal.exists() else 0
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and victim.poll() is None:
        if url.startswith("sqlite"):
            if wal.exists() and wal.stat().st_mtime_ns != start:
                return
        else:
            import sqlalchemy as sa

            engine = sa.create_engine(url)
            with engine.connect() as connection:
                busy = connection.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
                    " AND (query ILIKE 'COPY%' OR query ILIKE 'INSERT%')"
                )).scalar()  # fmt: skip
            engine.dispose()
            if busy:
                return
        time.sleep(0.02)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_import_killed_midway_loses_nothing_that_was_saved(backend, tmp_path, request):
    url = (
        f"sqlite:///{tmp_path / 'workspace.sqlite'}"
        if backend == "sqlite"
        else request.getfixturevalue("postgres_server").new_database()
    )
    env = {**os.environ, "SMM_EVAL_DATABASE_URL": url}
    command = [sys.executable, "-m", "smm_eval", "import"]
    saved = subprocess.run(
        [*command, str(SAMPLES / "interview_ratings.csv"), "--vacancy", "First", "--role", "smm_manager"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert saved.returncode == 0 and saved.stdout.startswith("Imported"), saved.stderr
    reported = digest(url)
    big = tmp_path / "big.csv"
    big.write_bytes(ratings_csv(60_000, load_framework().competency_ids))
    victim = subprocess.Popen(
        [*command, str(big), "--vacancy", "Second", "--role", "smm_manager"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    _wait_until_writing(url, tmp_path, victim)  # killed while writing, not while still reading
    assert victim.poll() is None, "the import finished before it could be killed; make the file larger"
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL
    assert digest(url) == reported  # the first import intact, nothing of the second
    if backend == "sqlite":
        with sqlite3.connect(tmp_path / "workspace.sqlite") as check:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = subprocess.run(
        [*command, str(SAMPLES / "interview_ratings.csv"), "--vacancy", "Third", "--role", "smm_manager"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr  # the workspace is usable: no stale lock, no broken file
