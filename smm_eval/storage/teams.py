"""Teams: a named team, its members with their role, and their dated ratings (by themselves or a
manager). Importing is all or nothing, never overwrites a rating, and refuses to add to a team that
changed since the user saw it (optimistic locking on `teams.version`).

Functions take a session; the caller owns the transaction. The tidy frame of a team's ratings is
a read model (smm_eval.storage.read_models.team_data).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from smm_eval.errors import InputError, Problem
from smm_eval.limits import batches
from smm_eval.names import name_key
from smm_eval.storage.audit import record
from smm_eval.storage.locking import NotFoundError, conflict, now
from smm_eval.storage.models import Team, TeamMember, TeamRating, column_length
from smm_eval.storage.versions import touch_teams

BATCH_ROWS = 20_000


def _team_named(session: Session, name: str) -> Team:
    """The team called `name`, created when there is none."""
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, created_at=now())
        session.add(team)
        session.flush()
    return team


def _members(session: Session, team: Team, roles_of: Mapping[str, str]) -> dict[str, TeamMember]:
    """Every member of the team after adding the new people of `roles_of` (name -> role id), by
    the name stored and by the name of the file; a person is matched by `smm_eval.names.name_key`.

    Raises
    ------
    InputError
        Someone already in the team is given another role.
    """
    stored = list(session.scalars(select(TeamMember).where(TeamMember.team_id == team.id)))
    members = {m.name: m for m in stored}
    by_key = {name_key(m.name): m for m in stored}  # `Ana` in a later file is the stored `ana`
    problems = []
    for person, role_id in roles_of.items():
        member = by_key.get(name_key(person))
        if member is not None and member.role_id != role_id:
            message = f"'{person}' is already in the team as {member.role_id}"
            params = {"person": person, "role": member.role_id}
            problems.append(Problem("team", message, code="team.member_role", params=params))
        elif member is None:
            member = by_key[name_key(person)] = TeamMember(team_id=team.id, name=person, role_id=role_id)
            session.add(member)
        members[person] = member
    if problems:
        raise InputError(problems)
    session.flush()
    return members


def _check_seen(session: Session, name: str, expected_version: int | None) -> None:
    """Refuse an import into a team that changed since the user saw it: `expected_version` 0 means
    "no team of this name" (someone created one meanwhile), n its version (someone imported into
    it meanwhile). None checks nothing (the command line)."""
    if expected_version is None:
        return
    team = session.scalar(select(Team).where(Team.name == name))
    current = 0 if team is None else team.version
    if current == expected_version:
        return
    if team is None:
        raise NotFoundError(f"the team {name!r} no longer exists")
    raise conflict(
        session, "team", team.id, f"the team {name!r} changed after you opened the page; nothing was imported"
    )


def import_team(
    session: Session, name: str, roles_of: Mapping[str, str], ratings: pd.DataFrame, expected_version: int | None = None
) -> Team:
    """Create a team (or add to one): members with their role, and dated ratings. All or nothing.

    Parameters
    ----------
    name
        The team's name (1 to the column's 200 characters, surrounding blanks ignored).
    roles_of
        Member name -> role id.
    ratings
        Tidy ratings with columns person, rater, kind, date, competency, level (0..4).
    expected_version
        The team's version when the user chose to import (0: no team of this name then); None
        checks nothing. Each import moves the version on.

    Raises
    ------
    InputError
        A bad name, a member given another role, or a rating that exists already (same member,
        rater, date and competency).
    ConflictError
        The team was created or imported into after `expected_version` (`who`/`when` say by whom).
    NotFoundError
        The team the user saw is gone.
    """
    name = name.strip()
    longest = column_length(Team, "name")
    if not name or len(name) > longest:
        message = f"the team name must be 1 to {longest} characters"
        raise InputError([Problem("team", message, code="team.name_length", params={"longest": longest})])
    _check_seen(session, name, expected_version)
    created = session.scalar(select(Team.id).where(Team.name == name)) is None
    team = _team_named(session, name)
    if not created:
        team.version += 1
    known = session.scalar(select(func.count()).select_from(TeamMember).where(TeamMember.team_id == team.id)) or 0
    members = _members(session, team, roles_of)
    member_ids = ratings["person"].map({n: m.id for n, m in members.items()})
    existing = [
        row
        for part in batches([m.id for m in members.values()])  # drivers cap a statement's parameters
        for row in session.execute(
            select(TeamRating.member_id, TeamRating.rater, TeamRating.assessed_on, TeamRating.competency).where(
                TeamRating.member_id.in_(part)
            )
        )
    ]
    keys = zip(member_ids, ratings["rater"], ratings["date"], ratings["competency"], strict=True)
    clash = {tuple(row) for row in existing} & set(keys)
    if clash:
        message = f"{len(clash)} ratings exist already for the same member, rater and date"
        raise InputError([Problem("team", message, code="team.ratings_exist", params={"count": len(clash)})])
    records: list[dict[str, Any]] = [
        {"member_id": int(m), "rater": r, "assessed_on": d, "competency": c, "kind": k, "level": int(lv)}
        for m, r, d, c, k, lv in zip(
            member_ids,
            ratings["rater"],
            ratings["date"],
            ratings["competency"],
            ratings["kind"],
            ratings["level"],
            strict=True,
        )
    ]
    for start in range(0, len(records), BATCH_ROWS):
        session.execute(insert(TeamRating), records[start : start + BATCH_ROWS])
    added = len({m.id for m in members.values()}) - known
    new = {"name": name, "team_created": created, "members_added": added, "ratings": len(records)}
    record(session, "team", team.id, "import", None, new)  # one event per import: counts, never names
    return team


def list_teams(session: Session) -> list[Team]:
    """Every team, by name."""
    return list(session.scalars(select(Team).order_by(Team.name)))


def team_member(session: Session, team_id: int, member_id: int) -> TeamMember | None:
    """The member `member_id` of team `team_id`; None when there is no such member of that team."""
    member = session.get(TeamMember, member_id)
    return member if member is not None and member.team_id == team_id else None


def add_self_ratings(session: Session, member_id: int, answers: Mapping[str, int], on: date) -> int:
    """Store a member's own ratings of `on` (rater "self", kind "self"); returns how many.

    Raises
    ------
    InputError
        `team.ratings_exist`: the member already has self-ratings of that day for some of these
        competencies (a rating is never overwritten).
    """
    existing = set(
        session.scalars(
            select(TeamRating.competency).where(
                TeamRating.member_id == member_id, TeamRating.rater == "self", TeamRating.assessed_on == on
            )
        )
    )
    clash = existing & set(answers)
    if clash:
        message = f"{len(clash)} ratings exist already for the same member, rater and date"
        raise InputError([Problem("team", message, code="team.ratings_exist", params={"count": len(clash)})])
    rows = [
        {"member_id": member_id, "rater": "self", "assessed_on": on, "competency": c, "kind": "self", "level": int(v)}
        for c, v in answers.items()
    ]
    if rows:
        session.execute(insert(TeamRating), rows)
        # Not an audited event of its own (the invitation's use is): the team's pages see it.
        touch_teams(session, session.scalars(select(TeamMember.team_id).where(TeamMember.id == member_id)))
    return len(rows)


def member_names(session: Session, team_id: int) -> dict[int, str]:
    """A team's members: id -> name, by name."""
    rows = session.execute(
        select(TeamMember.id, TeamMember.name).where(TeamMember.team_id == team_id).order_by(TeamMember.name)
    )
    return {int(i): str(n) for i, n in rows.all()}
