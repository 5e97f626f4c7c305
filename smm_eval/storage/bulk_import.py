"""Bulk import of a ratings file into a vacancy, in named steps, all or nothing in one transaction.

`import_ratings` runs the steps in order: resolve (or create) the vacancy, match the people to
existing candidates and create the others, attach them all to the vacancy, keep self-ratings apart
as self-assessments, refuse scorecards that exist already, then write one scorecard per (person,
rater) holding its levels (`storage.levels`, the texts built from the rating matrix at once).
Candidates, applications, their first stage changes and the scorecards go in by the driver's
fastest path outside the ORM (COPY on PostgreSQL, executemany on SQLite). Any refusal raises
before the caller's transaction commits, so nothing of a refused file is saved.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.files.ratings import RatingsTable
from smm_eval.framework import Framework, RoleProfile
from smm_eval.names import name_keys
from smm_eval.recruiting import vacancy_from_role
from smm_eval.storage.audit import record
from smm_eval.storage.candidates import FIRST_STAGE, next_codes
from smm_eval.storage.levels import POSITION, STORED_COMPETENCIES, level_texts
from smm_eval.storage.locking import now
from smm_eval.storage.models import (
    Application,
    Candidate,
    Scorecard,
    SelfAssessmentRecord,
    StageChangeRecord,
    Vacancy,
    column_length,
    table_of,
)
from smm_eval.storage.vacancies import create_vacancy, find_vacancy
from smm_eval.vocabulary import SELF_RATER_NAMES

Progress = Callable[[float], None]
COPY_BATCH = 50_000  # rows between two progress reports


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote: counts of candidates, scorecards, ratings and self-assessments."""

    vacancy_title: str
    vacancy_created: bool
    candidates_created: int
    candidates_existing: int
    scorecards: int
    ratings: int
    self_assessments: int


def _resolve_vacancy(
    session: Session,
    title: str,
    role_id: str | None,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    source: str,
) -> tuple[Vacancy, bool]:
    """The vacancy titled `title` and whether it was created now (from `role_id`'s profile)."""
    vacancy = find_vacancy(session, title)
    if vacancy is not None:
        return vacancy, False
    if role_id is None or role_id not in roles:
        known = ", ".join(roles)
        message = f"vacancy '{title}' does not exist; give a role to create it ({known})"
        params = {"title": title, "roles": known}
        raise InputError([Problem(source, message, code="files.no_vacancy", params=params)])
    return create_vacancy(session, vacancy_from_role(title, roles[role_id]), framework, roles), True


def _ids_by_name(session: Session, names: Sequence[str]) -> dict[str, int]:
    """Candidate ids of those `names` that exist, matched as people are everywhere: by
    `smm_eval.names.name_key` (`Zoe\u00a0Marchetti` is the stored `zoe marchetti`).

    The stored names are read once (one query, whatever the number of names: an import of new
    people needs them all anyway to match by key); exact names match first, then the others by key
    (the lowest id wins where a key is stored twice).
    """
    stored = session.execute(select(Candidate.name, Candidate.id).order_by(Candidate.id.desc())).all()
    if not stored:
        return {}
    exact = {name: i for name, i in stored}
    found = {name: exact[name] for name in names if name in exact}
    missing = [n for n in names if n not in found]
    if missing:
        by_key = dict(zip(name_keys([n for n, _ in stored]), [i for _, i in stored], strict=True))
        found.update(
            (name, by_key[key]) for name, key in zip(missing, name_keys(missing), strict=True) if key in by_key
        )
    return found


CANDIDATE_COLUMNS = ("code", "name", "contact", "source", "notes", "expected_salary", "expected_currency",
                     "expected_gross_net", "version", "created_at")  # fmt: skip


def _candidate_row(name: str, code: str, info: Mapping[str, Any], source: str, stamp: Any) -> tuple[Any, ...]:
    """A new candidate's row in `CANDIDATE_COLUMNS` order: details from the candidates file when
    given, else `source` as source."""
    if not info:  # most imports: a ratings file alone (a tuple, not a dict per person)
        return (code, name, "", source, "", None, "RUB", "gross", 1, stamp)
    salary = info.get("expected_salary")
    return (
        code,
        name,
        info.get("contact", "") or "",
        info.get("source", "") or source,
        info.get("notes", "") or "",
        None if salary is None or pd.isna(salary) else int(salary),
        info.get("expected_currency") or "RUB",
        info.get("expected_gross_net") or "gross",
        1,
        stamp,
    )


