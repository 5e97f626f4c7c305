"""Raw form exports on the command line: map-form, score --mapping, import --mapping."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT

C13 = ROOT / "tests" / "data" / "imports" / "c13_google_forms_export.csv"
SAMPLE = ROOT / "data" / "samples" / "form_export.csv"
SAMPLE_MAPPING = ROOT / "data" / "samples" / "form_export_mapping.json"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "SMM_EVAL_DATABASE_URL"}  # the SQLite file of `env`
    return subprocess.run(
        [sys.executable, "-m", "smm_eval", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False, env={**base, **(env or {})},
    )  # fmt: skip


def rows(text: str) -> dict[str, dict[str, str]]:
    return {row["person"]: row for row in csv.DictReader(io.StringIO(text))}


def c13_mapping(tmp_path: Path, duplicates: str) -> Path:
    result = run("map-form", str(C13), "-o", str(tmp_path / "m.json"))
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    document["duplicates"] = duplicates
    (tmp_path / "m.json").write_text(json.dumps(document), encoding="utf-8")
    return tmp_path / "m.json"


def test_map_form_writes_a_mapping_and_lists_the_duplicate(tmp_path):
    result = run("map-form", str(C13), "-o", str(tmp_path / "m.json"))
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert document["columns"] == {
        "Timestamp": "date", "Email Address": "rater", "person": "person",
        "brand_strategy": "brand_strategy", "copywriting": "copywriting",
    }  # fmt: skip
    assert document["answers"] == {"3 - Independent": 3, "Guided": 2, "4 - Expert": 4, "Aware": 1}
    assert document["duplicates"] == "refuse"
    assert "'Kira Lenz' was rated by 'rater1@example.org' more than once (lines 2, 3)" in result.stderr


def test_c13_with_a_mapping_keeping_the_latest_scores_each_person_once(tmp_path):
    result = run("score", str(C13), "--mapping", str(c13_mapping(tmp_path, "keep_latest")))
    assert result.returncode == 0, result.stderr
    scored = rows(result.stdout)
    assert list(scored) == ["Kira Lenz", "Jonas Weber"]
    # Kira (line 3 kept): brand_strategy 3 -> marketing 3/4 = 75.0; copywriting 4 -> creative 4/4 = 100.0.
    # Jonas: "Guided" = 2 -> marketing 2/4 = 50.0; "Aware" = 1 -> creative 1/4 = 25.0.
    assert (scored["Kira Lenz"]["marketing"], scored["Kira Lenz"]["creative"]) == ("75.0", "100.0")
    assert (scored["Jonas Weber"]["marketing"], scored["Jonas Weber"]["creative"]) == ("50.0", "25.0")
    assert scored["Kira Lenz"]["raters"] == "1"  # the double submission counts once
    # The same scores as the hand-made wide ratings file.
    wide = tmp_path / "wide.csv"
    wide.write_text(
        "person,rater,brand_strategy,copywriting\n"
        "Kira Lenz,rater1@example.org,3,4\n"
        "Jonas Weber,rater2@example.org,2,1\n"
    )
    assert run("score", str(wide)).stdout == result.stdout


def test_c13_with_a_refusing_mapping_exits_2_naming_the_duplicate(tmp_path):
    result = run("score", str(C13), "--mapping", str(c13_mapping(tmp_path, "refuse")))
    assert result.returncode == 2
    assert f"{C13}, line 3: 'Kira Lenz' was rated by 'rater1@example.org' more than once (lines 2, 3)" in result.stderr


def test_c13_without_a_mapping_is_refused_naming_the_option():
    result = run("score", str(C13))
    assert result.returncode == 2
    assert "--mapping" in result.stderr
    assert f"map-form {C13} -o mapping.json" in result.stderr
    assert "unknown column 'Timestamp'" in result.stderr  # the ratings reader's own problems still follow


def test_a_broken_mapping_is_located(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "smm-eval-form-mapping", "columns": {"person": "person", "x": "copywritting"}}')
    result = run("score", str(C13), "--mapping", str(bad))
    assert result.returncode == 2
    assert (
        f"{bad}, field columns.x: 'copywritting' is not person, rater, date, ignore or a competency id" in result.stderr
    )
    assert f"{bad}, field columns: no column is mapped to a competency" in result.stderr


def test_the_sample_export_scores_with_its_mapping():
    result = run("score", str(SAMPLE), "--mapping", str(SAMPLE_MAPPING), "--format", "json")
    assert result.returncode == 0, result.stderr
    people = {row["person"]: row for row in json.loads(result.stdout)}
    assert list(people) == ["Ana Morales", "Marco Rossi"]
    assert people["Ana Morales"]["raters"] == 2  # lead (latest of two submissions) and hr
    assert people["Ana Morales"]["answered"] == 5


def test_import_with_a_mapping_stores_the_scorecards(tmp_path):
    env = {"SMM_EVAL_SQLITE_PATH": str(tmp_path / "ws.sqlite")}
    mapping = str(c13_mapping(tmp_path, "keep_latest"))
    args = ("import", str(C13), "--mapping", mapping, "--vacancy", "Forms", "--role", "smm_manager")
    result = run(*args, env=env)
    assert result.returncode == 0, result.stderr
    assert "2 new candidates, 0 existing candidates, 2 scorecards, 4 ratings" in result.stdout
    ranked = run("rank", "--vacancy", "Forms", env=env)
    assert ranked.returncode == 0, ranked.stderr
    assert [row["candidate"] for row in csv.DictReader(io.StringIO(ranked.stdout))] == ["Kira Lenz", "Jonas Weber"]
    again = run(*args, env=env)  # the same scorecards twice: refused, located in the raw export
    assert again.returncode == 2
    assert str(C13) in again.stderr
