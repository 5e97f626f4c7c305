"""Self-assessment services: the results report (with the provisional-level rule and each gap's
next level), loading and saving a self-assessment file, and keeping one in the workspace (store,
list, reopen, delete).

The scoring is `smm_eval.assessment.assess`; this module adds what the results page decides on
top of it, so the page only formats.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from smm_eval.assessment import SelfReport, assess, build_saved, results_table
from smm_eval.files.saved import parse_saved, saved_to_json
from smm_eval.framework import CareerLevel, Framework, RoleProfile
from smm_eval.schemas import SavedAssessment

if TYPE_CHECKING:
    from smm_eval.services.handle import Transactions

TOP_LEVEL = 4


@dataclass(frozen=True)
class SelfResults:
    """The results page's report.

    `report`: scores for the chosen (or best-fitting) role; `level`: the career level reached for
    that role (`scoring.levels`); `provisional`: True below the role's coverage gate
    (`scoring.coverage.COVERAGE_GATE`), with `to_rate` competencies of the role still to rate;
    `gaps`: the report's top gaps with `next_level` (the level above the current one, at most 4);
    `earlier`: the same report for an earlier attempt, scored for the same role (or None).
    """

    report: SelfReport
    level: CareerLevel
    provisional: bool
    to_rate: int
    gaps: pd.DataFrame
    earlier: SelfReport | None

    @property
    def overall_change(self) -> float | None:
        """Overall now minus overall at the earlier attempt (points 0..100), None without one."""
        if self.earlier is None:
            return None
        return float(self.report.summary["overall"] - self.earlier.summary["overall"])


def next_level(level: float) -> int:
    """The level to reach next from a (possibly averaged) level: one above, at most 4.

    >>> next_level(1.5), next_level(4.0)
    (2, 4)
    """
    return min(TOP_LEVEL, int(level) + 1)


def self_results(
    answers: Mapping[str, int | None],
    role_id: str | None,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    earlier: Mapping[str, int] | None = None,
) -> SelfResults:
    """Score a self-assessment (and optionally an earlier one for the same role).

    Raises ValueError when there are no answers.
    """
    report = assess(answers, role_id, framework, roles)
    summary = report.summary
    before = assess(earlier, report.role_id, framework, roles) if earlier else None
    gaps = report.gaps.assign(next_level=[next_level(float(v)) for v in report.gaps["level"]])
    return SelfResults(
        report=report,
        level=framework.career_level(summary["level"]),
        provisional=bool(summary["level_provisional"]),
        to_rate=int(summary["level_to_rate"]),
        gaps=gaps,
        earlier=before,
    )


@dataclass(frozen=True)
class SelfDownloads:
    """The two downloads of the results page: the saved JSON document and the results CSV table."""

    saved_json: str
    table: pd.DataFrame


def downloads(
    answers: Mapping[str, int | None], role_id: str | None, report: SelfReport, framework: Framework, lang: str
) -> SelfDownloads:
    """The self-assessment as a JSON file to reload later, and its results as a table."""
    saved = build_saved(dict(answers), role_id, report.result)
    return SelfDownloads(saved_to_json(saved), results_table(report.result, framework, lang))


def load_saved(data: bytes, source: str, framework: Framework, roles: dict[str, RoleProfile]) -> SavedAssessment:
    """A saved self-assessment file; InputError naming what is wrong."""
    return parse_saved(data, source, framework, roles)


def _require_stored(db: Transactions) -> None:
    """Refuse the workspace's stored self-assessments to a role without `candidates.manage` (they
    hold candidates' self-evidence; design choice: only those who manage candidates see them)."""
    from smm_eval.access import Action, actor_of, require

    require(actor_of(db), Action.MANAGE_CANDIDATES)


def keep_self_assessment(db: Transactions, label: str, role_id: str | None, answers: Mapping[str, int]) -> None:
    """Store a self-assessment in the workspace under `label` (1..200 characters, else InputError).

    The stored self-assessments are the workspace's (candidates' among them): AccessDeniedError for
    a role without `candidates.manage` (`_require_stored`).
    """
    from smm_eval import storage

    _require_stored(db)
    with db.transaction() as session:
        storage.save_self_assessment(session, label, role_id, answers)