def _candidate_values(name: str, code: str, info: Mapping[str, Any], source: str, stamp: Any) -> dict[str, Any]:
    """A new candidate's row as column -> value, for an ORM insert (`exports_import`)."""
    return dict(zip(CANDIDATE_COLUMNS, _candidate_row(name, code, info, source, stamp), strict=True))


def _match_and_create_candidates(
    session: Session, names: Sequence[str], details: Mapping[str, Mapping[str, Any]], source: str, stamp: datetime
) -> tuple[dict[str, int], int]:
    """Ids of every name (name -> candidate id), creating the unknown ones; and how many were new."""
    existing = _ids_by_name(session, names)
    new_names = [n for n in names if n not in existing]
    if new_names:
        codes, at = next_codes(session, len(new_names)), _stored_time(session, stamp)
        rows = [
            _candidate_row(name, code, details.get(name, {}), source, at)
            for name, code in zip(new_names, codes, strict=True)
        ]
        _bulk_insert(session, table_of(Candidate), CANDIDATE_COLUMNS, rows)
        wanted = set(new_names)
        created = session.execute(select(Candidate.name, Candidate.id).where(Candidate.created_at == stamp))
        existing |= {name: i for name, i in created if name in wanted}
    return existing, len(new_names)


def _attach_all(
    session: Session, candidate_ids: Sequence[int], vacancy_id: int, stamp: datetime, stages: Mapping[int, str]
) -> None:
    """Attach every candidate not yet attached to the vacancy: at its stage in the candidates file
    (`stages`, candidate id -> stage; the candidates export carries it), else at the first stage.
    An application that exists keeps its stage. Each new application's history starts with its
    attach (`StageChangeRecord` with no `from_stage`)."""
    attached = set(session.scalars(select(Application.candidate_id).where(Application.vacancy_id == vacancy_id)))
    at = _stored_time(session, stamp)
    to_attach = [(c, vacancy_id, stages.get(c) or FIRST_STAGE, 1, at) for c in candidate_ids if c not in attached]
    if to_attach:
        columns = ["candidate_id", "vacancy_id", "stage", "version", "created_at"]
        _bulk_insert(session, table_of(Application), columns, to_attach)
        recorded = select(StageChangeRecord.id).where(StageChangeRecord.application_id == Application.id).exists()
        new = session.execute(  # set-based, no id list: a vacancy may hold more candidates than SQL variables
            select(Application.id, Application.stage).where(
                Application.vacancy_id == vacancy_id, Application.created_at == stamp, ~recorded
            )
        )
        moves = [(i, None, st, at) for i, st in new]
        columns = ["application_id", "from_stage", "to_stage", "changed_at"]
        _bulk_insert(session, table_of(StageChangeRecord), columns, moves)


def _keep_self_apart(
    session: Session, ratings: pd.DataFrame, ids: Mapping[str, int], vacancy: Vacancy, source: str, stamp: datetime
) -> tuple[pd.DataFrame, int]:
    """Store self-ratings as each person's self-assessment, never as a scorecard.

    Returns the other ratings and the number of people who rated themselves.
    """
    codes, raters = pd.factorize(ratings["rater"])  # a few raters: test each name once, not each rating
    self_codes = [i for i, r in enumerate(raters) if str(r).strip().casefold() in SELF_RATER_NAMES]
    if not self_codes:
        return ratings, 0
    is_self = np.isin(codes, self_codes)
    self_rows = ratings.loc[is_self]
    if not self_rows.empty:
        longest = column_length(SelfAssessmentRecord, "label")
        records = [
            {
                "candidate_id": ids[str(person)],
                "label": f"{person} ({source})"[:longest],
                "role_id": vacancy.role_id,
                "answers": dict(zip(group["competency"], group["level"].astype(int).tolist(), strict=True)),
                "saved_at": stamp,
            }
            for person, group in self_rows.groupby("person", sort=False)
        ]
        session.execute(table_of(SelfAssessmentRecord).insert(), records)
    return ratings.loc[~is_self], int(self_rows["person"].nunique())


