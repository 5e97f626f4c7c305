"""The training plan and the next hire: closing a team's weighted gaps within a budget.

Owns the plan as an exact mixed-integer programme solved with scipy's `milp` (HiGHS): which person
takes which training to close the most weighted gap within a money budget and, optionally, hours per
person, where a training lifts a competency no higher than its kind's cap
(`vocabulary.TRAINING_KIND_CAPS`); among the optimal plans a second, time-limited solve picks the
cheapest. Also owns the gap rule of a team (shortfall to target, an unrated competency has no
known gap), the levels a set of trainings reaches (`capped_levels`) and the next-hire suggestion.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.framework import RoleProfile
from smm_eval.team import solver
from smm_eval.vocabulary import INDEPENDENT, TRAINING_KIND_CAPS

if TYPE_CHECKING:  # SciPy loads slowly: imported only when planning
    from scipy.optimize import LinearConstraint

# Seconds the second solve (the cheapest among the plans that close the most gap) may take at most.
CHEAPEST_SECONDS = 0.5
# It also stops when the whole plan has taken PLAN_SECONDS, and is skipped when less than
# CHEAPEST_MIN_SECONDS is left (HiGHS's presolve alone overruns such a limit: 0.1 s took 0.24 s on
# 50 x 100). A design choice so that a plan of 50 people x 100 trainings stays under 2 s when the
# first solve is slow (docs/performance.md); the first solve, which proves the most gap closed,
# has no limit.
PLAN_SECONDS = 1.5
CHEAPEST_MIN_SECONDS = 0.1


@dataclass(frozen=True)
class Plan:
    """A training plan: who takes what, its totals, and the skills matrix after it."""

    assignments: pd.DataFrame  # person, training, name, kind, cost, hours, gains (competency -> levels)
    total_cost: float  # in the catalogue's currency
    total_hours: float
    gap_total: float  # weighted gap before the plan (sum over people of weight x shortfall)
    gap_closed: float  # weighted gap the plan closes
    after: pd.DataFrame  # the matrix after the plan (gains capped by kind and at each target)
    # The gap closed is always proven optimal; among the optimal plans, the cheapest is searched
    # for `cheapest_seconds` at most. False: this plan closes the same gap but may not be the cheapest.
    cheapest_proven: bool = True
    cheapest_seconds: float = CHEAPEST_SECONDS  # the limit of that search, in seconds


@dataclass(frozen=True)
class _Problem:
    """The arrays of one planning problem: P people, C competencies, T trainings."""

    people: list[str]
    comps: list[str]
    catalogue: pd.DataFrame  # T rows: id, name, kind, cost, hours, gain
    matrix: pd.DataFrame  # (P, C) levels before the plan, NaN unrated
    before: np.ndarray  # (P, C) levels before the plan, NaN unrated
    target: np.ndarray  # (P, C) target levels
    gap: np.ndarray  # (P, C) shortfall to target in levels, 0 unrated
    weight: np.ndarray  # (P, C) effective weights
    gain: np.ndarray  # (T, C) levels each training adds
    cap: np.ndarray  # (T,) the highest level each training can lift a competency to (its kind's cap)
    cost: np.ndarray  # (T,)
    hours: np.ndarray  # (T,)

    @property
    def gap_total(self) -> float:
        return float((self.weight * self.gap).sum())


def gaps_frame(matrix: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Shortfall per person and competency (levels, >= 0); an unrated competency has no known gap (0).

    >>> gaps_frame(pd.DataFrame({"c": [1.0, None, 4.0]}), pd.DataFrame({"c": [3.0, 3.0, 3.0]}))["c"].tolist()
    [2.0, 0.0, 0.0]
    """
    return (targets - matrix).clip(lower=0).fillna(0)


def capped_levels(before: np.ndarray, gains: np.ndarray, caps: np.ndarray) -> np.ndarray:
    """The levels a set of trainings reaches when each lifts a competency no higher than its cap.

    Trainings are taken in order of rising cap, each adding its gain but stopping at its cap and
    never lowering a level: L <- max(L, min(L + gain, cap)). Taking the low caps first reaches the
    highest level any order can, so after <= max(before, the largest cap of a training that
    develops the competency).

    Parameters
    ----------
    before : numpy.ndarray
        (C,) or (P, C) levels 0..4; NaN (unrated) stays NaN.
    gains : numpy.ndarray
        (T, C) levels each training adds, or (T, P, C) per person (0 where a person does not take it).
    caps : numpy.ndarray
        (T,) the highest level each training can lift a competency to.

    Returns
    -------
    numpy.ndarray
        The levels after, shaped like `before` (not capped at any target).

    Examples
    --------
    From level 1, a course (+2, cap 2) then mentoring (+1, cap 4): 1 -> 2 -> 3.

    >>> capped_levels(np.array([1.0]), np.array([[2], [1]]), np.array([2, 4])).tolist()
    [3.0]
    """
    level = np.array(before, dtype=float, copy=True)
    for t in np.argsort(caps, kind="stable"):
        level = np.maximum(level, np.minimum(level + gains[t], caps[t]))
    return level


