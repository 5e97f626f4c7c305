"""`candidate export`, `candidate erase` and `retention apply` as a user runs them."""

from __future__ import annotations

import json

from ..conftest import ROOT
from .test_cli import run

SAMPLES = ROOT / "data" / "samples"


def imported(tmp_path):
    workspace = tmp_path / "w.sqlite"
    result = run(
        "import", str(SAMPLES / "interview_ratings.csv"), "--candidates", str(SAMPLES / "candidates.csv"),
        "--vacancy", "SMM lead", "--role", "smm_manager", workspace=workspace,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return workspace


def test_export_then_erase_one_candidate(tmp_path):
    workspace = imported(tmp_path)
    out = tmp_path / "ana.json"
    assert run("candidate", "export", "ana morales", "-o", str(out), workspace=workspace).returncode == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    # candidates.csv: Ana Morales is the first candidate (C0001), ana.morales@example.com.
    assert document["format"] == "smm-eval-candidate" and document["candidate"]["code"] == "C0001"
    assert document["candidate"]["contact"] == "ana.morales@example.com"
    blind = run("candidate", "export", "C0001", "--blind", workspace=workspace)
    assert blind.returncode == 0 and "Morales" not in blind.stdout and '"code": "C0001"' in blind.stdout
    refused = run("candidate", "erase", "C0001", workspace=workspace)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    erased = run("candidate", "erase", "C0001", "--yes", workspace=workspace)
    assert erased.returncode == 0, erased.stderr
    # interview_ratings.csv: Ana is rated by lead and hr (2 scorecards of 25 items); her "self" rows
    # are kept as one self-assessment; the import attached her once (1 stage change).
    assert "Erased candidate C0001: removed 1 stage_changes, 50 scorecard_items, 2 scorecards" in erased.stdout
    backup = tmp_path / "b.json"
    assert run("backup", str(backup), workspace=workspace).returncode == 0
    assert "Morales" not in backup.read_text(encoding="utf-8")
    unknown = run("candidate", "export", "Nobody Here", workspace=workspace)
    assert unknown.returncode == 2 and "no candidate has the code or name 'Nobody Here'" in unknown.stderr


def test_retention_apply_needs_a_period_and_lists_with_dry_run(tmp_path):
    workspace = imported(tmp_path)
    missing = run("retention", "apply", workspace=workspace)
    assert missing.returncode == 2 and "SMM_EVAL_RETENTION_MONTHS" in missing.stderr
    # Everyone was added just now: nobody is untouched for a month.
    dry = run("retention", "apply", "--months", "1", "--dry-run", "--json", workspace=workspace)
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["months"] == 1 and report["applied"] is False and report["candidates"] == []
    bad = run("retention", "apply", "--months", "0", workspace=workspace)
    assert bad.returncode == 2 and "at least 1 month" in bad.stderr