def _refuse_existing_scorecards(
    session: Session, vacancy_id: int, pairs: pd.DataFrame, ids: Mapping[str, int], source: str
) -> None:
    """Refuse the import when any (person, rater) pair has a scorecard for the vacancy already
    (the person matched to a stored candidate by `_ids_by_name`, so by name key)."""
    stored = session.execute(
        select(Scorecard.candidate_id, Scorecard.rater, Candidate.name)
        .join(Candidate, Scorecard.candidate_id == Candidate.id)
        .where(Scorecard.vacancy_id == vacancy_id)
    ).all()
    if not stored:
        return
    names = {(cid, str(r)): str(n) for cid, r, n in stored}
    incoming = {(ids[str(p)], str(r)) for p, r in pairs.itertuples(index=False)}
    clashing = sorted((names[pair], pair[1]) for pair in incoming & set(names))
    if clashing:
        raise InputError(
            [
                Problem(
                    source,
                    f"person '{n}' already has a scorecard by rater '{r or '(none)'}' for this vacancy",
                    code="files.scorecard_exists" if r else "files.scorecard_exists_no_rater",
                    params={"person": n, "rater": r},
                )
                for n, r in clashing
            ]
        )


@dataclass(frozen=True)
class _Cards:
    """The scorecards of a file: one per (person, rater) pair in order of first appearance, with
    the pair's person and rater and its stored levels text."""

    people: list[str]
    raters: list[str]
    levels: list[str]

    def pairs(self) -> pd.DataFrame:
        return pd.DataFrame({"person": self.people, "rater": self.raters})


