"""Teams: the skills matrix, single points of failure, the optimal training plan, the next hire.

Pure functions on frames. A team is its members' target roles plus their ratings, where each
rating is a self-rating or a manager's (any rater other than `self`). The training plan is an
exact mixed-integer programme solved with scipy's `milp` (HiGHS): which person takes which
training to close the most weighted gap within a money budget and, optionally, hours per person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from smm_eval.errors import InputError, Problem, problems_from_validation
from smm_eval.files.team_file import read_team  # noqa: F401 - pages and the CLI call team.read_team
from smm_eval.files.yaml_files import load_model
from smm_eval.framework import DATA_DIR, Framework, RoleProfile, load_framework
from smm_eval.scoring import RatingMatrix, rating_matrix, score_profiles, weights_for
from smm_eval.vocabulary import INDEPENDENT, PRIVACY_FLOOR, TEAM_VIEWS

VIEWS = TEAM_VIEWS


class TrainingItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: Literal["course", "seminar", "book", "practice"]
    format: Literal["online", "offline", "self_study", "on_the_job"]
    cost: Annotated[float, Field(gt=0, le=10_000_000)]
    hours: Annotated[float, Field(ge=0, le=2000)]
    gain: dict[str, Annotated[int, Field(ge=1, le=4)]]

    @model_validator(mode="after")
    def _gains_something(self) -> TrainingItem:
        if not self.gain:
            raise ValueError("gain must name at least one competency")
        return self


class Catalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    version: Literal[1]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    items: Annotated[list[TrainingItem], Field(min_length=1)]

    def problems(self, framework: Framework) -> list[Problem]:
        """Ids that repeat or competencies the framework does not have."""
        out = []
        seen: set[str] = set()
        for i, item in enumerate(self.items):
            if item.id in seen:
                out.append(Problem("catalogue", f"item id '{item.id}' repeats", column_name=f"items.{i}.id"))
            seen.add(item.id)
            unknown = sorted(set(item.gain) - set(framework.competency_ids))
            if unknown:
                out.append(Problem("catalogue", f"unknown competency ids {unknown}", column_name=f"items.{i}.gain"))
        return out

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "id": i.id,
                    "name": i.name,
                    "kind": i.kind,
                    "format": i.format,
                    "cost": i.cost,
                    "hours": i.hours,
                    "gain": dict(i.gain),
                }
                for i in self.items
            ]
        )


@lru_cache(maxsize=4)
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate a training catalogue (default data/training.yaml) against the framework."""
    path = path or DATA_DIR / "training.yaml"
    catalogue: Catalogue = load_model(path, Catalogue)
    problems = [Problem(str(path), p.message, column_name=p.column_name) for p in catalogue.problems(load_framework())]
    if problems:
        raise InputError(problems)
    return catalogue


def parse_gain(text: str) -> dict[str, int]:
    """'copywriting+1, seo_basics+2' -> {'copywriting': 1, 'seo_basics': 2} (the editor's notation)."""
    gains = {}
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        competency, _, amount = part.partition("+")
        if not amount.strip().isdigit():
            raise ValueError(f"'{part}' should read competency+levels, e.g. copywriting+1")
        gains[competency.strip()] = int(amount)
    return gains


def catalogue_from_frame(frame: pd.DataFrame, currency: str, framework: Framework, source: str) -> Catalogue:
    """A catalogue edited as a table (the app's editor); every problem names the row and field."""
    try:
        catalogue = Catalogue.model_validate(
            {
                "version": 1,
                "currency": currency,
                "items": frame[["id", "name", "kind", "format", "cost", "hours", "gain"]].to_dict(orient="records"),
            }
        )
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, source)) from exc
    problems = [Problem(source, p.message, column_name=p.column_name) for p in catalogue.problems(framework)]
    if problems:
        raise InputError(problems)
    return catalogue


# Matrix, coverage, privacy --------------------------------------------------------------------


