"""Every row of a backup checked like the app's own input, before anything is written.

`restore` (smm_eval.storage.backup) converts a backup's values from JSON and then calls
`row_problems`, which returns every problem of every row at once, each named by table, row (its
0-based index in the backup's list) and field as `tables.<table>.<row>.<field>`:

1. **Column types and sizes** from the schema (`_value_problem`): whole numbers within PostgreSQL's
   `integer` range, finite numbers, text within its column's length (`Text` columns within
   `limits.MAX_CELL_CHARS`) and without NUL characters (PostgreSQL refuses them), true/false,
   JSON objects or lists, a value where the column requires one;
2. **The same models as the forms and imports**: a vacancy through `VacancySpec` and its check
   against the framework (role id, weights, targets, knock-outs, budgets non-negative and in
   order, currency), a candidate through `CandidateInput` (names and fields within length, salary,
   currency), a scorecard through `ScorecardInput` with the levels of its items (competency ids,
   qualities, red flags, recommendation, rater);
3. **Closed lists**: stages (`vocabulary.STAGES`), rater kinds, career levels, work formats, role
   and competency ids, levels 0..4;
4. **References**: every id that points at another table names a row of the backup.

A design choice: a restore refuses what the app itself could never have written, so that every
page and command can trust the rows it reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, Boolean, Float, Integer, String, Table, Text

from smm_eval.errors import Problem, problems_from_validation
from smm_eval.framework import Framework, RoleProfile
from smm_eval.limits import MAX_CELL_CHARS
from smm_eval.salary.evaluation import HeldOutMetrics
from smm_eval.salary.market import WORK_FORMATS
from smm_eval.schemas import CandidateInput, ScorecardInput, VacancySpec
from smm_eval.vocabulary import CAREER_LEVELS, LEVELS, RATER_KINDS, STAGES

Rows = Mapping[str, Sequence[Mapping[str, Any]]]
INT_RANGE = (-(2**31), 2**31 - 1)  # PostgreSQL `integer`
_CURRENCY = re.compile(r"^[A-Z]{3}$")
# table -> (field, the table it points at, whether it may be empty)
REFERENCES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "applications": (("candidate_id", "candidates", False), ("vacancy_id", "vacancies", False)),
    "stage_changes": (("application_id", "applications", False),),
    "scorecards": (("candidate_id", "candidates", False), ("vacancy_id", "vacancies", False)),
    "scorecard_items": (("scorecard_id", "scorecards", False),),
    "self_assessments": (("candidate_id", "candidates", True),),
    "salary_observations": (("dataset_id", "salary_datasets", False),),
    "team_members": (("team_id", "teams", False),),
    "team_ratings": (("member_id", "team_members", False),),
}


class _Found:
    """The problems found so far, each located in the backup `source`, with what the checks of the
    rows need: every row, the framework, the roles and each scorecard's items."""

    def __init__(self, source: str, rows: Rows, framework: Framework, roles: Mapping[str, RoleProfile]) -> None:
        self.source, self.rows, self.framework, self.roles = source, rows, framework, roles
        self.problems: list[Problem] = []
        self._where: set[str] = set()
        self.items: dict[Any, list[Mapping[str, Any]]] = {}
        for item in rows.get("scorecard_items", ()):
            self.items.setdefault(item.get("scorecard_id"), []).append(item)

    def add(self, table: str, row: int, name: str, message: str, code: str, **params: Any) -> None:
        where = f"tables.{table}.{row}.{name}"
        located = {"table": table, "row": row, "name": name, **params}
        self._where.add(where)
        self.problems.append(Problem(self.source, message, column_name=where, code=code, params=located))

    def relocate(self, table: str, row: int, problems: Iterable[Problem]) -> None:
        """Problems of a model or a framework check, moved to this row of the backup (a field that
        already has a problem of its type or size is not named twice)."""
        for p in problems:
            where = f"tables.{table}.{row}" + (f".{p.column_name}" if p.column_name else "")
            if where not in self._where:
                self.problems.append(replace(p, source=self.source, column_name=where))

    def not_one_of(self, table: str, row: int, name: str, value: Any, allowed: Iterable[str]) -> None:
        shown = ", ".join(allowed)
        self.add(
            table, row, name, f"'{name}' is '{str(value)[:60]}'; expected one of {shown}",
            "files.backup_not_one_of", value=str(value)[:60], allowed=shown,
        )  # fmt: skip


def row_problems(
    tables: Sequence[Table],
    rows: Rows,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    source: str,
) -> list[Problem]:
    """Every problem of every row of a backup (module docstring); empty when it can be restored.

    Parameters
    ----------
    tables
        The schema's tables, parents first.
    rows
        Table name -> its rows, values already converted from JSON (dates and times as objects).
    framework, roles
        The competency ids, qualities, red flags and role ids the rows must name.
    source
        The backup's name, for every problem.
    """
    found = _Found(source, rows, framework, roles)
    for table in tables:
        for i, row in enumerate(rows.get(table.name, ())):
            for column in table.columns:
                problem = _value_problem(column, row.get(column.name))
                if problem is not None:
                    message, code, params = problem
                    found.add(table.name, i, column.name, message, code, **params)
    ids = {name: {r.get("id") for r in table_rows} for name, table_rows in rows.items()}
    for name, links in REFERENCES.items():
        for i, row in enumerate(rows.get(name, ())):
            for field, target, optional in links:
                value = row.get(field)
                if not (value is None and optional) and value not in ids.get(target, set()):
                    found.add(
                        name, i, field, f"'{field}' is {value}, which is not the id of a row of {target}",
                        "files.backup_reference", value=str(value)[:60], target=target,
                    )  # fmt: skip
    for name, check in _CHECKS.items():
        for i, row in enumerate(rows.get(name, ())):
            check(found, i, row)
    return found.problems


