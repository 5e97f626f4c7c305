"""Several app processes started at once against one empty PostgreSQL workspace (docs/deploy.md,
"Several app processes"): the schema is migrated once, by one of them, and every process opens it.

Each process is a separate Python interpreter calling `open_database` (what the app's first page
run and every command do), all released at the same instant; Alembic's log says which migrations
each one ran. Without the advisory lock in `storage.upgrade_schema`, the second process's
`CREATE TABLE alembic_version` waits on the first's uncommitted one and then fails with a
duplicate key error.
"""

from __future__ import annotations

import subprocess
import sys
import time

import sqlalchemy as sa

from smm_eval.storage import current_revision, head_revision, make_engine
from tests.conftest import ROOT

PROCESSES = 3
OPEN_AT_ONCE = """
import logging, sys, time
logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="%(message)s")
logging.getLogger("alembic.runtime.migration").setLevel(logging.INFO)
from pathlib import Path
from smm_eval.storage import open_database
folder = Path(sys.argv[2])
(folder / f"ready-{sys.argv[3]}").touch()  # imported: waiting for the others
while not (folder / "go").exists():
    time.sleep(0.002)
open_database(sys.argv[1]).dispose()
"""


def test_processes_started_at_once_migrate_an_empty_database_once(postgres_server, tmp_path):
    url = postgres_server.new_database()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_ONCE, url, str(tmp_path), str(i)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    deadline = time.monotonic() + 90
    while len(list(tmp_path.glob("ready-*"))) < PROCESSES and time.monotonic() < deadline:
        time.sleep(0.01)
    (tmp_path / "go").touch()  # every process released at once, after its imports
    outputs = [p.communicate(timeout=120) for p in processes]
    failures = [err for p, (_out, err) in zip(processes, outputs, strict=True) if p.returncode != 0]
    assert failures == []
    logs = [err for _out, err in outputs]
    # Alembic logs "Running upgrade  -> 0001, ..." for the first migration: exactly one process ran
    # it (and with it the 13 that follow); the others found the schema at head and ran nothing.
    first = [log.count("Running upgrade  -> 0001") for log in logs]
    assert sorted(first) == [0] * (PROCESSES - 1) + [1]
    assert sum(log.count("Running upgrade") for log in logs) == int(head_revision())
    engine = make_engine(url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()
