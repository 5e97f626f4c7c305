"""Candidate services: add and import candidates, attach self-assessments, scorecards, stages,
exports and the workspace backup.

One function per action on the candidates page, the scorecard page and the `import`, `backup`
and `restore` commands. File readers and storage calls live here, not in the entry points; every
action is one transaction (an import that fails writes nothing). Each function checks the actor's
role and scope first (`smm_eval.access`, `services.scope`); records outside one's scope are not found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from smm_eval import storage
from smm_eval.access import Action, Role, actor_of, require
from smm_eval.errors import InputError, Problem
from smm_eval.figures import round_figures
from smm_eval.files.candidates import join_rated, read_candidates
from smm_eval.files.json_files import read_json
from smm_eval.files.ratings import RatingsTable, read_wide_ratings
from smm_eval.files.saved import parse_saved
from smm_eval.files.scorecards import (
    SCORECARD_EXPORT_COLUMNS,
    codes_problems,
    is_scorecards_export,
    join_ids,
    read_scorecards,
)
from smm_eval.files.tables import BLANK_RECORDS, MAX_FILE_BYTES
from smm_eval.framework import Framework, RoleProfile
from smm_eval.recruiting import Evaluation
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services import scope
from smm_eval.services.handle import Transactions

PROFILE_COLUMNS = [
    "rank", "code", "name", "overall", "overall_low", "overall_high", "fit", "to_rate", "p_above_next", "order",
    "passed", "total", "level", "level_provisional", "level_to_rate", "raters",
]  # fmt: skip
APPLICATION_IDS = ["candidate_id", "application_id", "application_version"]
BLIND_HIDDEN = ["name", "contact", "notes"]  # what blind mode leaves out of the candidates export
BLIND_CARD_TEXT = ["evidence", "notes"]  # and of the scorecards export: free text that may identify them


def applications(db: Transactions, vacancy_id: int) -> pd.DataFrame:
    """The candidates of a vacancy the actor may reach (interviewers: those assigned to them):
    candidate_id, code, name, contact, source, expected_salary, notes, application_id, stage,
    application_version, scorecards; by code.

    Raises AccessDeniedError for a role without `candidates.view`, NotFoundError for a vacancy
    gone or outside the actor's scope.
    """
    actor = actor_of(db)
    require(actor, Action.VIEW_CANDIDATES)
    with db.transaction() as session:
        reach = scope.candidate_scope(session, actor, vacancy_id)
        frame = storage.applications_frame(session, vacancy_id)
    return frame if reach is None else frame.loc[frame["candidate_id"].isin(reach)]


def add_candidate(db: Transactions, data: CandidateInput, vacancy_id: int) -> str:
    """Add a candidate to a vacancy; returns the new candidate's code.

    Raises AccessDeniedError for a role without `candidates.manage`, NotFoundError for a vacancy
    outside the actor's scope.
    """
    with scope.in_scope(db, Action.MANAGE_CANDIDATES, vacancy_id=vacancy_id) as (session, _actor):
        return str(storage.add_candidate(session, data, vacancy_id).code)


@dataclass(frozen=True)
class ImportFiles:
    """A ratings file (and optionally a candidates file) read and validated, ready to store; or
    the candidates page's own exports read back (`scorecards` set, `ratings` None)."""

    ratings: RatingsTable | None
    candidates: pd.DataFrame | None
    source: str  # the ratings (or scorecards) file's name
    blank_records: int = 0  # records of both files skipped because every cell was blank
    scorecards: pd.DataFrame | None = None  # a scorecards export (files.scorecards.read_scorecards)


