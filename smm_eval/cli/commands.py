"""The commands: each parses nothing and formats nothing itself; it calls a service and hands its
record to `formatting`.

The database and team services load SQLAlchemy and SciPy: they are imported inside the commands
that need them, so `score` starts without them (its start-up is benchmarked).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smm_eval.cli import formatting
from smm_eval.cli.errors import CliError, DatabaseUnavailableError
from smm_eval.errors import InputError
from smm_eval.files.csv_out import BOM, to_safe_csv
from smm_eval.files.tables import BLANK_RECORDS, blank_note
from smm_eval.framework import Framework, load_framework, load_roles
from smm_eval.services.scoring_file import UnknownRoleError, score_table

if TYPE_CHECKING:
    from smm_eval.services.candidates import ImportFiles
    from smm_eval.services.salary import CliSalary
    from smm_eval.services.workspace import Database


def read_file(path_text: str) -> bytes:
    """A file's bytes; CliError naming the file when it cannot be read."""
    path = Path(path_text)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: cannot be read: {exc.strerror or exc}") from exc


def open_database() -> Database:
    """The database of the current settings; ConfigurationError (exit 2) for settings that cannot
    work, DatabaseUnavailableError when it cannot be opened."""
    from smm_eval.services.workspace import DatabaseUnavailableError as Unreachable
    from smm_eval.services.workspace import open_workspace

    try:
        return open_workspace()
    except Unreachable as exc:
        raise DatabaseUnavailableError(f"cannot open the database: {exc.detail}") from exc


def cmd_framework(args: argparse.Namespace) -> str:
    """The competency model as text or a JSON document (`framework`)."""
    doc = formatting.framework_document(load_framework(), args.lang)
    return formatting.dumps(doc) if args.json else formatting.framework_text(doc)


def cmd_roles(args: argparse.Namespace) -> str:
    """The role profiles as a list or JSON (`roles`)."""
    rows = formatting.roles_rows(load_roles(), args.lang)
    if args.json:
        return formatting.dumps(rows)
    return "\n".join(f"{r['id']:<20} {r['name']}" for r in rows) + "\n"


def cmd_score(args: argparse.Namespace) -> str:
    """Score a wide ratings CSV, or a raw export with --mapping: CSV or JSON, one row per person (`score`)."""
    data, framework = read_file(args.ratings), load_framework()
    try:
        if args.mapping:
            from smm_eval.services.form_import import score_form_table

            mapping = (read_file(args.mapping), args.mapping)
            table = score_form_table(data, args.ratings, mapping, framework, load_roles(), args.role, args.lang)
        else:
            table = score_table(data, args.ratings, framework, load_roles(), args.role, args.lang)
    except UnknownRoleError as exc:
        raise CliError(f"--role: {exc}") from exc
    except InputError as exc:
        raise _with_form_hint(exc, data, args) from exc
    _note_blank(args.ratings, int(table.attrs.get(BLANK_RECORDS, 0)))
    if args.format == "json":
        return formatting.dumps(formatting.records(table))
    return _csv_output(to_safe_csv(table), args)


def _note_blank(source: str, count: int) -> None:
    """Say on standard error how many blank records of the input were skipped (`tables.blank_note`)."""
    note = blank_note(source, count)
    if note is not None:
        print(note, file=sys.stderr)


def _csv_output(text: str, args: argparse.Namespace) -> str:
    """CSV as a command writes it: a file (-o) opens in spreadsheet programs, so it starts with the
    UTF-8 byte-order mark unless --no-bom (docs/formats.md); standard output (a pipe) gets none."""
    return BOM + text if args.output and not args.no_bom else text


