"""Per-person rwg, weighted kappa against a published example, and the deviating-rater flag."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smm_eval.agreement.raters import (
    CHANCE_RATE,
    chance_rate,
    deviating_raters,
    deviation_threshold,
    rwg,
    weighted_kappa,
)


def xeromammograms() -> tuple[np.ndarray, np.ndarray]:
    """Two radiologists' ratings of 85 xeromammograms in 4 ordered categories (Boyd et al. 1982).

    Published in Altman (1991), Practical Statistics for Medical Research, Table 14.3, and as the
    `rate2` example of Stata's `kap` command (Stata Base Reference Manual, "kappa"): kappa 0.4728,
    weighted kappa with linear weights 1 - |i - j| / (k - 1) 0.5684.
    """
    table = np.array([[21, 12, 0, 0], [4, 17, 1, 0], [3, 9, 15, 2], [0, 0, 0, 1]])
    first = np.repeat(np.arange(4), table.sum(axis=1))
    second = np.concatenate([np.repeat(np.arange(4), row) for row in table])
    return first, second


def test_weighted_kappa_matches_the_published_example():
    first, second = xeromammograms()
    assert len(first) == 85
    assert round(weighted_kappa(first, second, "linear"), 4) == 0.5684
    from sklearn.metrics import cohen_kappa_score

    assert round(cohen_kappa_score(first, second), 4) == 0.4728


def test_rwg_is_one_for_identical_ratings_and_about_zero_for_random_ones():
    count = np.full((1, 25), 2)
    assert rwg(count, np.zeros((1, 25))).tolist() == [1.0]
    rng = np.random.default_rng(0)
    levels = rng.integers(0, 5, size=(2000, 25, 2)).astype(float)
    variance = levels.var(axis=2, ddof=1)
    values = rwg(np.full((2000, 25), 2), variance)
    # Random uniform levels: the mean variance is the null variance 2, so rwg is about 0 (clipped).
    assert np.mean(values) < 0.1
    # The old "share within one level" gave about 0.52 for the same random ratings.
    assert np.mean(np.abs(levels[..., 0] - levels[..., 1]) <= 1) == pytest.approx(0.52, abs=0.01)
    assert np.isnan(rwg(np.ones((1, 3)), np.full((1, 3), np.nan))[0])


def test_the_chance_rate_of_a_flag_does_not_grow_with_the_panel():
    rates = {n: chance_rate(n, seed=7) for n in range(2, 9)}
    assert rates[2] == pytest.approx(CHANCE_RATE, abs=0.005)
    assert all(rate <= CHANCE_RATE + 0.005 for rate in rates.values())
    assert deviation_threshold(2) == 2.0 and deviation_threshold(3) == 2.5


def test_the_deviating_rater_is_named():
    ratings = pd.DataFrame(
        {
            "person": ["A"] * 4 + ["B"] * 2,
            "rater": ["r1", "r2", "r3", "r4", "r1", "r2"],
            "competency": "seo",
            "level": [1, 1, 1, 4, 0, 2],
        }
    )
    flags = deviating_raters(ratings)
    # A: r4 is 3 levels above the others' mean (threshold for 4 raters: 2 2/3); the others are 1 below.
    # B: two raters two levels apart are both named.
    assert flags[["person", "rater"]].values.tolist() == [["A", "r4"], ["B", "r1"], ["B", "r2"]]
    assert flags.loc[0, "others"] == 1.0 and flags.loc[0, "deviation"] == 3.0 and flags.loc[0, "raters"] == 4
    assert deviating_raters(ratings.iloc[:0]).empty


def test_rwg_has_no_figure_below_two_raters_and_a_band_above():
    # Issue 15: "Agreement" read 100% where one rater agrees with nobody. Below two raters there is
    # no figure whatever the number says; otherwise LeBreton & Senter (2008)'s bands, limits included.
    from smm_eval.agreement.raters import NO_COMMON_COMPETENCY, TOO_FEW_RATERS, rwg_status

    assert rwg_status(1.0, 1) == rwg_status(float("nan"), 0) == TOO_FEW_RATERS
    assert rwg_status(float("nan"), 2) == rwg_status(None, 3) == NO_COMMON_COMPETENCY
    values = [0.0, 0.30, 0.31, 0.50, 0.51, 0.70, 0.71, 0.90, 0.91, 1.0]
    assert [rwg_status(v, 2) for v in values] == [
        "lack", "lack", "weak", "weak", "moderate", "moderate", "strong", "strong", "very_strong", "very_strong",
    ]  # fmt: skip
    # rwg itself: two raters one level apart on every competency: s² = 0.5, rwg = 1 - 0.5/2 = 0.75 (strong).
    value = float(rwg(np.array([[2, 2]]), np.array([[0.5, 0.5]]))[0])
    assert value == 0.75 and rwg_status(value, 2) == "strong"
