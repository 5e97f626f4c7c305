"""Reading and writing the workspace: vacancies, candidates, scorecards, self-assessments.

Small functions on a SQLAlchemy session; the caller owns the transaction (`Database.transaction`),
so everything that belongs together commits together or not at all. Edits are optimistic: an
update names the `version` it started from and raises `ConflictError` when someone saved in
between, never overwriting silently.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

import numpy as np
import pandas as pd
from pydantic import StringConstraints
from sqlalchemy import Date, DateTime, LargeBinary, delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.files.ratings import RatingsTable
from smm_eval.framework import Framework, RoleProfile
from smm_eval.models import (
    TABLES_IN_ORDER,
    Application,
    Base,
    Candidate,
    SalaryDataset,
    SalaryObservation,
    Scorecard,
    ScorecardItem,
    SelfAssessmentRecord,
    Team,
    TeamMember,
    TeamRating,
    Vacancy,
)
from smm_eval.recruiting import vacancy_from_role, vacancy_profile
from smm_eval.schemas import CandidateInput, ScorecardInput, VacancySpec
from smm_eval.vocabulary import SELF_RATER_NAMES, STAGES

BACKUP_FORMAT = "smm-eval-backup"
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class ConflictError(Exception):
    """Someone else saved this record after it was opened; the save was refused."""


class NotFoundError(LookupError):
    """The record does not exist (any more)."""


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _as_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were written in UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# Vacancies ------------------------------------------------------------------------------------


def _check_vacancy(spec: VacancySpec, framework: Framework, roles: Mapping[str, RoleProfile]) -> None:
    errors = spec.problems(framework, roles)
    if errors:
        raise InputError([Problem(f"vacancy '{spec.title}'", e) for e in errors])


def create_vacancy(
    session: Session, spec: VacancySpec, framework: Framework, roles: Mapping[str, RoleProfile]
) -> Vacancy:
    _check_vacancy(spec, framework, roles)
    if session.scalar(select(Vacancy.id).where(Vacancy.title == spec.title)) is not None:
        raise InputError([Problem(f"vacancy '{spec.title}'", "a vacancy with this title exists already")])
    stamp = now()
    vacancy = Vacancy(**spec.model_dump(), version=1, created_at=stamp, updated_at=stamp)
    session.add(vacancy)
    session.flush()
    return vacancy


def update_vacancy(
    session: Session,
    vacancy_id: int,
    expected_version: int,
    spec: VacancySpec,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
) -> Vacancy:
    """Save a vacancy edited from `expected_version`; ConflictError if it changed meanwhile."""
    _check_vacancy(spec, framework, roles)
    clash = session.scalar(select(Vacancy.id).where(Vacancy.title == spec.title, Vacancy.id != vacancy_id))
    if clash is not None:
        raise InputError([Problem(f"vacancy '{spec.title}'", "another vacancy has this title")])
    result = session.execute(
        update(Vacancy)
        .where(Vacancy.id == vacancy_id, Vacancy.version == expected_version)
        .values(**spec.model_dump(), version=Vacancy.version + 1, updated_at=now())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        _raise_missing_or_conflict(session, Vacancy, vacancy_id, "vacancy")
    return get_vacancy(session, vacancy_id)


def _raise_missing_or_conflict(session: Session, model: type[Base], record_id: int, what: str) -> None:
    if session.get(model, record_id) is None:
        raise NotFoundError(f"the {what} no longer exists")
    raise ConflictError(
        f"this {what} was changed by someone else after you opened it; your changes were not saved. "
        "Reload to see the current version, then apply your changes again."
    )


def get_vacancy(session: Session, vacancy_id: int) -> Vacancy:
    vacancy = session.execute(
        select(Vacancy).where(Vacancy.id == vacancy_id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if vacancy is None:
        raise NotFoundError(f"vacancy {vacancy_id} does not exist")
    return vacancy


def find_vacancy(session: Session, title: str) -> Vacancy | None:
    return session.scalar(select(Vacancy).where(Vacancy.title == title.strip()))


def list_vacancies(session: Session) -> list[Vacancy]:
    return list(session.scalars(select(Vacancy).order_by(Vacancy.title)))


def spec_of(vacancy: Vacancy) -> VacancySpec:
    return VacancySpec(
        title=vacancy.title,
        role_id=vacancy.role_id,
        block_weights=vacancy.block_weights,
        competency_weights=vacancy.competency_weights,
        targets=vacancy.targets,
        knockouts=vacancy.knockouts,
        budget_min=vacancy.budget_min,
        budget_max=vacancy.budget_max,
        currency=vacancy.currency,
        status=vacancy.status,  # type: ignore[arg-type]
    )


def profile_of(vacancy: Vacancy) -> RoleProfile:
    return vacancy_profile(
        vacancy.title, vacancy.role_id, vacancy.block_weights, vacancy.competency_weights, vacancy.targets
    )


# Candidates and applications ------------------------------------------------------------------


def _next_codes(session: Session, count: int) -> list[str]:
    numbers = [int(m.group(1)) for c in session.scalars(select(Candidate.code)) if (m := re.fullmatch(r"C(\d+)", c))]
    start = max(numbers, default=0) + 1
    return [f"C{n:04d}" for n in range(start, start + count)]


def add_candidate(session: Session, data: CandidateInput, vacancy_id: int | None = None) -> Candidate:
    if session.scalar(select(Candidate.id).where(Candidate.name == data.name)) is not None:
        raise InputError([Problem(f"candidate '{data.name}'", "a candidate with this name exists already")])
    candidate = Candidate(**data.model_dump(), code=_next_codes(session, 1)[0], version=1, created_at=now())
    session.add(candidate)
    session.flush()
    if vacancy_id is not None:
        attach(session, candidate.id, vacancy_id)
    return candidate


def attach(session: Session, candidate_id: int, vacancy_id: int, stage: str = "new") -> Application:
    existing = session.scalar(
        select(Application).where(Application.candidate_id == candidate_id, Application.vacancy_id == vacancy_id)
    )
    if existing is not None:
        return existing
    application = Application(
        candidate_id=candidate_id, vacancy_id=vacancy_id, stage=stage, version=1, created_at=now()
    )
    session.add(application)
    session.flush()
    return application


def set_stage(session: Session, application_id: int, expected_version: int, stage: str) -> None:
    if stage not in STAGES:
        raise InputError([Problem("stage", f"unknown stage '{stage}'; expected one of {list(STAGES)}")])
    result = session.execute(
        update(Application)
        .where(Application.id == application_id, Application.version == expected_version)
        .values(stage=stage, version=Application.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        _raise_missing_or_conflict(session, Application, application_id, "application")


def applications_frame(session: Session, vacancy_id: int) -> pd.DataFrame:
    """The candidates of a vacancy with their stage and number of scorecards, by code."""
    scorecards = (
        select(Scorecard.candidate_id, func.count(Scorecard.id).label("scorecards"))
        .where(Scorecard.vacancy_id == vacancy_id)
        .group_by(Scorecard.candidate_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Candidate.id.label("candidate_id"),
            Candidate.code,
            Candidate.name,
            Candidate.contact,
            Candidate.source,
            Candidate.expected_salary,
            Candidate.notes,
            Application.id.label("application_id"),
            Application.stage,
            Application.version.label("application_version"),
            func.coalesce(scorecards.c.scorecards, 0).label("scorecards"),
        )
        .join(Application, Application.candidate_id == Candidate.id)
        .outerjoin(scorecards, scorecards.c.candidate_id == Candidate.id)
        .where(Application.vacancy_id == vacancy_id)
        .order_by(Candidate.code)
    ).all()
    columns = [
        "candidate_id",
        "code",
        "name",
        "contact",
        "source",
        "expected_salary",
        "notes",
        "application_id",
        "stage",
        "application_version",
        "scorecards",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["expected_salary"] = frame["expected_salary"].astype("Int64")
    return frame


# Scorecards -----------------------------------------------------------------------------------


def find_scorecard(session: Session, candidate_id: int, vacancy_id: int, rater: str) -> Scorecard | None:
    return session.execute(
        select(Scorecard)
        .where(Scorecard.candidate_id == candidate_id, Scorecard.vacancy_id == vacancy_id, Scorecard.rater == rater)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def save_scorecard(
    session: Session, card: ScorecardInput, framework: Framework, expected_version: int | None
) -> Scorecard:
    """Create a scorecard (`expected_version` None) or replace one edited from `expected_version`."""
    errors = card.problems(framework)
    if errors:
        raise InputError([Problem(f"scorecard of {card.rater}", e) for e in errors])
    fields = {
        "recommendation": card.recommendation,
        "qualities": sorted(set(card.qualities)),
        "red_flags": sorted(set(card.red_flags)),
        "notes": card.notes,
        "submitted_at": now(),
    }
    existing = find_scorecard(session, card.candidate_id, card.vacancy_id, card.rater)
    if expected_version is None:
        if existing is not None:
            saved = f"{existing.submitted_at:%Y-%m-%d %H:%M}"
            raise ConflictError(
                f"{card.rater} already has a scorecard for this candidate (saved {saved}); reload to edit it instead."
            )
        attach(session, card.candidate_id, card.vacancy_id)
        scorecard = Scorecard(
            candidate_id=card.candidate_id, vacancy_id=card.vacancy_id, rater=card.rater, version=1, **fields
        )
        session.add(scorecard)
        session.flush()
    else:
        if existing is None:
            raise NotFoundError("the scorecard no longer exists")
        result = session.execute(
            update(Scorecard)
            .where(Scorecard.id == existing.id, Scorecard.version == expected_version)
            .values(**fields, version=Scorecard.version + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            _raise_missing_or_conflict(session, Scorecard, existing.id, "scorecard")
        session.execute(ScorecardItem.__table__.delete().where(ScorecardItem.scorecard_id == existing.id))
        scorecard = find_scorecard(session, card.candidate_id, card.vacancy_id, card.rater)
        if scorecard is None:
            raise NotFoundError("the scorecard no longer exists")
    items = [
        {"scorecard_id": scorecard.id, "competency": c, "level": lv, "evidence": card.evidence.get(c, "")}
        for c, lv in sorted(card.levels.items())
    ]
    session.execute(insert(ScorecardItem), items)
    return scorecard


def scorecards_frame(session: Session, vacancy_id: int, candidate_id: int | None = None) -> pd.DataFrame:
    """Scorecard items as a tidy frame: one row per (scorecard, competency)."""
    query = (
        select(
            Scorecard.id.label("scorecard_id"),
            Candidate.code.label("person"),
            Candidate.name,
            Scorecard.rater,
            ScorecardItem.competency,
            ScorecardItem.level,
            ScorecardItem.evidence,
            Scorecard.recommendation,
            Scorecard.red_flags,
            Scorecard.qualities,
            Scorecard.notes,
            Scorecard.version,
            Scorecard.submitted_at,
        )
        .join(Candidate, Candidate.id == Scorecard.candidate_id)
        .join(ScorecardItem, ScorecardItem.scorecard_id == Scorecard.id)
        .where(Scorecard.vacancy_id == vacancy_id)
        .order_by(Candidate.code, Scorecard.rater, ScorecardItem.competency)
    )
    if candidate_id is not None:
        query = query.where(Scorecard.candidate_id == candidate_id)
    rows = session.execute(query).all()
    columns = [
        "scorecard_id",
        "person",
        "name",
        "rater",
        "competency",
        "level",
        "evidence",
        "recommendation",
        "red_flags",
        "qualities",
        "notes",
        "version",
        "submitted_at",
    ]
    return pd.DataFrame(rows, columns=columns)


def ratings_for_vacancy(session: Session, vacancy_id: int) -> pd.DataFrame:
    """Tidy ratings (person = candidate code, rater, competency, level) of a vacancy's scorecards."""
    rows = session.execute(
        select(Candidate.code, Scorecard.rater, ScorecardItem.competency, ScorecardItem.level)
        .join(Scorecard, Scorecard.candidate_id == Candidate.id)
        .join(ScorecardItem, ScorecardItem.scorecard_id == Scorecard.id)
        .where(Scorecard.vacancy_id == vacancy_id)
        .order_by(Candidate.code, Scorecard.rater, ScorecardItem.competency)
    ).all()
    return pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])