def read_import(
    ratings: tuple[bytes, str],
    people: tuple[bytes, str] | None,
    framework: Framework,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> ImportFiles:
    """Read a wide ratings CSV and an optional candidates CSV, each given as (content, file name).

    `max_bytes` is the upload limit (None: no limit, as the CLI reads local files). Each
    candidates row is joined to its rated person by `smm_eval.names.name_key` and takes the name
    as the ratings file writes it. A scorecards export in place of the ratings file (its header
    has code, rater, competency and level) is read back with the candidates export beside it, so
    the page's exports re-import as they were. Raises InputError naming the file, line and column
    of every problem, among them a candidates row that matches no rated person (nothing is
    stored then).
    """
    if is_scorecards_export(ratings[0]):
        return _read_exports(ratings, people, framework, max_bytes)
    table = read_wide_ratings(ratings[0], ratings[1], framework.competency_ids, max_bytes=max_bytes)
    if people is None:
        return ImportFiles(table, None, ratings[1], table.blank_records)
    frame = read_candidates(people[0], people[1], max_bytes=max_bytes)
    blank = table.blank_records + int(frame.attrs.get(BLANK_RECORDS, 0))
    return ImportFiles(table, join_rated(frame, table.people, people[1], ratings[1]), ratings[1], blank)


def _read_exports(
    cards_file: tuple[bytes, str], people: tuple[bytes, str] | None, framework: Framework, max_bytes: int | None
) -> ImportFiles:
    """The scorecards export and the candidates export beside it, cross-checked by code."""
    cards = read_scorecards(cards_file[0], cards_file[1], framework.competency_ids, max_bytes)
    if people is None:
        message = "a scorecards export needs the candidates export beside it: it names each code"
        raise InputError([Problem(cards_file[1], message, code="services.cards_need_people")])
    frame = read_candidates(people[0], people[1], max_bytes=max_bytes)
    problems = codes_problems(cards, frame, cards_file[1], people[1])
    if problems:
        raise InputError(problems)
    blank = int(frame.attrs.get(BLANK_RECORDS, 0)) + int(cards.attrs.get(BLANK_RECORDS, 0))  # both files'
    return ImportFiles(None, frame, cards_file[1], blank, scorecards=cards)


def import_candidates(
    db: Transactions,
    vacancy_title: str,
    role_id: str | None,
    files: ImportFiles,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    progress: Callable[[float], None] | None = None,
) -> storage.ImportSummary:
    """Store read files as scorecards of a vacancy, all or nothing (one transaction).

    The vacancy is created from `role_id` when it does not exist; candidates are matched by
    name; self-ratings are kept apart as self-assessments. A vacancy a signed-in recruiter creates
    this way is theirs. Raises InputError (e.g. a scorecard that exists already) and writes nothing
    then; AccessDeniedError for a role without `candidates.manage` (or `vacancies.manage` when the
    vacancy would be created); NotFoundError for an existing vacancy outside the actor's scope.
    """
    actor = actor_of(db)
    require(actor, Action.MANAGE_CANDIDATES)
    with db.transaction() as session:
        existing = storage.find_vacancy(session, vacancy_title)
        if existing is not None:
            scope.require_vacancy(session, actor, existing.id)
        else:
            require(actor, Action.MANAGE_VACANCIES)
        if files.ratings is None:
            assert files.scorecards is not None and files.candidates is not None  # noqa: S101 (read_import's contract)
            summary = storage.import_exports(
                session, vacancy_title, role_id, files.candidates, files.scorecards, framework, roles, files.source
            )
        else:
            summary = storage.import_ratings(
                session, files.ratings, vacancy_title, role_id, framework, roles, candidates=files.candidates,
                source=files.source, progress=progress,
            )  # fmt: skip
        created = storage.find_vacancy(session, vacancy_title)
        if existing is None and created is not None and actor.role is Role.RECRUITER:
            user = scope.rater_user_id(actor)
            if user is not None:
                storage.set_owner(session, created.id, user)
        return summary


def attach_self_assessment(
    db: Transactions,
    candidate_id: int,
    code: str,
    saved_file: tuple[bytes, str],
    framework: Framework,
    roles: dict[str, RoleProfile],
) -> int:
    """Attach a saved self-assessment (JSON file) to a candidate; returns the answers it holds.

    Raises InputError for a bad file, AccessDeniedError for a role without `candidates.manage`,
    NotFoundError for a candidate outside the actor's scope.
    """
    actor = actor_of(db)
    require(actor, Action.MANAGE_CANDIDATES)
    saved = parse_saved(saved_file[0], saved_file[1], framework, roles)
    with db.transaction() as session:
        scope.require_candidate_anywhere(session, actor, candidate_id)
        storage.save_self_assessment(session, code, saved.role, saved.answers, candidate_id=candidate_id)
    return len(saved.answers)


@dataclass(frozen=True)
class StageChange:
    """Move one application to `stage`, edited from `version` (optimistic locking)."""

    application_id: int
    version: int
    stage: str


def set_stages(db: Transactions, changes: Iterable[StageChange]) -> None:
    """Move applications to new stages, all or nothing; storage.ConflictError or NotFoundError when
    one changed or vanished meanwhile (or is outside the actor's scope); AccessDeniedError for a
    role without `candidates.manage`."""
    actor = actor_of(db)
    require(actor, Action.MANAGE_CANDIDATES)
    with db.transaction() as session:
        for change in changes:
            scope.require_application(session, actor, change.application_id)
            storage.set_stage(session, change.application_id, change.version, change.stage)


@dataclass(frozen=True)
class MyScorecard:
    """A rater's own stored scorecard of a candidate (without its items)."""

    version: int
    submitted_at: datetime
    qualities: tuple[str, ...]
    red_flags: tuple[str, ...]
    recommendation: str | None
    notes: str


@dataclass(frozen=True)
class ScorecardContext:
    """What the scorecard page needs: the rater's own card (None: not yet), the scorecard items of
    the candidate the rater may see (storage.scorecards_frame columns: only their own until they
    submitted, every rater's after), how many other raters' cards are hidden, and the rater's name
    as stored (the signed-in user's in a team workspace)."""

    mine: MyScorecard | None
    items: pd.DataFrame
    hidden_raters: int = 0
    rater: str = ""


def scorecard_context(db: Transactions, vacancy_id: int, candidate_id: int, rater: str) -> ScorecardContext:
    """The rater's own scorecard of a candidate and the scorecard items they may see.

    Hidden until you submit: the other raters' items are left out until the rater has a scorecard
    of the candidate (design choice: a rater who has not judged yet is not anchored by the others).
    In a team workspace the rater is the signed-in user (`rater` is ignored: `scope.signed_rater`).

    Raises
    ------
    AccessDeniedError
        A role without `scorecards.submit`.
    NotFoundError
        The candidate (for the vacancy) is outside the actor's scope.
    """
    scoped = scope.in_scope(db, Action.SUBMIT_SCORECARD, vacancy_id=vacancy_id, candidate_id=candidate_id)
    with scoped as (session, actor):
        rater = scope.signed_rater(actor, rater)
        card = storage.find_scorecard(session, candidate_id, vacancy_id, rater, scope.rater_user_id(actor))
        items = storage.scorecards_frame(session, vacancy_id, candidate_id)
        mine = (
            None
            if card is None
            else MyScorecard(
                version=card.version,
                submitted_at=card.submitted_at,
                qualities=tuple(card.qualities),
                red_flags=tuple(card.red_flags),
                recommendation=card.recommendation,
                notes=card.notes,
            )
        )
    own = items["scorecard_id"] == (card.id if card is not None else -1)
    if mine is not None:
        return ScorecardContext(mine, items, 0, rater)
    return ScorecardContext(None, items.loc[own].reset_index(drop=True), int(items.loc[~own, "rater"].nunique()), rater)


def save_scorecard(db: Transactions, card: ScorecardInput, framework: Framework, expected_version: int | None) -> None:
    """Create (`expected_version` None) or replace a scorecard, and remove the rater's draft of it
    in the same transaction (`services.drafts`); InputError for unknown ids, storage.ConflictError /
    NotFoundError when it changed or vanished meanwhile (the draft is then kept).

    In a team workspace the card is signed with the signed-in user (`scorecards.rater_user_id`)
    and carries their name, whatever `card.rater` says. Raises AccessDeniedError for a role
    without `scorecards.submit`, NotFoundError for a candidate outside the actor's scope.
    """
    scoped = scope.in_scope(db, Action.SUBMIT_SCORECARD, vacancy_id=card.vacancy_id, candidate_id=card.candidate_id)
    with scoped as (session, actor):
        signed = card.model_copy(update={"rater": scope.signed_rater(actor, card.rater)})
        storage.save_scorecard(session, signed, framework, expected_version, scope.rater_user_id(actor))
        storage.delete_draft(session, card.vacancy_id, card.candidate_id, scope.draft_key(actor, card.rater))


@dataclass(frozen=True)
class CandidateExports:
    """The candidates page's three CSV exports, blind-mode columns already dropped."""

    candidates: pd.DataFrame
    scorecards: pd.DataFrame
    profiles: pd.DataFrame


def candidate_exports(
    db: Transactions, vacancy_id: int, apps: pd.DataFrame, evaluation: Evaluation, blind: bool
) -> CandidateExports:
    """Candidates, scorecards and scored profiles of a vacancy as exported.

    The candidates and scorecards exports re-import into a fresh workspace as the same data
    (`read_import` recognises the scorecards export; docs/formats.md); the scorecards export also
    holds each candidate's latest self-assessment as the rows of rater `self` (level and time). Blind mode drops names,
    contacts and notes from the candidates export and evidence and notes from the scorecards
    export (candidates are known by code only, `smm_eval.recruiting.BLIND_FREE_TEXT`): those
    exports do not re-import, having no names. `profiles` is the ranking (PROFILE_COLUMNS): candidates below the
    coverage gate have an empty rank and fit and `to_rate` > 0; figures rounded by
    `smm_eval.figures.round_figures`.

    Raises AccessDeniedError for a role without `vacancies.rank` (every rater's scorecards are
    in them), NotFoundError for a vacancy outside the actor's scope.
    """
    with scope.in_scope(db, Action.VIEW_RANKING, vacancy_id=vacancy_id) as (session, _actor):
        cards = storage.scorecards_frame(session, vacancy_id)
        selfs = storage.self_assessment_rows(session, vacancy_id)
    hidden = BLIND_HIDDEN if blind else []
    profiles = round_figures(evaluation.ranking.reset_index(names="code")[PROFILE_COLUMNS].drop(columns=hidden[:1]))
    scorecards = cards.rename(columns={"person": "code"}).assign(
        red_flags=cards["red_flags"].map(join_ids), qualities=cards["qualities"].map(join_ids)
    )
    scorecards = pd.concat([scorecards, selfs], ignore_index=True) if len(selfs) else scorecards
    scorecards = scorecards.fillna({c: "" for c in SCORECARD_EXPORT_COLUMNS if c not in ("level", "submitted_at")})
    scorecards = scorecards.assign(submitted_at=scorecards["submitted_at"].map(_iso_utc)).sort_values(
        ["code", "rater", "competency"], kind="stable"
    )[list(SCORECARD_EXPORT_COLUMNS)]
    return CandidateExports(
        candidates=apps.drop(columns=APPLICATION_IDS + hidden),
        scorecards=scorecards.drop(columns=BLIND_CARD_TEXT) if blind else scorecards,
        profiles=profiles,
    )


def _iso_utc(moment: datetime) -> str:
    """A stored time as ISO text in UTC, to the second (SQLite returns it without a zone: it is UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def backup(db: Transactions) -> dict[str, Any]:
    """Every table of the workspace as a JSON-ready document (with the schema revision).

    Raises AccessDeniedError for a role without `workspace.backup` (admins only).
    """
    from smm_eval.storage import head_revision

    require(actor_of(db), Action.BACKUP)
    with db.transaction() as session:
        return storage.backup(session, head_revision())


def backup_json(db: Transactions) -> str:
    """The backup document as JSON text (what the download and `backup` write)."""
    return json.dumps(backup(db), ensure_ascii=False, indent=1)


def restore(db: Transactions, data: bytes, source: str) -> dict[str, int]:
    """Load a backup file into an empty database; rows restored per table.

    Raises InputError when the file is not UTF-8 JSON, not a backup, or the database is not empty;
    AccessDeniedError for a role without `workspace.restore` (admins only).
    """
    require(actor_of(db), Action.RESTORE)
    document = read_json(data, source, "an SMM Eval backup (JSON)")
    with db.transaction() as session:
        return storage.restore(session, document, source=source)