def latest(ratings: pd.DataFrame) -> pd.DataFrame:
    """Each person's most recent assessment per rater."""
    if ratings.empty:
        return ratings
    newest = ratings.groupby(["person", "rater"])["date"].transform("max")
    return ratings.loc[ratings["date"] == newest]


def view_ratings(ratings: pd.DataFrame, view: str, team_size: int) -> pd.DataFrame:
    """The ratings behind a view; below the privacy floor self-ratings never enter any view."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}")
    current = latest(ratings)
    if team_size < PRIVACY_FLOOR or view == "manager":
        return current.loc[current["kind"] == "manager"]
    if view == "self":
        return current.loc[current["kind"] == "self"]
    return current


def skills_matrix(ratings: pd.DataFrame, members: Sequence[str], framework: Framework) -> pd.DataFrame:
    """People x competencies: the mean level over the ratings given (NaN where none)."""
    return rating_matrix(ratings, framework.competency_ids, people=list(members)).levels_frame()


def coverage(matrix: pd.DataFrame, framework: Framework, level: int = INDEPENDENT) -> pd.DataFrame:
    """Per competency: how many people reach `level`, and whether it is a single point of failure
    (exactly one person) or nobody's (no one)."""
    reached = (matrix >= level).sum(axis=0)
    return pd.DataFrame(
        {
            "competency": framework.competency_ids,
            "block": [framework.block_of[c] for c in framework.competency_ids],
            "people": reached.reindex(framework.competency_ids).to_numpy(),
            "rated": matrix.notna().sum(axis=0).reindex(framework.competency_ids).to_numpy(),
        }
    ).assign(status=lambda f: np.select([f["people"] == 0, f["people"] == 1], ["nobody", "single"], "covered"))


def member_weights_targets(members: Mapping[str, str], framework: Framework, roles: Mapping[str, RoleProfile]):
    """Per member: effective weight and target of each competency, from the member's role."""
    weights, targets = {}, {}
    for person, role_id in members.items():
        w = weights_for(framework, roles[role_id])
        weights[person] = w.effective
        targets[person] = w.target
    index = list(members)
    return (
        pd.DataFrame.from_dict(weights, orient="index", columns=framework.competency_ids).reindex(index),
        pd.DataFrame.from_dict(targets, orient="index", columns=framework.competency_ids).reindex(index),
    )


def team_profile(
    matrix: pd.DataFrame, members: Mapping[str, str], framework: Framework, roles: Mapping[str, RoleProfile]
) -> tuple[pd.Series, pd.Series]:
    """The team's block scores (mean over members) and its combined target (mean of members' targets)."""
    scores, targets = [], []
    by_role: dict[str, list[str]] = {}
    for person, role_id in members.items():
        by_role.setdefault(role_id, []).append(person)
    for role_id, people in by_role.items():  # each member against their own role: one pass per role
        role = roles[role_id]
        result = score_profiles(RatingMatrix.from_levels(matrix.loc[people], framework.competency_ids), framework, role)
        scores.append(result.blocks)
        w = weights_for(framework, role)
        target = pd.Series((w.target / 4.0) @ w.block_matrix / w.block_matrix.sum(axis=0) * 100, index=w.block_ids)
        targets.extend([target] * len(people))
    return pd.concat(scores).mean(axis=0), pd.concat(targets, axis=1).mean(axis=1)


def progress(
    ratings: pd.DataFrame, members: Mapping[str, str], framework: Framework, roles: Mapping[str, RoleProfile]
) -> pd.DataFrame:
    """Block scores per person and assessment date (all raters of that date combined)."""
    frames = []
    known = ratings.loc[ratings["person"].isin(list(members))]
    for role_id, part in known.groupby(known["person"].map(members), sort=False):  # one pass per role
        # Each (person, date) is scored as one profile: all raters of that date combined.
        key = pd.MultiIndex.from_frame(part[["person", "date"]])
        codes, keys = pd.factorize(key)
        scored = part.assign(person=codes)
        blocks = score_profiles(scored, framework, roles[str(role_id)], people=range(len(keys))).blocks
        blocks.index = keys.set_names(["person", "date"])
        frames.append(blocks.rename_axis(columns="block").stack().rename("score").reset_index())
    if not frames:
        return pd.DataFrame(columns=["person", "date", "block", "score"])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["person", "date"], kind="stable").reset_index(drop=True)[
        ["person", "date", "block", "score"]
    ]


