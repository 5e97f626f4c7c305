"""Intraclass correlations in the six forms of Shrout & Fleiss (1979), each with its 95% interval.

A complete targets x raters matrix (candidates as targets) gives the mean squares of the two-way
ANOVA; every form and its confidence interval follows from them:

=========  ==========================  =====================================================
form       model                       estimate
=========  ==========================  =====================================================
ICC(1,1)   one-way random              (MSR - MSW) / (MSR + (k-1) MSW)
ICC(1,k)   one-way, mean of k          (MSR - MSW) / MSR
ICC(2,1)   two-way random, absolute    (MSR - MSE) / (MSR + (k-1) MSE + k (MSC - MSE) / n)
ICC(2,k)   two-way random, mean of k   (MSR - MSE) / (MSR + (MSC - MSE) / n)
ICC(3,1)   two-way mixed, consistency  (MSR - MSE) / (MSR + (k-1) MSE)
ICC(3,k)   two-way mixed, mean of k    (MSR - MSE) / MSR
=========  ==========================  =====================================================

n targets, k raters; MSR between targets, MSC between raters, MSE residual, MSW within targets
((SSC + SSE) / (n (k-1))). The intervals are the F-based ones of Shrout & Fleiss (1979)
as restated by McGraw & Wong (1996, Table 7, cases 1, 2A and 3C, with their erratum): exact
F intervals for the one-way and the consistency forms, and Satterthwaite's approximate degrees of
freedom for ICC(2,·). They assume normal target and error effects, and for ICC(2,·) raters drawn
at random from a population of raters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import f as f_dist

from smm_eval.agreement.records import CONFIDENCE, NO_TARGET_VARIANCE, NO_VARIANCE, Reliability, gated

FORMS = ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)", "ICC(1,k)", "ICC(2,k)", "ICC(3,k)")


@dataclass(frozen=True)
class MeanSquares:
    """The two-way ANOVA of a complete n x k matrix: MSR, MSC, MSE, MSW and n, k."""

    msr: float
    msc: float
    mse: float
    msw: float
    n: int
    k: int


def mean_squares(matrix: np.ndarray) -> MeanSquares:
    """The ANOVA mean squares of a complete targets x raters matrix.

    Parameters
    ----------
    matrix : ndarray, shape (n, k)
        n >= 2 targets in rows, k >= 2 raters in columns, no NaN.

    Raises
    ------
    ValueError
        Below 2 x 2 or with missing values.
    """
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2 or np.isnan(x).any():
        raise ValueError("an ICC needs a complete matrix of at least 2 targets and 2 raters")
    n, k = x.shape
    grand = x.mean()
    ss_rows = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ss_cols = n * ((x.mean(axis=0) - grand) ** 2).sum()
    ss_error = ((x - grand) ** 2).sum() - ss_rows - ss_cols
    return MeanSquares(
        msr=ss_rows / (n - 1),
        msc=ss_cols / (k - 1),
        mse=max(ss_error, 0.0) / ((n - 1) * (k - 1)),
        msw=max(ss_cols + ss_error, 0.0) / (n * (k - 1)),
        n=n,
        k=k,
    )


def _ratio_bounds(ratio: float, df1: float, df2: float, alpha: float) -> tuple[float, float]:
    """F_L = F0 / F(1-a/2; df1, df2) and F_U = F0 * F(1-a/2; df2, df1) (Shrout & Fleiss 1979)."""
    return ratio / f_dist.ppf(1 - alpha / 2, df1, df2), ratio * f_dist.ppf(1 - alpha / 2, df2, df1)


def _icc2(ms: MeanSquares, alpha: float) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """ICC(2,1) and ICC(2,k) with their bounds (Satterthwaite degrees of freedom)."""
    n, k = ms.n, ms.k
    msr, msc, mse = np.float64(ms.msr), np.float64(ms.msc), np.float64(ms.mse)
    single_den = msr + (k - 1) * mse + k * (msc - mse) / n
    average_den = msr + (msc - mse) / n
    single = (msr - mse) / single_den if single_den > 0 else np.nan
    average = (msr - mse) / average_den if average_den > 0 and msr > 0 else np.nan
    a = k * single / (n * (1 - single))
    b = 1 + k * single * (n - 1) / (n * (1 - single))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
    fl = f_dist.ppf(1 - alpha / 2, n - 1, v)
    fu = f_dist.ppf(1 - alpha / 2, v, n - 1)
    low1 = n * (msr - fl * mse) / (fl * (k * msc + (k * n - k - n) * mse) + n * msr)
    high1 = n * (fu * msr - mse) / (k * msc + (k * n - k - n) * mse + n * fu * msr)
    lowk = n * (msr - fl * mse) / (fl * (msc - mse) + n * msr)
    highk = n * (fu * msr - mse) / (msc - mse + n * fu * msr)
    return (single, low1, high1), (average, lowk, highk)


def icc_all(matrix: np.ndarray, confidence: float = CONFIDENCE) -> dict[str, Reliability]:
    """Every Shrout & Fleiss ICC form of a complete matrix, each with its confidence interval.

    Parameters
    ----------
    matrix : ndarray, shape (n, k)
        Targets (candidates) x raters, complete.
    confidence : float
        Two-sided level of the intervals (0.95).

    Returns
    -------
    dict of str to Reliability
        Keyed by FORMS. With every cell equal each figure is gated as NO_VARIANCE; when the
        targets' means are all equal (MSR = 0) the single-rater forms are -1/(k-1) or so (no
        agreement) and the average forms, which divide by MSR, are gated as NO_TARGET_VARIANCE. A
        bound that is not finite (MSE = 0: perfect consistency) is None. No sample gate is applied
        here (see `smm_eval.agreement.panel`).

    Raises
    ------
    ValueError
        As `mean_squares`.

    Examples
    --------
    Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.

    >>> sf = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]])
    >>> {f: round(r.estimate, 2) for f, r in icc_all(sf).items()}  # doctest: +NORMALIZE_WHITESPACE
    {'ICC(1,1)': 0.17, 'ICC(2,1)': 0.29, 'ICC(3,1)': 0.71, 'ICC(1,k)': 0.44, 'ICC(2,k)': 0.62,
     'ICC(3,k)': 0.91}
    """
    ms = mean_squares(matrix)
    n, k = ms.n, ms.k

    def raters_of(form: str) -> int:
        return 1 if form.endswith("1)") else k

    if ms.msr + ms.msw <= 0:  # every cell equal
        return {form: gated(form, NO_VARIANCE, n, raters_of(form)) for form in FORMS}
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _all_values(ms, alpha)
    out = {}
    for form, (estimate, low, high) in values.items():
        if not np.isfinite(estimate):  # an average form when the candidates' means are all equal
            out[form] = gated(form, NO_TARGET_VARIANCE, n, raters_of(form))
        else:
            bounds = [float(b) if np.isfinite(b) else None for b in (low, high)]
            out[form] = Reliability(form, float(estimate), bounds[0], bounds[1], n, raters_of(form))
    return out


def _all_values(ms: MeanSquares, alpha: float) -> dict[str, tuple[float, float, float]]:
    """(estimate, low, high) of every form; non-finite where a mean square is 0."""
    n, k = ms.n, ms.k
    msr, msw, mse = np.float64(ms.msr), np.float64(ms.msw), np.float64(ms.mse)
    f1l, f1u = _ratio_bounds(msr / msw, n - 1, n * (k - 1), alpha)
    f3l, f3u = _ratio_bounds(msr / mse, n - 1, (n - 1) * (k - 1), alpha)
    icc2 = _icc2(ms, alpha)
    if msr <= 0:  # the average forms divide by MSR: none when the candidates' means are all equal
        single_1 = (msr - msw) / (msr + (k - 1) * msw)
        single_3 = (msr - mse) / (msr + (k - 1) * mse)
        nan = np.float64(np.nan)
        return {
            "ICC(1,1)": (single_1, single_1, single_1),
            "ICC(2,1)": (icc2[0][0], icc2[0][0], icc2[0][0]),
            "ICC(3,1)": (single_3, single_3, single_3),
            "ICC(1,k)": (nan, nan, nan),
            "ICC(2,k)": (nan, nan, nan),
            "ICC(3,k)": (nan, nan, nan),
        }
    return {
        "ICC(1,1)": ((msr - msw) / (msr + (k - 1) * msw), (f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)),
        "ICC(2,1)": icc2[0],
        "ICC(3,1)": ((msr - mse) / (msr + (k - 1) * mse), (f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)),
        "ICC(1,k)": ((msr - msw) / msr, 1 - 1 / f1l, 1 - 1 / f1u),
        "ICC(2,k)": icc2[1],
        "ICC(3,k)": ((msr - mse) / msr, 1 - 1 / f3l, 1 - 1 / f3u),
    }
