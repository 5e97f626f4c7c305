"""Agreement between raters of one person: rwg, weighted kappa, and which rater deviates.

- **rwg** (James, Demaree & Wolf 1984): 1 - s²/σ²_EU, the observed variance across raters against
  the variance expected if they answered at random, uniformly over the A = 5 levels:
  σ²_EU = (A² - 1) / 12 = 2. Per person, s² is the mean over the competencies rated by two or more
  raters of the sample variance (denominator k - 1); the figure is 1 - mean s² / 2, clipped to
  0..1 (a variance above the random one is no agreement; LeBreton & Senter 2008). It is the mean
  single-item rwg, not rwg(J): the competencies are different constructs, not parallel items, and
  rwg(J)'s Spearman-Brown step would inflate it. Random ratings give about 0 (the old "share within
  one level" gave about 0.52); identical ratings give 1.
- **Weighted kappa** (Cohen 1968) for two raters over the same items, via scikit-learn.
- **Deviating rater**: for each (person, competency) rated by n >= 2 raters, each rater's
  deviation |level - mean of the other raters|; a rater is flagged when it reaches the panel's
  threshold `deviation_threshold(n)`: the smallest threshold whose chance of flagging someone in a
  cell of n independent, uniformly random levels is at most that of two raters two levels apart
  (12/25 = 0.48), found by exact enumeration of the 5^n panels. The chance rate then does not grow
  with the panel (a range >= 2 rule flags 48% of random cells with 2 raters, 77% with 3, 96% with 5).
- **rwg's band and gate** (`rwg_status`): no figure with fewer than two raters (one rater agrees
  with nobody: the page says "not enough raters", never 100%) or when no competency was rated by
  two raters; otherwise LeBreton & Senter (2008, Table 3)'s band: up to .30 lack of agreement,
  .31-.50 weak, .51-.70 moderate, .71-.90 strong, .91-1.00 very strong.
"""

from __future__ import annotations

from functools import cache
from itertools import product

import numpy as np
import pandas as pd

LEVELS = 5  # 0..4
NULL_VARIANCE = (LEVELS**2 - 1) / 12  # = 2, uniform null (James, Demaree & Wolf 1984)
TWO_RATER_LEVELS = 2  # two raters this far apart are flagged
CHANCE_RATE = 12 / 25  # P(|a - b| >= 2) for two uniform levels 0..4: the rate every panel keeps
ENUMERATED = 8  # panels up to this size are enumerated exactly; larger ones reuse its threshold
FLAG_COLUMNS = ["person", "competency", "rater", "level", "others", "deviation", "raters"]
# LeBreton & Senter (2008, Table 3): upper limits of each band of rwg.
RWG_BANDS = ((0.30, "lack"), (0.50, "weak"), (0.70, "moderate"), (0.90, "strong"), (float("inf"), "very_strong"))
TOO_FEW_RATERS = "too_few_raters"  # fewer than two raters: agreement is undefined
NO_COMMON_COMPETENCY = "no_common_competency"  # two raters or more, but no competency rated by two


