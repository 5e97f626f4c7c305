"""The statistics of a score: weighted means with their standard errors, and confidence.

Owns the confidence model's priors (with their sources), the 95% band's z, the half-widths that
name a confidence, and the rules that turn weighted sums into an estimate, a standard error and a
confidence code (the career level is `levels`). The functions take already-summed arrays, so the engine
can feed them one chunk of people at a time; nothing here loops over people.
"""

from __future__ import annotations

import numpy as np

# Priors of the confidence model, in levels (0..4). A single anchored rating is taken to sit
# within about ±0.75 levels of the truth (one SD), a usual figure for 5-point behavioural scales;
# a person's levels spread about 1 level across competencies before we see any answers. NU_* are
# the priors' weights in pseudo-observations (docs/scoring.md, "Confidence").
SIGMA_RATER = 0.75
NU_RATER = 2.0
TAU_PROFILE = 1.0
NU_PROFILE = 2.0
# Two-sided 95% quantile of the standard normal distribution.
Z_95 = 1.96
# Half-widths (score points) of the 95% band that name the confidence.
CONFIDENCE_HIGH = 5.0
CONFIDENCE_MEDIUM = 10.0
CONFIDENCE_LABELS: tuple[str, ...] = ("none", "low", "medium", "high")


def estimate_from_sums(
    den: np.ndarray, s1: np.ndarray, s2: np.ndarray, var: np.ndarray, a2: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and its standard error from weighted sums over the answered items.

    Parameters
    ----------
    den, s1, s2, var, a2 : numpy.ndarray
        Each (K, P) (or any shape broadcasting with `total`), sums over a person's answered items
        of w, w s, w s^2, w^2 var(s) and w^2, with item scores s on 0..1.
    total : numpy.ndarray
        (K, 1) the sum of all weights, answered or not.

    Returns
    -------
    mean, se : numpy.ndarray
        Shape of `den`; the weighted mean s1 / den (0..1) and its standard error, NaN where
        nothing with weight was answered.

    Notes
    -----
    The error adds rating variance, var / den^2, and the finite-population sampling variance of
    the unanswered share, (1 - f) s^2 / n_eff with f = den / total and Kish's effective sample
    size n_eff = den^2 / a2, with s^2 the person's spread over answered items shrunk towards
    TAU_PROFILE with NU_PROFILE pseudo-observations (docs/scoring.md, "Confidence", part 2).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / den
        var_rating = var / den**2
        spread = np.clip(s2 / den - mean**2, 0.0, None)
        n_eff = den**2 / a2
        extra = np.clip(n_eff - 1, 0, None)
        s2_shrunk = (NU_PROFILE * (TAU_PROFILE / 4) ** 2 + extra * spread) / (NU_PROFILE + extra)
        var_missing = np.clip(1 - den / total, 0.0, None) * s2_shrunk / n_eff
        se = np.sqrt(var_rating + var_missing)
    empty = ~(den > 0)
    mean[empty] = np.nan
    se[empty] = np.nan
    return mean, se


def weighted_estimate(scores: np.ndarray, var_items: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean over answered items and its standard error, for K weightings at once.

    Parameters
    ----------
    scores : numpy.ndarray
        (P, C) item scores on 0..1, NaN for unanswered.
    var_items : numpy.ndarray
        (P, C) the variance of each item's score.
    weights : numpy.ndarray
        (C, K) one weighting per column.

    Returns
    -------
    mean, se : numpy.ndarray
        Each (P, K), NaN where nothing with weight was answered (see estimate_from_sums).
    """
    answered = ~np.isnan(scores)
    a = answered.astype(float)
    s0 = np.where(answered, scores, 0.0)
    w2 = weights**2
    return estimate_from_sums(
        a @ weights, s0 @ weights, s0**2 @ weights, np.where(answered, var_items, 0.0) @ w2, a @ w2, weights.sum(axis=0)
    )


def item_variance(count: np.ndarray, variance: np.ndarray) -> np.ndarray:
    """Variance of each competency score (0..1 scale) from rater error, shrunk to the prior.

    Parameters
    ----------
    count : numpy.ndarray
        (P, C) raters who answered each competency.
    variance : numpy.ndarray
        (P, C) sample variance of their levels (0..4 scale), NaN below two raters.

    Returns
    -------
    numpy.ndarray
        (P, C) the variance of the mean level over the raters, divided by 16 (the 0..1 scale):
        the per-rater variance pools SIGMA_RATER^2 (NU_RATER pseudo-observations) with the
        observed variance (k - 1 degrees of freedom), and the mean of k raters has variance
        sigma^2 / k (docs/scoring.md, "Confidence", part 1). NaN where unanswered.
    """
    k = count.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.nan_to_num(variance, nan=0.0)
        extra = np.clip(k - 1, 0, None)
        per_rater = (NU_RATER * SIGMA_RATER**2 + extra * observed) / (NU_RATER + extra)
        result: np.ndarray = np.where(k > 0, per_rater / k, np.nan) / 16.0
        return result


def confidence_codes(half_width: np.ndarray) -> np.ndarray:
    """Codes into CONFIDENCE_LABELS ('none', 'low', 'medium', 'high') from 95% half-widths.

    Parameters
    ----------
    half_width : numpy.ndarray
        (P,) half-widths of the 95% band in score points (0..100), NaN without answers.

    Returns
    -------
    numpy.ndarray
        (P,) int8 codes: 3 up to CONFIDENCE_HIGH points, 2 up to CONFIDENCE_MEDIUM, 1 above, 0 NaN.

    Examples
    --------
    >>> [CONFIDENCE_LABELS[c] for c in confidence_codes(np.array([3.0, 7.5, 20.0, np.nan]))]
    ['high', 'medium', 'low', 'none']
    """
    codes = np.where(half_width <= CONFIDENCE_HIGH, 3, np.where(half_width <= CONFIDENCE_MEDIUM, 2, 1))
    return np.where(np.isnan(half_width), 0, codes).astype(np.int8)
