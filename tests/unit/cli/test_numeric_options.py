"""Numeric options of the command line refuse NaN and infinity (issue 18, finding 8)."""

from __future__ import annotations

import pytest

from smm_eval.cli import main
from smm_eval.cli.parser import build_parser

TEAM = "data/samples/team.csv"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--hours", "inf", "'inf' is not a finite number"),
        ("--hours", "nan", "'nan' is not a finite number"),
        ("--hours", "-inf", "'-inf' is not a finite number"),
        ("--hours", "1e999", "'1e999' is not a finite number"),  # float() reads it as infinity
        ("--hours", "lots", "'lots' is not a number"),
        ("--budget", "nan", "'nan' is not an amount"),
        ("--budget", "inf", "'inf' is not an amount"),
        ("--budget", "9" * 400, "is not a finite amount"),  # 400 digits: float infinity
    ],
)
def test_plan_refuses_nan_and_infinity(option, value, said, capsys):
    others = ["--budget", "1000"] if option == "--hours" else []
    with pytest.raises(SystemExit) as stopped:
        main(["plan", TEAM, *others, f"{option}={value}"])
    assert stopped.value.code == 2
    assert said in capsys.readouterr().err


def test_every_float_option_is_guarded():
    # Every option of every command whose type converts to float is one of the two guarded types.
    from smm_eval.cli.parser import amount, finite_number

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, command in commands.items():
        for action in command._actions:
            assert action.type is not float, f"{name} {action.option_strings} uses float"
            if action.type in (amount, finite_number):
                assert action.type("12") == 12.0
