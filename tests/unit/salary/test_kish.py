"""Kish's effective n in the salary fit (issue 18, finding 8): when the age weights differ, the n
beside a figure and the n of the credibility weight w = n / (n + k) are the effective number
n_eff = (Σw)² / Σw² (Kish 1965, Survey Sampling, section 11.7), not the raw count."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from benchmarks.generators import generate_observations
from smm_eval.errors import InputError
from smm_eval.salary import QuantileSalaryModel, SalaryQuery, load_market
from smm_eval.salary.features import effective_cells, kish_effective_n


def test_kish_effective_n_by_hand():
    # Σw = 1 + 0.5 + 0.5 + 0.25 = 2.25; Σw² = 1 + 0.25 + 0.25 + 0.0625 = 1.5625; 2.25² / 1.5625 = 3.24.
    assert kish_effective_n(np.array([1.0, 0.5, 0.5, 0.25])) == pytest.approx(3.24)
    assert kish_effective_n(np.array([0.3, 0.3])) == pytest.approx(2.0)  # equal weights: n itself
    assert kish_effective_n(np.array([1.0, 0.0, 0.0])) == pytest.approx(1.0)  # the others weigh nothing
    assert kish_effective_n(np.array([])) == 0.0


def test_effective_cells_group_by_the_exact_cell():
    frame = pd.DataFrame(
        {"level": ["middle"] * 3 + ["senior"], "region": ["moscow"] * 4, "work_format": ["remote"] * 4,
         "role": ["smm_manager"] * 4}
    )  # fmt: skip
    cells = effective_cells(frame, np.array([1.0, 0.5, 0.5, 0.25]))
    # middle: (1 + 0.5 + 0.5)² / (1 + 0.25 + 0.25) = 4 / 1.5 = 2.667; senior: one row, n_eff 1.
    assert cells[("middle", "moscow", "remote", "smm_manager")] == pytest.approx(8 / 3)
    assert cells[("senior", "moscow", "remote", "smm_manager")] == pytest.approx(1.0)


def test_old_observations_count_for_less_in_n_and_in_the_weight(role_ids):
    us = load_market("united_states")
    frame = generate_observations({("middle", "national"): 70000, ("senior", "national"): 95000}, 80, seed=1)
    frame["currency"], frame["date"] = "USD", date(2025, 12, 31)
    query = SalaryQuery("middle", "national", "office", market="united_states")
    cell = (
        (frame["level"] == "middle") & (frame["region"] == "national")
        & (frame["work_format"] == "office") & (frame["role"] == query.role)
    )  # fmt: skip
    rows = frame.index[cell]
    old = rows[: len(rows) // 2]
    # 2021-12-31 is 1,461 days = 4 years of 365.25 days before 2025-12-31: weight 0.5 ** 4 = 1/16.
    frame.loc[old, "date"] = date(2021, 12, 31)
    a, b = len(rows) - len(old), len(old)  # new rows (weight 1) and old rows (weight 1/16)
    n_eff = (a + b / 16) ** 2 / (a + b / 256)  # Kish: (Σw)² / Σw²
    model = QuantileSalaryModel().fit(frame, role_ids, us)
    estimate = model.estimate(query, us)
    assert estimate.n == a + b and a >= 5 and b >= 5
    assert estimate.n_effective == pytest.approx(n_eff)
    assert estimate.n_effective < estimate.n
    assert estimate.weight == pytest.approx(n_eff / (n_eff + 10))  # w = n_eff / (n_eff + k), k = 10
    doc = estimate.as_json()
    assert doc["n"] == a + b and doc["n_effective"] == pytest.approx(round(n_eff, 2))
    again = QuantileSalaryModel.from_json(model.to_json()).estimate(query, us)
    assert again.n_effective == pytest.approx(n_eff) and again.weight == pytest.approx(estimate.weight)


def test_a_stored_model_without_effective_n_is_refitted(role_ids):
    us = load_market("united_states")
    frame = generate_observations({("middle", "national"): 70000}, 80, seed=2)
    frame["currency"], frame["date"] = "USD", date(2025, 12, 31)
    document = QuantileSalaryModel().fit(frame, role_ids, us).to_json()
    for count in document["counts"]:
        del count["n_effective"]  # a model stored before this change
    with pytest.raises(InputError, match="n_effective"):
        QuantileSalaryModel.from_json(document)  # the service refits on InputError
