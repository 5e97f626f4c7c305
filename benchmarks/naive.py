"""The scoring formulas of smm_eval.scoring written the straightforward way: a Python loop over
people and, inside, over competencies. It is the "naive" baseline of the benchmarks, and the
tests check that it gives the same numbers as the vectorised code (tests/unit/test_benchmarks.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from smm_eval.framework import Framework, RoleProfile
from smm_eval.scoring import (
    CONFIDENCE_HIGH,
    CONFIDENCE_MEDIUM,
    COVERAGE_GATE,
    NU_PROFILE,
    RANK_DECIMALS,
    SELF_LENIENCY,
    SKIP_SHORTFALL,
    TAU_PROFILE,
    Z_95,
    RaterComponents,
    RatingMatrix,
    Weights,
    weights_for,
)
from smm_eval.scoring.levels import LEVEL_FIT, LEVEL_SLACK
from smm_eval.vocabulary import CAREER_LEVELS


def _estimate(
    scores: list[float | None], counts: list[int], weights: list[float], model: tuple[float, float, list[float]]
) -> tuple[float, float]:
    """Mean and standard error; model = (σ_R², σ_E², per level): with v_c = weight_c × per_level_c
    (what a level is worth in the score's units), the rater term σ_R² (Σ v)(Σ v / k), the item
    term σ_E² Σ v² / k, over the answered items."""
    rater_var, item_var, per_level = model
    den = s1 = s2 = a2 = total_v = per_rater = per_item = 0.0
    for s, k, w, scale in zip(scores, counts, weights, per_level, strict=True):
        if s is None:
            continue
        den += w
        s1 += w * s
        s2 += w * s * s
        a2 += w * w
        total_v += w * scale
        per_rater += w * scale / k
        per_item += (w * scale) ** 2 / k
    if den <= 0:
        return math.nan, math.nan
    var = rater_var * total_v * per_rater + item_var * per_item
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
    model: tuple[RaterComponents, float],
    w: Weights,
    level_roles: Sequence[RoleProfile],
    framework: Framework,
) -> dict[str, Any]:
    """Everything score_profiles computes for one person, by loops; model = (components, share of
    self-ratings); `level_roles` is [the role] or, without one, every role (the level is for the
    best-fitting one)."""
    n = len(levels)
    components, self_share = model
    rater_var = components.sigma_rater**2 + (SELF_LENIENCY * self_share) ** 2
    item_var = components.sigma_item**2
    scores = [None if lv is None else lv / 4 for lv in levels]
    out: dict[str, Any] = {}
    for b, block in enumerate(w.block_ids):
        weights = [float(w.within_block[c]) if w.block_index[c] == b else 0.0 for c in range(n)]
        mean, se = _estimate(scores, counts, weights, (rater_var, item_var, [0.25] * n))
        out[block] = mean * 100
        out[f"{block}_se"] = se * 100
    effective = [float(x) for x in w.effective]
    mean, se = _estimate(scores, counts, effective, (rater_var, item_var, [0.25] * n))
    out["overall"], out["overall_se"] = mean * 100, se * 100
    unanswered = sum(e for e, lv in zip(effective, levels, strict=True) if lv is None) / sum(effective)
    out["overall_skip"] = unanswered * SKIP_SHORTFALL / 4 * 100
    half = Z_95 * se * 100 + out["overall_skip"] / 2
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
        per_level = [1 / float(w.target[c]) if w.target[c] > 0 else 0.0 for c in range(n)]
        fit, fit_se = _estimate(met, [max(k, 1) for k in counts], fit_w, (rater_var, item_var, per_level))
        skipped = sum(e / float(w.target[c]) for c, e in enumerate(fit_w) if e > 0 and levels[c] is None)
        skip = SKIP_SHORTFALL * skipped / sum(fit_w)  # skipped needed answers, Δ levels below
        out["fit"], out["fit_se"] = fit * 100, math.sqrt(fit_se**2 + skip**2) * 100
        answered_w = sum(fw for m, fw in zip(met, fit_w, strict=True) if m is not None)
        if answered_w < COVERAGE_GATE * sum(fit_w) - 1e-9:  # the coverage gate: below it, no fit
            out["fit"] = out["fit_se"] = math.nan
        # A gap's priority: the fit points gained by raising that one answer to its target; the fit's
        # denominator (answered weight the role needs) stays, its numerator gains e (t - l) / t.
        den = sum(fw for m, fw in zip(met, fit_w, strict=True) if m is not None)
        for c in range(n):
            target = float(w.target[c])
            if levels[c] is not None and levels[c] < target:
                gaps.append((-(100 * effective[c] * (target - levels[c]) / target / den), c))
        gaps.sort(key=lambda g: (round(g[0], RANK_DECIMALS), g[1]))  # equal gains (to rounding) in competency order
    else:
        out["fit"] = out["fit_se"] = math.nan
    out["gaps"] = [(w.competency_ids[c], -p) for p, c in gaps]
    role = level_roles[0] if len(level_roles) == 1 else best_role(levels, level_roles, framework)
    out["level"] = None if role is None else level_for(levels, role, framework)
    out["level_role"] = None if out["level"] is None else role.id  # nothing answered: no level, no role
    return out


def best_role(levels: list[float | None], roles: Sequence[RoleProfile], framework: Framework) -> RoleProfile | None:
    """The closest role (match), then the best fit, then the first, each to 9 decimals; only roles
    past the coverage gate compete, all of them when none is."""
    past = []
    for role in roles:
        e, targets = (
            weights_for(framework, role).effective.tolist(),
            [role.targets[c] for c in framework.competency_ids],
        )
        need = sum(ec for ec, t in zip(e, targets, strict=True) if t > 0)
        have = sum(ec for ec, t, lv in zip(e, targets, levels, strict=True) if t > 0 and lv is not None)
        past.append(have >= COVERAGE_GATE * need - 1e-9)
    best: tuple[float, float, int] | None = None
    for i, role in enumerate(roles):
        if any(past) and not past[i]:
            continue
        e, targets = (
            weights_for(framework, role).effective.tolist(),
            [role.targets[c] for c in framework.competency_ids],
        )
        m_den = m_num = f_den = f_num = 0.0
        for lv, ec, t in zip(levels, e, targets, strict=True):
            if lv is None:
                continue
            m_den += ec
            m_num += ec * (1 - abs(lv - t) / 4)
            if t > 0:
                f_den += ec
                f_num += ec * min(lv, t) / t
        if m_den <= 0:
            continue
        key = (round(m_num / m_den, 9), round(f_num / f_den, 9) if f_den > 0 else -math.inf, -i)
        best = key if best is None or key > best else best
    if best is None:
        return roles[0] if any(lv is not None for lv in levels) else None
    return roles[-best[2]]


def level_for(levels: list[float | None], role: RoleProfile, framework: Framework) -> str | None:
    """The highest grade whose targets the answered competencies meet (smm_eval.scoring.levels)."""
    if all(lv is None for lv in levels):
        return None
    e, grades = weights_for(framework, role).effective.tolist(), role.grade_targets()
    level = CAREER_LEVELS[0]
    for grade in CAREER_LEVELS[1:]:
        den = num = 0.0
        too_low = False
        for c, lv, ec in zip(framework.competency_ids, levels, e, strict=True):
            t = grades[grade][c]
            if lv is None or t <= 0:
                continue
            den += ec
            num += ec * min(lv, t) / t
            too_low = too_low or lv < t - LEVEL_SLACK - 1e-9
        if den > 0 and num >= LEVEL_FIT * den - 1e-9 and not too_low:
            level = grade
    return level


def score_naive(
    matrix: RatingMatrix, w: Weights, level_roles: Sequence[RoleProfile], framework: Framework
) -> list[dict[str, Any]]:
    """score_person for every person of `matrix`, one after the other."""
    result = []
    for p in range(len(matrix.people)):
        levels = [None if math.isnan(x) else x for x in matrix.mean[p].tolist()]
        share = 0.0 if matrix.self_share is None else float(matrix.self_share[p])
        counts = [max(int(k), 1) for k in matrix.count[p].tolist()]  # unanswered items are skipped anyway
        result.append(score_person(levels, counts, (matrix.components, share), w, level_roles, framework))
    return result
