"""Role matching: how well people fit every role, and which role fits each person best.

Owns the two role measures (`fit`: how much of the role's targets is met, exceeding earns nothing;
`match`: how close the profile is to the targets in both directions) and the ranking rule (closest
profile first, then fit, then role order). Computed as matrices over people, one pass per role.

Both measures pass the one coverage gate (`coverage.COVERAGE_GATE`) on the same base: the share of
the role's *target weight* (the effective weight of the competencies the role needs) that is
answered. Match is gated on the target weight too, not on all weights: a role's verdict is
about what the role needs, and fit and match of a role then appear or stay hidden together, with
one "rate N more" figure (docs/scoring.md, "Coverage gate"). Below the gate both are NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from smm_eval.framework import Framework, RoleProfile
from smm_eval.scoring.coverage import COVERAGE_GATE, more_to_rate, passes_gate, role_coverage, target_weight
from smm_eval.scoring.estimates import weighted_estimate
from smm_eval.scoring.weights import weights_for


def role_fit_matrix(
    levels: pd.DataFrame,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    kind: Literal["fit", "match"] | str = "fit",
    gate: float = COVERAGE_GATE,
) -> pd.DataFrame:
    """Fit or match (0..100) of every person (rows of `levels`) for every role (columns).

    Parameters
    ----------
    levels : pandas.DataFrame
        People x competencies, levels 0..4, NaN unanswered.
    framework : Framework
    roles : mapping of role id to RoleProfile
    kind : {"fit", "match"}
        `fit` is how much of the role's target is met, the effective-weighted mean over answered
        competencies the role needs (target > 0) of min(level, target) / target; `match` is how
        close the profile is to the target in both directions:
        100 × (1 − weighted mean |level − target| / 4) over answered competencies.
    gate : float
        Share of the role's target weight (`coverage.target_weight`) that must be answered, 0..1;
        below it the cell is NaN. Default COVERAGE_GATE (a design choice, docs/scoring.md); 0
        turns the gate off.

    Returns
    -------
    pandas.DataFrame
        (P, R) scores 0..100, NaN below the gate (and for a person with nothing relevant
        answered).

    Raises
    ------
    ValueError
        `kind` is neither "fit" nor "match".
    """
    if kind not in ("fit", "match"):
        raise ValueError("kind must be 'fit' or 'match'")
    values = levels.reindex(columns=framework.competency_ids).to_numpy(dtype=float)
    zero_var = np.zeros_like(values)
    answered = ~np.isnan(values)
    columns = {}
    for role_id, role in roles.items():  # a loop over roles, not people
        w = weights_for(framework, role)
        target = w.role_target()
        shown = passes_gate(role_coverage(answered, target_weight(w.effective, target)), gate)
        if kind == "fit":
            needed = target > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                item = np.where(needed, np.minimum(values, target) / np.where(needed, target, 1.0), np.nan)
            item_w = np.where(needed, w.effective, 0.0)
        else:
            item, item_w = 1.0 - np.abs(values - target) / 4.0, w.effective
        score = weighted_estimate(item, zero_var, item_w[:, None])[0][:, 0] * 100
        columns[role_id] = np.where(shown, score, np.nan)
    return pd.DataFrame(columns, index=levels.index)


def roles_to_rate(levels: pd.DataFrame, framework: Framework, roles: Mapping[str, RoleProfile]) -> pd.DataFrame:
    """How many more competencies each person must rate to pass each role's coverage gate.

    Parameters
    ----------
    levels : pandas.DataFrame
        People x competencies, levels 0..4, NaN unanswered.
    framework : Framework
    roles : mapping of role id to RoleProfile

    Returns
    -------
    pandas.DataFrame
        (P, R) int16 counts (`coverage.more_to_rate`, heaviest needed competencies first); 0 where
        the role's fit and match are shown.

    Examples
    --------
    >>> from smm_eval.framework import load_framework, load_roles
    >>> fw, roles = load_framework(), load_roles()
    >>> three = pd.DataFrame([[2.0] * 3], columns=fw.competency_ids[:3])
    >>> int(roles_to_rate(three, fw, roles)["smm_manager"].iloc[0])
    11
    """
    answered = ~np.isnan(levels.reindex(columns=framework.competency_ids).to_numpy(dtype=float))
    columns = {}
    for role_id, role in roles.items():
        w = weights_for(framework, role)
        columns[role_id] = more_to_rate(answered, target_weight(w.effective, w.role_target()))
    return pd.DataFrame(columns, index=levels.index)


def best_fitting_roles(
    levels: pd.Series,
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    n: int = 3,
    gate: float = COVERAGE_GATE,
) -> pd.DataFrame:
    """One person's best-fitting roles, closest profile (`match`) first, with each role's `fit`.

    Ranking by closeness rather than by fit keeps an experienced person from being told that
    the trainee role (whose low targets everyone meets) fits best. Only roles past the coverage
    gate are listed (`role_fit_matrix`); when none is, the result is empty and `roles_to_rate`
    says how many more to rate.

    Parameters
    ----------
    levels : pandas.Series
        One person's levels 0..4 by competency id, NaN unanswered.
    framework, roles :
        As in role_fit_matrix.
    n : int
        How many roles to return.
    gate : float
        As in role_fit_matrix.

    Returns
    -------
    pandas.DataFrame
        At most `n` rows with columns role, match and fit (0..100); roles below the gate are left out.
    """
    frame = levels.to_frame().T
    match = role_fit_matrix(frame, framework, roles, "match", gate).iloc[0]
    fit = role_fit_matrix(frame, framework, roles, "fit", gate).iloc[0]
    result = pd.DataFrame({"role": match.index, "match": match.to_numpy(), "fit": fit[match.index].to_numpy()})
    result = result.dropna(subset=["match"]).sort_values(["match", "fit"], ascending=False, kind="stable")
    return result.head(n).reset_index(drop=True)


@dataclass(frozen=True)
class RoleArrays:
    """Every role's effective weights and targets, stacked for one pass over a chunk of people:
    `ids` (R,) role ids in file order, `effective` and `target` (R, C) in framework order."""

    ids: tuple[str, ...]
    effective: np.ndarray
    target: np.ndarray


def role_arrays(framework: Framework, roles: Mapping[str, RoleProfile]) -> RoleArrays:
    """The roles' weights and targets as arrays (`RoleArrays`)."""
    weights = [weights_for(framework, role) for role in roles.values()]
    return RoleArrays(
        tuple(roles), np.array([w.effective for w in weights]), np.array([w.role_target() for w in weights])
    )


