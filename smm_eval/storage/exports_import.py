"""Importing a vacancy's own exports back: the candidates export and the scorecards export.

`import_exports` stores what the candidates page exported (candidates with their code, details
and stage; scorecards with their items, evidence, recommendation, lists, notes and time; each
candidate's latest self-assessment, written as the rows of rater `self` with its time) into a
vacancy, all or nothing within the caller's transaction. `self_assessment_rows` reads those
self-assessment rows for the export. In a fresh workspace the result exports
again as the same two files: each candidate keeps the code of the file when it is free, and each
scorecard its submission time. A candidate that exists already (by `smm_eval.names.name_key`) is
reused, as in the ratings import (`storage.bulk_import`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, problems_from_validation
from smm_eval.framework import Framework, RoleProfile
from smm_eval.schemas import ScorecardInput
from smm_eval.storage.bulk_import import (
    ImportSummary,
    _attach_all,
    _candidate_values,
    _ids_by_name,
    _resolve_vacancy,
    record_import,
)
from smm_eval.storage.candidates import next_codes
from smm_eval.storage.locking import now
from smm_eval.storage.models import Application, Candidate, SelfAssessmentRecord
from smm_eval.storage.scorecards import save_scorecard
from smm_eval.storage.self_assessments import latest_self_assessments
from smm_eval.vocabulary import SELF_RATER_NAMES

_CODE = re.compile(r"C\d+")


def import_exports(
    session: Session,
    vacancy_title: str,
    role_id: str | None,
    candidates: pd.DataFrame,
    cards: pd.DataFrame,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    source: str,
) -> ImportSummary:
    """Store a candidates export and a scorecards export for a vacancy, all or nothing.

    Parameters
    ----------
    candidates
        `files.candidates.read_candidates` of the candidates export (with `code` and `stage`).
    cards
        `files.scorecards.read_scorecards` of the scorecards export, every code in `candidates`.
    vacancy_title, role_id
        The vacancy; created from `role_id`'s profile when no vacancy has this title.
    source
        The scorecards file's name, used in problems and as the default candidate source.

    Raises
    ------
    InputError
        No such vacancy and no known role, a scorecard that breaks a framework rule, a rater name
        that is not valid.
    storage.ConflictError
        A rater has a scorecard for that candidate and vacancy already.
    """
    vacancy, created = _resolve_vacancy(session, vacancy_title, role_id, framework, roles, source)
    stamp = now()
    names = [str(n) for n in candidates["name"]]
    existing = _ids_by_name(session, names)
    taken = set(session.scalars(select(Candidate.code)))
    rows: list[dict[str, Any]] = [{str(k): v for k, v in r.items()} for r in candidates.to_dict(orient="records")]
    fresh = [row for row in rows if str(row["name"]) not in existing]
    own = [row for row in fresh if _CODE.fullmatch(str(row["code"])) and row["code"] not in taken]
    if own:  # the file's codes first, so that the next free codes follow them
        session.execute(insert(Candidate), [_candidate_values(r["name"], r["code"], r, source, stamp) for r in own])
    others = [row for row in fresh if row not in own]
    if others:
        codes = next_codes(session, len(others))
        session.execute(
            insert(Candidate),
            [_candidate_values(r["name"], code, r, source, stamp) for r, code in zip(others, codes, strict=True)],
        )
    ids = {**existing, **_ids_by_name(session, [str(r["name"]) for r in fresh])}
    _attach_all(session, [ids[n] for n in names], vacancy.id, stamp, {ids[str(r["name"])]: r["stage"] for r in rows})
    by_code = {str(r["code"]): ids[str(r["name"])] for r in rows}
    name_of = {str(r["code"]): str(r["name"]) for r in rows}
    count = selfs = 0
    for (code, rater), items in cards.groupby(["code", "rater"], sort=False):
        if str(rater).strip().casefold() in SELF_RATER_NAMES:
            _store_self(session, by_code[str(code)], name_of[str(code)], vacancy.role_id, items, source, stamp)
            selfs += 1
        else:
            _store_card(session, by_code[str(code)], vacancy.id, str(rater), items, framework, source)
            count += 1
    rated = len(cards) - int(cards["rater"].str.strip().str.casefold().isin(SELF_RATER_NAMES).sum())
    summary = ImportSummary(vacancy.title, created, len(fresh), len(names) - len(fresh), count, rated, selfs)
    record_import(session, vacancy.id, source, summary)
    return summary


def self_assessment_rows(session: Session, vacancy_id: int) -> pd.DataFrame:
    """The latest self-assessment of each candidate of a vacancy, as rows of the scorecards export.

    Returns
    -------
    pandas.DataFrame
        One row per (candidate, competency answered): code, rater (`self`), competency, level
        (0..4) and submitted_at (the self-assessment's time, a datetime); by code and competency.
    """
    apps = session.execute(
        select(Candidate.id, Candidate.code)
        .join(Application, Application.candidate_id == Candidate.id)
        .where(Application.vacancy_id == vacancy_id)
    ).all()
    codes = {int(cid): str(code) for cid, code in apps}
    latest = latest_self_assessments(session, codes)
    rows = [
        {"code": codes[cid], "rater": "self", "competency": str(comp), "level": int(level),
         "submitted_at": record.saved_at}
        for cid, record in latest.items()
        for comp, level in sorted(record.answers.items())
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["code", "rater", "competency", "level", "submitted_at"])
    return frame.sort_values(["code", "competency"], kind="stable").reset_index(drop=True)


def _store_self(
    session: Session, candidate_id: int, name: str, role_id: str | None, items: pd.DataFrame, source: str,
    stamp: datetime,
) -> None:  # fmt: skip
    """One self-assessment of the export (rater `self`), linked to its candidate, with its time."""
    first = items.iloc[0]
    record = SelfAssessmentRecord(
        candidate_id=candidate_id, label=f"{name} ({source})"[:200], role_id=role_id,
        answers=dict(zip(items["competency"].astype(str), items["level"].astype(int).tolist(), strict=True)),
        saved_at=stamp if pd.isna(first["submitted_at"]) else first["submitted_at"].to_pydatetime(),
    )  # fmt: skip
    session.add(record)
    session.flush()


def _store_card(
    session: Session, candidate_id: int, vacancy_id: int, rater: str, items: pd.DataFrame, framework: Framework,
    source: str,
) -> None:  # fmt: skip
    """One scorecard of the export: its items, and the fields and time of its first row."""
    first = {str(k): v for k, v in items.iloc[0].to_dict().items()}
    try:
        card = ScorecardInput(
            candidate_id=candidate_id, vacancy_id=vacancy_id, rater=rater,
            levels=dict(zip(items["competency"], items["level"].astype(int), strict=True)),
            evidence={c: e for c, e in zip(items["competency"], items["evidence"], strict=True) if e},
            qualities=first["qualities"], red_flags=first["red_flags"], recommendation=first["recommendation"] or None,
            notes=first["notes"],
        )  # fmt: skip
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, f"{source}, line {first['line']}")) from exc
    scorecard = save_scorecard(session, card, framework, None, audit=False)  # one event for the import
    if not pd.isna(first["submitted_at"]):
        scorecard.submitted_at = first["submitted_at"].to_pydatetime()
