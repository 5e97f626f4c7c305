"""Scorecard drafts: what a rater has chosen and typed on a scorecard before submitting it.

A draft is kept per (vacancy, candidate, rater) in the workspace database, so leaving the page,
reloading it or coming back another day restores the work; submitting the scorecard removes it in
the same transaction (`services.candidates.save_scorecard`), and "Discard draft" removes it on
request. The scorecard page saves the draft on every change. In a team workspace a draft is kept
under the signed-in user (`services.scope.draft_key`), never a typed name; every function checks
that the actor may submit a scorecard of that candidate (`scorecards.submit` and its scope).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smm_eval import storage
from smm_eval.access import Action, actor_of, require
from smm_eval.framework import Framework
from smm_eval.services import scope
from smm_eval.services.handle import Transactions
from smm_eval.vocabulary import RECOMMENDATIONS


@dataclass(frozen=True)
class Draft:
    """An unsubmitted scorecard.

    Attributes
    ----------
    levels
        Competency id -> chosen level (0..4); a competency not answered is absent.
    evidence
        Competency id -> the evidence typed so far (kept even where no level was chosen yet).
    qualities, red_flags
        Chosen ids of the framework's personal qualities and red flags.
    recommendation
        One of `vocabulary.RECOMMENDATIONS`, or None.
    notes
        Free text.
    saved_at
        When it was last stored (UTC); None for a draft not stored yet.
    """

    levels: Mapping[str, int] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    qualities: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    recommendation: str | None = None
    notes: str = ""
    saved_at: datetime | None = None

    def is_empty(self) -> bool:
        """True when nothing was chosen or typed."""
        typed = any(text.strip() for text in self.evidence.values()) or self.notes.strip()
        return not (self.levels or typed or self.qualities or self.red_flags or self.recommendation)

    def evidence_without_level(self) -> list[str]:
        """Competency ids whose evidence was typed but whose level was not chosen: a submitted
        scorecard stores evidence only beside a level, so the page warns before these are dropped."""
        return [c for c, text in self.evidence.items() if text.strip() and c not in self.levels]

    def content(self) -> dict[str, Any]:
        """The JSON document stored for the draft."""
        return {
            "levels": dict(self.levels),
            "evidence": {c: e for c, e in self.evidence.items() if e.strip()},
            "qualities": list(self.qualities),
            "red_flags": list(self.red_flags),
            "recommendation": self.recommendation,
            "notes": self.notes,
        }

    @classmethod
    def from_content(cls, content: Mapping[str, Any], framework: Framework, saved_at: datetime | None = None) -> Draft:
        """A stored draft read back; what the framework no longer knows (a competency, level,
        quality or red flag removed since) is dropped rather than refused: it is work in progress."""
        comps, levels_known = framework.competencies, {s.level for s in framework.scale}
        qualities = {q.id for q in framework.personal_qualities}
        flags = {f.id for f in framework.red_flags}
        raw_levels = content.get("levels") or {}
        raw_evidence = content.get("evidence") or {}
        recommendation = content.get("recommendation")
        return cls(
            levels={c: int(v) for c, v in raw_levels.items() if c in comps and v in levels_known},
            evidence={c: str(e) for c, e in raw_evidence.items() if c in comps},
            qualities=tuple(q for q in content.get("qualities") or () if q in qualities),
            red_flags=tuple(f for f in content.get("red_flags") or () if f in flags),
            recommendation=recommendation if recommendation in RECOMMENDATIONS else None,
            notes=str(content.get("notes") or ""),
            saved_at=saved_at,
        )


def _key(db: Transactions, session: Any, vacancy_id: int, candidate_id: int, rater: str) -> str:
    """The draft's key for the acting rater, after checking they may score this candidate."""
    actor = actor_of(db)
    scope.require_candidate(session, actor, vacancy_id, candidate_id)
    return scope.draft_key(actor, rater)


def keep_draft(db: Transactions, vacancy_id: int, candidate_id: int, rater: str, draft: Draft) -> datetime | None:
    """Store the rater's draft (an empty draft removes the stored one); returns when it was saved, None if removed.

    Raises AccessDeniedError for a role without `scorecards.submit`, NotFoundError for a candidate
    outside the actor's scope.
    """
    require(actor_of(db), Action.SUBMIT_SCORECARD)
    with db.transaction() as session:
        rater = _key(db, session, vacancy_id, candidate_id, rater)
        if draft.is_empty():
            storage.delete_draft(session, vacancy_id, candidate_id, rater)
            return None
        return storage.save_draft(session, vacancy_id, candidate_id, rater, draft.content())


def load_draft(db: Transactions, vacancy_id: int, candidate_id: int, rater: str, framework: Framework) -> Draft | None:
    """The rater's stored draft of the candidate for the vacancy, or None (errors as `keep_draft`)."""
    require(actor_of(db), Action.SUBMIT_SCORECARD)
    with db.transaction() as session:
        rater = _key(db, session, vacancy_id, candidate_id, rater)
        found = storage.find_draft(session, vacancy_id, candidate_id, rater)
    return None if found is None else Draft.from_content(found[0], framework, found[1])


def discard_draft(db: Transactions, vacancy_id: int, candidate_id: int, rater: str) -> bool:
    """Remove the rater's draft; True when there was one (errors as `keep_draft`)."""
    require(actor_of(db), Action.SUBMIT_SCORECARD)
    with db.transaction() as session:
        rater = _key(db, session, vacancy_id, candidate_id, rater)
        return storage.delete_draft(session, vacancy_id, candidate_id, rater)