def plan_training(
    matrix: pd.DataFrame,
    weights: pd.DataFrame,
    targets: pd.DataFrame,
    catalogue: pd.DataFrame,
    budget: float,
    hours_per_person: float | None = None,
    cheapest_seconds: float | None = None,
) -> Plan:
    """The assignment of trainings to people that closes the most weighted gap within the budget.

    Maximise sum_pc w_pc y_pc subject to y_pc <= gap_pc, the kind caps (levels above k need a
    training of cap >= k, see docs/teams.md), sum_pt cost_t x_pt <= budget, sum_t hours_t x_pt <=
    hours (each p), x binary. Among optimal plans, a second solve (at most `cheapest_seconds`)
    picks the cheapest; when it stops at that limit, the plan keeps its best plan so far (the same,
    optimal gap closed) and says `cheapest_proven=False`.

    Parameters
    ----------
    matrix, weights, targets : pandas.DataFrame
        People x competencies: levels 0..4 (NaN unrated), effective weights, target levels.
    catalogue : pandas.DataFrame
        `Catalogue.frame()`: id, name, kind (a TRAINING_KINDS id), cost, hours, gain (dict
        competency -> levels).
    budget : float
        Money available, in the catalogue's currency.
    hours_per_person : float or None
        Training hours each person may spend; None for no limit.
    cheapest_seconds : float or None
        Seconds the second solve may take (0: skip it); None for CHEAPEST_SECONDS or, when less,
        what is left of PLAN_SECONDS after the first solve, 0 when that is under
        CHEAPEST_MIN_SECONDS (the constants read when called).

    Returns
    -------
    Plan
        With `cheapest_proven` and the `cheapest_seconds` used.

    Raises
    ------
    InputError
        The budget or the hours are negative.
    KeyError
        A catalogue kind is not one of TRAINING_KINDS (the catalogue models validate it first).
    RuntimeError
        The solver fails on the first solve.
    """
    if budget < 0 or (hours_per_person is not None and hours_per_person < 0):
        raise InputError([Problem("plan", "budget and hours must not be negative", code="plan.negative")])
    problem = _problem(matrix, weights, targets, catalogue)
    g, w = problem.gap, problem.weight
    # Only pairs that can help (a gain on a gap the training's cap leaves room in), and only affordable ones.
    room = (g > 0) & (w > 0)
    lifts = (problem.gain > 0)[None, :, :] & (problem.cap[None, :, None] > np.nan_to_num(problem.before)[:, None, :])
    useful = (room[:, None, :] & lifts).any(axis=2)
    useful &= problem.cost[None, :] <= budget
    if hours_per_person is not None:
        useful &= problem.hours[None, :] <= hours_per_person
    pairs = np.argwhere(useful)  # (k, 2): person index, training index
    cells = np.argwhere(room)  # (j, 2): person index, competency index
    if len(pairs) == 0 or len(cells) == 0:
        return replace(_plan_from(problem, pairs[:0], np.zeros(0)), cheapest_seconds=0.0)
    limit = _cheapest_limit(cheapest_seconds)
    return _solve(problem, pairs, _segments(problem, cells), (budget, hours_per_person), limit)


def _cheapest_limit(cheapest_seconds: float | None) -> Callable[[], float]:
    """The second solve's time limit in seconds, asked for once the first solve has run.

    `cheapest_seconds` when given; else min(CHEAPEST_SECONDS, what is left of PLAN_SECONDS from
    now), 0 (skip) when under CHEAPEST_MIN_SECONDS is left. SciPy's first import is not counted.
    """
    import scipy.optimize  # noqa: F401  (loaded once per process)

    started = time.perf_counter()

    def limit() -> float:
        if cheapest_seconds is not None:
            return float(cheapest_seconds)
        left = PLAN_SECONDS - (time.perf_counter() - started)
        return min(CHEAPEST_SECONDS, round(left, 2)) if left >= CHEAPEST_MIN_SECONDS else 0.0

    return limit