# Self-assessments -----------------------------------------------------------------------------


def save_self_assessment(
    session: Session, label: str, role_id: str | None, answers: Mapping[str, int], candidate_id: int | None = None
) -> SelfAssessmentRecord:
    label = label.strip()
    if not label or len(label) > 200:
        raise InputError([Problem("self-assessment", "the name must be 1 to 200 characters")])
    record = SelfAssessmentRecord(
        candidate_id=candidate_id, label=label, role_id=role_id, answers=dict(answers), saved_at=now()
    )
    session.add(record)
    session.flush()
    return record


def latest_self_assessments(session: Session, candidate_ids: Iterable[int]) -> dict[int, SelfAssessmentRecord]:
    ids = list(candidate_ids)
    if not ids:
        return {}
    records = session.scalars(
        select(SelfAssessmentRecord)
        .where(SelfAssessmentRecord.candidate_id.in_(ids))
        .order_by(SelfAssessmentRecord.saved_at, SelfAssessmentRecord.id)
    )
    return {r.candidate_id: r for r in records if r.candidate_id is not None}


# Salary observations and models ---------------------------------------------------------------

OBSERVATION_FIELDS = (
    "salary_from",
    "salary_to",
    "currency",
    "region",
    "level",
    "work_format",
    "role",
    "date",
    "experience_years",
)


