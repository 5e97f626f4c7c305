"""Scorecards: one rater's levels, evidence, recommendation, qualities and red flags for one
candidate of one vacancy. Created once per (candidate, vacancy, rater); edits are optimistically
locked and replace the levels and evidence whole (stored in the scorecard's own row:
`storage.levels`).

Functions take a session; the caller owns the transaction.
"""

from __future__ import annotations

from typing import Any, NoReturn

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smm_eval.errors import InputError
from smm_eval.framework import Framework
from smm_eval.schemas import ScorecardInput
from smm_eval.storage.audit import record, record_changes
from smm_eval.storage.candidates import attach
from smm_eval.storage.levels import decode_levels, encode_levels
from smm_eval.storage.locking import ConflictError, NotFoundError, as_utc, last_change, now
from smm_eval.storage.models import Scorecard


def find_scorecard(
    session: Session, candidate_id: int, vacancy_id: int, rater: str, rater_user_id: int | None = None
) -> Scorecard | None:
    """The rater's scorecard of the candidate for the vacancy, as stored now, or None.

    With `rater_user_id` (a signed-in rater of a team workspace) the card is the one that user
    submitted, whatever name it carries; otherwise the one with the free-text `rater`.
    """
    who = Scorecard.rater_user_id == rater_user_id if rater_user_id is not None else Scorecard.rater == rater
    return session.execute(
        select(Scorecard)
        .where(Scorecard.candidate_id == candidate_id, Scorecard.vacancy_id == vacancy_id, who)
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()


def _create(
    session: Session, card: ScorecardInput, fields: dict[str, Any], existing: Scorecard | None, user_id: int | None
) -> Scorecard:
    if existing is not None:
        _refuse_stale(session, existing, creating=True)
    attach(session, card.candidate_id, card.vacancy_id)
    scorecard = Scorecard(
        candidate_id=card.candidate_id, vacancy_id=card.vacancy_id, rater=card.rater, version=1,
        rater_user_id=user_id, **fields,
    )  # fmt: skip
    session.add(scorecard)
    session.flush()
    return scorecard


def _replace(
    session: Session, card: ScorecardInput, fields: dict[str, Any], existing: Scorecard | None, expected_version: int
) -> Scorecard:
    user_id = existing.rater_user_id if existing is not None else None
    if existing is None:
        raise NotFoundError("the scorecard no longer exists")
    result = session.execute(
        update(Scorecard)
        .where(Scorecard.id == existing.id, Scorecard.version == expected_version)
        .values(**fields, version=Scorecard.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        _refuse_stale(session, existing)
    scorecard = find_scorecard(session, card.candidate_id, card.vacancy_id, card.rater, user_id)
    if scorecard is None:
        raise NotFoundError("the scorecard no longer exists")
    return scorecard


def _refuse_stale(session: Session, existing: Scorecard, creating: bool = False) -> NoReturn:
    """Refuse a new card where one exists (`creating`) or an edit from an old version, naming who
    saved in between and when: the trail's newest event, else (personal mode, whose user has no
    name) the card's own rater and time."""
    who, when = last_change(session, "scorecard", existing.id)
    who, when = who or existing.rater, when or as_utc(existing.submitted_at)
    saved = f"saved by {who} at {when:%Y-%m-%d %H:%M} UTC"
    if creating:
        message = f"{existing.rater} already has a scorecard for this candidate ({saved}); reload to edit it instead."
    else:
        message = f"this scorecard was {saved} after you opened it; reload, then apply your changes again."
    raise ConflictError(f"{message} Your scorecard was not saved.", who, when)


def _audited(scorecard: Scorecard, items: list[dict[str, Any]]) -> dict[str, Any]:
    """A scorecard's state as the audit trail compares it (evidence and notes are withheld there)."""
    return {
        "candidate_id": scorecard.candidate_id,
        "vacancy_id": scorecard.vacancy_id,
        "rater": scorecard.rater,
        "recommendation": scorecard.recommendation,
        "qualities": list(scorecard.qualities),
        "red_flags": list(scorecard.red_flags),
        "levels": {i["competency"]: i["level"] for i in items},
        "evidence": {i["competency"]: i["evidence"] for i in items if i["evidence"]},
        "notes": scorecard.notes,
    }


def _items_of(scorecard: Scorecard) -> list[dict[str, Any]]:
    """A scorecard's levels with their evidence, one dict per answered competency, by competency id."""
    evidence = scorecard.evidence or {}
    return [
        {"competency": c, "level": lv, "evidence": evidence.get(c, "")}
        for c, lv in decode_levels(scorecard.levels).items()
    ]


def save_scorecard(
    session: Session,
    card: ScorecardInput,
    framework: Framework,
    expected_version: int | None,
    rater_user_id: int | None = None,
    *,
    audit: bool = True,
) -> Scorecard:
    """Create a scorecard (`expected_version` None) or replace one edited from `expected_version`.

    `rater_user_id` signs it with a user of a team workspace (the card is then found by that user,
    and `card.rater` is the user's name); None keeps the free-text rater of personal mode.

    Creating one attaches the candidate to the vacancy when needed. Qualities and red flags are
    kept sorted and without repeats.

    Raises
    ------
    InputError
        The card breaks a framework rule (unknown competency, level, quality or red flag).
    ConflictError
        Creating: the rater (or, for a signed-in rater, anyone under the same name) has a scorecard
        for this candidate already. Replacing: someone saved
        it after `expected_version`.
    NotFoundError
        Replacing a scorecard that no longer exists.

    With `audit` (the default) the trail records a `submit` (new) or `update` event with the
    changed fields; imports that record one event for the whole file pass False.
    """
    errors = card.problems(framework)
    if errors:
        raise InputError(errors)
    fields = {
        "levels": encode_levels(card.levels),
        "evidence": {c: text for c, text in sorted(card.evidence.items()) if text and c in card.levels},
        "recommendation": card.recommendation,
        "qualities": sorted(set(card.qualities)),
        "red_flags": sorted(set(card.red_flags)),
        "notes": card.notes,
        "submitted_at": now(),
    }
    existing = find_scorecard(session, card.candidate_id, card.vacancy_id, card.rater, rater_user_id)
    before = _audited(existing, _items_of(existing)) if existing is not None and audit else {}
    if expected_version is None:
        if existing is None and rater_user_id is not None:  # another rater under the same name holds the slot
            existing = find_scorecard(session, card.candidate_id, card.vacancy_id, card.rater)
        scorecard = _create(session, card, fields, existing, rater_user_id)
    else:
        scorecard = _replace(session, card, fields, existing, expected_version)
    items = [
        {"competency": c, "level": lv, "evidence": card.evidence.get(c, "")} for c, lv in sorted(card.levels.items())
    ]
    if audit and expected_version is None:
        record(session, "scorecard", scorecard.id, "submit", None, _audited(scorecard, items))
    elif audit:
        record_changes(session, "scorecard", scorecard.id, before, _audited(scorecard, items))
    return scorecard
