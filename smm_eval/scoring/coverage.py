"""Coverage of a role: how much of what a role needs has been rated, and the gate verdicts need.

Owns the one coverage gate (COVERAGE_GATE) behind every role verdict (fit, match, best roles, the
career level's provisional mark and a candidate's rank) and the two figures derived from it: the
share of the role's target weight that is answered, and how many more competencies must be rated
to pass the gate ("rate 6 more competencies of this role"). The target weight of a role is the
effective weight of the competencies it needs (target > 0), the same weights role fit uses.
"""

from __future__ import annotations

import numpy as np

# Share of a role's target weight that must be answered before fit, match, best roles, the career
# level and a rank are reported as settled (docs/scoring.md, "Coverage gate"). A design choice, not
# a published figure: with 60% of the weight answered, the unanswered part can move fit by at most
# 40% of its range, and the confidence band (docs/scoring.md, "Confidence") still widens for it.
COVERAGE_GATE = 0.6
# Shares equal to the gate within this tolerance pass it (weights are sums of float shares).
_EPS = 1e-9


def target_weight(effective: np.ndarray, target: np.ndarray) -> np.ndarray:
    """(C,) the weight each competency carries in the role's target: effective weight where the
    role needs it (target > 0), 0 elsewhere."""
    return np.where(target > 0, effective, 0.0)


def role_coverage(answered: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Share of a role's target weight that is answered.

    Parameters
    ----------
    answered : numpy.ndarray
        (P, C) booleans (or 0/1), True where the competency is answered.
    weight : numpy.ndarray
        (C,) target weight (`target_weight`).

    Returns
    -------
    numpy.ndarray
        (P,) 0..1; 0 for a role that needs nothing.

    Examples
    --------
    >>> role_coverage(np.array([[1, 1, 0, 0]]), np.array([0.4, 0.2, 0.2, 0.2])).round(2).tolist()
    [0.6]
    """
    total = weight.sum()
    if total <= 0:
        return np.zeros(len(answered))
    result: np.ndarray = (np.asarray(answered, dtype=float) @ weight) / total
    return result


def passes_gate(coverage: np.ndarray, gate: float = COVERAGE_GATE) -> np.ndarray:
    """Whether each coverage (`role_coverage`, 0..1) reaches the gate.

    Parameters
    ----------
    coverage : numpy.ndarray
        Any shape, shares 0..1 (NaN fails).
    gate : float
        Share of the target weight to reach, 0..1 (design choice: COVERAGE_GATE).

    Returns
    -------
    numpy.ndarray
        Booleans of the same shape; a share equal to the gate within 1e-9 passes.

    Examples
    --------
    >>> passes_gate(np.array([0.59, 0.6, np.nan])).tolist()
    [False, True, False]
    """
    with np.errstate(invalid="ignore"):
        return np.asarray(coverage, dtype=float) >= gate - _EPS


def more_to_rate(answered: np.ndarray, weight: np.ndarray, gate: float = COVERAGE_GATE) -> np.ndarray:
    """How many more of the role's needed competencies must be rated to reach `gate`.

    The count is the smallest possible: the heaviest unanswered needed competencies first.

    Parameters
    ----------
    answered : numpy.ndarray
        (P, C) booleans (or 0/1).
    weight : numpy.ndarray
        (C,) target weight (`target_weight`).
    gate : float
        Share of the target weight to reach, 0..1.

    Returns
    -------
    numpy.ndarray
        (P,) int16, 0 where the gate is already passed.

    Examples
    --------
    >>> more_to_rate(np.array([[1, 0, 0, 0], [1, 1, 1, 0]]), np.array([0.1, 0.3, 0.3, 0.3])).tolist()
    [2, 0]
    """
    total = weight.sum()
    done = np.asarray(answered, dtype=bool)
    if total <= 0:
        return np.zeros(len(done), dtype=np.int16)
    have = (done @ weight) / total
    out = np.zeros(len(done), dtype=np.int16)
    short = np.flatnonzero(have < gate - _EPS)  # only these need the sort (most people pass the gate)
    if short.size == 0:
        return out
    # Weights still open, heaviest first; the running sum says how many close the shortfall.
    open_w = np.where(done[short], 0.0, weight[None, :]) / total
    open_sorted = -np.sort(-open_w, axis=1)
    reached = have[short, None] + np.cumsum(open_sorted, axis=1) >= gate - _EPS
    out[short] = np.where(reached.any(axis=1), reached.argmax(axis=1) + 1, (open_sorted > 0).sum(axis=1))
    return out
