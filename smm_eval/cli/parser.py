"""The command line's arguments: one sub-command per report or action, with its help text."""

from __future__ import annotations

import argparse
import importlib
import math
from collections.abc import Callable, Sequence

from smm_eval.framework import LANGUAGES
from smm_eval.vocabulary import CAREER_LEVELS


def amount(text: str) -> float:
    """An amount argument by the one amount rule (`smm_eval.files.amounts`): 100000, 100 000, 100,000."""
    from smm_eval.files.amounts import parse_amount  # loads pandas: only when an amount is given

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


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `python -m smm_eval` parser; each sub-command sets `run` to its command (`LazyCommand`).

    Every sub-command is listed with its help and description (the top-level help is the same
    either way); its arguments are added for every command when `argv` is None, else only for the
    command `argv` names (its first word not starting with "-"): building the `salary` command's
    choices imports the salary package, which `score` does not need (issue 17: the `score`
    command's start-up; design choice).
    """
    wanted = None if argv is None else next((word for word in argv if not word.startswith("-")), "")
    parser = argparse.ArgumentParser(
        prog="python -m smm_eval",
        description="SMM Eval: score social-media-marketing competencies against role profiles.",
        epilog="Exit status: 0 success, 2 bad input (the message names the file, line and column).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _model_commands(sub, wanted)
    _recruiting_commands(sub, wanted)
    _market_and_team_commands(sub, wanted)
    _workspace_commands(sub, wanted)
    _lifecycle_commands(sub, wanted)
    return parser


def _model_commands(sub: argparse._SubParsersAction, wanted: str | None) -> None:
    """framework, roles and score: the model and scoring files (no database)."""
    p = _command(
        sub,
        wanted,
        "commands:cmd_framework",
        "framework",
        help="print the competency model (blocks, competencies, anchors)",
    )
    if p is not None:
        p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the texts (default en)")
        p.add_argument("--json", action="store_true", help="print a JSON document instead of text")

    p = _command(sub, wanted, "commands:cmd_roles", "roles", help="list the role profiles")
    if p is not None:
        p.add_argument("--lang", choices=LANGUAGES, default="en")
        p.add_argument("--json", action="store_true")

    p = _command(
        sub,
        wanted,
        "commands:cmd_score",
        "score",
        help="score the people of a wide ratings CSV",
        description="Read a wide ratings CSV (person, optional rater, one column per competency id, "
        "levels 0..4 or empty) and write one row per person: overall, fit, level, coverage and "
        "one score 0..100 per block, with the confidence band and raters. The career level is for "
        "--role, or without it for each person's best-fitting role (level_role), and is marked "
        "provisional below that role's coverage gate (level_text says how many more to rate).",
    )
    if p is not None:
        p.add_argument("ratings", metavar="RATINGS.csv", help="wide ratings CSV, UTF-8")
        p.add_argument("--role", help="role profile id (see `roles`); without it, default weights and no fit")
        p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
        p.add_argument("--lang", choices=LANGUAGES, default="en", help="language of the level_text column (default en)")
        _output_options(p)
        _mapping_option(p)

    p = _command(
        sub,
        wanted,
        "commands:cmd_map_form",
        "map-form",
        help="write a suggested mapping for a raw form or spreadsheet export (.csv or .xlsx)",
        description="Suggest which column of a raw export (Google Forms, Microsoft Forms, Typeform, a "
        "spreadsheet) is the person, the rater, the date or a competency, and which level each answer "
        "word is. Review the JSON it writes (answers it could not place and duplicate submissions are "
        "listed on standard error), then pass it to `score` or `import` with --mapping.",
    )
    if p is not None:
        p.add_argument("export", metavar="EXPORT", help="the raw export, .csv (UTF-8) or .xlsx")
        p.add_argument("-o", "--output", metavar="MAPPING.json", help="write to this file instead of standard output")


class LazyCommand:
    """A command function named by module and name, imported when the command runs: building the
    parser imports no command's module (their services load pandas, SQLAlchemy, SciPy)."""

    def __init__(self, target: str) -> None:
        self.module, _, self.name = target.partition(":")

    def function(self) -> Callable[[argparse.Namespace], str]:
        """The command function, imported from `smm_eval.cli.<module>`."""
        function: Callable[[argparse.Namespace], str] = getattr(
            importlib.import_module(f"smm_eval.cli.{self.module}"), self.name
        )
        return function

    def __call__(self, args: argparse.Namespace) -> str:
        return self.function()(args)

    def __repr__(self) -> str:
        return f"LazyCommand('{self.module}:{self.name}')"


def _command(
    sub: argparse._SubParsersAction, wanted: str | None, run: str, name: str, help: str, description: str | None = None
) -> argparse.ArgumentParser | None:
    """Add sub-command `name` with its help texts and `run` (module:function); the parser to add
    its arguments to when they are wanted (`wanted` is None or `name`), else None."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=description)
    p.set_defaults(run=LazyCommand(run))
    return p if wanted in (None, name) else None


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


def _recruiting_commands(sub: argparse._SubParsersAction, wanted: str | None) -> None:
    """import and rank: a vacancy's scorecards in the workspace database."""
    p = _command(
        sub,
        wanted,
        "commands:cmd_import",
        "import",
        help="store a ratings CSV as scorecards of a vacancy (all or nothing)",
        description="Create the vacancy from --role if it does not exist, the candidates (by person) and "
        "one scorecard per (person, rater). Uses SMM_EVAL_DATABASE_URL (default: the SQLite file).",
    )
    if p is not None:
        p.add_argument("ratings", metavar="RATINGS.csv", help="wide ratings CSV, UTF-8")
        p.add_argument("--vacancy", required=True, metavar="TITLE", help="vacancy title")
        p.add_argument("--role", help="role profile for a new vacancy (see `roles`)")
        p.add_argument(
            "--candidates",
            metavar="CANDIDATES.csv",
            help="name, contact, source, expected_salary, notes, expected_currency, expected_gross_net",
        )
        _mapping_option(p)

    p = _command(sub, wanted, "commands:cmd_rank", "rank", help="rank the candidates of a vacancy, best first")
    if p is not None:
        p.add_argument("--vacancy", required=True, metavar="TITLE")
        p.add_argument("--json", action="store_true", help="JSON with the candidates and the raters' ICC")
        p.add_argument("--blind", action="store_true", help="candidate codes instead of names")
        _output_options(p)


def _market_and_team_commands(sub: argparse._SubParsersAction, wanted: str | None) -> None:
    """salary and plan: pay ranges and a team's training plan."""
    p = _command(
        sub,
        wanted,
        "commands:cmd_salary",
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
    if p is not None:
        from smm_eval import salary  # only when the salary command is built: `score` never loads it

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

    p = _command(
        sub,
        wanted,
        "commands:cmd_salary_data",
        "salary-data",
        help="list, rename or delete the stored salary datasets",
        description="The salary datasets stored in the workspace (by `salary --data` or the salary page). "
        "`list` shows id, name, market currency, rows and date; `rename ID NAME`; `delete ID --yes` "
        "deletes a dataset, its observations and its model (without --yes nothing is deleted).",
    )
    if p is not None:
        p.add_argument("action", choices=("list", "rename", "delete"))
        p.add_argument("dataset", nargs="?", metavar="NAME|ID", help="the dataset (rename, delete)")
        p.add_argument("name", nargs="?", metavar="NEW_NAME", help="the new name (rename)")
        p.add_argument("--yes", action="store_true", help="confirm a delete")
        p.add_argument("--json", action="store_true")

    p = _command(
        sub,
        wanted,
        "commands:cmd_plan",
        "plan",
        help="the training plan that closes the most weighted gap of a team within a budget",
        description="TEAM.csv is the wide ratings CSV with a `role` column (each member's target role) and an "
        "optional `date` column. The plan is optimal (an exact integer programme).",
    )
    if p is not None:
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


def _workspace_commands(sub: argparse._SubParsersAction, wanted: str | None) -> None:
    """backup and restore of the workspace database."""
    p = _command(sub, wanted, "commands:cmd_backup", "backup", help="write every table of the database to a JSON file")
    if p is not None:
        p.add_argument("out", metavar="OUT.json")

    p = _command(sub, wanted, "commands:cmd_restore", "restore", help="load a backup into an empty database")
    if p is not None:
        p.add_argument("backup", metavar="IN.json")

    p = _command(
        sub,
        wanted,
        "commands:cmd_audit",
        "audit",
        help="export the audit trail (every change: who, when, what, old and new values) as CSV",
        description="`audit export` writes every event of the workspace's audit trail, oldest first, as CSV "
        "(columns in docs/formats.md). The command line acts as an admin on the workspace it is given.",
    )
    if p is not None:
        p.add_argument("action", choices=("export",))
        _output_options(p)


def _lifecycle_commands(sub: argparse._SubParsersAction, wanted: str | None) -> None:
    """candidate export / erase and retention apply."""
    p = _command(
        sub,
        wanted,
        "lifecycle:cmd_candidate",
        "candidate",
        help="export everything held about one candidate (JSON), or erase a candidate",
        description="`export NAME_OR_CODE` writes the candidate's profile, applications with stage history, "
        "scorecards with evidence, drafts and self-assessments as JSON (docs/formats.md). `erase CODE --yes` "
        "deletes all of it and keeps only the code (docs/access.md).",
    )
    if p is not None:
        p.add_argument("action", choices=("export", "erase"))
        p.add_argument("candidate", metavar="NAME_OR_CODE", help="the candidate (erase: the code, e.g. C0007)")
        p.add_argument("-o", "--output", metavar="FILE.json", help="write the export to this file")
        p.add_argument("--blind", action="store_true", help="leave out name, contact and free text (export)")
        p.add_argument("--yes", action="store_true", help="confirm an erase")

    p = _command(
        sub,
        wanted,
        "lifecycle:cmd_retention",
        "retention",
        help="anonymise candidates nobody touched for N months (scores kept)",
        description="Candidates with no activity (added, stage move, scorecard, draft, self-assessment) for "
        "N months lose their name (replaced by the code), contact, notes, evidence and drafts; their scores "
        "stay for statistics. N is --months or SMM_EVAL_RETENTION_MONTHS. --dry-run only lists them.",
    )
    if p is not None:
        p.add_argument("action", choices=("apply",))
        p.add_argument(
            "--months", type=int, metavar="N", help="the retention period (default SMM_EVAL_RETENTION_MONTHS)"
        )
        p.add_argument(
            "--dry-run", action="store_true", dest="dry_run", help="list who would be anonymised; change nothing"
        )
        p.add_argument("--json", action="store_true")