def cmd_import(args: argparse.Namespace) -> str:
    """Store a ratings CSV (and a candidates CSV) as a vacancy's scorecards (`import`)."""
    from smm_eval.services.candidates import import_candidates

    framework, roles = load_framework(), load_roles()
    if args.role is not None and args.role not in roles:
        raise CliError(f"--role: unknown role '{args.role}'; choose one of: {', '.join(roles)}")
    ratings = (read_file(args.ratings), args.ratings)
    people = (read_file(args.candidates), args.candidates) if args.candidates else None
    try:
        files = _read_ratings_for_import(args, ratings, people, framework)
    except InputError as exc:
        raise _with_form_hint(exc, ratings[0], args) from exc
    db = open_database()  # after the files: bad input is reported without waiting on the database
    summary = import_candidates(db, args.vacancy, args.role, files, framework, roles)
    created = "created" if summary.vacancy_created else "existing"
    _note_blank(args.ratings if args.candidates is None else f"{args.ratings}, {args.candidates}", files.blank_records)
    return (
        f"Imported into {created} vacancy '{summary.vacancy_title}' ({db.describe()}): "
        f"{formatting.counted(summary.candidates_created, 'new candidate', 'new candidates')}, "
        f"{formatting.counted(summary.candidates_existing, 'existing candidate', 'existing candidates')}, "
        f"{formatting.counted(summary.scorecards, 'scorecard', 'scorecards')}, "
        f"{formatting.counted(summary.ratings, 'rating', 'ratings')}, "
        f"{formatting.counted(summary.self_assessments, 'self-assessment', 'self-assessments')} kept apart.\n"
    )


def _read_ratings_for_import(
    args: argparse.Namespace, ratings: tuple[bytes, str], people: tuple[bytes, str] | None, framework: Framework
) -> ImportFiles:
    """`import`'s files: the wide ratings CSV, or a raw export through --mapping."""
    from smm_eval.services.candidates import read_import

    if not args.mapping:
        return read_import(ratings, people, framework, max_bytes=None)
    from smm_eval.files.forms import read_export, read_mapping
    from smm_eval.services.form_import import read_form_import

    mapping = read_mapping(read_file(args.mapping), args.mapping, framework.competency_ids)
    return read_form_import(read_export(ratings[0], ratings[1], None), mapping, people, framework, max_bytes=None)


def _with_form_hint(exc: InputError, data: bytes, args: argparse.Namespace) -> InputError:
    """`exc`, with a first problem naming --mapping when the ratings file is a raw export read without one."""
    if args.mapping:
        return exc
    from smm_eval.services.form_import import form_hint

    hint = form_hint(data, args.ratings, load_framework())
    return exc if hint is None else InputError([hint, *exc.problems])


def cmd_map_form(args: argparse.Namespace) -> str:
    """Write a suggested mapping for a raw export; what needs review goes to standard error (`map-form`)."""
    from smm_eval.files.forms import mapping_json
    from smm_eval.services.form_import import suggest_for_file

    preview = suggest_for_file(read_file(args.export), args.export, load_framework())
    for line in formatting.form_review(preview):
        print(line, file=sys.stderr)
    _note_blank(args.export, preview.raw.blank_records)
    return mapping_json(preview.mapping).decode("utf-8")


def cmd_rank(args: argparse.Namespace) -> str:
    """A vacancy's candidates best first, as CSV or JSON with the raters' ICC (`rank`)."""
    from smm_eval.services.recruiting import UnknownVacancyError, rank_vacancy

    db = open_database()
    try:
        report = rank_vacancy(db, args.vacancy, load_framework(), blind=args.blind)
    except UnknownVacancyError as exc:
        raise CliError(f"--vacancy: {exc}") from exc
    if args.json:
        return formatting.rank_json(args.vacancy, report.table, report.agreement)
    return _csv_output(formatting.rank_csv(report.table), args)


def cmd_backup(args: argparse.Namespace) -> str:
    """Write every table of the workspace to a JSON file (`backup`)."""
    from smm_eval.services.candidates import backup

    db = open_database()
    document = backup(db)
    try:
        Path(args.out).write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError as exc:
        raise CliError(f"{args.out}: cannot be written: {exc.strerror or exc}") from exc
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in document["tables"].items())
    return f"Backed up {db.describe()} to {args.out}: {counts}.\n"


def cmd_restore(args: argparse.Namespace) -> str:
    """Load a backup file into an empty workspace (`restore`)."""
    from smm_eval.services.candidates import restore

    data = read_file(args.backup)
    db = open_database()
    counts = restore(db, data, args.backup)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    return f"Restored {args.backup} into {db.describe()}: {summary}.\n"


def cmd_audit(args: argparse.Namespace) -> str:
    """The workspace's audit trail as CSV, oldest first (`audit export`); the command line acts as
    an admin (docs/access.md)."""
    from smm_eval.services.audit import export_events

    text = export_events(open_database()).decode("utf-8").removeprefix(BOM)
    return _csv_output(text, args)


