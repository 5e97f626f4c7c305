"""Shared helpers of the storage tests: the sample files, importing them, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

from smm_eval import storage
from smm_eval.files.candidates import read_candidates
from smm_eval.files.ratings import read_wide_ratings

from ...conftest import ROOT

SAMPLES = ROOT / "data" / "samples"


def import_sample(db, framework, roles, title="SMM manager", role="smm_manager"):
    table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "ratings.csv", framework.competency_ids)
    candidates = read_candidates((SAMPLES / "candidates.csv").read_bytes(), "candidates.csv")
    with db.transaction() as session:
        return storage.import_ratings(session, table, title, role, framework, roles, candidates=candidates)


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SMM_EVAL_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "smm_eval", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
