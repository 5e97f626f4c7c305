"""The data-lifecycle commands: `candidate export`, `candidate erase` and `retention apply`.

Their arguments are in `cli.parser`. Each calls `smm_eval.services.lifecycle` (the services the
pages call) and writes its record as text or JSON. The command line acts as an admin on the
workspace it is given (docs/access.md).
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
