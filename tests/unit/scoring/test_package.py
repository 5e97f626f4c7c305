"""The scoring package: its public surface, and importing it leaves the process's allocator alone."""

from __future__ import annotations

import subprocess
import sys

import smm_eval.scoring

from ...conftest import ROOT


def test_every_public_name_is_exported():
    for name in smm_eval.scoring.__all__:
        assert getattr(smm_eval.scoring, name) is not None
        assert not name.startswith("_")


def test_importing_scoring_does_not_tune_the_allocator():
    # A fresh interpreter: glibc's thresholds are a process-wide setting that only entry points
    # (the CLI, the app, the benchmarks) may change.
    code = "import sys, smm_eval.scoring, smm_eval.team; print('smm_eval._alloc' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
