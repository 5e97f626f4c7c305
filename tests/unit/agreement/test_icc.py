"""The six Shrout & Fleiss ICC forms and their 95% intervals against published values."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import f as f_dist

from smm_eval.agreement.icc import FORMS, icc_all, mean_squares
from smm_eval.agreement.records import NO_TARGET_VARIANCE, NO_VARIANCE

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SF = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], dtype=float)

# Point estimates: Shrout & Fleiss (1979), Table 4. Intervals: the documented output of R's
# psych::ICC (Revelle) for the same data (lower/upper bound columns, 95%).
PUBLISHED = {
    "ICC(1,1)": (0.17, -0.133, 0.72),
    "ICC(2,1)": (0.29, 0.019, 0.76),
    "ICC(3,1)": (0.71, 0.342, 0.95),
    "ICC(1,k)": (0.44, -0.884, 0.91),
    "ICC(2,k)": (0.62, 0.071, 0.93),
    "ICC(3,k)": (0.91, 0.676, 0.99),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_matches_shrout_and_fleiss_table_and_its_interval(form):
    figure = icc_all(SF)[form]
    estimate, low, high = PUBLISHED[form]
    assert round(figure.estimate, 2) == estimate
    assert round(figure.low, 3) == low
    assert round(figure.high, 2) == high
    assert figure.form == form and figure.n_targets == 6
    assert figure.n_raters == (4 if form.endswith("k)") else 1)
    assert figure.low < figure.estimate < figure.high


def test_the_one_way_and_consistency_intervals_follow_the_f_formulas_by_hand():
    ms = mean_squares(SF)
    n, k = 6, 4
    # Shrout & Fleiss (1979): F0 = MSR/MSE, F_L = F0 / F(.975; n-1, (n-1)(k-1)), F_U = F0 F(.975; (n-1)(k-1), n-1).
    f0 = ms.msr / ms.mse
    fl = f0 / f_dist.ppf(0.975, n - 1, (n - 1) * (k - 1))
    fu = f0 * f_dist.ppf(0.975, (n - 1) * (k - 1), n - 1)
    figure = icc_all(SF)["ICC(3,1)"]
    assert figure.low == pytest.approx((fl - 1) / (fl + k - 1))
    assert figure.high == pytest.approx((fu - 1) / (fu + k - 1))
    assert icc_all(SF)["ICC(3,k)"].low == pytest.approx(1 - 1 / fl)
    assert ms.msr == pytest.approx(11.24, abs=0.01) and ms.mse == pytest.approx(1.02, abs=0.01)  # S&F Table 3


def test_two_raters_in_opposite_order_are_not_in_agreement():
    # The case: two raters rank three candidates in exactly opposite order.
    opposite = np.array([[25.0, 75.0], [50.0, 50.0], [75.0, 25.0]])
    forms = icc_all(opposite)
    # Candidates as targets: their mean scores are all 50 (MSR = 0), so one rater's reliability is
    # -1/(k-1) = -1 for ICC(1,1) and ICC(3,1), and -MSE / (MSE - 2 MSE / 3) = -3 for ICC(2,1).
    assert [round(forms[f].estimate, 6) for f in ("ICC(1,1)", "ICC(2,1)", "ICC(3,1)")] == [-1.0, -3.0, -1.0]
    assert all(forms[f].gate == NO_TARGET_VARIANCE for f in ("ICC(1,k)", "ICC(2,k)", "ICC(3,k)"))
    nearly = np.array([[25.0, 75.0], [50.0, 50.0], [75.0, 30.0], [40.0, 60.0], [60.0, 35.0]])
    assert all(f.estimate is None or f.estimate <= 0 for f in icc_all(nearly).values())
    assert icc_all(nearly)["ICC(2,1)"].estimate < 0


def test_no_variance_is_gated_and_a_ragged_matrix_refused():
    assert icc_all(np.full((5, 2), 3.0))["ICC(2,1)"].gate == NO_VARIANCE
    with pytest.raises(ValueError, match="complete matrix"):
        icc_all(np.array([[1.0, np.nan], [2.0, 3.0]]))
