"""The quantile estimator: recovers known medians, never crosses, monotone in level, exact-cell n, falls
back per role/region/format, persists as validated JSON (never a pickle)."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smm_eval
import smm_eval.salary
from benchmarks.generators import generate_observations
from smm_eval.errors import InputError
from smm_eval.salary import (
    MIN_MATCHING,
    QUANTILES,
    REGIONS,
    WORK_FORMATS,
    QuantileSalaryModel,
    SalaryQuery,
    baseline_estimate,
    fit_count,
    fit_salary_model,
    range_by_level,
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


def test_a_cell_without_observations_gets_weight_0_and_the_baseline(fitted, data):
    """Issue 14: the hard cut-off at 30 observations per role, region and format is gone; a cell
    none of whose ladder has observations is the baseline exactly, with weight 0, and says so."""
    estimate = fitted.estimate(SalaryQuery("lead", "million_city", "office"))
    baseline = baseline_estimate(SalaryQuery("lead", "million_city", "office"), data)
    assert estimate.method == "baseline" and estimate.n == 0 and estimate.weight == 0.0
    assert estimate.quantiles == pytest.approx(baseline.quantiles, rel=1e-12)
    assert "none of your observations are in this exact level, role, region and format" in estimate.fallback_reason


def test_n_is_counted_over_the_exact_cell_not_the_level_and_region(fitted, roles):
    """Issue 14: a head-of-SMM remote query reported the n of the middle/Moscow rows of every role and format."""
    frame = generate_observations(KNOWN, per_cell=200, seed=3)  # the rows of the `fitted` fixture
    cell = frame[
        (frame["level"] == "middle") & (frame["region"] == "moscow") & (frame["work_format"] == "remote")
    ]  # every row is smm_manager
    estimate = fitted.estimate(SalaryQuery("middle", "moscow", "remote", "smm_manager"))
    assert estimate.method == "fitted" and estimate.n == len(cell) and 0 < len(cell) < 200
    n_eff = kish(cell["date"], max(frame["date"]))
    assert estimate.n_effective == pytest.approx(n_eff) and n_eff < len(cell)  # the rows differ in age
    assert estimate.weight == pytest.approx(n_eff / (n_eff + 10))  # w = n_eff / (n_eff + k), k = 10
    head = fitted.estimate(SalaryQuery("middle", "moscow", "remote", "head_of_smm"))
    assert head.method == "baseline" and head.n == 0 and head.weight == 0  # not the 200 middle/Moscow rows


def kish(dates: pd.Series, reference: date) -> float:
    """Kish's effective n of rows aged by `recency_weight` (half-life 1 year of 365.25 days):
    w = 0.5 ** (age in days / 365.25), n_eff = (Σw)² / Σw² (Kish 1965, Survey Sampling, 11.7)."""
    w = np.array([0.5 ** ((reference - d).days / 365.25) for d in dates])
    return float(w.sum() ** 2 / (w**2).sum())


def test_the_weight_of_a_thin_cell_is_its_credibility(role_ids):
    """5 junior rows weigh n_eff / (n_eff + 10) against the baseline, n_eff their Kish effective
    number (about 5: 1/3 if they were equally recent); 60 senior rows n_eff / (n_eff + 10) (60 / 70)."""
    frame = generate_observations({("middle", "moscow"): 100000, ("senior", "moscow"): 130000}, per_cell=60, seed=2)
    frame["work_format"] = "office"
    frame.loc[frame.index[:5], "level"] = "junior"  # 5 junior rows
    model = QuantileSalaryModel().fit(frame, role_ids)
    newest = max(frame["date"])
    junior = model.estimate(SalaryQuery("junior", "moscow", "office"))
    n_junior = kish(frame["date"][:5], newest)
    assert junior.method == "fitted" and junior.n == 5 and 4 < n_junior <= 5
    assert junior.weight == pytest.approx(n_junior / (n_junior + 10))
    senior = model.estimate(SalaryQuery("senior", "moscow", "office"))
    n_senior = kish(frame.loc[frame["level"] == "senior", "date"], newest)
    assert senior.n == 60 and senior.weight == pytest.approx(n_senior / (n_senior + 10)) and senior.credibility_k == 10


def test_the_career_ladder_never_runs_backwards_for_any_role_region_or_format(role_ids, data):
    """Issue 14: fallbacks and unconstrained trees made junior pay below trainee and lead below senior.

    The observations themselves run backwards (senior below middle in Moscow); P10..P90 must still
    be non-decreasing in level for every role, region and format, whatever the weights.
    """
    medians = {
        ("trainee", "moscow"): 60000, ("junior", "moscow"): 80000, ("middle", "moscow"): 120000,
        ("senior", "moscow"): 100000, ("lead", "moscow"): 170000,
        ("junior", "other_region"): 50000, ("middle", "other_region"): 45000, ("senior", "other_region"): 80000,
    }  # fmt: skip
    frame = generate_observations(medians, per_cell=120, seed=9)
    rng = np.random.default_rng(9)
    frame["role"] = rng.choice(["smm_manager", "smm_analyst", "head_of_smm"], size=len(frame))
    model = QuantileSalaryModel().fit(frame, role_ids, data)
    fitted_slices = 0
    for region, work_format, role in itertools.product(REGIONS, WORK_FORMATS, role_ids):
        ladder = range_by_level(SalaryQuery("middle", region, work_format, role), lambda q: model.estimate(q, data))
        for column in ("p25", "p50", "p75"):
            assert ladder[column].is_monotonic_increasing, (region, work_format, role, column)
        fitted_slices += (ladder["method"] == "fitted").any()
        table = np.array([model.table_[(lv, region, work_format, role)] for lv in CAREER_LEVELS])
        assert np.all(np.diff(table, axis=0) >= 0), (region, work_format, role)  # P10..P90 of the table too
    assert fitted_slices == 2 * 3 * 3  # moscow and other_region, 3 formats, 3 roles


def test_roles_are_categories_whose_pay_the_model_tells_apart(role_ids):
    """Role codes 0, 1, 2 carry pay 100k, 60k, 100k: not an order a single threshold can split."""
    frame = generate_observations({("middle", "moscow"): 100000}, per_cell=900, seed=4)
    frame["role"] = np.resize(["smm_manager", "smm_analyst", "smm_marketer"], len(frame))
    analyst = frame["role"] == "smm_analyst"
    frame = frame.astype({"salary_from": float, "salary_to": float})
    for column in ("salary_from", "salary_to", "salary"):
        frame.loc[analyst, column] = frame.loc[analyst, column] * 0.6
    model = QuantileSalaryModel().fit(frame, role_ids)
    rows = pd.DataFrame(
        {"level": "middle", "region": "moscow", "work_format": "office", "role": frame["role"].unique()}
    )
    p50 = dict(zip(rows["role"], model.predict_quantiles(rows)[:, QUANTILES.index(0.5)], strict=True))
    assert p50["smm_manager"] == pytest.approx(100000, rel=0.08)
    assert p50["smm_marketer"] == pytest.approx(100000, rel=0.08)
    assert p50["smm_analyst"] == pytest.approx(60000, rel=0.08)


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
    before = fit_count()
    assert model.fit(observations, tuple(roles)) is model
    assert fit_count() == before + 1
    fitted_names = {name for name in vars(model) if name.endswith("_")}
    assert {"table_", "roles_", "reference_", "currency_", "n_", "counts_", "metrics_", "fitted_at_"} <= fitted_names
    cells = {("middle", "moscow", f, "smm_manager") for f in WORK_FORMATS}
    assert model.n_ == 40 and set(model.counts_) <= cells and sum(model.counts_.values()) == 40
    assert model.currency_ == "RUB"
    # 5 levels x 4 regions x 3 formats x 8 roles cells, each P10..P90
    assert len(model.table_) == 5 * 4 * 3 * 8 and all(len(v) == len(QUANTILES) for v in model.table_.values())


def test_quantiles_must_include_the_quartiles_and_median(roles):
    observations = generate_observations({("middle", "moscow"): 80000}, per_cell=80)
    with pytest.raises(ValueError, match="quantiles must include"):
        QuantileSalaryModel(quantiles=(0.1, 0.9)).fit(observations, tuple(roles))


def test_a_model_survives_json_and_loads_without_fitting(fitted):
    document = json.loads(json.dumps(fitted.to_json()))
    before = fit_count()
    loaded = QuantileSalaryModel.from_json(document)
    assert fit_count() == before
    query = SalaryQuery("senior", "st_petersburg", "hybrid", "smm_analyst", 3, "deep")
    assert loaded.estimate(query) == fitted.estimate(query)
    query = SalaryQuery("middle", "moscow", "office")
    assert loaded.estimate(query) == fitted.estimate(query)
    assert loaded.metrics_ == fitted.metrics_ and loaded.fitted_at_ == fitted.fitted_at_


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["table"].pop(), "table"),
        (lambda d: d["table"][0].__setitem__(0, -5.0), "table.0.0"),
        (lambda d: d["table"][3].reverse(), "table"),
        (lambda d: d.__setitem__("format", "pickle"), "format"),
        (lambda d: d["params"].__setitem__("__reduce__", "os.system"), "params.__reduce__"),
        (lambda d: d.__setitem__("regions", ["moscow"]), "table"),
    ],
)
def test_a_stored_model_document_is_validated_field_by_field(fitted, change, field):
    document = json.loads(json.dumps(fitted.to_json()))
    change(document)
    with pytest.raises(InputError) as caught:
        QuantileSalaryModel.from_json(document, "dataset 7")
    assert caught.value.problems[0].source == "dataset 7"
    assert any(field in str(p) for p in caught.value.problems), [str(p) for p in caught.value.problems]


def test_a_document_for_other_regions_is_refused_so_it_is_refitted(fitted):
    document = json.loads(json.dumps(fitted.to_json()))
    document["regions"] = [*document["regions"][:3], "elsewhere"]
    with pytest.raises(InputError, match="other levels, regions or formats"):
        QuantileSalaryModel.from_json(document)


def test_no_module_of_the_package_can_unpickle():
    """Issue 14, part 6: nothing read from a backup, an upload or the database is unpickled."""
    package = Path(smm_eval.__file__).parent
    modules = "pickle|cPickle|dill|cloudpickle|joblib|shelve"
    pattern = re.compile(rf"^\s*(import|from)\s+({modules})\b|pickle\.loads?\(", re.M)
    offenders = [str(path) for path in package.rglob("*.py") if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert not hasattr(smm_eval.salary, "SalaryModel")
