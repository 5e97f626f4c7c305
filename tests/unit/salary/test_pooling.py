"""Partial pooling with the baseline, observations in today's money, and estimates that carry everything.

Issue 14: the fitted model used a hard cut-off at 30 observations, was never indexed, and its
estimates lacked the market, money date, floor and gross/net a baseline estimate carries.
"""

from __future__ import annotations

import itertools
import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.generators import generate_observations
from smm_eval.errors import InputError
from smm_eval.salary import QuantileSalaryModel, SalaryQuery, baseline_estimate, load_market
from smm_eval.salary.observed import market_observations
from smm_eval.salary.pooling import credibility_weight, pooled_ladder
from smm_eval.vocabulary import CAREER_LEVELS


def test_the_credibility_weight_is_n_over_n_plus_k():
    # k = 10: 10 observations weigh as much as the baseline, 40 four-fifths, none nothing.
    assert credibility_weight(10) == 0.5
    assert credibility_weight(40) == 0.8
    assert credibility_weight(0) == 0.0
    with pytest.raises(ValueError, match="k > 0"):
        credibility_weight(3, 0)


def test_a_blend_that_runs_backwards_is_pooled_into_a_monotone_ladder():
    # Two levels, one quantile. w = 30/40 = 0.75 and 10/20 = 0.5:
    # level 0: 0.75 ln 200 + 0.25 ln 100 = ln 168.18; level 1: 0.5 ln 50 + 0.5 ln 120 = ln 77.46.
    # Backwards, so pool-adjacent-violators gives both the mean of the logs: ln sqrt(168.18 × 77.46) = ln 114.14.
    pooled, weights = pooled_ladder(np.log([[200.0], [50.0]]), np.log([[100.0], [120.0]]), np.array([30, 10]))
    assert weights.tolist() == [0.75, 0.5]
    assert np.exp(pooled[:, 0]) == pytest.approx([114.14, 114.14], rel=1e-4)
    # Already in order: only the blend (level 0: sqrt(50 × 100) = 70.71, w = 0.5; level 1: the baseline, w = 0).
    ordered, _ = pooled_ladder(np.log([[50.0], [200.0]]), np.log([[100.0], [100.0]]), np.array([10, 0]))
    assert np.exp(ordered[:, 0]) == pytest.approx([70.71, 100.0], rel=1e-4)


def test_observations_are_indexed_to_the_money_date_and_say_how():
    """Rosstat index: 2023-07-01 74,854; 2025-11-30 (the money date) 99,957; first point 2022-07-01 65,300."""
    russia = load_market("russia")
    frame = pd.DataFrame(
        {
            "salary": [100000.0, 100000.0, 100000.0, 87000.0],
            "date": [date(2023, 7, 1), date(2026, 3, 1), date(2021, 1, 1), date(2025, 11, 30)],
            "gross": [True, None, True, False],
        }
    )
    indexed, notes = market_observations(frame, russia)
    # 100,000 × 99,957 / 74,854 = 133,536; after the index: as is; before: from the first point,
    # 100,000 × 99,957 / 65,300 = 153,074; net 87,000 is gross 87,000 / 0.87 = 100,000 (13% NDFL).
    assert indexed["salary"].tolist() == pytest.approx([133536.0, 100000.0, 153073.5, 100000.0], rel=1e-5)
    assert (notes.indexed, notes.after_index, notes.before_index) == (3, 1, 1)
    assert (notes.net_to_gross, notes.gross_not_stated, notes.money_date) == (1, 1, date(2025, 11, 30))


def test_net_amounts_are_refused_where_the_market_has_no_tax_rule():
    frame = pd.DataFrame({"salary": [80000.0], "date": [date(2026, 1, 1)], "gross": [False]})
    with pytest.raises(InputError, match="no verified tax rule") as caught:
        market_observations(frame, load_market("united_states"))
    assert caught.value.problems[0].code == "salary.net_no_tax"


def _us_frame(per_cell: int = 80) -> pd.DataFrame:
    """US observations: annual USD, the national region, dated before the ECI's last point."""
    frame = generate_observations({("middle", "national"): 70000, ("senior", "national"): 95000}, per_cell, seed=1)
    frame["currency"], frame["date"] = "USD", date(2025, 12, 31)
    return frame


