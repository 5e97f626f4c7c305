"""Read models: the tidy frames pages, the CLI and the evaluation read from the workspace.

Each function runs one query and returns a pandas DataFrame with fixed columns (named in its
docstring), so an empty result still has the columns. Functions take a session; the caller owns
the transaction.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smm_eval.storage.models import Application, Candidate, Scorecard, ScorecardItem, TeamMember, TeamRating

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
    """Scorecard items as a tidy frame: one row per (scorecard, competency), columns SCORECARD_COLUMNS.

    `person` is the candidate code; rows come by code, rater and competency. Only the candidate's
    rows when `candidate_id` is given.
    """
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
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))


def ratings_for_vacancy(session: Session, vacancy_id: int) -> pd.DataFrame:
    """Tidy ratings of a vacancy's scorecards, columns RATING_COLUMNS (person = candidate code,
    rater, competency id, level 0..4); self-ratings are never scorecards, so never here."""
    rows = session.execute(
        select(Candidate.code, Scorecard.rater, ScorecardItem.competency, ScorecardItem.level)
        .join(Scorecard, Scorecard.candidate_id == Candidate.id)
        .join(ScorecardItem, ScorecardItem.scorecard_id == Scorecard.id)
        .where(Scorecard.vacancy_id == vacancy_id)
        .order_by(Candidate.code, Scorecard.rater, ScorecardItem.competency)
    ).all()
    return pd.DataFrame(rows, columns=list(RATING_COLUMNS))


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
