"""Data versions: a number per vacancy and per team that moves on in the same transaction as every
change to what the pages read for it (issue 17, item 4; migration 0015).

Pages rerun from the top on every click. Rather than rereading a vacancy's scorecards each time,
they read its `data_version` (one indexed row) and keep what they computed from the data keyed
on it (`pages/_cached.py`); a changed version means reading again.

The one way in is `touch_for`, which `storage.audit.record` calls for every audited change (and
every change is audited, in its transaction: `storage.audit`), so a writer cannot forget it. It
maps the audited record to the vacancies and teams whose pages show it:

- vacancy -> itself; ratings (an import) -> the vacancy it went into;
- candidate (create, edit, erasure, anonymisation) and self_assessment -> every vacancy the
  candidate applied to; application, assignment (entity id: the application) -> its vacancy;
- scorecard -> its vacancy; invitation -> its candidate's vacancies or its team;
- team (import, leads) -> itself; workspace (a restore) -> every vacancy and team.

A writer that changes what pages read without an audit event of its own calls `touch_vacancies` /
`touch_teams` itself (a member's self-ratings from an invitation; the erasure, which removes the
applications before recording the event).

The value is a hybrid clock (design choice): the larger of "previous + 1" and the microseconds
since 1970 at the change. It always moves on (a counter), and a vacancy of a new or restored
workspace does not start where a deleted workspace's vacancy with the same id left off, so a
cache kept across the two cannot mistake one for the other.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import ColumnElement, case, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from smm_eval.storage.models import (
    Application,
    Invitation,
    Scorecard,
    SelfAssessmentRecord,
    Team,
    Vacancy,
)


def _stamp() -> int:
    """Microseconds since 1970 (UTC), the clock part of the hybrid clock."""
    return time.time_ns() // 1000


def _moved(column: InstrumentedAttribute[int]) -> ColumnElement[int]:
    """The next value of a data version column: max(previous + 1, the clock)."""
    stamp = _stamp()
    return case((column < stamp, stamp), else_=column + 1)


def touch_vacancies(session: Session, vacancy_ids: Iterable[int] | None) -> None:
    """Move on the data version of these vacancies (None: of every vacancy), in the session's
    transaction. Ids of vacancies that do not exist are ignored."""
    query = update(Vacancy).values(data_version=_moved(Vacancy.data_version))
    if vacancy_ids is not None:
        ids = sorted({int(i) for i in vacancy_ids})
        if not ids:
            return
        query = query.where(Vacancy.id.in_(ids))
    session.execute(query.execution_options(synchronize_session=False))


def touch_teams(session: Session, team_ids: Iterable[int] | None) -> None:
    """Move on the data version of these teams (None: of every team), as `touch_vacancies`."""
    query = update(Team).values(data_version=_moved(Team.data_version))
    if team_ids is not None:
        ids = sorted({int(i) for i in team_ids})
        if not ids:
            return
        query = query.where(Team.id.in_(ids))
    session.execute(query.execution_options(synchronize_session=False))


def candidate_vacancies(session: Session, candidate_id: int) -> list[int]:
    """The vacancies a candidate applied to (ids, ascending)."""
    query = select(Application.vacancy_id).where(Application.candidate_id == candidate_id)
    return sorted(set(session.scalars(query)))


def touch_for(session: Session, entity: str, entity_id: int | None) -> None:
    """Move on the versions an audited change to (`entity`, `entity_id`) affects (see the module
    text for the map); entities no page reads per vacancy or team (users, salary datasets) move
    nothing. Called by `storage.audit.record`, in the change's transaction."""
    if entity == "workspace":
        touch_vacancies(session, None)
        touch_teams(session, None)
        return
    if entity_id is None:
        return
    if entity in ("vacancy", "ratings"):
        touch_vacancies(session, [entity_id])
    elif entity == "team":
        touch_teams(session, [entity_id])
    elif entity == "candidate":
        touch_vacancies(session, candidate_vacancies(session, entity_id))
    elif entity in ("application", "assignment"):
        touch_vacancies(session, session.scalars(select(Application.vacancy_id).where(Application.id == entity_id)))
    elif entity == "scorecard":
        touch_vacancies(session, session.scalars(select(Scorecard.vacancy_id).where(Scorecard.id == entity_id)))
    elif entity == "self_assessment":
        owner = session.scalar(select(SelfAssessmentRecord.candidate_id).where(SelfAssessmentRecord.id == entity_id))
        if owner is not None:
            touch_vacancies(session, candidate_vacancies(session, owner))
    elif entity == "invitation":
        row = session.get(Invitation, entity_id)
        if row is not None and row.team_id is not None:
            touch_teams(session, [row.team_id])
        if row is not None and row.candidate_id is not None:
            touch_vacancies(session, candidate_vacancies(session, row.candidate_id))


def vacancy_version(session: Session, vacancy_id: int) -> int | None:
    """A vacancy's data version; None when there is no such vacancy."""
    return session.scalar(select(Vacancy.data_version).where(Vacancy.id == vacancy_id))


def team_version(session: Session, team_id: int) -> int | None:
    """A team's data version; None when there is no such team."""
    return session.scalar(select(Team.data_version).where(Team.id == team_id))
