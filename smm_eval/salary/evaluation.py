"""Held-out evaluation of a fitted salary model against the baseline on the same rows.

`held_out_split` picks the rows a model does not see (the newest ones: train on older, test on
newest); `evaluate_held_out` scores the model and
the baseline on them with the pinball loss (`sklearn.metrics.mean_pinball_loss`) at P25/P50/P75
and the share of salaries inside P25–P75 (ideally 0.5), and returns a `HeldOutMetrics` record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from smm_eval.salary.baseline import SalaryQuery, baseline_estimate
from smm_eval.salary.market import SalaryData

# The quantiles both the model and the baseline give, so the two are compared on them.
EVALUATED_QUANTILES = (0.25, 0.5, 0.75)


class QuantilePredictor(Protocol):
    """What the evaluation needs of a fitted model."""

    quantiles: tuple[float, ...]

    def predict_quantiles(self, frame: pd.DataFrame) -> np.ndarray: ...


@dataclass(frozen=True)
class HeldOutMetrics:
    """Pinball loss per quantile and P25–P75 coverage, for a model and the baseline, on the same held-out rows.

    Losses are in the currency of the observations, per the market's period; coverage is a share 0..1.
    With no held-out row (`n_test == 0`) the mappings are empty and the coverages None.
    """

    n_test: int
    pinball: Mapping[float, float]  # quantile -> mean pinball loss of the model
    baseline_pinball: Mapping[float, float]  # quantile -> mean pinball loss of the baseline
    coverage: float | None  # share of held-out salaries inside the model's P25..P75
    baseline_coverage: float | None
    n_train: int | None = None  # None for metrics stored before the count was kept

    def as_json(self) -> dict[str, Any]:
        """The document stored with a data set (`salary_datasets.metrics`); quantile keys are strings."""
        if self.n_test == 0:
            out: dict[str, Any] = {"held_out": 0}
        else:
            out = {
                "held_out": self.n_test,
                "pinball": {str(q): v for q, v in self.pinball.items()},
                "baseline_pinball": {str(q): v for q, v in self.baseline_pinball.items()},
                "coverage_p25_p75": self.coverage,
                "baseline_coverage_p25_p75": self.baseline_coverage,
            }
        if self.n_train is not None:
            out["n_train"] = self.n_train
        return out

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> HeldOutMetrics:
        """Read back what `as_json` wrote (also the documents stored before this record existed)."""
        return cls(
            n_test=int(document.get("held_out", 0)),
            pinball={float(q): float(v) for q, v in document.get("pinball", {}).items()},
            baseline_pinball={float(q): float(v) for q, v in document.get("baseline_pinball", {}).items()},
            coverage=document.get("coverage_p25_p75"),
            baseline_coverage=document.get("baseline_coverage_p25_p75"),
            n_train=document.get("n_train"),
        )


def held_out_split(dates: pd.Series, share: float) -> np.ndarray:
    """Which rows are held out: the newest `share` of the rows by date (a time-ordered split).

    Parameters
    ----------
    dates
        One date per observation (any order).
    share
        Share of rows to hold out, 0..1; round(share × n) rows are held out.

    Returns
    -------
    numpy.ndarray
        Boolean mask of length len(dates), True for the held-out (newest) rows. Rows are ordered by
        date with a stable sort, so among rows of the same date the later lines are held out.
        A model is judged on data newer than what it saw, as it will be used (design choice, the
        usual out-of-time validation of forecasting; a random split would leak the newest months).
    """
    n_rows = len(dates)
    n_out = round(share * n_rows)
    order = np.argsort(pd.to_datetime(dates).to_numpy(), kind="stable")
    mask = np.zeros(n_rows, dtype=bool)
    if n_out:
        mask[order[n_rows - n_out :]] = True
    return mask


def _coverage(y: np.ndarray, low: np.ndarray, high: np.ndarray) -> float:
    return float(np.mean((y >= low) & (y <= high)))


def _baseline_rows(test: pd.DataFrame, data: SalaryData) -> np.ndarray:
    """The baseline's P25/P50/P75 for each row, computed once per distinct (level, region, format, role)."""
    columns = ["level", "region", "work_format", "role"]
    cells = test[columns].astype(str).drop_duplicates()
    figures = {
        tuple(row): [
            baseline_estimate(SalaryQuery.cell(tuple(row), data.id), data).quantiles[q] for q in EVALUATED_QUANTILES
        ]
        for row in cells.itertuples(index=False)
    }
    return np.array([figures[tuple(row)] for row in test[columns].astype(str).itertuples(index=False)])


def evaluate_held_out(
    model: QuantilePredictor, test: pd.DataFrame, data: SalaryData, n_train: int | None = None
) -> HeldOutMetrics:
    """Pinball loss at P25/P50/P75 and P25–P75 coverage, for the model and the baseline, same rows.

    The pinball loss of quantile q is mean(max(q·(y − ŷ), (q − 1)·(y − ŷ))) (Koenker & Bassett
    1978), computed by `sklearn.metrics.mean_pinball_loss`.

    Parameters
    ----------
    model
        A fitted model whose `quantiles` include 0.25, 0.5 and 0.75.
    test
        Held-out observations (`read_observations` columns, `salary` the point to predict).
    data
        The market data of the baseline.
    n_train
        How many rows the model was fitted on (kept in the record).
    """
    from sklearn.metrics import mean_pinball_loss

    if test.empty:
        return HeldOutMetrics(0, {}, {}, None, None, n_train)
    y = test["salary"].to_numpy(dtype=float)
    predicted = model.predict_quantiles(test)
    columns = [model.quantiles.index(q) for q in EVALUATED_QUANTILES]
    base = _baseline_rows(test, data)
    pinball, baseline_pinball = {}, {}
    for j, q in enumerate(EVALUATED_QUANTILES):
        pinball[q] = float(mean_pinball_loss(y, predicted[:, columns[j]], alpha=q))
        baseline_pinball[q] = float(mean_pinball_loss(y, base[:, j], alpha=q))
    return HeldOutMetrics(
        n_test=len(test),
        pinball=pinball,
        baseline_pinball=baseline_pinball,
        coverage=_coverage(y, predicted[:, columns[0]], predicted[:, columns[2]]),
        baseline_coverage=_coverage(y, base[:, 0], base[:, 2]),
        n_train=n_train,
    )
