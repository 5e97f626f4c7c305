"""Read models: the tidy frames pages, the CLI and the evaluation read from the workspace.

Each function runs one query and returns a pandas DataFrame with fixed columns (named in its
docstring), so an empty result still has the columns. Functions take a session; the caller owns
the transaction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smm_eval.storage.levels import levels_long
from smm_eval.storage.models import Application, Candidate, Scorecard, TeamMember, TeamRating

APPLICATION_COLUMNS = (
    "candidate_id",
    "code",
    "name",
    "contact",
    "source",
    "expected_salary",
    "expected_currency",
    "expected_gross_net",
    "notes",
    "application_id",
    "stage",
    "application_version",
    "scorecards",
)
SCORECARD_COLUMNS = (
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
)
RATING_COLUMNS = ("person", "rater", "competency", "level")
TEAM_RATING_COLUMNS = ("person", "rater", "kind", "date", "competency", "level")


def applications_frame(session: Session, vacancy_id: int) -> pd.DataFrame:
    """The candidates of a vacancy with their stage and number of scorecards, by code.

    Returns
    -------
    pandas.DataFrame
        One row per application, columns APPLICATION_COLUMNS; `expected_salary` is nullable
        Int64 (in the vacancy's currency), `scorecards` a count (0 when none).
    """
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
            Candidate.expected_currency,
            Candidate.expected_gross_net,
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
    frame = pd.DataFrame(rows, columns=list(APPLICATION_COLUMNS))
    frame["expected_salary"] = frame["expected_salary"].astype("Int64")
    return frame


def scorecards_frame(session: Session, vacancy_id: int, candidate_id: int | None = None) -> pd.DataFrame:
    """Scorecard items as a tidy frame: one row per (scorecard, answered competency), columns
    SCORECARD_COLUMNS.

    `person` is the candidate code; rows come by code, rater and competency id (each scorecard's
    stored levels spread out by `storage.levels.levels_long`). Only the candidate's rows when
    `candidate_id` is given.
    """
    query = (
        select(
            Scorecard.id.label("scorecard_id"),
            Candidate.code.label("person"),
            Candidate.name,
            Scorecard.rater,
            Scorecard.levels,
            Scorecard.evidence,
            Scorecard.recommendation,
            Scorecard.red_flags,
            Scorecard.qualities,
            Scorecard.notes,
            Scorecard.version,
            Scorecard.submitted_at,
        )
        .join(Candidate, Candidate.id == Scorecard.candidate_id)
        .where(Scorecard.vacancy_id == vacancy_id)
        .order_by(Candidate.code, Scorecard.rater)
    )
    if candidate_id is not None:
        query = query.where(Scorecard.candidate_id == candidate_id)
    cards = session.execute(query).all()
    if not cards:
        return pd.DataFrame([], columns=list(SCORECARD_COLUMNS))
    rows, competency, level = levels_long([card.levels for card in cards])
    evidence = [card.evidence or {} for card in cards]
    frame = pd.DataFrame({"competency": competency, "level": level})
    frame["evidence"] = [evidence[r].get(c, "") for r, c in zip(rows.tolist(), competency.tolist(), strict=True)]
    for name in SCORECARD_COLUMNS:
        if name not in frame:
            values = [getattr(card, name) for card in cards]
            frame[name] = [values[r] for r in rows.tolist()]
    return frame[list(SCORECARD_COLUMNS)]


def ratings_for_vacancy(session: Session, vacancy_id: int) -> pd.DataFrame:
    """Tidy ratings of a vacancy's scorecards, columns RATING_COLUMNS (person = candidate code,
    rater, competency id, level 0..4), by code, rater and competency id; self-ratings are never
    scorecards, so never here."""
    cards = session.execute(
        select(Candidate.code, Scorecard.rater, Scorecard.levels)
        .join(Scorecard, Scorecard.candidate_id == Candidate.id)
        .where(Scorecard.vacancy_id == vacancy_id)
        .order_by(Candidate.code, Scorecard.rater)
    ).all()
    if not cards:
        return pd.DataFrame([], columns=list(RATING_COLUMNS))
    rows, competency, level = levels_long([levels for _, _, levels in cards])
    people = np.array([code for code, _, _ in cards], dtype=object)
    raters = np.array([rater for _, rater, _ in cards], dtype=object)
    return pd.DataFrame(
        {"person": people[rows], "rater": raters[rows], "competency": competency, "level": level},
        columns=list(RATING_COLUMNS),
    )


def team_data(session: Session, team_id: int) -> tuple[dict[str, str], pd.DataFrame]:
    """A team's members (name -> role id) and its tidy ratings, columns TEAM_RATING_COLUMNS
    (person, rater, kind self/manager, date, competency, level 0..4)."""
    members = {
        str(name): str(role)
        for name, role in session.execute(
            select(TeamMember.name, TeamMember.role_id).where(TeamMember.team_id == team_id).order_by(TeamMember.name)
        ).all()
    }
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
    return members, pd.DataFrame(rows, columns=list(TEAM_RATING_COLUMNS))
