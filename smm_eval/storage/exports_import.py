"""Importing a vacancy's own exports back: the candidates export and the scorecards export.

`import_exports` stores what the candidates page exported (candidates with their code, details
and stage; scorecards with their items, evidence, recommendation, lists, notes and time) into a
vacancy, all or nothing within the caller's transaction. In a fresh workspace the result exports
again as the same two files: each candidate keeps the code of the file when it is free, and each
scorecard its submission time. A candidate that exists already (by `smm_eval.names.name_key`) is
reused, as in the ratings import (`storage.bulk_import`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, problems_from_validation
from smm_eval.framework import Framework, RoleProfile
from smm_eval.schemas import ScorecardInput
from smm_eval.storage.bulk_import import ImportSummary, _attach_all, _candidate_row, _ids_by_name, _resolve_vacancy
from smm_eval.storage.candidates import next_codes
from smm_eval.storage.locking import now
from smm_eval.storage.models import Candidate
from smm_eval.storage.scorecards import save_scorecard

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
        session.execute(insert(Candidate), [_candidate_row(r["name"], r["code"], r, source, stamp) for r in own])
    others = [row for row in fresh if row not in own]
    if others:
        codes = next_codes(session, len(others))
        session.execute(
            insert(Candidate),
            [_candidate_row(r["name"], code, r, source, stamp) for r, code in zip(others, codes, strict=True)],
        )
    ids = {**existing, **_ids_by_name(session, [str(r["name"]) for r in fresh])}
    _attach_all(session, [ids[n] for n in names], vacancy.id, stamp, {ids[str(r["name"])]: r["stage"] for r in rows})
    by_code = {str(r["code"]): ids[str(r["name"])] for r in rows}
    count = 0
    for (code, rater), items in cards.groupby(["code", "rater"], sort=False):
        _store_card(session, by_code[str(code)], vacancy.id, str(rater), items, framework, source)
        count += 1
    return ImportSummary(vacancy.title, created, len(fresh), len(names) - len(fresh), count, len(cards), 0)


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
    scorecard = save_scorecard(session, card, framework, None)
    if not pd.isna(first["submitted_at"]):
        scorecard.submitted_at = first["submitted_at"].to_pydatetime()
