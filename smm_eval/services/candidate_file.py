"""A candidate's file: everything about one candidate for one vacancy, for the candidate's page.

Profile (contact, expected pay, stage, notes), the submitted scorecards with their evidence, the
candidate's own latest self-assessment beside the interviewers' levels. Two rules decide what is
shown, and live here so every screen applies them the same way:

- **hidden until you submit** (`others_visible`, `services.scope.others_visible_to`): a rater sees
  the other raters' scorecards of a candidate only once they have submitted their own (design
  choice, as on the scorecard page: a rater who has not yet judged is not anchored by the others).
  In a team workspace the viewer is the signed-in user, found by their user id; admins and
  recruiters, who see every scorecard in the ranking anyway, see them all;
- **blind mode** (`smm_eval.recruiting.BLIND_FREE_TEXT`): name, contact, notes and the
  scorecards' evidence and notes are left out (free text may identify the candidate) and the
  candidate is known by code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from smm_eval import storage
from smm_eval.access import Action, actor_of, require
from smm_eval.framework import Framework
from smm_eval.services import scope
from smm_eval.services.handle import Transactions
from smm_eval.storage import NotFoundError

__all__ = ["NotFoundError"]  # re-exported: a candidate or an application that no longer exists

SELF_COLUMNS = ("competency", "block", "interviewers", "raters", "self")


@dataclass(frozen=True)
class StageMove:
    """One recorded move between hiring stages (`from_stage` None: the candidate was attached at
    `to_stage`); `changed_at` in UTC."""

    from_stage: str | None
    to_stage: str
    changed_at: datetime


@dataclass(frozen=True)
class CandidateProfile:
    """What is known about the candidate and their application (name, contact, notes "" in blind mode).

    `expected_salary` is a monthly amount in `expected_currency`, `expected_gross_net` "gross" or
    "net"; `applied_at` the time the candidate was attached to the vacancy (UTC); `history` the
    recorded moves between stages, oldest first (none before schema revision 0008).
    """

    candidate_id: int
    code: str
    name: str
    contact: str
    source: str
    notes: str
    expected_salary: int | None
    expected_currency: str
    expected_gross_net: str
    stage: str
    applied_at: datetime
    history: tuple[StageMove, ...] = ()


@dataclass(frozen=True)
class CandidateFile:
    """One candidate for one vacancy, as the candidate's page shows it.

    `scorecards`: the submitted scorecards the viewer may see (`storage.scorecards_frame` columns,
    one row per rated competency), empty when they are hidden; `hidden_raters`: how many raters'
    scorecards are hidden from the viewer; `viewer_submitted`: the viewer has a scorecard of the
    candidate; `self_answers`: the latest self-assessment attached to the candidate (competency
    id -> level 0..4), None without one, saved at `self_saved_at`; `vacancies`: the ids of every
    vacancy the candidate applied to.
    """

    vacancy_id: int
    profile: CandidateProfile
    scorecards: pd.DataFrame
    hidden_raters: int
    viewer_submitted: bool
    self_answers: Mapping[str, int] | None
    self_saved_at: datetime | None
    vacancies: tuple[int, ...]


def others_visible(items: pd.DataFrame, viewer: str) -> bool:
    """Whether `viewer` may see the other raters' scorecards of a candidate: once they submitted their own.

    Parameters
    ----------
    items : DataFrame
        The candidate's scorecard items (`storage.scorecards_frame`), with a `rater` column.
    viewer : str
        The rater's name as typed (surrounding spaces ignored); "" for nobody.

    Examples
    --------
    >>> cards = pd.DataFrame({"rater": ["Ana", "Bo"]})
    >>> others_visible(cards, "Ana"), others_visible(cards, "Cy"), others_visible(cards, "")
    (True, False, False)
    """
    name = viewer.strip()
    return bool(name) and bool((items["rater"] == name).any())


def candidate_vacancies(db: Transactions, candidate_id: int) -> list[int]:
    """The vacancies a candidate applied to that the actor may reach for this candidate (ids, oldest
    application first); [] for an unknown candidate or one outside the actor's scope.

    Raises AccessDeniedError for a role without `candidates.view`.
    """
    actor = actor_of(db)
    require(actor, Action.VIEW_CANDIDATES)
    with db.transaction() as session:
        out = []
        for vacancy_id in storage.vacancies_of(session, candidate_id):
            try:
                scope.require_candidate(session, actor, vacancy_id, candidate_id)
            except NotFoundError:
                continue
            out.append(vacancy_id)
        return out


def candidate_file(db: Transactions, vacancy_id: int, candidate_id: int, viewer: str, blind: bool) -> CandidateFile:
    """Load one candidate's file for one vacancy, with the visibility rules applied.

    Parameters
    ----------
    viewer : str
        The rater looking (the name typed on the scorecard page; in a team workspace the signed-in
        user, whatever is given); the other raters' scorecards are visible to them only once they
        submitted their own (`scope.others_visible_to`).
    blind : bool
        Blind mode: name, contact and notes are returned as "", and so are the scorecards'
        names, evidence and notes.

    Raises
    ------
    storage.NotFoundError
        The candidate has no application to the vacancy (or either no longer exists, or is
        outside the actor's scope).
    AccessDeniedError
        A role without `candidates.view`.
    """
    scoped = scope.in_scope(db, Action.VIEW_CANDIDATES, vacancy_id=vacancy_id, candidate_id=candidate_id)
    with scoped as (session, actor):
        viewer = scope.signed_rater(actor, viewer)
        application = storage.application_of(session, candidate_id, vacancy_id)
        apps = storage.applications_frame(session, vacancy_id)
        row = apps.loc[apps["candidate_id"] == candidate_id].iloc[0]
        items = storage.scorecards_frame(session, vacancy_id, candidate_id)
        selfs = storage.latest_self_assessments(session, [candidate_id])
        vacancies = tuple(storage.vacancies_of(session, candidate_id))  # ids only, not their content
        applied_at, stage = application.created_at, application.stage
        history = tuple(
            StageMove(m.from_stage, m.to_stage, m.changed_at) for m in storage.stage_history(session, application.id)
        )
        own = selfs.get(candidate_id)
        self_answers = dict(own.answers) if own is not None else None
        self_saved_at = own.saved_at if own is not None else None
        visible = scope.others_visible_to(session, actor, vacancy_id, candidate_id, others_visible(items, viewer))
        submitted = scope.rater_user_id(actor) is None and others_visible(items, viewer)
        submitted = submitted or storage.submitted_by_user(session, vacancy_id, candidate_id, actor.user_id or -1)
    salary = row["expected_salary"]
    profile = CandidateProfile(
        candidate_id=candidate_id, code=str(row["code"]), name="" if blind else str(row["name"]),
        contact="" if blind else str(row["contact"]), source=str(row["source"]),
        notes="" if blind else str(row["notes"]),
        expected_salary=None if pd.isna(salary) else int(salary), expected_currency=str(row["expected_currency"]),
        expected_gross_net=str(row["expected_gross_net"]), stage=str(stage), applied_at=applied_at,
        history=history,
    )  # fmt: skip
    others = items.loc[items["rater"] != viewer, "rater"].nunique()
    shown = items if visible else items.iloc[0:0]
    if blind:
        shown = shown.assign(name="", evidence="", notes="")
    return CandidateFile(
        vacancy_id, profile, shown.reset_index(drop=True), 0 if visible else int(others),
        submitted, self_answers, self_saved_at, vacancies,
    )  # fmt: skip


def self_beside_interviewers(file: CandidateFile, framework: Framework) -> pd.DataFrame:
    """Per competency: the interviewers' mean level beside the candidate's own, never averaged together.

    Only the scorecards the viewer may see count (`CandidateFile.scorecards`). Columns
    SELF_COLUMNS: competency id, block id, interviewers (mean level 0..4, NaN where none of the
    visible scorecards rated it), raters (how many rated it), self (level 0..4, NaN where the
    self-assessment skipped it); one row per competency rated by either, in framework order.
    Empty without a self-assessment.
    """
    if file.self_answers is None:
        return pd.DataFrame(columns=list(SELF_COLUMNS))
    grouped = file.scorecards.groupby("competency")["level"]
    means = {str(c): float(v) for c, v in grouped.mean().items()}
    counts = {str(c): int(v) for c, v in grouped.count().items()}
    rows = [
        {
            "competency": c,
            "block": framework.block_of[c],
            "interviewers": means.get(c, float("nan")),
            "raters": counts.get(c, 0),
            "self": float(file.self_answers[c]) if c in file.self_answers else float("nan"),
        }
        for c in framework.competency_ids
        if c in means or c in file.self_answers
    ]
    return pd.DataFrame(rows, columns=list(SELF_COLUMNS))