def salary_estimate_for(args: argparse.Namespace) -> CliSalary:
    """The `salary` command's estimate: fit --data once and store it in the workspace, else the
    dataset chosen with --dataset, else (or with --baseline) the sourced baseline."""
    from smm_eval import salary
    from smm_eval.services.salary import cli_salary

    roles = load_roles()
    query = salary.SalaryQuery(
        args.level, args.region, args.work_format, args.role, args.projects, args.immersion,
        market=args.market, gross_net=args.gross_net, pay_kind=args.pay_kind,
    )  # fmt: skip
    data = salary.load_market(args.market)
    errors = query.problems(data)
    if errors:
        raise CliError("; ".join(f"{e.column_name}: {e.message}" for e in errors))
    if args.baseline and args.data:
        raise CliError("--baseline and --data exclude each other")
    observations = (read_file(args.data), args.data) if args.data else None
    db = None if args.baseline else open_database()  # after the file: bad input is reported first
    if args.dataset and (args.baseline or args.data):
        raise CliError("--dataset excludes --baseline and --data")
    return cli_salary(db, query, data, tuple(roles), observations, args.dataset)


def cmd_salary(args: argparse.Namespace) -> str:
    """A pay range in one market's money with its sources and the model it came from, as text or JSON
    (`salary`)."""
    result = salary_estimate_for(args)
    if result.fit is not None:
        _note_blank(args.data, result.fit.blank_records)
    if args.json:
        document = result.estimate.as_json() | {"model": formatting.salary_model_json(result)}
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    text = formatting.salary_text(result.estimate, args.level, args.role, args.region, args.work_format)
    return text + formatting.salary_model_text(result)


def cmd_plan(args: argparse.Namespace) -> str:
    """A team's optimal training plan and next hire, as text or JSON (`plan`)."""
    from smm_eval.services.teams import plan_for_file

    if args.budget < 0 or (args.hours is not None and args.hours < 0):
        raise CliError("--budget and --hours must not be negative")
    data = read_file(args.team)
    catalogue_path = Path(args.catalogue) if args.catalogue else None
    report, catalogue, blank = plan_for_file(
        data, args.team, load_framework(), load_roles(), args.budget, args.hours, catalogue_path
    )
    _note_blank(args.team, blank)
    return formatting.plan_output(report, catalogue, args.json)


def cmd_salary_data(args: argparse.Namespace) -> str:
    """List, rename or delete stored salary datasets (`salary-data`); a delete needs --yes."""
    from smm_eval.services.salary import list_datasets
    from smm_eval.services.salary_data import delete_dataset, find_dataset, rename_dataset

    if args.action != "list" and not args.dataset:
        raise CliError(f"salary-data {args.action}: name the dataset (NAME or ID; see `salary-data list`)")
    if args.action == "rename" and args.name is None:
        raise CliError("salary-data rename: give the new name after the dataset")
    db = open_database()
    if args.action == "list":
        datasets = list_datasets(db)
        if args.json:
            rows = [
                {
                    "id": d.id,
                    "name": d.name,
                    "currency": d.currency,
                    "rows": d.rows,
                    "created_at": d.created_at.isoformat(),
                }
                for d in datasets
            ]
            return formatting.dumps({"datasets": rows})
        lines = [f"{d.id}\t{d.name}\t{d.currency}\t{d.rows} rows\t{d.created_at:%Y-%m-%d}" for d in datasets]
        return "\n".join(lines or ["No salary dataset is stored."]) + "\n"
    chosen = find_dataset(db, args.dataset, "dataset")
    if args.action == "rename":
        name = rename_dataset(db, chosen.id, args.name)
        return f"Renamed salary dataset {chosen.id} from '{chosen.name}' to '{name}'.\n"
    if not args.yes:
        raise CliError(
            f"salary-data delete: add --yes to delete dataset {chosen.id} '{chosen.name}' ({chosen.rows} rows)"
        )
    delete_dataset(db, chosen.id)
    return f"Deleted salary dataset {chosen.id} '{chosen.name}' and its {chosen.rows} observations.\n"
