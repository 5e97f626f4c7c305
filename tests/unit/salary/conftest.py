"""Fixtures of the salary tests: the market data, the role ids and a model fitted on known medians."""

from __future__ import annotations

import pytest

from benchmarks.generators import generate_observations
from smm_eval.salary import fit_salary_model, load_salary_data

# Medians the synthetic observations are drawn around, per (level, region).
KNOWN = {
    ("junior", "moscow"): 70000,
    ("middle", "moscow"): 100000,
    ("middle", "other_region"): 60000,
    ("senior", "st_petersburg"): 120000,
}


@pytest.fixture(scope="module")
def data():
    return load_salary_data()


@pytest.fixture(scope="module")
def role_ids(roles):
    return tuple(roles)


@pytest.fixture(scope="package")
def fitted(roles):
    observations = generate_observations(KNOWN, per_cell=200, seed=3)
    return fit_salary_model(observations, tuple(roles))
