"""The first page is quick (issue 17, item 5): the server's first run of app.py, on a workspace that
is up to date, imports neither pandas, SciPy, scikit-learn, Altair, PyArrow, SQLAlchemy's ORM nor
Alembic; the home page needs none of them. Before, it imported all but scikit-learn and Altair
(1.35 s of the 2.2 s first run, docs/performance.md "First page")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from ..conftest import ROOT

HEAVY = ("pandas", "scipy", "sklearn", "altair", "pyarrow", "sqlalchemy.orm", "alembic")
FIRST_RUN = f"""
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=120)
at.run()
assert not at.exception, at.exception
assert at.title[0].value == "SMM Eval", [t.value for t in at.title]
print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}))
"""


def test_the_first_run_of_app_py_loads_nothing_heavy(workspace):
    env = {**os.environ, "SMM_EVAL_SQLITE_PATH": str(workspace)}
    env.pop("SMM_EVAL_DATABASE_URL", None)
    migrate = "from smm_eval.services.workspace import open_workspace; open_workspace()"
    subprocess.run([sys.executable, "-c", migrate], cwd=ROOT, env=env, check=True)  # an existing workspace
    done = subprocess.run([sys.executable, "-c", FIRST_RUN], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == dict.fromkeys(HEAVY, False)
