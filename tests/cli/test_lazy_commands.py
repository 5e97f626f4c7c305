"""The command line loads only what the command it runs needs (issue 17: the `score` command's start-up).

The parser lists every command but imports no command's module; a command imports its services
when it runs. Checked on the modules a real `python -X importtime -m smm_eval ...` process loads,
and on the help texts, which must read exactly as before (tests/cli/help/*.txt were written by
the parser that imported every command at start-up).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smm_eval.cli.parser import build_parser

from ..conftest import ROOT, SAMPLE

HELP = Path(__file__).parent / "help"
COMMANDS = sorted(path.stem for path in HELP.glob("*.txt") if path.stem != "main")


def loaded_modules(*args: str) -> set[str]:
    """The modules `python -X importtime -m smm_eval ARGS` imports (importtime's report on stderr)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "smm_eval", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


def test_score_loads_no_database_salary_or_model_library(tmp_path):
    modules = loaded_modules("score", str(SAMPLE), "--role", "smm_manager", "-o", str(tmp_path / "out.csv"))
    # The report was read: the score command's own service is in it.
    assert "smm_eval.services.scoring_file" in modules
    for heavy in ("sqlalchemy", "alembic", "sklearn", "scipy", "smm_eval.salary", "smm_eval.services.workspace"):
        assert heavy not in modules, f"`score` imported {heavy}"
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfperson,overall,")


def test_help_loads_no_command_module():
    modules = loaded_modules("--help")
    assert "smm_eval.cli.parser" in modules
    for module in ("smm_eval.cli.commands", "smm_eval.cli.lifecycle", "pandas", "smm_eval.salary"):
        assert module not in modules, f"--help imported {module}"


def help_text(argv: list[str], capsys: pytest.CaptureFixture[str], build_all: bool) -> str:
    parser = build_parser(None if build_all else argv)
    with pytest.raises(SystemExit) as stopped:
        parser.parse_args(argv)
    assert stopped.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["main", *COMMANDS])
def test_help_reads_as_before(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # the width the files were written at
    argv = ["--help"] if command == "main" else [command, "--help"]
    expected = (HELP / f"{command}.txt").read_text(encoding="utf-8")
    assert help_text(argv, capsys, build_all=False) == expected
    assert help_text(argv, capsys, build_all=True) == expected


def test_every_command_has_its_help_file():
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(commands) == COMMANDS


def test_a_command_runs_from_the_parser_built_for_it():
    # Only `roles` gets its arguments; its command function is imported when it runs.
    args = build_parser(["roles", "--json"]).parse_args(["roles", "--json"])
    assert repr(args.run) == "LazyCommand('commands:cmd_roles')"
    assert '"id": "smm_manager"' in args.run(args)
