"""Command line: `python -m smm_eval COMMAND ...`.

Each command reads CSV/JSON and writes CSV/JSON; it exits 0 on success and 2 on bad input, with
a message naming the file, line and column. The commands call the same functions as the pages.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import ValidationError

from smm_eval import salary, vocabulary

if TYPE_CHECKING:  # the database and team modules load SQLAlchemy and SciPy: only commands that need them do
    from smm_eval import team
    from smm_eval.db import Database
from smm_eval.errors import InputError, Problem
from smm_eval.export import to_safe_csv
from smm_eval.framework import LANGUAGES, Framework, load_framework, load_roles
from smm_eval.ratings import read_candidates, read_wide_ratings
from smm_eval.recruiting import evaluate
from smm_eval.scoring import best_role_of_each, score_profiles

EXIT_BAD_INPUT = 2


EXIT_UNAVAILABLE = 1


class CliError(Exception):
    """A problem to report on stderr before exiting with status 2."""


class DatabaseUnavailableError(Exception):
    """The database cannot be reached; exit status 1 (not the input's fault)."""


def _framework_document(framework: Framework, lang: str) -> dict[str, Any]:
    total = sum(b.weight for b in framework.blocks)
    return {
        "version": framework.version,
        "language": lang,
        "scale": [
            {"level": s.level, "name": s.name.get(lang), "description": s.description.get(lang)}
            for s in framework.scale
        ],
        "blocks": [
            {
                "id": b.id,
                "name": b.name.get(lang),
                "description": b.description.get(lang),
                "weight_percent": round(100 * b.weight / total, 1),
                "rationale": b.rationale.get(lang),
                "competencies": [
                    {
                        "id": c.id,
                        "name": c.name.get(lang),
                        "description": c.description.get(lang),
                        "weight": c.weight,
                        "rationale": c.rationale.get(lang) if c.rationale else None,
                        "anchors": {str(level): text.get(lang) for level, text in sorted(c.anchors.items())},
                    }
                    for c in b.competencies
                ],
            }
            for b in framework.blocks
        ],
        "career_levels": [
            {
                "id": lv.id,
                "name": lv.name.get(lang),
                "min_mean_level": lv.min_mean_level,
                "min_share_independent": lv.min_share_independent,
                "min_share_expert": lv.min_share_expert,
            }
            for lv in framework.career_levels
        ],
        "personal_qualities": [{"id": q.id, "name": q.name.get(lang)} for q in framework.personal_qualities],
    }


def cmd_framework(args: argparse.Namespace) -> str:
    framework = load_framework()
    doc = _framework_document(framework, args.lang)
    if args.json:
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    out = []
    for block in doc["blocks"]:
        out.append(f"{block['name']} [{block['id']}]  {block['weight_percent']}%")
        for comp in block["competencies"]:
            out.append(f"  {comp['id']}: {comp['name']} (weight {comp['weight']:g})")
            out.append(f"      {comp['description']}")
            for level, text in comp["anchors"].items():
                out.append(f"      {level}: {text}")
        out.append("")
    out.append("Personal qualities (not scored): " + ", ".join(q["name"] for q in doc["personal_qualities"]))
    return "\n".join(out) + "\n"


def cmd_roles(args: argparse.Namespace) -> str:
    roles = load_roles()
    rows = [
        {
            "id": r.id,
            "name": r.name.get(args.lang),
            "block_weight_percent": {k: round(v, 1) for k, v in r.block_weight_percent().items()},
        }
        for r in roles.values()
    ]
    if args.json:
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return "\n".join(f"{r['id']:<20} {r['name']}" for r in rows) + "\n"


SCORE_COLUMNS = ("person", "overall", "fit", "level", "coverage")
EXTRA_COLUMNS = ("overall_low", "overall_high", "confidence", "answered", "raters", "agreement")


def score_table(data: bytes, source: str, role_id: str | None) -> pd.DataFrame:
    """The `score` command's table: one row per person, in file order."""
    framework = load_framework()
    roles = load_roles()
    if role_id is not None and role_id not in roles:
        raise CliError(f"--role: unknown role '{role_id}'; choose one of: {', '.join(roles)}")
    table = read_wide_ratings(data, source, framework.competency_ids, max_bytes=None)
    result = score_profiles(table.ratings, framework, roles.get(role_id) if role_id else None, people=table.people)
    people = result.people
    out = pd.DataFrame({"person": people.index.astype(str)})
    out["overall"] = people["overall"].round(1).to_numpy()
    out["fit"] = people["fit"].round(1).to_numpy()
    out["level"] = people["level"].to_numpy()
    out["coverage"] = people["coverage"].round(2).to_numpy()
    for block_id in framework.block_ids:
        out[block_id] = result.blocks[block_id].round(1).to_numpy()
    out["overall_low"] = people["overall_low"].round(1).to_numpy()
    out["overall_high"] = people["overall_high"].round(1).to_numpy()
    out["confidence"] = people["confidence"].to_numpy()
    out["answered"] = people["answered"].to_numpy()
    out["raters"] = people["raters"].to_numpy()
    out["agreement"] = people["agreement"].round(2).to_numpy()
    if role_id is None:
        out["best_role"] = best_role_of_each(result.levels, framework, roles).to_numpy()
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _json_value(value.item())
    return value


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts: numpy scalars unwrapped, NaN as null."""
    return [{k: _json_value(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def cmd_score(args: argparse.Namespace) -> str:
    table = score_table(_read_file(args.ratings), args.ratings, args.role)
    if args.format == "json":
        records = _records(table)
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    return to_safe_csv(table, float_digits=2)


def _open_database() -> Database:
    from sqlalchemy.exc import OperationalError

    from smm_eval.db import open_database

    try:
        return open_database()
    except ValidationError as exc:
        raise CliError(f"configuration: {exc.errors()[0]['msg']}") from exc
    except OperationalError as exc:
        raise DatabaseUnavailableError(f"cannot open the database: {exc.orig}") from exc


def _read_file(path_text: str) -> bytes:
    path = Path(path_text)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def cmd_import(args: argparse.Namespace) -> str:
    from smm_eval import store

    framework, roles = load_framework(), load_roles()
    if args.role is not None and args.role not in roles:
        raise CliError(f"--role: unknown role '{args.role}'; choose one of: {', '.join(roles)}")
    table = read_wide_ratings(_read_file(args.ratings), args.ratings, framework.competency_ids, max_bytes=None)
    candidates = None
    if args.candidates:
        candidates = read_candidates(_read_file(args.candidates), args.candidates, max_bytes=None)
    db = _open_database()
    with db.transaction() as session:
        summary = store.import_ratings(
            session, table, args.vacancy, args.role, framework, roles, candidates=candidates, source=args.ratings
        )
    created = "created" if summary.vacancy_created else "existing"
    return (
        f"Imported into {created} vacancy '{summary.vacancy_title}' ({db.describe()}): "
        f"{summary.candidates_created} new and {summary.candidates_existing} existing candidates, "
        f"{summary.scorecards} scorecards, {summary.ratings} ratings, "
        f"{summary.self_assessments} self-assessments kept apart.\n"
    )


RANK_COLUMNS = (
    "rank", "candidate", "code", "overall", "fit", "knockouts", "knockouts_passed",
    "agreement", "raters", "confidence", "expected_salary", "budget", "stage",
)  # fmt: skip


def rank_table_for(title: str, blind: bool = False) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    from smm_eval import store

    """The `rank` command's table and the vacancy's inter-rater agreement (ICC)."""
    framework = load_framework()
    db = _open_database()
    with db.transaction() as session:
        vacancy = store.find_vacancy(session, title)
        if vacancy is None:
            names = ", ".join(f"'{v.title}'" for v in store.list_vacancies(session)) or "none yet"
            raise CliError(f"--vacancy: no vacancy titled '{title}' (vacancies: {names})")
        spec = store.spec_of(vacancy)
        ratings = store.ratings_for_vacancy(session, vacancy.id)
        applications = store.applications_frame(session, vacancy.id)
    evaluation = evaluate(ratings, applications, spec, framework)
    r = evaluation.ranking
    table = pd.DataFrame(
        {
            "rank": r["rank"].to_numpy(),
            "candidate": r.index.astype(str) if blind else r["name"].astype(str).to_numpy(),
            "code": r.index.astype(str),
            "overall": r["overall"].round(1).to_numpy(),
            "fit": r["fit"].round(1).to_numpy(),
            "knockouts": [f"{p}/{t}" for p, t in zip(r["passed"], r["total"], strict=True)],
            "knockouts_passed": r["all_passed"].astype(bool).to_numpy(),
            "agreement": r["agreement"].round(2).to_numpy(),
            "raters": r["raters"].to_numpy(),
            "confidence": r["confidence"].to_numpy(),
            "expected_salary": r["expected_salary"].to_numpy(),
            "budget": r["budget"].to_numpy(),
            "stage": r["stage"].to_numpy(),
        },
        columns=list(RANK_COLUMNS),
    )
    return table, evaluation.agreement


def cmd_rank(args: argparse.Namespace) -> str:
    table, agreement = rank_table_for(args.vacancy, blind=args.blind)
    if args.json:
        records = _records(table)
        icc = None
        if agreement is not None:
            icc = {k: _json_value(v) for k, v in agreement.items()}
            icc["icc"] = round(float(agreement["icc"]), 3)
        return (
            json.dumps({"vacancy": args.vacancy, "candidates": records, "icc": icc}, ensure_ascii=False, indent=2)
            + "\n"
        )
    return to_safe_csv(table.astype({"expected_salary": "Int64"}), float_digits=2)


def cmd_backup(args: argparse.Namespace) -> str:
    from smm_eval import store
    from smm_eval.db import head_revision

    db = _open_database()
    with db.transaction() as session:
        document = store.backup(session, head_revision())
    try:
        Path(args.out).write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{args.out}: cannot be written: {exc.strerror or exc}") from exc
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in document["tables"].items())
    return f"Backed up {db.describe()} to {args.out}: {counts}.\n"


def cmd_restore(args: argparse.Namespace) -> str:
    from smm_eval import store

    data = _read_file(args.backup)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError([Problem(args.backup, "is not UTF-8 text")]) from exc
    except json.JSONDecodeError as exc:
        raise InputError([Problem(args.backup, f"is not valid JSON: {exc.msg}", exc.lineno, exc.colno)]) from exc
    db = _open_database()
    with db.transaction() as session:
        counts = store.restore(session, document, source=args.backup)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"Restored {args.backup} into {db.describe()}: {summary}.\n"


def salary_estimate_for(args: argparse.Namespace) -> salary.SalaryEstimate:
    """The `salary` command's estimate: the baseline, or a model fitted on --data."""
    roles = load_roles()
    query = salary.SalaryQuery(args.level, args.region, args.work_format, args.role, args.projects, args.immersion)
    data = salary.load_salary_data()
    errors = query.problems(data)
    if errors:
        raise CliError("; ".join(errors))
    if not args.data:
        return salary.baseline_estimate(query, data)
    observations = salary.read_observations(_read_file(args.data), args.data, tuple(roles), max_bytes=None)
    model = salary.fit_salary_model(observations, tuple(roles), data)
    return model.estimate(query, data)


def cmd_salary(args: argparse.Namespace) -> str:
    estimate = salary_estimate_for(args)
    if args.json:
        return json.dumps(estimate.as_json(), ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"{args.level} {args.role}, {args.region}, {args.work_format}: "
        + ", ".join(f"P{round(q * 100)} {v:,.0f}" for q, v in sorted(estimate.quantiles.items()))
        + f" {estimate.currency}/month",
        f"method: {estimate.method}; observations behind it: {estimate.n}",
    ]
    lines += [f"  {e.factor} = {e.value}: ×{e.multiplier:g} ({e.reason.en})" for e in estimate.effects]
    for source in estimate.sources:
        when = source["date"] or f"undated, about {source['assumed_year']}"
        lines.append(f"  source: {source['name']} ({when})")
    if estimate.fallback_reason:
        lines.append(f"note: {estimate.fallback_reason}")
    if estimate.warning:
        lines.append(f"warning: {estimate.warning}")
    return "\n".join(lines) + "\n"


def team_plan(args: argparse.Namespace) -> tuple[team.Plan, team.Catalogue, tuple[str, list[str]]]:
    from smm_eval import team

    """The `plan` command: the optimal plan for a team file, and the next hire it leaves."""
    framework, roles = load_framework(), load_roles()
    data = team.read_team(_read_file(args.team), args.team, framework, roles, max_bytes=None)
    catalogue = team.load_catalogue(Path(args.catalogue) if args.catalogue else None)
    ratings = team.view_ratings(data.ratings, "combined", len(data.roles))
    matrix = team.skills_matrix(ratings, list(data.roles), framework)
    weights, targets = team.member_weights_targets(data.roles, framework, roles)
    plan = team.plan_training(matrix, weights, targets, catalogue.frame(), args.budget, args.hours)
    hire = team.next_hire(team.gaps_frame(plan.after, targets), weights, roles)
    return plan, catalogue, hire


def cmd_plan(args: argparse.Namespace) -> str:
    if args.budget < 0 or (args.hours is not None and args.hours < 0):
        raise CliError("--budget and --hours must not be negative")
    plan, catalogue, (hire_role, hire_gaps) = team_plan(args)
    assignments = [
        {"person": r.person, "training": r.training, "cost": r.cost, "hours": r.hours}
        for r in plan.assignments.itertuples()
    ]
    if args.json:
        doc = {
            "total_cost": plan.total_cost,
            "total_hours": plan.total_hours,
            "currency": catalogue.currency,
            "gap_total": round(plan.gap_total, 6),
            "gap_closed": round(plan.gap_closed, 6),
            "assignments": assignments,
            "next_hire": {"role": hire_role, "competencies": hire_gaps},
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    share = plan.gap_closed / plan.gap_total if plan.gap_total else 0.0
    lines = [
        f"Plan: {len(assignments)} assignment(s), {plan.total_cost:,.0f} {catalogue.currency}, "
        f"{plan.total_hours:,.0f} hours; closes {plan.gap_closed:.3f} of {plan.gap_total:.3f} weighted gap "
        f"({share:.0%})."
    ]
    lines += [
        f"  {a['person']}: {a['training']} ({a['cost']:,.0f} {catalogue.currency}, {a['hours']:g} h)"
        for a in assignments
    ]
    lines.append(f"Next hire: {hire_role} for {', '.join(hire_gaps) or 'no remaining gaps'}")
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m smm_eval",
        description="SMM Eval: score social-media-marketing competencies against role profiles.",
        epilog="Exit status: 0 success, 2 bad input (the message names the file, line and column).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
        "one score 0..100 per block, with the confidence band and raters.",
    )
    p.add_argument("ratings", metavar="RATINGS.csv", help="wide ratings CSV, UTF-8")
    p.add_argument("--role", help="role profile id (see `roles`); without it, default weights and no fit")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format (default csv)")
    p.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of standard output")
    p.set_defaults(run=cmd_score)

    p = sub.add_parser(
        "import",
        help="store a ratings CSV as scorecards of a vacancy (all or nothing)",
        description="Create the vacancy from --role if it does not exist, the candidates (by person) and "
        "one scorecard per (person, rater). Uses SMM_EVAL_DATABASE_URL (default: the SQLite file).",
    )
    p.add_argument("ratings", metavar="RATINGS.csv", help="wide ratings CSV, UTF-8")
    p.add_argument("--vacancy", required=True, metavar="TITLE", help="vacancy title")
    p.add_argument("--role", help="role profile for a new vacancy (see `roles`)")
    p.add_argument("--candidates", metavar="CANDIDATES.csv", help="name, contact, source, expected_salary, notes")
    p.set_defaults(run=cmd_import)

    p = sub.add_parser("rank", help="rank the candidates of a vacancy, best first")
    p.add_argument("--vacancy", required=True, metavar="TITLE")
    p.add_argument("--json", action="store_true", help="JSON with the candidates and the raters' ICC")
    p.add_argument("--blind", action="store_true", help="candidate codes instead of names")
    p.set_defaults(run=cmd_rank)

    p = sub.add_parser(
        "salary",
        help="estimate a monthly pay range (P25/P50/P75) with its sources",
        description="Baseline from data/salary.yaml, or quantile models fitted on --data observations "
        "(columns salary_from, salary_to, currency, region, level, work_format, role, date; optional "
        "experience_years). Falls back to the baseline where fewer than 30 observations match.",
    )
    p.add_argument("--level", required=True, choices=vocabulary.CAREER_LEVELS)
    p.add_argument("--region", required=True, choices=salary.REGIONS)
    p.add_argument("--work-format", required=True, dest="work_format", choices=salary.WORK_FORMATS)
    p.add_argument("--role", default="smm_manager", help="role profile id (default smm_manager)")
    p.add_argument("--projects", type=int, default=1, help="simultaneous projects (default 1)")
    p.add_argument("--immersion", default="standard", choices=salary.IMMERSION)
    p.add_argument("--data", metavar="OBS.csv", help="your salary observations to fit on")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_salary)

    p = sub.add_parser(
        "plan",
        help="the training plan that closes the most weighted gap of a team within a budget",
        description="TEAM.csv is the wide ratings CSV with a `role` column (each member's target role) and an "
        "optional `date` column. The plan is optimal (an exact integer programme).",
    )
    p.add_argument("team", metavar="TEAM.csv")
    p.add_argument("--budget", type=float, required=True, metavar="AMOUNT", help="money budget for the team")
    p.add_argument("--hours", type=float, metavar="H", help="training hours available per person")
    p.add_argument("--catalogue", metavar="FILE", help="a training catalogue YAML (default data/training.yaml)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_plan)

    p = sub.add_parser("backup", help="write every table of the database to a JSON file")
    p.add_argument("out", metavar="OUT.json")
    p.set_defaults(run=cmd_backup)

    p = sub.add_parser("restore", help="load a backup into an empty database")
    p.add_argument("backup", metavar="IN.json")
    p.set_defaults(run=cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        text = args.run(args)
        if getattr(args, "output", None):
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CliError(f"{args.output}: cannot be written: {exc.strerror or exc}") from exc
        else:
            sys.stdout.write(text)
    except InputError as exc:
        print(f"error: {len(exc.problems)} problem(s) in the input:", file=sys.stderr)
        print(exc.summary(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DatabaseUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except Exception as exc:
        code = _database_failure(exc)
        if code is None:
            raise
        return code
    return 0


def _database_failure(exc: Exception) -> int | None:
    """Report a failure of the database layer; None when `exc` is something else. The modules
    are looked up, not imported: a command that never loaded them cannot have raised their errors."""
    store = sys.modules.get("smm_eval.store")
    if store is not None and isinstance(exc, store.ConflictError):
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    db = sys.modules.get("smm_eval.db")
    if db is not None and isinstance(exc, db.DatabaseUnavailableError):
        print(f"error: the database failed during the command; nothing was saved: {exc.detail}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return None