def _problem(matrix: pd.DataFrame, weights: pd.DataFrame, targets: pd.DataFrame, catalogue: pd.DataFrame) -> _Problem:
    """The arrays of a planning problem (see plan_training for the arguments)."""
    gap = gaps_frame(matrix, targets)
    people, comps = list(gap.index), list(gap.columns)
    return _Problem(
        people=people,
        comps=comps,
        catalogue=catalogue,
        matrix=matrix,
        before=matrix.reindex(index=people, columns=comps).to_numpy(dtype=float),
        target=targets.reindex(index=people, columns=comps).to_numpy(dtype=float),
        gap=gap.to_numpy(dtype=float),
        weight=weights.reindex(index=people, columns=comps).fillna(0).to_numpy(dtype=float),
        gain=np.array([[item.get(c, 0) for c in comps] for item in catalogue["gain"]], dtype=float).reshape(
            len(catalogue), len(comps)
        ),
        cap=np.array([TRAINING_KIND_CAPS[k] for k in catalogue["kind"]], dtype=float),
        cost=catalogue["cost"].to_numpy(dtype=float),
        hours=catalogue["hours"].to_numpy(dtype=float),
    )


def _segments(problem: _Problem, cells: np.ndarray) -> np.ndarray:
    """Each gap cut at the kind caps: (s, 4) rows of person, competency, low and high level.

    The levels of a segment (low, high] can only come from trainings whose cap is at least `high`.
    """
    caps = np.unique(problem.cap)
    rows = []
    for p, c in cells:
        low, high = problem.before[p, c], problem.target[p, c]
        cuts = [low, *(float(k) for k in caps if low < k < high), high]
        rows += [(p, c, lo, hi) for lo, hi in itertools.pairwise(cuts)]
    return np.array(rows, dtype=float)


def _constraints(
    problem: _Problem, pairs: np.ndarray, segments: np.ndarray, budget: float, hours_per_person: float | None
) -> LinearConstraint:
    """The rows of the programme: the capped gains, the budget, and hours per person.

    For each segment (low, high] of a gap: the levels closed in it and in the segments above it
    are at most the gains of the person's trainings whose cap is at least `high`. Trainings of
    nested sets supply nested segments, so these rows (Hall's condition) are exactly the levels
    `capped_levels` reaches.
    """
    from scipy.optimize import LinearConstraint
    from scipy.sparse import coo_array

    nx, ny = len(pairs), len(segments)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    person, comp, high = segments[:, 0].astype(int), segments[:, 1].astype(int), segments[:, 3]
    # Segments of a cell are consecutive, lowest first: y over this segment and those above it.
    new_cell = np.r_[True, (person[1:] != person[:-1]) | (comp[1:] != comp[:-1])]
    ends = np.r_[np.nonzero(new_cell)[0][1:], ny]  # end (exclusive) of each cell's run
    end_of = np.repeat(ends, np.diff(np.r_[np.nonzero(new_cell)[0], ny]))
    for s in range(ny):
        rows += [s] * int(end_of[s] - s)
        cols += list(range(nx + s, nx + int(end_of[s])))
        vals += [1.0] * int(end_of[s] - s)
    for p in np.unique(person):  # minus the gains of the person's trainings that may reach `high`
        ks, ss = np.nonzero(pairs[:, 0] == p)[0], np.nonzero(person == p)[0]
        supply = problem.gain[np.ix_(pairs[ks, 1], comp[ss])] * (problem.cap[pairs[ks, 1]][:, None] >= high[ss])
        k_at, s_at = np.nonzero(supply)
        rows += list(ss[s_at])
        cols += list(ks[k_at])
        vals += list(-supply[k_at, s_at])
    n_rows = ny
    rows += [n_rows] * nx  # budget
    cols += list(range(nx))
    vals += list(problem.cost[pairs[:, 1]])
    upper = [0.0] * ny + [float(budget)]
    n_rows += 1
    if hours_per_person is not None:
        for p in np.unique(pairs[:, 0]):
            ks = np.nonzero(pairs[:, 0] == p)[0]
            rows += [n_rows] * len(ks)
            cols += list(ks)
            vals += list(problem.hours[pairs[ks, 1]])
            upper.append(float(hours_per_person))
            n_rows += 1
    a = coo_array((vals, (rows, cols)), shape=(n_rows, nx + ny)).tocsr()
    return LinearConstraint(a, -np.inf, np.array(upper))


