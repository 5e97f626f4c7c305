"""The quantile estimator: recovers known medians, never crosses, falls back, persists."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from benchmarks.generators import generate_observations
from smm_eval.errors import InputError
from smm_eval.salary import (
    MIN_MATCHING,
    QUANTILES,
    REGIONS,
    WORK_FORMATS,
    QuantileSalaryModel,
    SalaryModel,
    SalaryQuery,
    fit_salary_model,
)
from smm_eval.vocabulary import CAREER_LEVELS

from .conftest import KNOWN


def test_fitting_recovers_known_medians_within_10_percent(fitted):
    for (level, region), median in KNOWN.items():
        estimate = fitted.estimate(SalaryQuery(level, region, "office"))
        assert estimate.method == "fitted" and estimate.n >= MIN_MATCHING
        assert estimate.p50 == pytest.approx(median, rel=0.10), (level, region)


def test_fitted_quantiles_never_cross(fitted, role_ids):
    combinations = itertools.product(CAREER_LEVELS, REGIONS, WORK_FORMATS, role_ids[:3])
    frame = pd.DataFrame(combinations, columns=["level", "region", "work_format", "role"])
    values = fitted.predict_quantiles(frame)  # one batch: a row at a time is slow under load
    assert values.shape == (len(frame), len(QUANTILES))
    assert np.all(np.diff(values, axis=1) >= 0)
    estimate = fitted.estimate(SalaryQuery("middle", "moscow", "hybrid"))
    assert sorted(estimate.quantiles) == list(QUANTILES)
    assert list(estimate.quantiles.values()) == sorted(estimate.quantiles.values())


def test_too_few_matching_observations_fall_back_to_the_baseline(fitted):
    estimate = fitted.estimate(SalaryQuery("lead", "million_city", "office"))
    assert estimate.method == "baseline" and estimate.n == 0
    assert "only 0 of your observations match lead in million_city" in estimate.fallback_reason


def test_fitting_needs_enough_observations(role_ids):
    small = generate_observations({("middle", "moscow"): 80000}, per_cell=20)
    with pytest.raises(InputError, match="at least 60 observations"):
        fit_salary_model(small, role_ids)


def test_the_estimator_keeps_its_hyper_parameters_and_fit_returns_self(roles):
    model = QuantileSalaryModel(min_matching=10, half_life_years=2.0, random_state=4)
    assert (model.min_matching, model.half_life_years, model.random_state) == (10, 2.0, 4)
    assert model.quantiles == QUANTILES
    assert not [name for name in vars(model) if name.endswith("_")]
    observations = generate_observations({("middle", "moscow"): 80000}, per_cell=40, seed=1)
    assert model.fit(observations, tuple(roles)) is model
    fitted_names = {name for name in vars(model) if name.endswith("_")}
    assert {"models_", "roles_", "reference_", "currency_", "n_", "counts_", "metrics_"} <= fitted_names
    assert model.n_ == 40 and model.counts_ == {("middle", "moscow"): 40} and model.currency_ == "RUB"
    assert sorted(model.models_) == list(QUANTILES)


def test_quantiles_must_include_the_quartiles_and_median(roles):
    observations = generate_observations({("middle", "moscow"): 80000}, per_cell=80)
    with pytest.raises(ValueError, match="quantiles must include"):
        QuantileSalaryModel(quantiles=(0.1, 0.9)).fit(observations, tuple(roles))


def test_a_model_survives_bytes(fitted):
    loaded = SalaryModel.from_bytes(fitted.to_bytes())
    assert isinstance(loaded, QuantileSalaryModel)
    query = SalaryQuery("senior", "st_petersburg", "hybrid", "smm_analyst", 3, "deep")
    assert loaded.estimate(query) == fitted.estimate(query)
    assert loaded.metrics_ == fitted.metrics_


def test_a_model_pickled_before_the_package_split_still_loads(fitted):
    """Blobs in salary_datasets name `smm_eval.salary.SalaryModel` with attributes without `_`."""
    old_state = {
        "models": fitted.models_, "roles": fitted.roles_, "reference": fitted.reference_,
        "currency": fitted.currency_, "n": fitted.n_, "counts": fitted.counts_, "metrics": fitted.metrics_.as_json(),
    }  # fmt: skip
    old = SalaryModel.__new__(SalaryModel)
    old.__setstate__(dict(old_state))
    query = SalaryQuery("middle", "moscow", "office")
    assert old.estimate(query) == fitted.estimate(query)
    assert old.metrics_ == fitted.metrics_ and old.min_matching == MIN_MATCHING
