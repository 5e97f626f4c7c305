"""The command line's arguments: one sub-command per report or action, with its help text."""

from __future__ import annotations

import argparse
import math

from smm_eval import salary
from smm_eval.cli.commands import (
    cmd_audit,
    cmd_backup,
    cmd_framework,
    cmd_import,
    cmd_map_form,
    cmd_plan,
    cmd_rank,
    cmd_restore,
    cmd_roles,
    cmd_salary,
    cmd_salary_data,
    cmd_score,
)
from smm_eval.cli.lifecycle import add_lifecycle_commands
from smm_eval.files.amounts import parse_amount
from smm_eval.framework import LANGUAGES
from smm_eval.vocabulary import CAREER_LEVELS


def amount(text: str) -> float:
    """An amount argument by the one amount rule (`smm_eval.files.amounts`): 100000, 100 000, 100,000."""
    negative = text.strip().startswith("-")  # refused by the command with its own message
    value = parse_amount(text.strip().removeprefix("-"))
    if value is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not an amount (e.g. 100000, 100 000 or 100,000)")
    if not math.isfinite(value):  # 400 digits read as infinity
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite amount")
    return -value if negative else value


def finite_number(text: str) -> float:
    """A number argument (hours, shares): any float Python reads, except NaN and infinity.

    `float()` alone accepts "nan", "inf" and "1e999" (infinity); a budget or a limit that is not a
    finite number makes no sense, so every float option of every command uses this type and argparse
    exits 2 with the message (design choice: refused at the boundary, not by each command).
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"'{text}' is not a finite number (NaN and infinity are refused)")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The `python -m smm_eval` parser; each sub-command sets `run` to its command function."""
    parser = argparse.ArgumentParser(
        prog="python -m smm_eval",
        description="SMM Eval: score social-media-marketing competencies against role profiles.",
        epilog="Exit status: 0 success, 2 bad input (the message names the file, line and column).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _model_commands(sub)
    _recruiting_commands(sub)
    _market_and_team_commands(sub)
    _workspace_commands(sub)
    add_lifecycle_commands(sub)
    return parser


def _model_commands(sub: argparse._SubParsersAction) -> None:
    """framework, roles and score: the model and scoring files (no database)."""
    p = sub.add_parser("framework", help="print the competency model (blocks, competencies, anchors)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the texts (default en)")
    p.add_argument("--json", action="store_true", help="print a JSON document instead of text")
    p.set_defaults(run=cmd_framework)

    p = sub.add_parser("roles", help="list the role profiles")
    p.add_argument("--lang", choices=LANGUAGES, default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_roles)

    p = sub.add_parser(
        "score",
        help="score the people of a wide ratings CSV",
        description="Read a wide ratings CSV (person, optional rater, one column per competency id, "
        "levels 0..4 or empty) and write one row per person: overall, fit, level, coverage and "
        "one score 0..100 per block, with the confidence band and raters. The career level is for "
        "--role, or without it for each person's best-fitting role (level_role), and is marked "
        "provisional below that role's coverage gate (level_text says how many more to rate).",
    )
    p.add_argument("ratings", metavar="RATINGS.csv", help="wide ratings CSV, UTF-8")
    p.add_argument("--role", help="role profile id (see `roles`); without it, default weights and no fit")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the level_text column (default en)")
    _output_options(p)
    _mapping_option(p)
    p.set_defaults(run=cmd_score)

    p = sub.add_parser(
        "map-form",
        help="write a suggested mapping for a raw form or spreadsheet export (.csv or .xlsx)",
        description="Suggest which column of a raw export (Google Forms, Microsoft Forms, Typeform, a "
        "spreadsheet) is the person, the rater, the date or a competency, and which level each answer "
        "word is. Review the JSON it writes (answers it could not place and duplicate submissions are "
        "listed on standard error), then pass it to `score` or `import` with --mapping.",
    )
    p.add_argument("export", metavar="EXPORT", help="the raw export, .csv (UTF-8) or .xlsx")
    p.add_argument("-o", "--output", metavar="MAPPING.json", help="write to this file instead of standard output")
    p.set_defaults(run=cmd_map_form)


def _output_options(p: argparse.ArgumentParser) -> None:
    """-o/--output and --no-bom of the commands that write a table (`score`, `rank`)."""
    p.add_argument(
        "-o", "--output", metavar="OUT", help="write to this file instead of standard output (CSV: UTF-8 with a BOM)"
    )
    p.add_argument(
        "--no-bom",
        action="store_true",
        dest="no_bom",
        help="write the -o CSV without the UTF-8 byte-order mark (spreadsheets need it to show non-Latin names)",
    )


def _mapping_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--mapping",
        metavar="MAPPING.json",
        help="read RATINGS as a raw form or spreadsheet export (.csv or .xlsx) through this mapping "
        "(write one with `map-form`)",
    )