def rwg(count: np.ndarray, variance: np.ndarray) -> np.ndarray:
    """Per person rwg across raters (see the module docstring), NaN when nothing is multi-rated.

    Parameters
    ----------
    count : ndarray, shape (P, C)
        Raters per (person, competency).
    variance : ndarray, shape (P, C)
        Sample variance (denominator k - 1) across raters, NaN below two raters.

    Returns
    -------
    ndarray, shape (P,)
        0..1.

    >>> rwg(np.array([[2, 2, 1]]), np.array([[0.0, 2.0, np.nan]])).tolist()
    [0.5]
    """
    multi = np.asarray(count) > 1
    n_multi = multi.sum(axis=1)
    total = np.where(multi, np.nan_to_num(np.asarray(variance, dtype=float)), 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 1 - (total / n_multi) / NULL_VARIANCE
    return np.where(n_multi > 0, np.clip(value, 0.0, 1.0), np.nan)


def rwg_status(value: float | None, raters: int) -> str:
    """What a person's rwg means: its band, or why there is no figure.

    Parameters
    ----------
    value : float or None
        rwg (0..1, `rwg`), NaN or None when undefined.
    raters : int
        Raters of the person (self-ratings never count).

    Returns
    -------
    str
        TOO_FEW_RATERS below two raters (whatever `value` says), NO_COMMON_COMPETENCY when no
        competency was rated by two raters (`value` NaN), else the band of RWG_BANDS
        (LeBreton & Senter 2008) of the value rounded to two decimals, as it is shown (their bands
        are of two-decimal values: .31-.50 is weak): "lack", "weak", "moderate", "strong" or
        "very_strong".

    >>> rwg_status(1.0, 1), rwg_status(float("nan"), 2), rwg_status(0.3, 2), rwg_status(0.93, 2)
    ('too_few_raters', 'no_common_competency', 'lack', 'very_strong')
    >>> rwg_status(0.304, 2), rwg_status(0.306, 2)  # shown as 0.30 and 0.31: banded as shown
    ('lack', 'weak')
    """
    if raters < 2:
        return TOO_FEW_RATERS
    if value is None or value != value:
        return NO_COMMON_COMPETENCY
    shown = round(float(value), 2)  # the bands are of two-decimal values, as the figure is shown
    return next(name for limit, name in RWG_BANDS if shown <= limit + 1e-12)


def weighted_kappa(first: pd.Series | np.ndarray, second: pd.Series | np.ndarray, weights: str = "linear") -> float:
    """Cohen's (1968) weighted kappa of two raters over the same items (scikit-learn).

    Parameters
    ----------
    first, second : array-like, shape (N,)
        The two raters' levels on the same N items.
    weights : str
        "linear" (disagreement |i - j|) or "quadratic" ((i - j)²; close to an ICC).

    Returns
    -------
    float
        NaN when undefined (one category only).
    """
    from sklearn.metrics import cohen_kappa_score  # scikit-learn loads only when kappa is asked for

    with np.errstate(invalid="ignore", divide="ignore"):
        return float(cohen_kappa_score(np.asarray(first), np.asarray(second), weights=weights))


def _max_deviation(panels: np.ndarray) -> np.ndarray:
    """Largest |level - mean of the others| per panel (rows: panels, columns: raters)."""
    n = panels.shape[1]
    others = (panels.sum(axis=1, keepdims=True) - panels) / (n - 1)
    return np.abs(panels - others).max(axis=1)


@cache
def deviation_threshold(n: int) -> float:
    """The deviation (levels) from the others' mean that flags a rater in a panel of n raters.

    The smallest achievable deviation whose chance rate (someone flagged in a cell of n
    independent uniform levels 0..4) is at most CHANCE_RATE, by exact enumeration of the 5^n
    panels (n <= 8; larger panels use the threshold of 8). Two raters: 2 levels apart.

    >>> [round(deviation_threshold(n), 2) for n in (2, 3, 4)]
    [2.0, 2.5, 2.67]
    """
    if n < 2:
        raise ValueError("a deviation needs at least two raters")
    n = min(n, ENUMERATED)
    panels = np.array(list(product(range(LEVELS), repeat=n)), dtype=np.int8).astype(float)
    deviation = np.round(_max_deviation(panels), 9)
    for value in np.unique(deviation):
        if value > 0 and (deviation >= value).mean() <= CHANCE_RATE + 1e-12:
            return float(value)
    return float(deviation.max())


def chance_rate(n: int, cells: int = 200_000, seed: int = 0) -> float:
    """Share of cells of n uniform random levels in which `deviating_raters` flags someone.

    A seeded simulation (for the docs and tests) of the rule's false-alarm rate under chance.
    """
    panels = np.random.default_rng(seed).integers(0, LEVELS, size=(cells, n)).astype(float)
    return float((np.round(_max_deviation(panels), 9) >= deviation_threshold(n) - 1e-9).mean())


def deviating_raters(ratings: pd.DataFrame) -> pd.DataFrame:
    """Raters whose level deviates from the other raters' mean by the panel's threshold or more.

    Parameters
    ----------
    ratings : DataFrame
        Tidy ratings: person, rater, competency, level (0..4).

    Returns
    -------
    DataFrame
        FLAG_COLUMNS: person, competency, the rater named, their level, the others' mean, the
        deviation (levels) and the number of raters; sorted by person, competency, rater.
    """
    if ratings.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    r = ratings[["person", "competency", "rater", "level"]].copy()
    r["level"] = r["level"].astype(float)
    group = r.groupby(["person", "competency"], sort=False)["level"]
    r["raters"] = group.transform("count")
    r = r[r["raters"] >= 2]
    total = r.groupby(["person", "competency"], sort=False)["level"].transform("sum")
    r["others"] = (total - r["level"]) / (r["raters"] - 1)
    r["deviation"] = (r["level"] - r["others"]).abs()
    limit = r["raters"].map(lambda n: deviation_threshold(int(n)))
    flagged = r[r["deviation"].round(9) >= limit - 1e-9]
    flagged = flagged.assign(raters=flagged["raters"].astype(int))
    return flagged[FLAG_COLUMNS].sort_values(["person", "competency", "rater"]).reset_index(drop=True)