def test_a_fitted_estimate_carries_everything_a_baseline_estimate_carries(role_ids):
    us = load_market("united_states")
    model = QuantileSalaryModel().fit(_us_frame(), role_ids, us)
    estimate = model.estimate(SalaryQuery("middle", "national", "office", market="united_states"), us)
    doc = estimate.as_json()
    assert (doc["market"], doc["currency"], doc["period"], doc["money_date"]) == (
        "united_states", "USD", "year", "2026-03-31",
    )  # fmt: skip
    assert (doc["gross_net"], doc["pay_kind"], doc["floor"], doc["method"]) == ("gross", "offered", 15080, "fitted")
    assert doc["index_factor"] == pytest.approx(177.498 / 166.954, abs=1e-4)
    assert doc["n"] == estimate.n > 0 and doc["weight"] == pytest.approx(estimate.n / (estimate.n + 10), abs=1e-4)
    observations = next(s for s in doc["sources"] if s["id"] == "observations")
    # ECI 2025-12-31 176.233 → 2026-03-31 177.498: every row × 1.00718.
    assert observations["indexed_to"] == "2026-03-31" and observations["indexed"] == 160
    assert {"bls_oews_2024_13_1161", "bls_eci_2026q1", "flsa_minimum_wage"} <= {s["id"] for s in doc["sources"]}


def test_the_floor_applies_after_the_blend(role_ids, data):
    """Trainee pay of about 12,000 RUB a month is below the 2025 MROT (22,440): no quantile may show it."""
    frame = generate_observations({("trainee", "other_region"): 12000, ("junior", "other_region"): 30000}, 60, seed=2)
    model = QuantileSalaryModel().fit(frame, role_ids, data)
    estimate = model.estimate(SalaryQuery("trainee", "other_region", "office"), data)
    assert estimate.method == "fitted" and estimate.weight > 0.5
    assert min(estimate.quantiles.values()) == 22440 and estimate.floor_binds
    net = model.estimate(SalaryQuery("trainee", "other_region", "office", gross_net="net"), data)
    assert min(net.quantiles.values()) == pytest.approx(22440 * 0.87)  # the floor before tax


def test_a_model_answers_only_its_own_market(role_ids):
    us = load_market("united_states")
    model = QuantileSalaryModel().fit(_us_frame(), role_ids, us)
    russia = model.estimate(SalaryQuery("middle", "moscow", "office"))
    assert (
        russia.method == "baseline"
        and russia.currency == "RUB"
        and "your observations are in USD" in (russia.fallback_reason or "")
    )
    with pytest.raises(InputError) as caught:
        QuantileSalaryModel().fit(_us_frame(), role_ids, load_market("russia"))
    assert caught.value.problems[0].code == "salary.currency_market"


LEVELS_ST = st.sampled_from(CAREER_LEVELS)
REGIONS_ST = st.sampled_from(("moscow", "st_petersburg", "million_city", "other_region"))
ROLES_ST = st.sampled_from(("smm_manager", "smm_analyst", "head_of_smm"))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.tuples(LEVELS_ST, REGIONS_ST, ROLES_ST, st.floats(15000, 400000)), min_size=2, max_size=6),
    seed=st.integers(0, 10_000),
)
def test_p50_rises_with_level_for_every_role_region_and_format_whatever_the_file(cells, seed, role_ids, data):
    """Issue 14 "Done when": P50 rises with level, fitted or not, for random observation files
    (medians drawn at random per cell, so files whose pay runs backwards in level are common)."""
    rng = np.random.default_rng(seed)
    rows = []
    for level, region, role, median in cells:
        for value in median * np.exp(rng.normal(0, 0.3, 40)):
            rows.append({"salary_from": value * 0.9, "salary_to": value * 1.1, "currency": "RUB", "region": region,
                         "level": level, "work_format": rng.choice(["office", "hybrid", "remote"]), "role": role,
                         "date": date(2024, int(rng.integers(1, 13)), 1), "salary": value})  # fmt: skip
    model = QuantileSalaryModel().fit(pd.DataFrame(rows), role_ids, data)
    roles = ("smm_manager", "smm_analyst", "head_of_smm", "smm_editor")  # the file's roles, and one without rows
    for region, work_format, role in itertools.product(data.regions, ("office", "hybrid", "remote"), roles):
        ladder = [model.estimate(SalaryQuery(lv, region, work_format, role), data) for lv in CAREER_LEVELS]
        p50 = [e.p50 for e in ladder]
        assert all(b >= a for a, b in itertools.pairwise(p50)), (region, work_format, role, p50)
        assert all(min(e.quantiles.values()) >= 22440 for e in ladder)  # never below the MROT at the money date
        assert all(list(e.quantiles.values()) == sorted(e.quantiles.values()) for e in ladder)


def test_the_baseline_ladder_is_the_pooled_ladder_of_a_cell_without_data(fitted, data):
    for level in CAREER_LEVELS:
        query = SalaryQuery(level, "million_city", "remote", "smm_editor")
        assert fitted.estimate(query, data).p50 == pytest.approx(baseline_estimate(query, data).p50, rel=1e-12)
    assert math.isclose(fitted.credibility_k, 10.0)
