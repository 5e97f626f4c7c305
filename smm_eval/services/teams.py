"""Team services: import a team, the team overview (privacy floor applied here, once) and the
training-plan report with the gap before and after and the next hire. Stored teams are reached
only by admins and their team leads (`services.scope.team_scope`); another team is not found.

The rules are in `smm_eval.team` (pure, on frames); this module loads a team, chooses which
ratings a view may show, and assembles the reports the team pages and the `plan` command show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from smm_eval import team
from smm_eval.access import AccessDeniedError, Action, Role, actor_of, require
from smm_eval.figures import round_figures
from smm_eval.files.team_file import read_team
from smm_eval.framework import Framework, RoleProfile
from smm_eval.vocabulary import INDEPENDENT

if TYPE_CHECKING:  # the `plan` command reads a file and never opens the database
    from smm_eval.services.handle import Transactions

Solver = Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, float, float | None], team.Plan]


@dataclass(frozen=True)
class TeamRecord:
    """A stored team: its members (name -> target role id) and their dated ratings
    (person, rater, kind, date, competency, level)."""

    id: int
    members: Mapping[str, str]
    ratings: pd.DataFrame


def list_teams(db: Transactions) -> dict[int, str]:
    """Stored teams the actor may reach: id -> name, by name. AccessDeniedError without `teams.view`."""
    from smm_eval import storage
    from smm_eval.services import scope

    actor = actor_of(db)
    require(actor, Action.VIEW_TEAMS)
    with db.transaction() as session:
        reach = scope.team_scope(session, actor)
        return {t.id: t.name for t in storage.list_teams(session) if reach is None or t.id in reach}


def team_versions(db: Transactions) -> dict[str, int]:
    """Every stored team's name -> version (what an import from the page names; `import_team`).

    All teams, not only those the actor leads: a name taken by another team is refused by
    `import_team` anyway. AccessDeniedError without `teams.manage`.
    """
    from smm_eval import storage

    require(actor_of(db), Action.MANAGE_TEAMS)
    with db.transaction() as session:
        return {t.name: t.version for t in storage.list_teams(session)}


def import_team(
    db: Transactions,
    name: str,
    data: bytes,
    source: str,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    expected_version: int | None = None,
) -> tuple[int, int, int, int]:
    """Read a team file and store it; (team id, members, ratings, blank records of the file
    skipped).

    `expected_version` is the team's version when the user chose the import (0: no team of that
    name then; `team_versions`); storage.ConflictError / NotFoundError when it changed since.
    None (the command line) checks nothing.

    A team lead importing a new team becomes its lead. Raises InputError for a bad file,
    AccessDeniedError without `teams.manage`, or `access.team_taken` when a team lead names an
    existing team they do not lead.
    """
    from smm_eval import storage
    from smm_eval.services import scope

    actor = actor_of(db)
    require(actor, Action.MANAGE_TEAMS)
    parsed = read_team(data, source, framework, roles)
    with db.transaction() as session:
        reach = scope.team_scope(session, actor)
        existing = {t.name: t.id for t in storage.list_teams(session)}.get(name.strip())
        if reach is not None and existing is not None and existing not in reach:
            raise AccessDeniedError(actor, Action.MANAGE_TEAMS, code="access.team_taken", team=name.strip())
        created = storage.import_team(session, name, parsed.roles, parsed.ratings, expected_version)
        if existing is None and actor.role is Role.TEAM_LEAD and actor.user_id is not None:
            storage.set_team_leads(session, created.id, [actor.user_id])
        return created.id, len(parsed.roles), len(parsed.ratings), parsed.blank_records


def load_team(db: Transactions, team_id: int) -> TeamRecord:
    """A stored team's members and ratings. AccessDeniedError without `teams.view`; NotFoundError
    for a team outside the actor's scope."""
    from smm_eval import storage
    from smm_eval.services import scope

    with scope.in_scope(db, Action.VIEW_TEAMS, team_id=team_id) as (session, _actor):
        members, ratings = storage.team_data(session, team_id)
    return TeamRecord(team_id, members, ratings)