# Match and fit are compared to this many decimals: equal profiles can differ in the last bits
# (BLAS sums rows in different SIMD lanes), and such noise must not pick a different role.
_TIE_DECIMALS = 9


def best_role_codes(
    levels: np.ndarray, arrays: RoleArrays, transposed: bool = False, gate: float = COVERAGE_GATE
) -> np.ndarray:
    """Index into `arrays.ids` of every person's best-fitting role (the rule of best_fitting_roles:
    closest profile (`match`) first, then `fit`, then role order), -1 without answers.

    Only roles past the coverage gate compete; a person with answers but no role past the gate
    gets the closest role among all of them (the engine's `level_role`, whose level is then
    provisional; `best_role_of_each` reports None for such a person).

    Parameters
    ----------
    levels : numpy.ndarray
        (P, C) levels 0..4, NaN unanswered; (C, P) with `transposed` (the engine's layout).
    arrays : RoleArrays
    transposed : bool
        Whether `levels` is (C, P).
    gate : float
        Share of each role's target weight to answer before it competes (COVERAGE_GATE).

    Returns
    -------
    numpy.ndarray
        (P,) int16.
    """
    by_item = levels if transposed else levels.T  # (C, P): products (roles, people) run fastest
    answered = ~np.isnan(by_item)
    a = answered.astype(float)
    level = np.fmax(by_item, 0.0)  # fmax turns NaN (unanswered) into 0
    needed = arrays.target > 0
    fit_w = np.where(needed, arrays.effective, 0.0)
    per_target = fit_w / np.where(needed, arrays.target, 1.0)
    # |l - t| = l + t - 2 min(l, t): one elementwise minimum per role gives both the distance of
    # `match` and the met share of `fit`; unanswered items have l = 0, so min(l, t) = 0 there.
    distance = arrays.effective @ level + (arrays.effective * arrays.target) @ a
    met = np.empty_like(distance)
    capped = np.empty_like(level)
    for r in range(len(arrays.ids)):  # a loop over roles, not people
        np.minimum(level, arrays.target[r][:, None], out=capped)
        both = np.vstack([arrays.effective[r], per_target[r]]) @ capped
        distance[r] -= 2 * both[0]
        met[r] = both[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        match = np.round(1.0 - distance / (arrays.effective @ a) / 4.0, _TIE_DECIMALS)
        fit = np.round(met / (fit_w @ a), _TIE_DECIMALS)
    match = np.where(np.isnan(match), -np.inf, match)
    past = passes_gate((fit_w @ a) / fit_w.sum(axis=1)[:, None], gate)  # (R, P)
    match = np.where(past | ~past.any(axis=0), match, -np.inf)  # nobody past: all compete
    tied = match == match.max(axis=0)
    tied_fit = np.where(tied, np.nan_to_num(fit, nan=-np.inf), -np.inf)
    pick = tied & (tied_fit == tied_fit.max(axis=0))
    return np.where(answered.any(axis=0), pick.argmax(axis=0), -1).astype(np.int16)


def best_role_of_each(
    levels: pd.DataFrame, framework: Framework, roles: Mapping[str, RoleProfile], gate: float = COVERAGE_GATE
) -> pd.Series:
    """The best-fitting role of every person (rows of `levels`), by the rule of best_fitting_roles
    (`best_role_codes`); only roles past the coverage gate compete.

    Returns
    -------
    pandas.Series
        (P,) role id per person (object dtype), None for a person without answers or with no role
        past the gate (`roles_to_rate` says how many more to rate); named best_role.
    """
    values = levels.reindex(columns=framework.competency_ids).to_numpy(dtype=float)
    arrays = role_arrays(framework, roles)
    codes = best_role_codes(values, arrays, gate=gate).astype(np.int64)
    answered = ~np.isnan(values)
    chosen = np.where(codes >= 0, codes, 0)
    weight = np.where(arrays.target > 0, arrays.effective, 0.0)[chosen]  # (P, C) the chosen role's
    share = (answered * weight).sum(axis=1) / weight.sum(axis=1)
    codes = np.where((codes >= 0) & passes_gate(share, gate), codes, len(roles))
    ids = np.array([*roles, None], dtype=object)
    return pd.Series(ids[codes], index=levels.index, name="best_role", dtype=object)