def save_salary_dataset(session: Session, name: str, observations: pd.DataFrame, model: Any) -> SalaryDataset:
    """Keep uploaded observations and the model fitted on them (one transaction)."""
    name = name.strip() or f"observations {now():%Y-%m-%d %H:%M}"
    dataset = SalaryDataset(
        name=name[:200],
        currency=model.currency,
        rows=len(observations),
        metrics=model.metrics,
        model=model.to_bytes(),
        created_at=now(),
    )
    session.add(dataset)
    session.flush()
    rows = (
        observations[list(OBSERVATION_FIELDS)]
        .astype(object)
        .where(observations[list(OBSERVATION_FIELDS)].notna(), None)
    )
    records = [{"dataset_id": dataset.id, **r} for r in rows.to_dict(orient="records")]
    for start in range(0, len(records), 20_000):
        session.execute(insert(SalaryObservation), records[start : start + 20_000])
    return dataset


def list_salary_datasets(session: Session) -> list[SalaryDataset]:
    return list(
        session.scalars(select(SalaryDataset).order_by(SalaryDataset.created_at.desc(), SalaryDataset.id.desc()))
    )


def salary_model(session: Session, dataset_id: int) -> Any:
    from smm_eval.salary import SalaryModel

    blob = session.scalar(select(SalaryDataset.model).where(SalaryDataset.id == dataset_id))
    if blob is None:
        raise NotFoundError(f"salary dataset {dataset_id} does not exist")
    return SalaryModel.from_bytes(blob)


