"""Partial pooling of a fitted salary model with the sourced baseline (credibility weighting).

Instead of a hard cut-off (the former "30 observations per role, region and format"), every
estimate blends the fitted log-quantile with the baseline's log-quantile of the same cell,

    log Pq = w · log Pq(fitted) + (1 − w) · log Pq(baseline),   w = n_eff / (n_eff + k),

n_eff the effective number of observations in the exact cell (level, region, work format, role)
and k = `CREDIBILITY_K`. The fit weighs older observations less (`features.recency_weight`), so
the cell's n observations count as Kish's effective number n_eff = (Σw)² / Σw² (Kish 1965,
*Survey Sampling*, section 11.7; `features.kish_effective_n`): n when they are all equally
recent, fewer when their ages differ, close to 1 when one observation dates far after the others.
This is the credibility form of Bühlmann (1967; Bühlmann & Gisler, *A Course in Credibility
Theory*, 2005, ch. 3), the same as the partial-pooling estimate of a group mean in a multilevel
model (Gelman & Hill 2007, *Data Analysis Using Regression and Multilevel/Hierarchical Models*,
ch. 12.2, eq. 12.1), where k = σ²_y / σ²_α: the variance of one observation around its cell's
value over the variance of the cells' true values around the baseline.

k = 10 is a design choice from those two variances: σ_y ≈ 0.46 on log pay (the spread of the
baseline, BLS OEWS 13-1161) and σ_α ≈ 0.15, i.e. the baseline's cell median assumed off by about
15% (its factors are partly assumptions), so k = 0.46² / 0.15² ≈ 9.4, rounded to 10. With 10
observations a cell is half the user's data, with 40 four-fifths.

After blending, each quantile's ladder over the career levels is made non-decreasing by
pool-adjacent-violators (the weights differ by level, so a blend of two monotone ladders need not
be monotone), the quantiles of each level are sorted (they never cross), and only then the floor,
expected-pay ratio and tax apply (`baseline.in_market_money`).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from smm_eval.salary.baseline import (
    SalaryEstimate,
    SalaryQuery,
    baseline_estimate,
    baseline_gross_offered,
    in_market_money,
    market_sources,
)
from smm_eval.salary.market import SalaryData, load_market
from smm_eval.salary.money import lognormal_quantiles
from smm_eval.vocabulary import CAREER_LEVELS

if TYPE_CHECKING:
    from smm_eval.salary.model import QuantileSalaryModel

CREDIBILITY_K = 10.0
# Factors the observations do not carry: their baseline multipliers apply on top of a fitted estimate.
BASELINE_ONLY_FACTORS = ("projects", "immersion")


def credibility_weight(n: float, k: float = CREDIBILITY_K) -> float:
    """w = n / (n + k), the weight of n observations against the baseline (0 ≤ w < 1).

    Source: Bühlmann credibility Z = n / (n + k) (Bühlmann & Gisler 2005, ch. 3); Gelman & Hill
    2007, ch. 12.2. Raises ValueError for n < 0 or k ≤ 0.
    """
    if n < 0 or k <= 0:
        raise ValueError(f"credibility: need n >= 0 and k > 0, got n={n}, k={k}")
    return n / (n + k)


def pooled_ladder(
    fitted_log: np.ndarray, baseline_log: np.ndarray, counts: np.ndarray, k: float = CREDIBILITY_K
) -> tuple[np.ndarray, np.ndarray]:
    """Blend a fitted and a baseline ladder of log-quantiles, then make it monotone and uncrossed.

    Parameters
    ----------
    fitted_log, baseline_log
        Shape (levels, quantiles): log pay, levels lowest first, quantiles ascending.
    counts
        Shape (levels,): the effective number of observations (Kish's n_eff) in the exact cell
        of each level.
    k
        The credibility constant.

    Returns
    -------
    tuple
        (pooled log pay, shape (levels, quantiles), non-decreasing down every column and along
        every row; the weights, shape (levels,)).
    """
    from sklearn.isotonic import isotonic_regression

    weights = np.array([credibility_weight(float(n), k) for n in counts])
    blended = weights[:, None] * fitted_log + (1 - weights[:, None]) * baseline_log
    for j in range(blended.shape[1]):
        if np.any(np.diff(blended[:, j]) < 0):  # pool-adjacent-violators (Barlow et al. 1972)
            blended[:, j] = isotonic_regression(blended[:, j], increasing=True)
    # Sorting each row keeps every column non-decreasing (the k-th smallest of monotone sequences
    # is monotone; Chernozhukov, Fernández-Val & Galichon 2010).
    return np.sort(blended, axis=1), weights


def _refusal(
    model: QuantileSalaryModel, query: SalaryQuery, data: SalaryData
) -> tuple[str, str, dict[str, str]] | None:
    """Why the model cannot answer this query (another market or currency, an unknown role), else
    None: (English text, message code, its parameters)."""
    if data.id != model.market_ or data.currency != model.currency_:
        params = {"currency": model.currency_, "observed": model.market_, "market": data.id}
        return (
            f"your observations are in {model.currency_} ({model.market_}); this is the {data.id} baseline",
            "other_market",
            params,
        )
    if query.role not in model.roles_:
        return f"your observations have no role {query.role}; this is the baseline", "no_role", {"role": query.role}
    return None


def pooled_estimate(model: QuantileSalaryModel, query: SalaryQuery, data: SalaryData | None = None) -> SalaryEstimate:
    """The estimate of a query from a fitted model pooled with the baseline (module docstring).

    Carries everything a baseline estimate carries (market, currency, period, money date, index
    factor, gross/net, offered/expected, floor and whether it binds, sources), plus `n` of the
    exact cell, its Kish effective number `n_effective` (the n of the credibility weight), the
    credibility `weight` and `credibility_k`, and the observations among the sources with what was
    done to bring them to the money date.

    Raises
    ------
    InputError
        The query has answers outside the market's lists (from `baseline_estimate`).
    """
    data = data or load_market(query.market)
    base = baseline_estimate(query, data)
    refusal = _refusal(model, query, data)
    if refusal is not None:
        reason, refusal_code, params = refusal
        return replace(base, fallback_reason=reason, fallback_code=refusal_code, fallback_params=params)
    scale = math.prod(e.multiplier for e in base.effects if e.factor in BASELINE_ONLY_FACTORS)
    cells = [(lv, query.region, query.work_format, query.role) for lv in CAREER_LEVELS]
    fitted_log = np.log(np.array([model.table_[c] for c in cells]) * scale)
    medians = [baseline_gross_offered(query.at_level(lv), data)[0][0.5] for lv in CAREER_LEVELS]
    baseline_log = np.log(
        [list(lognormal_quantiles(m, data.dispersion.sigma, model.quantiles).values()) for m in medians]
    )
    effective = np.array([model.effective_.get(c, 0.0) for c in cells])
    pooled, weights = pooled_ladder(fitted_log, baseline_log, effective, model.credibility_k)
    at = CAREER_LEVELS.index(query.level)
    money = in_market_money(dict(zip(model.quantiles, np.exp(pooled[at]), strict=True)), query, data)
    n, weight = int(model.counts_.get(cells[at], 0)), float(weights[at])
    fallback: str | None = None
    code: str | None = None
    if n == 0:
        fallback = "none of your observations are in this exact level, role, region and format (weight 0): the baseline"
        code = "empty_cell"
    return replace(
        base,
        quantiles=money.quantiles,
        n=n,
        n_effective=float(effective[at]),
        method="fitted" if weight > 0 else "baseline",
        sources=[*market_sources(data), _observations_source(model, n)],
        fallback_reason=fallback,
        fallback_code=code,
        floor=money.floor,
        floor_binds=money.floor_binds,
        weight=weight,
        credibility_k=model.credibility_k,
    )


def _observations_source(model: QuantileSalaryModel, n: int) -> dict[str, Any]:
    """The user's observations as a source of an estimate, with how they were brought to the money date."""
    return {
        "id": "observations",
        "name": f"your observations ({model.n_} rows; {n} in this exact cell)",
        "date": model.reference_.isoformat(),
        "url": None,
        "status": "observations",
        "verified": None,
        "fitted_at": model.fitted_at_.isoformat(),
        **model.money_notes_.as_json(),
    }