def team_data_version(db: Transactions, team_id: int) -> int:
    """The team's data version (`storage.versions`): a number that moves on with every import
    into it, its members' self-ratings and its leads. Pages key what they keep from `load_team`
    on it (with who reads). AccessDeniedError without `teams.view`; NotFoundError for a team gone.
    """
    from smm_eval import storage

    require(actor_of(db), Action.VIEW_TEAMS)
    with db.transaction() as session:
        version = storage.team_version(session, team_id)
    if version is None:
        raise storage.NotFoundError(f"team {team_id} not found")
    return int(version)


def team_export(record: TeamRecord, framework: Framework) -> pd.DataFrame:
    """A stored team as the team file it came from: it re-imports as the same team.

    Returns
    -------
    pandas.DataFrame
        One row per (person, rater, date), by member order, rater and date: person, rater, role,
        date (ISO text), then one column per rated competency in framework order, the level 0..4
        (nullable Int64, empty where that rater did not rate it that day). Self-ratings are left out
        below the privacy floor (`team.visible_ratings`), as on every page.
    """
    ratings = team.visible_ratings(record.ratings, len(record.members))
    rated = [c for c in framework.competency_ids if c in set(ratings["competency"])]
    wide = (
        ratings.assign(date=ratings["date"].map(lambda d: d.isoformat()))
        .pivot_table(index=["person", "rater", "date"], columns="competency", values="level", aggfunc="first",
                     observed=True)
        .reindex(columns=rated)
        .astype("Int64")
        .reset_index()
    )  # fmt: skip
    order = {name: i for i, name in enumerate(record.members)}
    wide = wide.sort_values(
        ["person", "rater", "date"], key=lambda col: col.map(order) if col.name == "person" else col
    )
    wide.insert(2, "role", wide["person"].map(record.members))
    wide.columns.name = None
    return wide.reset_index(drop=True)


@dataclass(frozen=True)
class TeamOverview:
    """What the team page shows for one view.

    `views`: the views this team may show (below the privacy floor, no self-ratings: combined and
    manager only); `matrix`: people x competencies (mean latest level of the view, NaN unrated);
    `visible`: every dated rating the progress chart may use; `coverage`: per competency, how
    many reach INDEPENDENT and the status (covered, single, nobody); `holders`: for each
    single-point-of-failure competency, the one person who holds it.
    """

    members: Mapping[str, str]
    below_floor: bool
    views: tuple[str, ...]
    view: str
    matrix: pd.DataFrame
    visible: pd.DataFrame
    coverage: pd.DataFrame
    holders: Mapping[str, str]


def team_overview(record: TeamRecord, view: str, framework: Framework) -> TeamOverview:
    """The skills matrix of `view` (falling back to combined when not allowed), coverage and the
    ratings visible to progress charts, with the privacy floor applied."""
    size = len(record.members)
    views = team.views_for(size)
    view = view if view in views else "combined"
    matrix = team.skills_matrix(team.view_ratings(record.ratings, view, size), list(record.members), framework)
    visible = team.visible_ratings(record.ratings, size)
    below = not team.shows_self_ratings(size)
    covered = team.coverage(matrix, framework)
    single = covered.loc[covered["status"] == "single", "competency"]
    holders = {c: str(matrix.index[matrix[c] >= INDEPENDENT][0]) for c in single}
    return TeamOverview(record.members, below, views, view, matrix, visible, covered, holders)