def delete_salary_dataset(session: Session, dataset_id: int) -> None:
    session.execute(delete(SalaryDataset).where(SalaryDataset.id == dataset_id))


# Teams ----------------------------------------------------------------------------------------


def import_team(session: Session, name: str, roles_of: Mapping[str, str], ratings: pd.DataFrame) -> Team:
    """Create a team (or add to one): members with their role, and dated ratings. All or nothing.

    A rating that exists already (same member, rater, date and competency) is refused.
    """
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError([Problem("team", "the team name must be 1 to 200 characters")])
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, created_at=now())
        session.add(team)
        session.flush()
    members = {m.name: m for m in session.scalars(select(TeamMember).where(TeamMember.team_id == team.id))}
    problems = []
    for person, role_id in roles_of.items():
        if person in members and members[person].role_id != role_id:
            problems.append(Problem("team", f"'{person}' is already in the team as {members[person].role_id}"))
        elif person not in members:
            members[person] = TeamMember(team_id=team.id, name=person, role_id=role_id)
            session.add(members[person])
    if problems:
        raise InputError(problems)
    session.flush()
    rows = ratings.assign(member_id=ratings["person"].map({n: m.id for n, m in members.items()}))
    existing = session.execute(
        select(TeamRating.member_id, TeamRating.rater, TeamRating.assessed_on, TeamRating.competency).where(
            TeamRating.member_id.in_([m.id for m in members.values()])
        )
    ).all()
    clash = set(existing) & set(zip(rows["member_id"], rows["rater"], rows["date"], rows["competency"], strict=True))
    if clash:
        raise InputError([Problem("team", f"{len(clash)} rating(s) exist already for the same member, rater and date")])
    records = [
        {
            "member_id": int(r.member_id),
            "rater": r.rater,
            "assessed_on": r.date,
            "competency": r.competency,
            "kind": r.kind,
            "level": int(r.level),
        }
        for r in rows.itertuples()
    ]
    for start in range(0, len(records), 20_000):
        session.execute(insert(TeamRating), records[start : start + 20_000])
    return team


