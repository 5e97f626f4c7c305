"""The data-lifecycle commands: `candidate export`, `candidate erase` and `retention apply`.

Each calls `smm_eval.services.lifecycle` (the services the pages call) and writes its record as
text or JSON. The command line acts as an admin on the workspace it is given (docs/access.md).
"""

from __future__ import annotations

import argparse

from smm_eval.cli import formatting
from smm_eval.cli.commands import open_database
from smm_eval.cli.errors import CliError


def cmd_candidate(args: argparse.Namespace) -> str:
    """`candidate export NAME_OR_CODE [-o FILE] [--blind]` and `candidate erase CODE --yes`."""
    from smm_eval.services.lifecycle import erase_candidate, export_candidate_json

    db = open_database()
    if args.action == "export":
        return export_candidate_json(db, args.candidate, blind=args.blind) + "\n"
    if args.output:
        raise CliError("candidate erase: -o/--output is for `candidate export`")
    if not args.yes:
        raise CliError(f"candidate erase: add --yes to erase candidate {args.candidate} (it cannot be undone)")
    erased = erase_candidate(db, args.candidate)
    removed = ", ".join(f"{n} {table}" for table, n in erased.removed.items())
    return f"Erased candidate {erased.code}: removed {removed}; only the code is kept.\n"


def cmd_retention(args: argparse.Namespace) -> str:
    """`retention apply [--dry-run] [--months N] [--json]`: anonymise candidates untouched for N months."""
    from smm_eval.services.lifecycle import apply_retention
    from smm_eval.settings import get_settings

    months = args.months if args.months is not None else get_settings().retention_months
    if months is None:
        raise CliError("retention apply: give --months N or set SMM_EVAL_RETENTION_MONTHS")
    report = apply_retention(open_database(), months, dry_run=args.dry_run)
    if args.json:
        rows = [{"code": c.code, "name": c.name, "last_touched": c.last_touched.isoformat()} for c in report.candidates]
        document = {"months": months, "cutoff": report.cutoff.isoformat(), "applied": report.applied}
        return formatting.dumps(document | {"candidates": rows})
    verb = "Anonymised" if report.applied else "Would anonymise"
    lines = [f"{c.code}\t{c.name}\t{c.last_touched:%Y-%m-%d}" for c in report.candidates]
    head = (
        f"{verb} {formatting.counted(len(lines), 'candidate', 'candidates')} untouched since {report.cutoff:%Y-%m-%d}"
    )
    return "\n".join([head + (":" if lines else "."), *lines]) + "\n"


def add_lifecycle_commands(sub: argparse._SubParsersAction) -> None:
    """candidate export / erase and retention apply."""
    p = sub.add_parser(
        "candidate",
        help="export everything held about one candidate (JSON), or erase a candidate",
        description="`export NAME_OR_CODE` writes the candidate's profile, applications with stage history, "
        "scorecards with evidence, drafts and self-assessments as JSON (docs/formats.md). `erase CODE --yes` "
        "deletes all of it and keeps only the code (docs/access.md).",
    )
    p.add_argument("action", choices=("export", "erase"))
    p.add_argument("candidate", metavar="NAME_OR_CODE", help="the candidate (erase: the code, e.g. C0007)")
    p.add_argument("-o", "--output", metavar="FILE.json", help="write the export to this file")
    p.add_argument("--blind", action="store_true", help="leave out name, contact and free text (export)")
    p.add_argument("--yes", action="store_true", help="confirm an erase")
    p.set_defaults(run=cmd_candidate)

    p = sub.add_parser(
        "retention",
        help="anonymise candidates nobody touched for N months (scores kept)",
        description="Candidates with no activity (added, stage move, scorecard, draft, self-assessment) for "
        "N months lose their name (replaced by the code), contact, notes, evidence and drafts; their scores "
        "stay for statistics. N is --months or SMM_EVAL_RETENTION_MONTHS. --dry-run only lists them.",
    )
    p.add_argument("action", choices=("apply",))
    p.add_argument("--months", type=int, metavar="N", help="the retention period (default SMM_EVAL_RETENTION_MONTHS)")
    p.add_argument(
        "--dry-run", action="store_true", dest="dry_run", help="list who would be anonymised; change nothing"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_retention)