def _value_problem(column: Any, value: Any) -> tuple[str, str, dict[str, Any]] | None:
    """What is wrong with one value for its column's type and size: (English, code, params), or None."""
    name, kind = column.name, column.type
    if value is None:
        if column.nullable:
            return None
        return f"'{name}' must have a value", "files.backup_null", {}
    bad = f"'{name}' is not a valid {kind.__class__.__name__}", "files.backup_value", {"kind": kind.__class__.__name__}
    if isinstance(kind, Boolean):
        return None if isinstance(value, bool) else bad
    if isinstance(kind, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            return bad
        low, high = INT_RANGE
        if not low <= value <= high:
            return f"'{name}' is {value}, outside {low}..{high}", "files.backup_range", {"value": value}
        return None
    if isinstance(kind, Float):
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else bad
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            return bad
        limit = kind.length or MAX_CELL_CHARS
        if len(value) > limit:
            message = f"'{name}' has {len(value):,} characters; at most {limit:,}"
            return message, "files.backup_too_long", {"length": len(value), "limit": limit}
        if "\x00" in value:
            return f"'{name}' holds a NUL character", "files.backup_nul", {}
        return None
    if isinstance(kind, JSON):
        return None if isinstance(value, dict | list) else bad
    return None


def _validated(model: type[BaseModel], fields: Mapping[str, Any], found: _Found, table: str, row: int) -> Any:
    """`model` built from `fields`, or None with its problems added at this row."""
    try:
        return model.model_validate(dict(fields), strict=True)  # "3" is not a number here
    except ValidationError as exc:
        found.relocate(table, row, problems_from_validation(exc, found.source))
        return None


def _vacancy(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    fields = {name: row.get(name) for name in VacancySpec.model_fields}
    spec = _validated(VacancySpec, fields, found, "vacancies", i)
    if spec is not None:
        found.relocate("vacancies", i, spec.problems(found.framework, found.roles))
    elif row.get("role_id") not in found.roles:  # the spec's own check did not run
        found.not_one_of("vacancies", i, "role_id", row.get("role_id"), found.roles)
    _version(found, "vacancies", i, row)


def _candidate(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    _validated(CandidateInput, {name: row.get(name) for name in CandidateInput.model_fields}, found, "candidates", i)
    if isinstance(row.get("code"), str) and not row["code"].strip():
        found.add("candidates", i, "code", "'code' must have a value", "files.backup_null")
    _version(found, "candidates", i, row)


def _application(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    if row.get("stage") not in STAGES:
        found.not_one_of("applications", i, "stage", row.get("stage"), STAGES)
    _version(found, "applications", i, row)


def _stage_change(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    if row.get("to_stage") not in STAGES:
        found.not_one_of("stage_changes", i, "to_stage", row.get("to_stage"), STAGES)
    if row.get("from_stage") is not None and row.get("from_stage") not in STAGES:
        found.not_one_of("stage_changes", i, "from_stage", row.get("from_stage"), STAGES)


def _scorecard(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    items = found.items.get(row.get("id"), [])
    levels = {str(item.get("competency")): item.get("level") for item in items if item.get("level") in LEVELS}
    fields = {name: row.get(name) for name in ("candidate_id", "vacancy_id", "rater", "recommendation", "notes")}
    fields |= {"qualities": row.get("qualities"), "red_flags": row.get("red_flags"), "levels": levels}
    card = _validated(ScorecardInput, fields, found, "scorecards", i)
    if card is not None:  # unknown competencies are located at their items (`_scorecard_item`)
        problems = [p for p in card.problems(found.framework) if p.code != "scorecard.unknown_competencies"]
        found.relocate("scorecards", i, [replace(p, column_name=_CARD_FIELDS.get(p.code or "")) for p in problems])
    _version(found, "scorecards", i, row)


# The field of a scorecard each of `ScorecardInput.problems`' codes is about.
_CARD_FIELDS = {
    "scorecard.bad_recommendation": "recommendation",
    "scorecard.unknown_qualities": "qualities",
    "scorecard.unknown_red_flags": "red_flags",
    "scorecard.self_rater": "rater",
}


def _scorecard_item(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    _competency(found, "scorecard_items", i, row)
    if isinstance(row.get("evidence"), str) and len(row["evidence"]) > 2000:  # ScorecardInput.evidence
        length = len(row["evidence"])
        message = f"'evidence' has {length:,} characters; at most 2,000"
        found.add("scorecard_items", i, "evidence", message, "files.backup_too_long", length=length, limit=2000)


def _self_assessment(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    if row.get("role_id") is not None and row.get("role_id") not in found.roles:
        found.not_one_of("self_assessments", i, "role_id", row.get("role_id"), found.roles)
    answers = row.get("answers")
    if not isinstance(answers, dict):
        return
    unknown = sorted(str(k) for k in answers if k not in found.framework.competency_ids)
    if unknown:
        ids = ", ".join(u[:60] for u in unknown[:10])
        message = f"'answers' names unknown competency ids {ids}"
        found.add("self_assessments", i, "answers", message, "files.backup_unknown_ids", ids=ids)
    bad = [str(k) for k, v in answers.items() if isinstance(v, bool) or v not in LEVELS]
    if bad:
        ids = ", ".join(b[:60] for b in bad[:10])
        message = f"'answers' gives {ids} a level outside 0..4"
        found.add("self_assessments", i, "answers", message, "files.backup_levels", ids=ids)


def _dataset(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    _currency(found, "salary_datasets", i, row)
    if isinstance(row.get("name"), str) and not row["name"].strip():
        found.add("salary_datasets", i, "name", "'name' must have a value", "files.backup_null")
    _at_least(found, "salary_datasets", i, row, "rows", 0)
    metrics = row.get("metrics")
    if isinstance(metrics, dict) and metrics and not _readable_metrics(metrics):
        message = "'metrics' is not a valid held-out evaluation"
        found.add("salary_datasets", i, "metrics", message, "files.backup_value", kind="JSON")


def _readable_metrics(metrics: Mapping[str, Any]) -> bool:
    """Whether the salary page can read these held-out metrics (`HeldOutMetrics.from_json`, then
    numbers where it shows numbers)."""
    try:
        read = HeldOutMetrics.from_json(metrics)
    except (TypeError, ValueError, AttributeError):
        return False
    numbers = (read.coverage, read.baseline_coverage, read.n_train)
    return all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in numbers)


def _observation(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    _currency(found, "salary_observations", i, row)
    for name, allowed in (("level", CAREER_LEVELS), ("work_format", WORK_FORMATS), ("role", tuple(found.roles))):
        if row.get(name) not in allowed:
            found.not_one_of("salary_observations", i, name, row.get(name), allowed)
    for name in ("salary_from", "salary_to", "experience_years"):
        _at_least(found, "salary_observations", i, row, name, 0)
    low, high = row.get("salary_from"), row.get("salary_to")
    if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
        message = f"'salary_from' {low} is above 'salary_to' {high}"
        found.add("salary_observations", i, "salary_from", message, "files.backup_order", low=low, high=high)


def _team(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    if isinstance(row.get("name"), str) and not row["name"].strip():
        found.add("teams", i, "name", "'name' must have a value", "files.backup_null")


def _member(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    if isinstance(row.get("name"), str) and not row["name"].strip():
        found.add("team_members", i, "name", "'name' must have a value", "files.backup_null")
    if row.get("role_id") not in found.roles:
        found.not_one_of("team_members", i, "role_id", row.get("role_id"), found.roles)


def _team_rating(found: _Found, i: int, row: Mapping[str, Any]) -> None:
    _competency(found, "team_ratings", i, row)
    if row.get("kind") not in RATER_KINDS:
        found.not_one_of("team_ratings", i, "kind", row.get("kind"), RATER_KINDS)


def _competency(found: _Found, table: str, i: int, row: Mapping[str, Any]) -> None:
    if row.get("competency") not in found.framework.competency_ids:
        found.not_one_of(table, i, "competency", row.get("competency"), found.framework.competency_ids)
    level = row.get("level")
    if isinstance(level, int) and not isinstance(level, bool) and level not in LEVELS:
        found.not_one_of(table, i, "level", level, [str(v) for v in LEVELS])


def _currency(found: _Found, table: str, i: int, row: Mapping[str, Any]) -> None:
    value = row.get("currency")
    if isinstance(value, str) and not _CURRENCY.match(value):
        message = f"'currency' is '{value}'; expected a 3-letter currency code"
        found.add(table, i, "currency", message, "files.backup_currency", value=value[:60])


def _at_least(found: _Found, table: str, i: int, row: Mapping[str, Any], name: str, low: int) -> None:
    value = row.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool) and value < low:
        message = f"'{name}' is {value}; expected at least {low}"
        found.add(table, i, name, message, "files.backup_below", value=value, low=low)


def _version(found: _Found, table: str, i: int, row: Mapping[str, Any]) -> None:
    _at_least(found, table, i, row, "version", 1)


Check = Callable[[_Found, int, Mapping[str, Any]], None]
_CHECKS: dict[str, Check] = {
    "vacancies": _vacancy,
    "candidates": _candidate,
    "applications": _application,
    "stage_changes": _stage_change,
    "scorecards": _scorecard,
    "scorecard_items": _scorecard_item,
    "self_assessments": _self_assessment,
    "salary_datasets": _dataset,
    "salary_observations": _observation,
    "teams": _team,
    "team_members": _member,
    "team_ratings": _team_rating,
}
