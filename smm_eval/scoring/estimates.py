"""The statistics of a score: weighted means with their standard errors, bands and confidence.

Owns the sampling prior of unanswered competencies, the model's error variance of a weighted mean
(`model_variance`, from the components in `measurement`), the 95% band's z, the half-widths that
name a confidence, and the rules that turn weighted sums into an estimate, a standard error and a
confidence code (the career level is `levels`). The functions take already-summed arrays, so the engine
can feed them one chunk of people at a time; nothing here loops over people.
"""

from __future__ import annotations

import numpy as np

from smm_eval.scoring.measurement import SKIP_SHORTFALL

# Prior spread of a person's levels across competencies, 1 level (design choice), weighted as
# NU_PROFILE pseudo-observations; it sizes the sampling term of unanswered competencies
# (docs/scoring.md, "Confidence", part 3). The rater and item error priors are in `measurement`.
TAU_PROFILE = 1.0
NU_PROFILE = 2.0
# Two-sided 95% quantile of the standard normal distribution.
Z_95 = 1.96
# Half-widths (score points) of the 95% band that name the confidence (design choice, sized to the
# measurement model: with the prior one rater gives about ±24 points, low; three raters about ±14,
# medium; high needs a panel of about seven, or components from data showing raters who agree).
CONFIDENCE_HIGH = 10.0
CONFIDENCE_MEDIUM = 20.0
CONFIDENCE_LABELS: tuple[str, ...] = ("none", "low", "medium", "high")


def estimate_from_sums(
    den: np.ndarray, s1: np.ndarray, s2: np.ndarray, var: np.ndarray, a2: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and its standard error from weighted sums over the answered items.

    Parameters
    ----------
    den, s1, s2, a2 : numpy.ndarray
        Each (K, P) (or any shape broadcasting with `total`), sums over a person's answered items
        of w, w s, w s^2 and w^2, with item scores s on 0..1.
    var : numpy.ndarray
        (K, P) den^2 times the rating error's variance on the 0..1 scale (`model_variance`).
    total : numpy.ndarray
        (K, 1) the sum of all weights, answered or not.

    Returns
    -------
    mean, se : numpy.ndarray
        Shape of `den`; the weighted mean s1 / den (0..1) and its standard error, NaN where
        nothing with weight was answered.

    Notes
    -----
    The error adds the model's rating variance, var / den^2 (`model_variance`), and the
    finite-population sampling variance of the unanswered share, (1 - f) s^2 / n_eff with
    f = den / total and Kish's effective sample size n_eff = den^2 / a2, with s^2 the person's
    spread over answered items shrunk towards TAU_PROFILE with NU_PROFILE pseudo-observations
    (docs/scoring.md, "Confidence", part 3).
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
        (P, C) the variance of each item's score (0..1 scale), taken as independent.
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


def model_variance(
    weight: np.ndarray,
    per_rater: np.ndarray,
    per_item: np.ndarray,
    rater_var: np.ndarray | float,
    item_var: float,
) -> np.ndarray:
    """Rater and item error of a weighted mean, times the squared weight sum (its numerator).

    Parameters
    ----------
    weight : numpy.ndarray
        (K, P) Σ v_c over a person's answered items, v the weights of the mean in levels.
    per_rater : numpy.ndarray
        (K, P) Σ v_c / k_c, with k_c the raters of item c.
    per_item : numpy.ndarray
        (K, P) Σ v_c² / k_c.
    rater_var : numpy.ndarray or float
        (P,) or scalar σ_R² (levels²) of each person's rater-person effect, self-leniency included.
    item_var : float
        σ_E², levels².

    Returns
    -------
    numpy.ndarray
        (K, P) σ_R² (Σ v)(Σ v / k) + σ_E² Σ v² / k; divided by (Σ v)² it is the variance of the mean.

    Notes
    -----
    The mean's error is Σ_r a_r u_r + Σ_c (v_c / k_c) Σ_r e_rc over (Σ v), with a_r = Σ_(c rated by r)
    v_c / k_c. Σ_r a_r² <= (Σ v)(Σ v / k), with equality when the same raters rate every item, so
    the rater term is an upper bound that needs no rater ids (docs/scoring.md, "Confidence").
    """
    return rater_var * weight * per_rater + item_var * per_item


def band(estimate: np.ndarray, error: np.ndarray, unanswered: np.ndarray) -> tuple[np.ndarray, ...]:
    """The 95% band of scores: ± Z_95 standard errors, the lower end further down for skipped answers.

    Parameters
    ----------
    estimate : numpy.ndarray
        (K, P) scores, 0..100.
    error : numpy.ndarray
        (K, P) their standard errors on the 0..1 scale.
    unanswered : numpy.ndarray
        (K, P) the unanswered share of each score's weight, 0..1.

    Returns
    -------
    low, high, half_width : numpy.ndarray
        Each (K, P): the band's ends clipped to 0..100, and its half-width before clipping
        (what names the confidence). The lower end is lower by unanswered ×
        `measurement.SKIP_SHORTFALL` / 4 × 100 (docs/scoring.md, "Confidence", part 4). NaN
        where nothing was answered.

    Examples
    --------
    >>> low, high, half = band(np.array([50.0]), np.array([0.1]), np.array([0.5]))
    >>> round(float(low[0]), 2), round(float(high[0]), 2), round(float(half[0]), 2)
    (24.15, 69.6, 22.73)
    """
    half = error * (Z_95 * 100)
    skip = unanswered * (SKIP_SHORTFALL / 4 * 100)
    return np.clip(estimate - half - skip, 0, 100), np.clip(estimate + half, 0, 100), half + skip / 2


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
    >>> [CONFIDENCE_LABELS[c] for c in confidence_codes(np.array([8.0, 15.0, 24.0, np.nan]))]
    ['high', 'medium', 'low', 'none']
    """
    codes = np.where(half_width <= CONFIDENCE_HIGH, 3, np.where(half_width <= CONFIDENCE_MEDIUM, 2, 1))
    return np.where(np.isnan(half_width), 0, codes).astype(np.int8)
