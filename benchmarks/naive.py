"""The scoring formulas of smm_eval.scoring written the straightforward way: a Python loop over
people and, inside, over competencies. It is the "naive" baseline of the benchmarks, and the
tests check that it gives the same numbers as the vectorised code (tests/unit/test_benchmarks.py).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from smm_eval.framework import Framework
from smm_eval.scoring import (
    CONFIDENCE_HIGH,
    CONFIDENCE_MEDIUM,
    COVERAGE_GATE,
    NU_PROFILE,
    NU_RATER,
    RANK_DECIMALS,
    SIGMA_RATER,
    TAU_PROFILE,
    Z_95,
    RatingMatrix,
    Weights,
)
from smm_eval.vocabulary import EXPERT, INDEPENDENT


def _estimate(scores: list[float | None], item_var: list[float], weights: list[float]) -> tuple[float, float]:
    den = s1 = s2 = var = a2 = 0.0
    for s, v, w in zip(scores, item_var, weights, strict=True):
        if s is None:
            continue
        den += w
        s1 += w * s
        s2 += w * s * s
        var += w * w * v
        a2 += w * w
    if den <= 0:
        return math.nan, math.nan
    mean = s1 / den
    spread = max(s2 / den - mean * mean, 0.0)
    n_eff = den * den / a2
    extra = max(n_eff - 1, 0.0)
    shrunk = (NU_PROFILE * (TAU_PROFILE / 4) ** 2 + extra * spread) / (NU_PROFILE + extra)
    var_missing = max(1 - den / sum(weights), 0.0) * shrunk / n_eff
    return mean, math.sqrt(var / den**2 + var_missing)


def score_person(
    levels: list[float | None],
    counts: list[int],
    variances: list[float | None],
    w: Weights,
    default_w: list[float],
    framework: Framework,
) -> dict[str, Any]:
    """Everything score_profiles computes for one person, by loops."""
    n = len(levels)
    item_var = []
    for k, obs in zip(counts, variances, strict=True):
        if k == 0:
            item_var.append(0.0)
            continue
        observed = 0.0 if obs is None or math.isnan(obs) else obs
        per_rater = (NU_RATER * SIGMA_RATER**2 + (k - 1) * observed) / (NU_RATER + (k - 1))
        item_var.append(per_rater / k / 16)
    scores = [None if lv is None else lv / 4 for lv in levels]
    out: dict[str, Any] = {}
    for b, block in enumerate(w.block_ids):
        weights = [float(w.within_block[c]) if w.block_index[c] == b else 0.0 for c in range(n)]
        mean, se = _estimate(scores, item_var, weights)
        out[block] = mean * 100
        out[f"{block}_se"] = se * 100
    effective = [float(x) for x in w.effective]
    mean, se = _estimate(scores, item_var, effective)
    out["overall"], out["overall_se"] = mean * 100, se * 100
    half = Z_95 * se * 100
    if math.isnan(half):
        out["confidence"] = "none"
    else:
        out["confidence"] = "high" if half <= CONFIDENCE_HIGH else "medium" if half <= CONFIDENCE_MEDIUM else "low"
    gaps = []
    if w.target is not None:
        met, fit_w = [], []
        for c in range(n):
            target = float(w.target[c])
            met.append(None if levels[c] is None or target <= 0 else min(levels[c], target) / target)
            fit_w.append(effective[c] if target > 0 else 0.0)
        out["fit"] = _estimate(met, item_var, fit_w)[0] * 100
        answered_w = sum(fw for m, fw in zip(met, fit_w, strict=True) if m is not None)
        if answered_w < COVERAGE_GATE * sum(fit_w) - 1e-9:  # the coverage gate: below it, no fit
            out["fit"] = math.nan
        # A gap's priority: the fit points gained by raising that one answer to its target; the fit's
        # denominator (answered weight the role needs) stays, its numerator gains e (t - l) / t.
        den = sum(fw for m, fw in zip(met, fit_w, strict=True) if m is not None)
        for c in range(n):
            target = float(w.target[c])
            if levels[c] is not None and levels[c] < target:
                gaps.append((-(100 * effective[c] * (target - levels[c]) / target / den), c))
        gaps.sort(key=lambda g: (round(g[0], RANK_DECIMALS), g[1]))  # equal gains (to rounding) in competency order
    else:
        out["fit"] = math.nan
    out["gaps"] = [(w.competency_ids[c], -p) for p, c in gaps]
    den = level_sum = ind = exp = 0.0
    for lv, dw in zip(levels, default_w, strict=True):
        if lv is None:
            continue
        den += dw
        level_sum += dw * lv
        ind += dw if lv >= INDEPENDENT else 0.0
        exp += dw if lv >= EXPERT else 0.0
    out["level"] = None
    if den > 0:
        for career in framework.career_levels:
            if (
                level_sum / den >= career.min_mean_level - 1e-9
                and ind / den >= career.min_share_independent - 1e-9
                and exp / den >= career.min_share_expert - 1e-9
            ):
                out["level"] = career.id
    return out


def score_naive(matrix: RatingMatrix, w: Weights, default_w: np.ndarray, framework: Framework) -> list[dict[str, Any]]:
    """score_person for every person of `matrix`, one after the other."""
    dw = default_w.tolist()
    result = []
    for p in range(len(matrix.people)):
        levels = [None if math.isnan(x) else x for x in matrix.mean[p].tolist()]
        result.append(score_person(levels, matrix.count[p].tolist(), matrix.variance[p].tolist(), w, dw, framework))
    return result