def list_teams(session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.name)))


def team_data(session: Session, team_id: int) -> tuple[dict[str, str], pd.DataFrame]:
    """A team's members (name -> role id) and its tidy ratings with kind and date."""
    members = dict(
        session.execute(
            select(TeamMember.name, TeamMember.role_id).where(TeamMember.team_id == team_id).order_by(TeamMember.name)
        ).all()
    )
    rows = session.execute(
        select(
            TeamMember.name,
            TeamRating.rater,
            TeamRating.kind,
            TeamRating.assessed_on,
            TeamRating.competency,
            TeamRating.level,
        )
        .join(TeamRating, TeamRating.member_id == TeamMember.id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.name, TeamRating.assessed_on, TeamRating.rater, TeamRating.competency)
    ).all()
    return members, pd.DataFrame(rows, columns=["person", "rater", "kind", "date", "competency", "level"])


# Import -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    vacancy_title: str
    vacancy_created: bool
    candidates_created: int
    candidates_existing: int
    scorecards: int
    ratings: int
    self_assessments: int


def _ids_by_name(session: Session, names: Sequence[str], batch: int = 10_000) -> dict[str, int]:
    """Candidate ids of those `names` that exist, looked up in batches (drivers cap the number of
    parameters in one statement: 65,535 on PostgreSQL, 32,766 on SQLite)."""
    found: dict[str, int] = {}
    for start in range(0, len(names), batch):
        part = names[start : start + batch]
        found.update(session.execute(select(Candidate.name, Candidate.id).where(Candidate.name.in_(part))).all())
    return found


def _bulk_insert(
    session: Session, table: Any, columns: Sequence[str], rows: Sequence[tuple], progress: Callable[[float], None]
) -> None:
    """Insert many rows in the session's transaction by the driver's fastest path: COPY on
    PostgreSQL, executemany on SQLite. Table and column names come from our models, never from
    input; the values travel as data."""
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    names = ", ".join(table.c[c].name for c in columns)
    batch = 50_000
    if connection.dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for start in range(0, len(rows), batch):
                for record in rows[start : start + batch]:
                    copy.write_row(record)
                progress(min(1.0, (start + batch) / len(rows)))
    else:
        statement = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
        cursor = raw.cursor()
        try:
            for start in range(0, len(rows), batch):
                cursor.executemany(statement, rows[start : start + batch])
                progress(min(1.0, (start + batch) / len(rows)))
        finally:
            cursor.close()
    progress(1.0)


