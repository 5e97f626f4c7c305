"""Opening the workspace for the first page (issue 17, item 5): the storage package loads its
modules only when a name is used, an up-to-date schema is recognised with one query and without
Alembic, and a schema that is behind is still migrated. On SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

import sqlalchemy as sa

from smm_eval import storage
from smm_eval.storage import current_revision, head_revision, make_engine, open_database, upgrade_schema
from smm_eval.storage.engine import head_from_files

from ...conftest import ROOT


def _run(code: str) -> dict[str, object]:
    """Run `code` in a fresh interpreter (nothing imported yet) and return the JSON it prints."""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_the_head_read_from_the_files_is_alembics():
    assert head_from_files() == head_revision()


def test_the_package_loads_nothing_until_a_name_is_used():
    seen = _run(
        "import json, sys\n"
        "import smm_eval.storage as s\n"
        "before = sorted(m for m in sys.modules if m.startswith('smm_eval.storage.'))\n"
        "orm = 'sqlalchemy' in sys.modules\n"
        "import smm_eval.storage.backup\n"  # the submodule loaded first: the name stays the function
        "print(json.dumps({'before': before, 'sqlalchemy': orm,"
        " 'backup': callable(s.backup) and s.backup.__module__, 'all': all(hasattr(s, n) for n in s.__all__)}))"
    )
    assert seen == {"before": [], "sqlalchemy": False, "backup": "smm_eval.storage.backup", "all": True}


def test_every_listed_name_is_the_submodules_own():
    assert storage.Database is storage.engine.Database
    assert storage.create_vacancy is storage.vacancies.create_vacancy
    assert set(storage.__all__) <= set(dir(storage))


def test_an_up_to_date_workspace_opens_without_alembic(database_url):
    open_database(database_url).dispose()  # created and migrated to head (Alembic runs here)
    seen = _run(
        "import json, sys\n"
        "from smm_eval.services.workspace import open_workspace\n"
        f"db = open_workspace({database_url!r})\n"
        "print(json.dumps({m: m in sys.modules for m in ('alembic', 'sqlalchemy.orm', 'pandas')}))"
    )
    assert seen == {"alembic": False, "sqlalchemy.orm": False, "pandas": False}


def test_a_workspace_behind_is_still_migrated(database_url):
    engine = make_engine(database_url)
    upgrade_schema(engine, "0012")  # one migration behind: the dataset version column is missing
    assert "version" not in {c["name"] for c in sa.inspect(engine).get_columns("salary_datasets")}
    engine.dispose()
    db = open_database(database_url)
    assert current_revision(db.engine) == head_revision()
    assert "version" in {c["name"] for c in sa.inspect(db.engine).get_columns("salary_datasets")}
    db.dispose()
