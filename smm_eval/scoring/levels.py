"""Career level for a role: the highest grade whose targets a person meets, for many people at once.

Owns the level rule and its tolerance (docs/scoring.md, "Career level"). A person meets a grade
of a role when, over their answered competencies that the grade needs (target > 0),

- the role fit against the grade's targets, the effective-weighted mean of min(level, target) /
  target, is at least LEVEL_FIT, and
- no answered competency is more than LEVEL_SLACK levels below the grade's target.

The level is the highest grade met; the lowest grade (trainee) is the floor, met by anyone with an
answer. A person rated exactly at a grade's targets meets it (fit 1, nothing below) and, with the
shipped roles, no grade above it (tests/unit/scoring/test_levels.py checks every role and grade).
Whether the level is settled is the coverage gate of the role it refers to (`coverage`).
Everything is a matrix operation over people; the only loops are over grades and roles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from smm_eval.framework import RoleProfile
from smm_eval.scoring.weights import Weights
from smm_eval.vocabulary import CAREER_LEVELS, EXPERT

# The tolerance of "meets a grade" (design choices, not published figures). LEVEL_FIT = 0.9: one
# answered competency in ten (by weight) may sit a level short of a target of 1..4, or a few
# further short, so one slip does not cost a grade. LEVEL_SLACK = 1: a competency two levels
# short (guided where the grade needs expert work, say) is never made up elsewhere.
LEVEL_FIT = 0.9
LEVEL_SLACK = 1.0
_EPS = 1e-9
TOP = EXPERT  # the highest level a step can reach


@dataclass(frozen=True)
class GradeArrays:
    """A role's graded targets aligned with the framework's competency order (G grades, C
    competencies): `targets` (G, C) levels 0..4; `fit_weight` (G, C) the effective weight where
    the grade needs the competency, 0 elsewhere; `per_target` (G, C) fit_weight / target."""

    targets: np.ndarray
    fit_weight: np.ndarray
    per_target: np.ndarray


def grade_arrays(role: RoleProfile, weights: Weights) -> GradeArrays:
    """The role's graded targets (`RoleProfile.grade_targets`) as arrays, with the role's weights.

    Parameters
    ----------
    role : RoleProfile
    weights : Weights
        The role's weights (`weights_for(framework, role)`); gives the competency order and the
        effective weights (C,).

    Returns
    -------
    GradeArrays
        Grades in `vocabulary.CAREER_LEVELS` order.
    """
    grades = role.grade_targets()
    targets = np.array([[grades[g][c] for c in weights.competency_ids] for g in CAREER_LEVELS], dtype=float)
    needed = targets > 0
    fit_weight = np.where(needed, weights.effective[None, :], 0.0)
    per_target = fit_weight / np.where(needed, targets, 1.0)
    return GradeArrays(targets, fit_weight, per_target)


def role_levels(levels: np.ndarray, grades: GradeArrays, transposed: bool = False) -> np.ndarray:
    """Each person's career level for one role: the highest grade whose targets they meet.

    Parameters
    ----------
    levels : numpy.ndarray
        (P, C) levels 0..4 (means over raters may be fractional), NaN unanswered; (C, P) with
        `transposed` (the engine's layout: every test below then runs along contiguous rows).
    grades : GradeArrays
        The role's graded targets (`grade_arrays`).
    transposed : bool
        Whether `levels` is (C, P).

    Returns
    -------
    numpy.ndarray
        (P,) int8 index into `vocabulary.CAREER_LEVELS`; 0 (the floor) for anyone with an answer,
        -1 for a person with nothing answered.

    Examples
    --------
    Two competencies of equal weight; the role needs 2 and 3 at middle, 3 and 4 at senior:

    >>> t = np.array([[0, 1], [1, 2], [2, 3], [3, 4], [4, 4]], dtype=float)
    >>> fw = np.where(t > 0, 0.5, 0.0)
    >>> g = GradeArrays(t, fw, fw / np.where(t > 0, t, 1.0))
    >>> role_levels(np.array([[2, 3], [3, 4], [4, 2], [np.nan, np.nan]]), g).tolist()
    [2, 3, 1, -1]
    """
    by_item = levels if transposed else levels.T  # (C, P)
    answered = ~np.isnan(by_item)
    level = np.fmax(by_item, 0.0)  # fmax turns NaN (unanswered) into 0
    codes = np.where(answered.any(axis=0), 0, -1).astype(np.int8)
    den = grades.fit_weight @ answered.astype(float)  # (G, P)
    capped = np.empty_like(level)
    for g in range(1, len(grades.targets)):
        target = grades.targets[g][:, None]
        np.minimum(level, target, out=capped)  # unanswered: level 0 adds nothing
        num = grades.per_target[g] @ capped
        # NaN (unanswered) compares False: only answered competencies can be too far below.
        too_low = (by_item < target - LEVEL_SLACK - _EPS).any(axis=0)
        met = (den[g] > 0) & (num >= LEVEL_FIT * den[g] - _EPS) & ~too_low
        codes[met] = g  # grades lowest first: a higher grade met overwrites
    return codes


@dataclass(frozen=True)
class NextGrade:
    """The smallest set of one-level steps that moves one person to the next grade of a role.

    `grade`: index of the next grade (None at the top grade); `steps`: (C,) int, the one-level
    steps per competency (0 where none); `forced`: (C,) bool, where steps are forced by the
    LEVEL_SLACK rule; `unanswered`: (C,) bool, competencies the next grade needs that are not
    answered; `reachable`: False when the next grade needs nothing that is answered (rate first).
    """

    grade: int | None
    steps: np.ndarray
    forced: np.ndarray
    unanswered: np.ndarray
    reachable: bool


def next_grade_steps(levels: np.ndarray, grades: GradeArrays) -> NextGrade:
    """The fewest +1-level steps on answered competencies that reach the next grade of a role.

    Parameters
    ----------
    levels : numpy.ndarray
        (C,) one person's levels 0..4, NaN unanswered.
    grades : GradeArrays
        The role's graded targets.

    Returns
    -------
    NextGrade

    Notes
    -----
    Meeting the next grade needs (a) no answered competency more than LEVEL_SLACK below its target
    and (b) fit >= LEVEL_FIT. The steps (a) forces (raising each such competency to one level below
    its target) are in every solution, so they come first. What is left is to add fit, and fit is a
    sum of separate terms e_c min(level_c, t_c) / t_c / D (D, the answered weight the grade needs,
    does not change when answered levels rise): a step on c adds e_c min(1, t_c - level_c) / t_c / D,
    never more than the step before it on c. With every step costing one, taking the largest gain
    first reaches LEVEL_FIT with the fewest steps (the exchange argument for a knapsack with unit
    costs and concave gains). Ties go to the first competency in framework order.
    """
    answered = ~np.isnan(levels)
    current = int(role_levels(levels[None, :], grades)[0])
    top = len(grades.targets) - 1
    empty = np.zeros(len(levels), dtype=int)
    if current >= top:
        return NextGrade(None, empty, empty.astype(bool), empty.astype(bool), True)
    grade = max(current, 0) + 1
    target, weight = grades.targets[grade], grades.fit_weight[grade]
    needed = target > 0
    unanswered = needed & ~answered
    den = float(weight[answered].sum())
    if den <= 0:
        return NextGrade(grade, empty, empty.astype(bool), unanswered, False)
    level = np.where(answered, levels, 0.0)
    floor = target - LEVEL_SLACK
    forced_steps = np.where(answered & needed & (level < floor - _EPS), np.ceil(floor - level - _EPS), 0).astype(int)
    raised = np.minimum(level + forced_steps, TOP)
    steps = forced_steps.copy()
    per_target = grades.per_target[grade]
    fit = float(per_target @ np.minimum(raised, target)) / den
    while fit < LEVEL_FIT - _EPS:
        gain = np.where(answered & needed, per_target * np.clip(target - raised, 0, 1), 0.0)
        best = int(np.argmax(np.round(gain, 12)))
        if gain[best] <= 0:  # cannot happen: fit 1 is reachable by raising every answered level
            break
        raised[best] += 1
        steps[best] += 1
        fit += gain[best] / den
    return NextGrade(grade, steps, forced_steps > 0, unanswered, True)