def import_ratings(
    session: Session,
    table: RatingsTable,
    vacancy_title: str,
    role_id: str | None,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    candidates: pd.DataFrame | None = None,
    source: str = "ratings",
    progress: Callable[[float], None] | None = None,
) -> ImportSummary:
    """Store a validated ratings file for a vacancy: all or nothing within the caller's transaction.

    Creates the vacancy from `role_id` when it does not exist, the candidates by name (details from
    the optional candidates frame) and one scorecard per (person, rater). A scorecard that exists
    already is a problem: the whole import is refused.
    """
    report = progress or (lambda _share: None)
    vacancy = find_vacancy(session, vacancy_title)
    created = vacancy is None
    if vacancy is None:
        if role_id is None or role_id not in roles:
            known = ", ".join(roles)
            raise InputError(
                [Problem(source, f"vacancy '{vacancy_title}' does not exist; give a role to create it ({known})")]
            )
        vacancy = create_vacancy(session, vacancy_from_role(vacancy_title, roles[role_id]), framework, roles)
    details = {} if candidates is None else {row["name"]: row for row in candidates.to_dict(orient="records")}
    names = list(dict.fromkeys([*table.people, *details]))
    existing = _ids_by_name(session, names)
    new_names = [n for n in names if n not in existing]
    codes = _next_codes(session, len(new_names))
    stamp = now()
    if new_names:
        rows = []
        for name, code in zip(new_names, codes, strict=True):
            info = details.get(name, {})
            salary = info.get("expected_salary")
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "contact": info.get("contact", "") or "",
                    "source": info.get("source", "") or source,
                    "notes": info.get("notes", "") or "",
                    "expected_salary": None if salary is None or pd.isna(salary) else int(salary),
                    "version": 1,
                    "created_at": stamp,
                }
            )
        session.execute(insert(Candidate), rows)
    ids = {**existing, **_ids_by_name(session, new_names)}
    report(0.2)
    attached = set(session.scalars(select(Application.candidate_id).where(Application.vacancy_id == vacancy.id)))
    to_attach = [
        {"candidate_id": ids[n], "vacancy_id": vacancy.id, "stage": "new", "version": 1, "created_at": stamp}
        for n in names
        if ids[n] not in attached
    ]
    if to_attach:
        session.execute(insert(Application), to_attach)
    # Self-ratings are kept apart: stored as the candidate's self-assessment, never as a scorecard.
    is_self = table.ratings["rater"].str.strip().str.casefold().isin(SELF_RATER_NAMES)
    self_rows = table.ratings.loc[is_self]
    if not self_rows.empty:
        session.execute(
            insert(SelfAssessmentRecord),
            [
                {
                    "candidate_id": ids[person],
                    "label": f"{person} ({source})"[:200],
                    "role_id": vacancy.role_id,
                    "answers": dict(zip(group["competency"], group["level"].astype(int).tolist(), strict=True)),
                    "saved_at": stamp,
                }
                for person, group in self_rows.groupby("person", sort=False)
            ],
        )
    ratings = table.ratings.loc[~is_self]
    pairs = ratings[["person", "rater"]].drop_duplicates()
    clash = session.execute(
        select(Candidate.name, Scorecard.rater)
        .join(Scorecard, Scorecard.candidate_id == Candidate.id)
        .where(Scorecard.vacancy_id == vacancy.id)
    ).all()
    clashing = {(n, r) for n, r in clash} & set(map(tuple, pairs.itertuples(index=False))) if clash else set()
    if clashing:
        raise InputError(
            [
                Problem(source, f"person '{n}' already has a scorecard by rater '{r or '(none)'}' for this vacancy")
                for n, r in sorted(clashing)
            ]
        )
    report(0.4)
    cards = [
        {
            "candidate_id": ids[p],
            "vacancy_id": vacancy.id,
            "rater": r,
            "recommendation": None,
            "qualities": [],
            "red_flags": [],
            "notes": "",
            "version": 1,
            "submitted_at": stamp,
        }
        for p, r in pairs.itertuples(index=False)
    ]
    if cards:
        session.execute(insert(Scorecard), cards)
    card_ids = {
        (cid, rater): sid
        for sid, cid, rater in session.execute(
            select(Scorecard.id, Scorecard.candidate_id, Scorecard.rater).where(Scorecard.vacancy_id == vacancy.id)
        )
    }
    report(0.6)
    # One scorecard id per (person, rater) pair, spread over the ratings by the pair's position.
    person_codes, people = pd.factorize(ratings["person"])
    rater_codes, raters = pd.factorize(ratings["rater"])
    n_raters = max(1, len(raters))
    pair_codes, pair_keys = pd.factorize(person_codes.astype(np.int64) * n_raters + rater_codes)
    pair_ids = np.array(
        [card_ids[(ids[people[k // n_raters]], raters[k % n_raters])] for k in pair_keys], dtype=np.int64
    )
    scorecard_of = pair_ids[pair_codes] if len(pair_codes) else pair_ids[:0]
    competency = np.asarray(ratings["competency"], dtype=object)
    order = np.lexsort((competency.astype(str), scorecard_of))  # primary-key order: appends, not B-tree splits
    items = list(
        zip(
            scorecard_of[order].tolist(),
            competency[order].tolist(),
            ratings["level"].to_numpy(dtype=np.int64)[order].tolist(),
            itertools.repeat(""),
            strict=False,
        )
    )
    columns = ["scorecard_id", "competency", "level", "evidence"]
    _bulk_insert(session, ScorecardItem.__table__, columns, items, lambda share: report(0.6 + 0.4 * share))
    report(1.0)
    return ImportSummary(
        vacancy_title=vacancy.title,
        vacancy_created=created,
        candidates_created=len(new_names),
        candidates_existing=len(names) - len(new_names),
        scorecards=len(cards),
        ratings=len(items),
        self_assessments=int(self_rows["person"].nunique()),
    )


# Backup and restore -------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return _as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def backup(session: Session, schema_revision: str) -> dict[str, Any]:
    """Every row of every table, in a JSON-ready document that `restore` reads back."""
    tables = {}
    for model in TABLES_IN_ORDER:
        table = model.__table__
        keys = [c.name for c in table.primary_key.columns]
        rows = session.execute(select(table).order_by(*[table.c[k] for k in keys])).mappings().all()
        tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    return {
        "format": BACKUP_FORMAT,
        "version": 1,
        "schema_revision": schema_revision,
        "created_at": now().isoformat(),
        "tables": tables,
    }


def is_empty(session: Session) -> bool:
    return all(session.scalar(select(func.count()).select_from(m.__table__)) == 0 for m in TABLES_IN_ORDER)


def restore(session: Session, document: Mapping[str, Any], source: str = "backup") -> dict[str, int]:
    """Load a backup into an empty database; refuses a non-empty one. Returns rows per table."""
    if not isinstance(document, Mapping) or document.get("format") != BACKUP_FORMAT:
        raise InputError([Problem(source, f"is not an SMM Eval backup (its 'format' must be '{BACKUP_FORMAT}')")])
    if document.get("version") != 1:
        raise InputError([Problem(source, "unsupported backup version", column_name="version")])
    tables = document.get("tables")
    if not isinstance(tables, Mapping):
        raise InputError([Problem(source, "has no 'tables' mapping", column_name="tables")])
    if not is_empty(session):
        raise InputError([Problem(source, "the database is not empty; restore only into an empty database")])
    problems: list[Problem] = []
    prepared: dict[str, list[dict[str, Any]]] = {}
    for model in TABLES_IN_ORDER:
        table = model.__table__
        rows = tables.get(table.name, [])
        columns = {c.name: c for c in table.columns}
        if not isinstance(rows, list):
            problems.append(Problem(source, "must be a list of rows", column_name=f"tables.{table.name}"))
            continue
        converted = []
        for i, row in enumerate(rows):
            where = f"tables.{table.name}.{i}"
            if not isinstance(row, Mapping) or set(row) != set(columns):
                problems.append(
                    Problem(source, f"row must have exactly the columns {sorted(columns)}", column_name=where)
                )
                continue
            out = {}
            for name, value in row.items():
                kind = columns[name].type
                try:
                    if value is not None and isinstance(kind, DateTime):
                        value = datetime.fromisoformat(value)
                    elif value is not None and isinstance(kind, Date):
                        value = date.fromisoformat(value)
                    elif value is not None and isinstance(kind, LargeBinary):
                        value = base64.b64decode(value, validate=True)
                except (TypeError, ValueError, binascii.Error):
                    problems.append(
                        Problem(source, f"'{name}' is not a valid {kind.__class__.__name__}", column_name=where)
                    )
                out[name] = value
            converted.append(out)
        prepared[table.name] = converted
    unknown = sorted(set(tables) - {m.__table__.name for m in TABLES_IN_ORDER})
    if unknown:
        problems.append(Problem(source, f"unknown tables {unknown}", column_name="tables"))
    if problems:
        raise InputError(problems)
    try:
        for model in TABLES_IN_ORDER:
            rows = prepared[model.__table__.name]
            if rows:
                session.execute(insert(model.__table__), rows)
        session.flush()
    except IntegrityError as exc:
        raise InputError([Problem(source, f"rows contradict each other: {exc.orig}")]) from exc
    if session.get_bind().dialect.name == "postgresql":
        for model in TABLES_IN_ORDER:
            table = model.__table__
            if "id" in table.c:
                session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 (fixed names)
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
                        f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
                    )
                )
    return {name: len(rows) for name, rows in prepared.items()}


def checksum(session: Session) -> str:
    """A digest of every row of every table: equal digests mean unchanged data."""
    document = backup(session, "")
    document.pop("created_at")
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