def _recruiting_commands(sub: argparse._SubParsersAction) -> None:
    """import and rank: a vacancy's scorecards in the workspace database."""
    p = sub.add_parser(
        "import",
        help="store a ratings CSV as scorecards of a vacancy (all or nothing)",
        description="Create the vacancy from --role if it does not exist, the candidates (by person) and "
        "one scorecard per (person, rater). Uses SMM_EVAL_DATABASE_URL (default: the SQLite file).",
    )
    p.add_argument("ratings", metavar="RATINGS.csv", help="wide ratings CSV, UTF-8")
    p.add_argument("--vacancy", required=True, metavar="TITLE", help="vacancy title")
    p.add_argument("--role", help="role profile for a new vacancy (see `roles`)")
    p.add_argument(
        "--candidates",
        metavar="CANDIDATES.csv",
        help="name, contact, source, expected_salary, notes, expected_currency, expected_gross_net",
    )
    _mapping_option(p)
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("rank", help="rank the candidates of a vacancy, best first")
    p.add_argument("--vacancy", required=True, metavar="TITLE")
    p.add_argument("--json", action="store_true", help="JSON with the candidates and the raters' ICC")
    p.add_argument("--blind", action="store_true", help="candidate codes instead of names")
    _output_options(p)
    p.set_defaults(run=cmd_rank)


def _market_and_team_commands(sub: argparse._SubParsersAction) -> None:
    """salary and plan: pay ranges and a team's training plan."""
    p = sub.add_parser(
        "salary",
        help="estimate a pay range (P10..P90) in one market's money, with its sources",
        description="Baseline from data/markets/<market>.yaml (anchor, wage index to the money date, "
        "log-normal spread, minimum-wage floor, tax rule), or quantile models fitted on --data observations "
        "(a CSV with columns salary_from, salary_to, currency, region, level, work_format, role, date and "
        "optional experience_years, period (month or year) and gross_net, or an hh.ru vacancies JSON) in the "
        "market's currency and regions, fitted once and stored in the workspace and pooled with the baseline "
        "by the credibility of each cell; without --data the newest stored model of the market, else the "
        "baseline. Russia is monthly pay in RUB; the United States (USD) and Spain (EUR) are annual.",
    )
    p.add_argument("--market", default=salary.DEFAULT_MARKET, choices=salary.MARKETS)
    p.add_argument("--level", required=True, choices=CAREER_LEVELS)
    p.add_argument(
        "--region",
        required=True,
        help="a region of the market: russia moscow, st_petersburg, million_city, other_region; "
        "united_states and spain: national",
    )
    p.add_argument("--work-format", required=True, dest="work_format", choices=salary.WORK_FORMATS)
    p.add_argument("--gross-net", default="gross", dest="gross_net", choices=salary.GROSS_NET, help="default gross")
    p.add_argument("--pay", default="offered", dest="pay_kind", choices=salary.PAY_KINDS, help="default offered")
    p.add_argument("--role", default="smm_manager", help="role profile id (default smm_manager)")
    p.add_argument("--projects", type=int, default=1, help="simultaneous projects (default 1)")
    p.add_argument("--immersion", default="standard", choices=salary.IMMERSION)
    p.add_argument("--data", metavar="OBS.csv|VACANCIES.json", help="your salary observations to fit on and store")
    p.add_argument("--baseline", action="store_true", help="the sourced baseline, ignoring stored models")
    p.add_argument(
        "--dataset",
        metavar="NAME|ID",
        help="a stored dataset of the market to use (see `salary-data list`); without it and --data, the baseline",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_salary)

    p = sub.add_parser(
        "salary-data",
        help="list, rename or delete the stored salary datasets",
        description="The salary datasets stored in the workspace (by `salary --data` or the salary page). "
        "`list` shows id, name, market currency, rows and date; `rename ID NAME`; `delete ID --yes` "
        "deletes a dataset, its observations and its model (without --yes nothing is deleted).",
    )
    p.add_argument("action", choices=("list", "rename", "delete"))
    p.add_argument("dataset", nargs="?", metavar="NAME|ID", help="the dataset (rename, delete)")
    p.add_argument("name", nargs="?", metavar="NEW_NAME", help="the new name (rename)")
    p.add_argument("--yes", action="store_true", help="confirm a delete")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_salary_data)

    p = sub.add_parser(
        "plan",
        help="the training plan that closes the most weighted gap of a team within a budget",
        description="TEAM.csv is the wide ratings CSV with a `role` column (each member's target role) and an "
        "optional `date` column. The plan is optimal (an exact integer programme).",
    )
    p.add_argument("team", metavar="TEAM.csv")
    p.add_argument(
        "--budget",
        type=amount,
        required=True,
        metavar="AMOUNT",
        help="money budget for the team (100000, 100 000 or 100,000)",
    )
    p.add_argument("--hours", type=finite_number, metavar="H", help="training hours available per person")
    p.add_argument("--catalogue", metavar="FILE", help="a training catalogue YAML (default data/training.yaml)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_plan)


def _workspace_commands(sub: argparse._SubParsersAction) -> None:
    """backup and restore of the workspace database."""
    p = sub.add_parser("backup", help="write every table of the database to a JSON file")
    p.add_argument("out", metavar="OUT.json")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("restore", help="load a backup into an empty database")
    p.add_argument("backup", metavar="IN.json")
    p.set_defaults(run=cmd_restore)

    p = sub.add_parser(
        "audit",
        help="export the audit trail (every change: who, when, what, old and new values) as CSV",
        description="`audit export` writes every event of the workspace's audit trail, oldest first, as CSV "
        "(columns in docs/formats.md). The command line acts as an admin on the workspace it is given.",
    )
    p.add_argument("action", choices=("export",))
    _output_options(p)
    p.set_defaults(run=cmd_audit)