@dataclass(frozen=True)
class StoredSelfAssessment:
    """One self-assessment kept in the workspace, as the list of stored self-assessments shows it.

    `role_id`: the target role it was saved for (None: "not sure"); `level_role`: the role its
    career `level` (a `CareerLevel` id) refers to, the target role or else the best-fitting one,
    as on the results page (`self_results`); `provisional`: the level is below that role's
    coverage gate, with `to_rate` of its competencies still to rate; `answered`: competencies
    answered; `candidate_id`: the candidate it is attached to, if any. Nothing answered: `level`
    and `level_role` are "".
    """

    id: int
    saved_at: datetime
    label: str
    role_id: str | None
    level_role: str
    level: str
    provisional: bool
    to_rate: int
    answered: int
    candidate_id: int | None


@dataclass(frozen=True)
class StoredRow:
    """A stored self-assessment as read (cheap): `answers` as sorted (competency id, level) pairs,
    hashable, so a page can cache `describe_stored` per row."""

    id: int
    saved_at: datetime
    label: str
    role_id: str | None
    answers: tuple[tuple[str, int], ...]
    candidate_id: int | None


def stored_rows(db: Transactions) -> list[StoredRow]:
    """Every stored self-assessment, newest first, unscored (one query); AccessDeniedError for a
    role without `candidates.manage`."""
    from smm_eval import storage

    _require_stored(db)
    with db.transaction() as session:
        return [
            StoredRow(r.id, r.saved_at, r.label, r.role_id, tuple(sorted(dict(r.answers).items())), r.candidate_id)
            for r in storage.list_self_assessments(session)
        ]


def describe_stored(row: StoredRow, framework: Framework, roles: Mapping[str, RoleProfile]) -> StoredSelfAssessment:
    """A stored self-assessment scored as the results page would (`self_results`, about 0.1 s).

    Answers to competencies the framework no longer has are left out of the count and the level;
    a role that no longer exists counts as "not sure".
    """
    answers = _known_answers(dict(row.answers), framework)
    role = row.role_id if row.role_id in roles else None
    results = self_results(answers, role, framework, roles) if answers else None
    return StoredSelfAssessment(
        id=row.id,
        saved_at=row.saved_at,
        label=row.label,
        role_id=role,
        level_role=results.report.role_id if results else "",
        level=results.level.id if results else "",
        provisional=results.provisional if results else True,
        to_rate=results.to_rate if results else 0,
        answered=len(answers),
        candidate_id=row.candidate_id,
    )


def stored_self_assessments(
    db: Transactions, framework: Framework, roles: Mapping[str, RoleProfile]
) -> list[StoredSelfAssessment]:
    """Every self-assessment stored in the workspace, newest first, each scored (`describe_stored`)."""
    return [describe_stored(row, framework, roles) for row in stored_rows(db)]


def _known_answers(raw: Mapping[str, object], framework: Framework) -> dict[str, int]:
    """The answers to competencies of the framework with a level 0..4 (others are left out)."""
    known = set(framework.competency_ids)
    return {str(c): int(v) for c, v in raw.items() if c in known and isinstance(v, int) and 0 <= v <= TOP_LEVEL}


def reopen_self_assessment(
    db: Transactions, record_id: int, framework: Framework, roles: Mapping[str, RoleProfile]
) -> tuple[dict[str, int], str | None]:
    """The answers (competency id -> level 0..4) and target role (None: not sure) of a stored
    self-assessment, to load into the self-assessment and its results.

    Raises
    ------
    storage.NotFoundError
        It was deleted meanwhile.
    AccessDeniedError
        A role without `candidates.manage`.
    """
    from smm_eval import storage

    _require_stored(db)
    with db.transaction() as session:
        record = storage.get_self_assessment(session, record_id)
        answers, role_id = dict(record.answers), record.role_id
    return _known_answers(answers, framework), role_id if role_id in roles else None


def delete_stored_self_assessment(db: Transactions, record_id: int) -> None:
    """Delete a stored self-assessment; storage.NotFoundError when it was deleted meanwhile,
    AccessDeniedError for a role without `candidates.manage`."""
    from smm_eval import storage

    _require_stored(db)
    with db.transaction() as session:
        storage.delete_self_assessment(session, record_id)
