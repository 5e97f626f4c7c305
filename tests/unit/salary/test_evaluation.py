"""Held-out evaluation: the model against the baseline on the same rows, as a typed record."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_pinball_loss

from benchmarks.generators import generate_observations
from smm_eval.salary import HeldOutMetrics, evaluate_held_out, fit_salary_model, held_out_split


def test_fitted_model_reports_held_out_metrics_against_the_baseline(fitted):
    metrics = fitted.metrics_
    assert isinstance(metrics, HeldOutMetrics)
    assert metrics.n_test > 100 and metrics.n_train == fitted.n_ - metrics.n_test
    assert set(metrics.pinball) == set(metrics.baseline_pinball) == {0.25, 0.5, 0.75}
    # Data generated around other medians than the baseline's: the model must do better.
    assert metrics.pinball[0.5] < metrics.baseline_pinball[0.5]
    assert 0.25 < metrics.coverage < 0.75
    assert 0 <= metrics.baseline_coverage <= 1


def test_mean_pinball_loss_is_the_pinball_formula():
    """sklearn's loss equals mean(max(q·d, (q − 1)·d)), the formula the module used before."""
    rng = np.random.default_rng(0)
    y, prediction = rng.lognormal(11, 0.3, 500), rng.lognormal(11, 0.3, 500)
    for q in (0.1, 0.25, 0.5, 0.75, 0.9):
        diff = y - prediction
        assert mean_pinball_loss(y, prediction, alpha=q) == pytest.approx(
            np.mean(np.maximum(q * diff, (q - 1) * diff)), rel=1e-12
        )


def test_metrics_are_stored_as_the_same_json_document(fitted):
    document = fitted.metrics_.as_json()
    assert document == fitted.metrics_.as_json()
    assert document["held_out"] == fitted.metrics_.n_test
    assert set(document["pinball"]) == set(document["baseline_pinball"]) == {"0.25", "0.5", "0.75"}
    assert {"coverage_p25_p75", "baseline_coverage_p25_p75"} <= set(document)
    assert HeldOutMetrics.from_json(document) == fitted.metrics_


def test_metrics_stored_before_the_record_are_read():
    old = {"held_out": 3, "pinball": {"0.5": 10.0}, "baseline_pinball": {"0.5": 12.0}, "coverage_p25_p75": 0.5,
           "baseline_coverage_p25_p75": 0.25}  # fmt: skip
    metrics = HeldOutMetrics.from_json(old)
    assert (metrics.n_test, metrics.pinball, metrics.n_train) == (3, {0.5: 10.0}, None)
    assert HeldOutMetrics.from_json({"held_out": 0}).n_test == 0


def test_no_held_out_row_gives_empty_metrics(fitted, data):
    no_rows = pd.DataFrame(columns=["level", "region", "work_format", "role", "salary"])
    empty = evaluate_held_out(fitted, no_rows, data, n_train=5)
    assert empty == HeldOutMetrics(0, {}, {}, None, None, 5)
    assert empty.as_json() == {"held_out": 0, "n_train": 5}
    with pytest.raises(dataclasses.FrozenInstanceError):
        empty.n_test = 1  # type: ignore[misc]


def test_held_out_split_holds_out_the_newest_rows():
    """Issue 14: the split was random; a model must be judged on rows newer than those it saw."""
    dates = pd.Series(pd.to_datetime(["2026-03-01", "2026-01-01", "2026-05-01", "2026-02-01", "2026-04-01"]))
    held_out = held_out_split(dates, 0.4)  # round(0.4 x 5) = 2 rows: the two newest, 2026-05 and 2026-04
    assert held_out.tolist() == [False, False, True, False, True]
    assert held_out_split(dates, 0.0).tolist() == [False] * 5
    ties = pd.Series(pd.to_datetime(["2026-01-01"] * 4))
    assert held_out_split(ties, 0.5).tolist() == [False, False, True, True]  # later lines among equal dates


def test_a_fitted_model_is_evaluated_on_its_newest_observations(roles):
    frame = generate_observations({("middle", "moscow"): 90000}, per_cell=100, seed=6)
    newest = frame["date"].max()
    model = fit_salary_model(frame, tuple(roles))
    expected = round(0.2 * 100)  # 20 held out
    assert model.metrics_.n_test == expected and model.metrics_.n_train == 100 - expected
    held_out = held_out_split(frame["date"], 0.2)
    assert frame.loc[held_out, "date"].min() >= frame.loc[~held_out, "date"].max()  # none older than training
    assert newest == model.reference_