# The plan -------------------------------------------------------------------------------------


# Seconds the second solve (the cheapest among the plans that close the most gap) may take.
CHEAPEST_SECONDS = 0.5


@dataclass(frozen=True)
class Plan:
    assignments: pd.DataFrame  # person, training, name, cost, hours, gains (competency -> levels)
    total_cost: float
    total_hours: float
    gap_total: float  # weighted gap before the plan (sum over people of weight x shortfall)
    gap_closed: float  # weighted gap the plan closes
    after: pd.DataFrame  # the matrix after the plan (gains capped at each target)
    # The gap closed is always proven optimal; among the optimal plans, the cheapest is searched
    # for CHEAPEST_SECONDS at most. False: this plan closes the same gap but may not be the cheapest.
    cheapest_proven: bool = True


def gaps_frame(matrix: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Shortfall per person and competency; an unrated competency has no known gap (0)."""
    return (targets - matrix).clip(lower=0).fillna(0)


def plan_training(
    matrix: pd.DataFrame,
    weights: pd.DataFrame,
    targets: pd.DataFrame,
    catalogue: pd.DataFrame,
    budget: float,
    hours_per_person: float | None = None,
) -> Plan:
    """The assignment of trainings to people that closes the most weighted gap within the budget.

    Maximise sum_pc w_pc y_pc subject to y_pc <= gap_pc, y_pc <= sum_t gain_tc x_pt,
    sum_pt cost_t x_pt <= budget, sum_t hours_t x_pt <= hours (each p), x binary. Among optimal
    plans, a second solve picks the cheapest.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp  # SciPy loads slowly: only when planning
    from scipy.sparse import coo_array

    if budget < 0 or (hours_per_person is not None and hours_per_person < 0):
        raise InputError([Problem("plan", "budget and hours must not be negative")])
    gap = gaps_frame(matrix, targets)
    people, comps = list(gap.index), list(gap.columns)
    g = gap.to_numpy(dtype=float)
    w = weights.reindex(index=people, columns=comps).fillna(0).to_numpy(dtype=float)
    gain = np.array([[item.get(c, 0) for c in comps] for item in catalogue["gain"]], dtype=float)
    cost = catalogue["cost"].to_numpy(dtype=float)
    hours = catalogue["hours"].to_numpy(dtype=float)
    # Only pairs that can help, and only affordable ones.
    useful = ((g > 0)[:, None, :] & (gain > 0)[None, :, :] & (w > 0)[:, None, :]).any(axis=2)
    useful &= cost[None, :] <= budget
    if hours_per_person is not None:
        useful &= hours[None, :] <= hours_per_person
    pairs = np.argwhere(useful)  # (k, 2): person index, training index
    cells = np.argwhere((g > 0) & (w > 0))  # (j, 2): person index, competency index
    gap_total = float((w * g).sum())
    if len(pairs) == 0 or len(cells) == 0:
        return _plan_from(pairs[:0], np.zeros(0), people, comps, catalogue, g, w, gain, matrix, gap_total)
    nx, ny = len(pairs), len(cells)
    objective = np.concatenate([np.zeros(nx), -w[cells[:, 0], cells[:, 1]]])
    rows, cols, vals = [], [], []
    cell_index = {(p, c): j for j, (p, c) in enumerate(map(tuple, cells))}
    for j in range(ny):  # y_pc - sum_t gain_tc x_pt <= 0
        rows.append(j)
        cols.append(nx + j)
        vals.append(1.0)
    for k, (p, t) in enumerate(map(tuple, pairs)):
        for c in np.nonzero(gain[t])[0]:
            j = cell_index.get((p, c))
            if j is not None:
                rows.append(j)
                cols.append(k)
                vals.append(-gain[t, c])
    n_rows = ny
    rows += [n_rows] * nx  # budget
    cols += list(range(nx))
    vals += list(cost[pairs[:, 1]])
    upper = [0.0] * ny + [float(budget)]
    n_rows += 1
    if hours_per_person is not None:
        for p in np.unique(pairs[:, 0]):
            ks = np.nonzero(pairs[:, 0] == p)[0]
            rows += [n_rows] * len(ks)
            cols += list(ks)
            vals += list(hours[pairs[ks, 1]])
            upper.append(float(hours_per_person))
            n_rows += 1
    a = coo_array((vals, (rows, cols)), shape=(n_rows, nx + ny)).tocsr()
    constraints = [LinearConstraint(a, -np.inf, np.array(upper))]
    integrality = np.concatenate([np.ones(nx), np.zeros(ny)])
    bounds = Bounds(np.zeros(nx + ny), np.concatenate([np.ones(nx), g[cells[:, 0], cells[:, 1]]]))
    first = milp(objective, constraints=constraints, integrality=integrality, bounds=bounds)
    if not first.success:
        raise RuntimeError(f"the plan could not be solved: {first.message}")
    best = -first.fun
    # Second solve: the cheapest plan that still closes the optimal gap.
    keep = LinearConstraint(objective[None, :], -np.inf, -best + 1e-7 * max(1.0, best))
    cheapest = milp(
        np.concatenate([cost[pairs[:, 1]], np.zeros(ny)]),
        constraints=[*constraints, keep],
        integrality=integrality,
        bounds=bounds,
        options={"time_limit": CHEAPEST_SECONDS},
    )
    found = cheapest.x is not None  # at the time limit HiGHS returns its best plan so far
    x = (cheapest.x if found else first.x)[:nx]
    plan = _plan_from(pairs, x, people, comps, catalogue, g, w, gain, matrix, gap_total)
    return replace(plan, cheapest_proven=bool(cheapest.success))


def _plan_from(pairs, x, people, comps, catalogue, g, w, gain, matrix, gap_total) -> Plan:
    """The plan of the chosen pairs: assignments, totals, gap closed (capped at targets), matrix after."""
    chosen = pairs[np.round(x).astype(bool)] if len(pairs) else pairs
    added = np.zeros_like(g)
    rows = []
    for p, t in chosen:
        item = catalogue.iloc[t]
        added[p] += gain[t]
        rows.append(
            {
                "person": people[p],
                "training": item["id"],
                "name": item["name"],
                "cost": float(item["cost"]),
                "hours": float(item["hours"]),
                "gains": {c: int(v) for c, v in item["gain"].items() if c in comps},
            }
        )
    closed = np.minimum(added, g)
    assignments = pd.DataFrame(rows, columns=["person", "training", "name", "cost", "hours", "gains"])
    assignments = assignments.sort_values(["person", "training"], kind="stable").reset_index(drop=True)
    after = matrix + pd.DataFrame(closed, index=people, columns=comps).where(matrix.notna())
    return Plan(
        assignments=assignments,
        total_cost=float(assignments["cost"].sum()),
        total_hours=float(assignments["hours"].sum()),
        gap_total=gap_total,
        gap_closed=float((w * closed).sum()),
        after=after,
    )


def next_hire(
    residual: pd.DataFrame, weights: pd.DataFrame, roles: Mapping[str, RoleProfile], top: int = 5
) -> tuple[str, list[str]]:
    """The role whose expert targets (level 3+) cover the largest weighted gaps left, and those gaps."""
    left = (residual * weights.reindex_like(residual).fillna(0)).sum(axis=0)
    scores = {rid: float(sum(left[c] for c, lv in r.targets.items() if lv >= INDEPENDENT)) for rid, r in roles.items()}
    best = max(scores, key=lambda rid: (scores[rid], rid))
    strong = [c for c, lv in roles[best].targets.items() if lv >= INDEPENDENT and left[c] > 0]
    return best, sorted(strong, key=lambda c: -left[c])[:top]