@dataclass(frozen=True)
class PlanReport:
    """The training plan of a team and what it changes.

    `evidence`: the levels the plan starts from and which rest on a self-rating only
    (`team.plan_evidence`); `gaps`: per member (in member order) role, weighted gap before and
    after (3 decimals) and `self_only`, how many of the member's competencies rest on a
    self-rating only; `raised`: person, competency, level_before, level_after, self_only for each
    level the plan raises; `hire_role` / `hire_gaps`: the next hire's role and the competencies it
    would cover.
    """

    plan: team.Plan
    evidence: team.PlanEvidence
    gaps: pd.DataFrame
    raised: pd.DataFrame
    hire_role: str
    hire_gaps: list[str]

    @property
    def share_closed(self) -> float:
        """Share 0..1 of the weighted gap that the plan closes (0 when there is no gap)."""
        return self.plan.gap_closed / self.plan.gap_total if self.plan.gap_total else 0.0

    @property
    def cheapest_proven(self) -> bool:
        """Whether the plan is proven the cheapest of those closing the most gap.

        False when the search for the cheapest stopped at its limit (`cheapest_seconds`): the gap
        closed is still the proven optimum, but a cheaper plan closing as much may exist.
        """
        return self.plan.cheapest_proven

    @property
    def cheapest_seconds(self) -> float:
        """Seconds the search for the cheapest optimal plan could take (`team.plan_training`)."""
        return self.plan.cheapest_seconds


def training_plan(
    members: Mapping[str, str],
    ratings: pd.DataFrame,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    catalogue: pd.DataFrame,
    budget: float,
    hours: float | None,
    solve: Solver = team.plan_training,
) -> PlanReport:
    """The optimal plan on manager evidence (`team.plan_evidence`), and the gap before and after it.

    `catalogue` is `Catalogue.frame()`; `solve` defaults to team.plan_training (a page passes a
    cached one). Weighted gap: sum over competencies of effective weight x shortfall to target.
    """
    evidence = team.plan_evidence(ratings, list(members), framework)
    matrix = evidence.levels
    weights, targets = team.member_weights_targets(members, framework, roles)
    plan = solve(matrix, weights, targets, catalogue, budget, hours)
    before, after = team.gaps_frame(matrix, targets), team.gaps_frame(plan.after, targets)
    gaps = pd.DataFrame(
        {
            "person": list(members),
            "role": list(members.values()),
            "gap_before": (before * weights).sum(axis=1).round(3).to_numpy(),
            "gap_after": (after * weights).sum(axis=1).round(3).to_numpy(),
            "self_only": evidence.self_only.sum(axis=1).astype(int).to_numpy(),
        }
    )
    up = ((plan.after - matrix).fillna(0) > 0).stack()
    rows = [
        (p, c, matrix.at[p, c], plan.after.at[p, c], bool(evidence.self_only.at[p, c]))
        for p, c in up.index[up.to_numpy(dtype=bool)]
    ]
    raised = pd.DataFrame(rows, columns=["person", "competency", "level_before", "level_after", "self_only"])
    hire_role, hire_gaps = team.next_hire(after, weights, roles)
    return PlanReport(plan, evidence, gaps, raised, hire_role, hire_gaps)


def plan_export(plan: team.Plan) -> pd.DataFrame:
    """The training plan as the page's CSV download writes it: one row per assignment with person,
    training (id), training_name, kind, cost (catalogue currency) and hours, every float rounded by
    the one rounding rule (`figures.round_figures`: one decimal), never raw floats; cost and hours
    written as whole numbers when they are (the catalogue's are).

    Parameters
    ----------
    plan : a plan from `team.plan_training` (its `assignments` frame; the gains dict is left out).

    Returns
    -------
    A frame of len(plan.assignments) rows and the six columns above.
    """
    export = round_figures(plan.assignments.drop(columns="gains").rename(columns={"name": "training_name"}))
    for column in ("cost", "hours"):  # catalogue amounts are whole: 12000, not 12000.0
        values = export[column]
        if pd.api.types.is_float_dtype(values) and bool((values.dropna() % 1 == 0).all()):
            export[column] = values.astype("Int64")
    return export


def plan_for_file(
    data: bytes,
    source: str,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    budget: float,
    hours: float | None,
    catalogue_path: Path | None = None,
) -> tuple[PlanReport, team.Catalogue, int]:
    """The `plan` command: the plan for a team file (read without a size limit), the catalogue and
    the number of blank records of the file skipped."""
    data_team = read_team(data, source, framework, roles, max_bytes=None)
    catalogue = team.load_catalogue(catalogue_path)
    report = training_plan(data_team.roles, data_team.ratings, framework, roles, catalogue.frame(), budget, hours)
    return report, catalogue, data_team.blank_records