def _cards_of(ratings: pd.DataFrame) -> _Cards:
    """The file's scorecards built from the tidy ratings at once: pairs by integer codes, the levels
    scattered into a (pairs x competencies) matrix, the texts encoded from it (`levels.level_texts`).
    The readers give person, rater and competency as categoricals: their codes are used as they are
    (factorizing 2.25 M texts again took 0.25 s for 100,000 rows)."""
    person_codes, people = _codes(ratings["person"])
    rater_codes, raters = _codes(ratings["rater"])
    n_raters = max(1, len(raters))
    pair_codes, pair_keys = pd.factorize(person_codes.astype(np.int64) * n_raters + rater_codes)
    competency_codes, competencies = _codes(ratings["competency"])
    positions = np.array([POSITION[str(c)] for c in competencies], dtype=np.int64)
    matrix = np.full((len(pair_keys), len(STORED_COMPETENCIES)), -1, dtype=np.int8)
    matrix[pair_codes, positions[competency_codes]] = ratings["level"].to_numpy(dtype=np.int8)
    keys = np.asarray(pair_keys, dtype=np.int64)
    return _Cards(
        people=np.asarray(people, dtype=object)[keys // n_raters].tolist(),
        raters=np.asarray(raters, dtype=object)[keys % n_raters].tolist(),
        levels=level_texts(matrix, STORED_COMPETENCIES),
    )


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (-1 never: the columns hold no missing value) and the distinct values: a
    categorical's own, any other column's by `pandas.factorize` in order of first appearance."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), values.cat.categories
    codes, uniques = pd.factorize(values)
    return codes, pd.Index(uniques)


def _write_scorecards(session: Session, cards: _Cards, ids: Mapping[str, int], vacancy_id: int, stamp: datetime) -> int:
    """One scorecard per pair with its levels (no evidence, notes, qualities or red flags); returns
    the number written."""
    empty_list, empty_map, at = json.dumps([]), json.dumps({}), _stored_time(session, stamp)
    rows = [
        (ids[p], vacancy_id, r, None, empty_list, empty_list, "", 1, at, levels, empty_map)
        for p, r, levels in zip(cards.people, cards.raters, cards.levels, strict=True)
    ]
    columns = ["candidate_id", "vacancy_id", "rater", "recommendation", "qualities", "red_flags", "notes",
               "version", "submitted_at", "levels", "evidence"]  # fmt: skip
    _bulk_insert(session, table_of(Scorecard), columns, rows)
    return len(rows)


def _bulk_insert(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    progress: Progress | None = None,
) -> None:
    """Insert many rows in the session's transaction by the driver's fastest path: COPY on
    PostgreSQL, executemany on SQLite. Table and column names come from our models, never from
    input; the values travel as data. JSON values come as JSON text, times as `_stored_time` gives
    them."""
    progress = progress or (lambda _share: None)
    connection = session.connection()
    driver: Any = connection.connection.driver_connection  # psycopg's COPY is not DB-API: the driver's own API
    names = ", ".join(table.c[c].name for c in columns)
    if connection.dialect.name == "postgresql":
        with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for start in range(0, len(rows), COPY_BATCH):
                for record in rows[start : start + COPY_BATCH]:
                    copy.write_row(record)
                progress(min(1.0, (start + COPY_BATCH) / len(rows)))
    else:
        statement = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
        cursor = driver.cursor()
        try:
            for start in range(0, len(rows), COPY_BATCH):
                cursor.executemany(statement, rows[start : start + COPY_BATCH])
                progress(min(1.0, (start + COPY_BATCH) / len(rows)))
        finally:
            cursor.close()
    progress(1.0)


def _stored_time(session: Session, moment: datetime) -> Any:
    """A time as `_bulk_insert` passes it to the driver: on SQLite the text SQLAlchemy stores (so
    it reads back as the ORM wrote it), on PostgreSQL the aware datetime itself. Converted once per
    import, not once per row."""
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        return moment
    process = table_of(Candidate).c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
    return moment if process is None else process(moment)


def import_ratings(
    session: Session,
    table: RatingsTable,
    vacancy_title: str,
    role_id: str | None,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    candidates: pd.DataFrame | None = None,
    source: str = "ratings",
    progress: Progress | None = None,
) -> ImportSummary:
    """Store a validated ratings file for a vacancy: all or nothing within the caller's transaction.

    Parameters
    ----------
    table
        The validated ratings (tidy: person, rater, competency, level 0..4).
    vacancy_title, role_id
        The vacancy; created from `role_id`'s profile when no vacancy has this title.
    candidates
        Optional candidate details (name, contact, source, notes, expected_salary, optional stage)
        by name, already joined to the rated people (`files.candidates.join_rated`).
    source
        The file name, used in problems, as the default candidate source and in self-assessment labels.
    progress
        Called with the share done (0..1) as the import advances.

    Raises
    ------
    InputError
        The vacancy does not exist and no known role was given, or a (person, rater) pair has a
        scorecard for this vacancy already: the whole import is refused.
    """
    report = progress or (lambda _share: None)
    vacancy, created = _resolve_vacancy(session, vacancy_title, role_id, framework, roles, source)
    details: dict[str, Mapping[str, Any]] = {}
    if candidates is not None:
        rows = candidates.to_dict(orient="records")
        details = {str(row["name"]): {str(k): v for k, v in row.items()} for row in rows}
    names = list(dict.fromkeys([*table.people, *details]))
    stamp = now()
    ids, created_count = _match_and_create_candidates(session, names, details, source, stamp)
    report(0.2)
    stages = {ids[name]: str(info.get("stage") or "") for name, info in details.items()}
    _attach_all(session, [ids[n] for n in names], vacancy.id, stamp, stages)
    ratings, self_count = _keep_self_apart(session, table.ratings, ids, vacancy, source, stamp)
    cards = _cards_of(ratings)
    _refuse_existing_scorecards(session, vacancy.id, cards.pairs(), ids, source)
    report(0.4)
    card_count = _write_scorecards(session, cards, ids, vacancy.id, stamp)
    report(1.0)
    summary = ImportSummary(
        vacancy_title=vacancy.title,
        vacancy_created=created,
        candidates_created=created_count,
        candidates_existing=len(names) - created_count,
        scorecards=card_count,
        ratings=len(ratings),
        self_assessments=self_count,
    )
    record_import(session, vacancy.id, source, summary)
    return summary


def record_import(session: Session, vacancy_id: int, source: str, summary: ImportSummary) -> None:
    """The one audit event of an import (entity `ratings`, the vacancy's id): the file's name and
    the counts written, not one event per rating or candidate."""
    record(session, "ratings", vacancy_id, "import", None, {"source": source, **dataclasses.asdict(summary)})