def _solve(
    problem: _Problem,
    pairs: np.ndarray,
    segments: np.ndarray,
    limits: tuple[float, float | None],
    cheapest_seconds: Callable[[], float],
) -> Plan:
    """Solve for the most gap closed, then for the cheapest plan closing that much.

    `limits` is the budget and the hours per person (None: no limit); `cheapest_seconds()` gives
    the second solve's time limit when the first is done.
    """
    from scipy.optimize import Bounds, LinearConstraint

    nx, ny = len(pairs), len(segments)
    person, comp = segments[:, 0].astype(int), segments[:, 1].astype(int)
    objective = np.concatenate([np.zeros(nx), -problem.weight[person, comp]])
    constraints = [_constraints(problem, pairs, segments, *limits)]
    integrality = np.concatenate([np.ones(nx), np.zeros(ny)])
    bounds = Bounds(np.zeros(nx + ny), np.concatenate([np.ones(nx), segments[:, 3] - segments[:, 2]]))
    model = {"constraints": constraints, "integrality": integrality, "bounds": bounds}
    first = solver.milp(objective, solver.FIRST_SOLVE_OPTIONS, **model)
    if not first.success:
        raise RuntimeError(f"the plan could not be solved: {first.message}")
    best = -first.fun
    # Second solve: the cheapest plan that still closes the optimal gap.
    keep = LinearConstraint(objective[None, :], -np.inf, -best + 1e-7 * max(1.0, best))
    seconds = cheapest_seconds()
    if seconds <= 0:  # no time left for it: the first plan, not proven the cheapest
        return replace(_plan_from(problem, pairs, first.x[:nx]), cheapest_proven=False, cheapest_seconds=0.0)
    cheapest = solver.milp(
        np.concatenate([problem.cost[pairs[:, 1]], np.zeros(ny)]),
        {"time_limit": seconds},
        **{**model, "constraints": [*constraints, keep]},
    )
    found = cheapest.x is not None  # at the time limit HiGHS returns its best plan so far
    x = (cheapest.x if found else first.x)[:nx]
    plan = _plan_from(problem, pairs, x)
    return replace(plan, cheapest_proven=bool(cheapest.success), cheapest_seconds=seconds)


def _plan_from(problem: _Problem, pairs: np.ndarray, x: np.ndarray) -> Plan:
    """The plan of the chosen pairs: assignments, totals, gap closed (capped by kind and target), matrix after.

    `pairs` is (k, 2) person and training indices, `x` (k,) the solver's 0/1 choice of each.
    """
    chosen = pairs[np.round(x).astype(bool)] if len(pairs) else pairs
    taken = np.zeros((len(problem.cap), *problem.gap.shape))  # (T, P, C) gains of the trainings each person takes
    rows = []
    for p, t in chosen:
        item = problem.catalogue.iloc[t]
        taken[t, p] = problem.gain[t]
        rows.append(
            {
                "person": problem.people[p],
                "training": item["id"],
                "name": item["name"],
                "kind": item["kind"],
                "cost": float(item["cost"]),
                "hours": float(item["hours"]),
                "gains": {c: int(v) for c, v in item["gain"].items() if c in problem.comps},
            }
        )
    reached = capped_levels(problem.before, taken, problem.cap)
    closed = np.nan_to_num(np.minimum(reached - problem.before, problem.gap))
    columns = ["person", "training", "name", "kind", "cost", "hours", "gains"]
    assignments = pd.DataFrame(rows, columns=columns)
    assignments = assignments.sort_values(["person", "training"], kind="stable").reset_index(drop=True)
    matrix = problem.matrix
    after = matrix + pd.DataFrame(closed, index=problem.people, columns=problem.comps).where(matrix.notna())
    return Plan(
        assignments=assignments,
        total_cost=float(assignments["cost"].sum()),
        total_hours=float(assignments["hours"].sum()),
        gap_total=problem.gap_total,
        gap_closed=float((problem.weight * closed).sum()),
        after=after,
    )


def next_hire(
    residual: pd.DataFrame, weights: pd.DataFrame, roles: Mapping[str, RoleProfile], top: int = 5
) -> tuple[str, list[str]]:
    """The role whose independent-or-better targets (level 3+) cover the largest weighted gaps left.

    Parameters
    ----------
    residual : pandas.DataFrame
        People x competencies: shortfall left after the plan (levels; see gaps_frame).
    weights : pandas.DataFrame
        People x competencies: effective weights.
    roles : mapping of role id to RoleProfile
    top : int
        How many of the role's competencies to name.

    Returns
    -------
    role_id, competencies
        The best role (ties: the larger id) and up to `top` of its level-3+ competencies with a
        weighted gap left, largest first.
    """
    left = (residual * weights.reindex_like(residual).fillna(0)).sum(axis=0)
    scores = {rid: float(sum(left[c] for c, lv in r.targets.items() if lv >= INDEPENDENT)) for rid, r in roles.items()}
    best = max(scores, key=lambda rid: (scores[rid], rid))
    strong = [c for c, lv in roles[best].targets.items() if lv >= INDEPENDENT and left[c] > 0]
    return best, sorted(strong, key=lambda c: -left[c])[:top]
