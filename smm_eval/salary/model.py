"""Quantile salary models fitted on a user's observations, in the scikit-learn estimator style.

`QuantileSalaryModel` takes only hyper-parameters in its constructor; `fit` fits one
`HistGradientBoostingRegressor` with quantile loss per quantile on log pay (features: career level
as an ordered number with a monotone-increasing constraint; region, work format and role as
categories; older observations weigh less), keeps the quantiles from crossing, tabulates its
predictions for every (level, region, format, role), evaluates on the newest observations held
out against the baseline, and sets the fitted attributes (ending in `_`). The observations are
first brought into the market's money (`salary.observed`: net to gross, indexed to the money
date). `estimate` answers a `SalaryQuery` like `baseline_estimate` does, pooling the fitted
figure with the baseline by the credibility of the exact cell's count (`salary.pooling`).
`to_json`/`from_json` persist a fitted model as plain JSON (`salary.persisted`); nothing is pickled.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.salary.baseline import SalaryEstimate, SalaryQuery
from smm_eval.salary.evaluation import EVALUATED_QUANTILES, HeldOutMetrics, evaluate_held_out, held_out_split
from smm_eval.salary.features import (
    CATEGORICAL,
    MONOTONIC_CST,
    count_cells,
    effective_cells,
    features,
    monotone_in_level,
    recency_weight,
)
from smm_eval.salary.market import MARKETS, QUANTILES, WORK_FORMATS, SalaryData, load_market, market_for_currency
from smm_eval.salary.observed import MoneyNotes, market_observations
from smm_eval.salary.persisted import FORMAT, VERSION, StoredModel, read_stored_model
from smm_eval.salary.pooling import CREDIBILITY_K, pooled_estimate
from smm_eval.vocabulary import CAREER_LEVELS

MIN_MATCHING = 30
HELD_OUT_SHARE = 0.2
HALF_LIFE_YEARS = 1.0
_FITS = [0]  # fits made in this process (fit_count)


def fit_count() -> int:
    """How many times `QuantileSalaryModel.fit` has run in this process.

    A public hook for tests and benchmarks that must prove a stored model is reused, not refitted.
    """
    return _FITS[0]


class QuantileSalaryModel:
    """P10..P90 of a market's pay fitted on observations, with its held-out evaluation.

    Parameters
    ----------
    quantiles
        The quantiles to fit; must include 0.25, 0.5 and 0.75.
    min_matching
        A fit needs at least twice this many observations (so that the held-out rows are enough
        to judge it).
    held_out_share
        Share of rows, the newest, held out of fitting to evaluate on.
    half_life_years
        An observation's weight halves per this many years before the newest observation.
    random_state
        Seed of the boosting.
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf
        Passed to each `HistGradientBoostingRegressor`. The defaults (40 trees of at most 8
        leaves at rate 0.3, against 200 trees of 15 leaves at 0.08 before) are a design choice
        measured in docs/performance.md: the held-out pinball loss stays within 1.5% on the
        benchmark data while the fit takes about a sixth of the time (the quantile loss
        recomputes a weighted percentile in every leaf of every tree).
    credibility_k
        k of the credibility weight w = n / (n + k) with which an estimate blends the fitted
        figure of its exact cell with the baseline (`salary.pooling`, design choice 10).

    Attributes
    ----------
    market_ : str
        The market the observations are in (from their currency).
    regions_ : tuple[str, ...]
        That market's region ids.
    roles_ : tuple[str, ...]
        The role ids known at fit time (a role outside them gets the baseline).
    money_notes_ : MoneyNotes
        How the observations were brought to the market's money date (indexed, net to gross).
    reference_ : datetime.date
        The newest observation's date.
    currency_ : str
    n_ : int
        Observations given to `fit` (held-out rows included).
    counts_ : dict[tuple[str, str, str, str], int]
        Observations per exact (level, region, work_format, role), held-out rows included.
    table_ : dict[tuple[str, str, str, str], numpy.ndarray]
        Gross pay per the market's period at the money date, at `quantiles`, for every (level,
        region, work_format, role), ascending: the fitted function alone, before pooling.
    metrics_ : HeldOutMetrics
    fitted_at_ : datetime.datetime
        When the model was fitted (UTC).
    fit_seconds_ : float
        Wall time of `fit`, evaluation included.

    Examples
    --------
    >>> model = QuantileSalaryModel(min_matching=10)  # then model.fit(observations, roles).estimate(query)
    >>> model.min_matching, model.quantiles
    (10, (0.1, 0.25, 0.5, 0.75, 0.9))
    """

    def __init__(
        self,
        quantiles: tuple[float, ...] = QUANTILES,
        min_matching: int = MIN_MATCHING,
        held_out_share: float = HELD_OUT_SHARE,
        half_life_years: float = HALF_LIFE_YEARS,
        random_state: int = 0,
        max_iter: int = 40,
        learning_rate: float = 0.3,
        max_leaf_nodes: int = 8,
        min_samples_leaf: int = 20,
        credibility_k: float = CREDIBILITY_K,
    ) -> None:
        self.quantiles = quantiles
        self.min_matching = min_matching
        self.held_out_share = held_out_share
        self.half_life_years = half_life_years
        self.random_state = random_state
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.credibility_k = credibility_k

    def _regressors(self, train: pd.DataFrame, roles: tuple[str, ...], report: Callable[[float], None]) -> list[Any]:
        """One fitted quantile regressor of log pay per quantile, on one OpenMP thread.

        One thread: on a few hundred rows the boosting's OpenMP threads spend their time waiting on
        each other, and on a shared machine that made a 600-row fit take 57-136 s instead of about 1 s
        (profiled in docs/performance.md).
        """
        from sklearn.ensemble import HistGradientBoostingRegressor
        from threadpoolctl import threadpool_limits

        x, y = features(train, roles, self.regions_), np.log(train["salary"].to_numpy(dtype=float))
        weight = recency_weight(train["date"], self.reference_, self.half_life_years)
        fitted = []
        with threadpool_limits(limits=1, user_api="openmp"):
            for i, q in enumerate(self.quantiles):
                regressor = HistGradientBoostingRegressor(
                    loss="quantile", quantile=q, max_iter=self.max_iter, learning_rate=self.learning_rate,
                    max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=self.min_samples_leaf,
                    monotonic_cst=list(MONOTONIC_CST), categorical_features=list(CATEGORICAL),
                    early_stopping=False, random_state=self.random_state,
                )  # fmt: skip
                fitted.append(regressor.fit(x, y, sample_weight=weight))
                report((i + 1) / (len(self.quantiles) + 1))
            keys = list(itertools.product(CAREER_LEVELS, self.regions_, WORK_FORMATS, roles))
            grid = features(
                pd.DataFrame(keys, columns=["level", "region", "work_format", "role"]), roles, self.regions_
            )
            raw = monotone_in_level(np.column_stack([r.predict(grid) for r in fitted]))
        # Rearrangement (Chernozhukov, Fernández-Val & Galichon 2010): sorting each row keeps the
        # quantiles from crossing, and the k-th smallest of functions each monotone in level is
        # itself monotone in level, so the ladder stays monotone after sorting.
        self.table_ = dict(zip(keys, np.exp(np.sort(raw, axis=1)), strict=True))
        return fitted

    def fit(
        self,
        observations: pd.DataFrame,
        roles: tuple[str, ...],
        data: SalaryData | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> QuantileSalaryModel:
        """Fit every quantile on log salary and evaluate on the newest rows against the baseline.

        Parameters
        ----------
        observations
            Rows as `read_observations` returns them (one currency; `salary` per the market's
            period; an optional `gross` column, False for net amounts).
        roles
            The known role ids (data/roles.yaml).
        data
            The market: its regions, tax rule, wage index and the baseline the evaluation compares
            with; by default the market of the observations' currency.
        progress
            Called with the share done (0..1) after each quantile and at the end.

        Returns
        -------
        QuantileSalaryModel
            self, fitted.

        Raises
        ------
        InputError
            Fewer than 2 × `min_matching` observations, observations in another currency than the
            market's or naming regions outside it, or net amounts in a market without a tax rule.
        ValueError
            `quantiles` lacks 0.25, 0.5 or 0.75.
        """
        started = time.perf_counter()
        if not set(EVALUATED_QUANTILES) <= set(self.quantiles):
            raise ValueError(f"quantiles must include {EVALUATED_QUANTILES}, got {self.quantiles}")
        report = progress or (lambda _share: None)
        if len(observations) < 2 * self.min_matching:
            raise InputError(
                [
                    Problem(
                        "observations",
                        f"need at least {2 * self.min_matching} observations to fit, got {len(observations)}",
                        code="salary.too_few_observations",
                        params={"least": 2 * self.min_matching, "count": len(observations)},
                    )
                ]
            )
        data = data or _market_of(observations)
        _check_market(observations, data)
        _FITS[0] += 1
        observations, self.money_notes_ = market_observations(observations, data)
        self.market_, self.regions_, self.roles_ = data.id, tuple(data.regions), tuple(roles)
        self.reference_: date = max(observations["date"])
        held_out = held_out_split(observations["date"], self.held_out_share)
        train, test = observations.loc[~held_out], observations.loc[held_out]
        self._regressors(train, self.roles_, report)
        self.currency_ = data.currency
        self.n_ = len(observations)
        self.counts_ = count_cells(observations)
        # Kish's effective n per cell: the age weights make an old observation count for less.
        ages = recency_weight(observations["date"], self.reference_, self.half_life_years)
        self.effective_ = effective_cells(observations, ages)
        self.metrics_ = evaluate_held_out(self, test, data, n_train=len(train))
        self.fitted_at_ = datetime.now(UTC)
        self.fit_seconds_ = time.perf_counter() - started
        report(1.0)
        return self

    def predict_quantiles(self, frame: pd.DataFrame) -> np.ndarray:
        """Monthly pay at each of `quantiles` for rows with level, region, work_format and role.

        Returns
        -------
        numpy.ndarray
            Shape (len(frame), len(quantiles)), ascending along each row (the quantiles never
            cross). Looked up in `table_`: every feature is a closed answer, so the table is the
            whole fitted function.

        Raises
        ------
        KeyError
            A row names a level, region, format or role the model was not fitted for.
        """
        columns = ("level", "region", "work_format", "role")
        keys = zip(*(frame[c].astype(str).tolist() for c in columns), strict=True)
        return np.array([self.table_[key] for key in keys]).reshape(len(frame), len(self.quantiles))

    def slice_count(self, region: str, work_format: str, role: str) -> int:
        """Observations of this role in this region and format, at any career level."""
        return sum(n for (_, r, w, ro), n in self.counts_.items() if (r, w, ro) == (region, work_format, role))

    def estimate(self, query: SalaryQuery, data: SalaryData | None = None) -> SalaryEstimate:
        """The estimate of a query: the fitted figure pooled with the baseline (`salary.pooling`).

        The weight of the fitted figure is n_eff / (n_eff + `credibility_k`), n_eff Kish's
        effective number of the exact cell's observations (level, region, format, role) under
        their age weights; the ladder is monotone in level after the blend
        and the floor applies after it. A query in another market, or for a role the model does
        not know, gets the baseline with `fallback_reason`.

        Raises
        ------
        InputError
            The query has answers outside the closed lists (from `baseline_estimate`).
        """
        return pooled_estimate(self, query, data)

    def to_json(self) -> dict[str, Any]:
        """The fitted model as a JSON-ready document (`salary.persisted.StoredModel`); no pickle."""
        keys = list(itertools.product(CAREER_LEVELS, self.regions_, WORK_FORMATS, self.roles_))
        params = {k: v for k, v in vars(self).items() if not k.endswith("_") and k != "quantiles"}
        return {
            "format": FORMAT,
            "version": VERSION,
            "market": self.market_,
            "params": params,
            "quantiles": list(self.quantiles),
            "levels": list(CAREER_LEVELS),
            "regions": list(self.regions_),
            "work_formats": list(WORK_FORMATS),
            "roles": list(self.roles_),
            "currency": self.currency_,
            "reference": self.reference_.isoformat(),
            "n": self.n_,
            "fitted_at": self.fitted_at_.isoformat(),
            "fit_seconds": self.fit_seconds_,
            "counts": [
                {
                    "level": lv,
                    "region": rg,
                    "work_format": wf,
                    "role": ro,
                    "n": n,
                    "n_effective": float(self.effective_[(lv, rg, wf, ro)]),
                }
                for (lv, rg, wf, ro), n in sorted(self.counts_.items())
            ],
            "table": [[float(v) for v in self.table_[key]] for key in keys],
            "metrics": self.metrics_.as_json(),
            "money_notes": self.money_notes_.as_json(),
        }

    @classmethod
    def from_json(cls, document: Mapping[str, Any], source: str = "salary model") -> QuantileSalaryModel:
        """A model written by `to_json`, validated field by field; nothing in it is executed.

        Raises
        ------
        InputError
            The document is malformed, of an unknown market, or its axes (levels, the market's
            regions, formats) are not today's closed lists: the caller refits from the observations then.
        """
        stored: StoredModel = read_stored_model(document, source)
        regions = tuple(load_market(stored.market).regions) if stored.market in MARKETS else None
        axes = (tuple(stored.levels), tuple(stored.regions), tuple(stored.work_formats))
        if axes != (CAREER_LEVELS, regions, WORK_FORMATS):
            message = "was fitted for other levels, regions or formats; refit it"
            raise InputError([Problem(source, message, code="salary.stale_model")])
        model = cls(quantiles=tuple(stored.quantiles), **stored.params.model_dump())
        model.market_, model.regions_, model.roles_ = stored.market, tuple(stored.regions), tuple(stored.roles)
        model.money_notes_ = MoneyNotes.from_json(stored.money_notes.model_dump(mode="json"))
        model.reference_ = stored.reference
        model.currency_ = stored.currency
        model.n_ = stored.n
        model.counts_ = {(c.level, c.region, c.work_format, c.role): c.n for c in stored.counts}
        model.effective_ = {(c.level, c.region, c.work_format, c.role): c.n_effective for c in stored.counts}
        keys = itertools.product(stored.levels, stored.regions, stored.work_formats, stored.roles)
        model.table_ = {key: np.array(row) for key, row in zip(keys, stored.table, strict=True)}
        model.metrics_ = HeldOutMetrics.from_json(stored.metrics)
        model.fitted_at_ = stored.fitted_at
        model.fit_seconds_ = stored.fit_seconds
        return model


def fit_salary_model(
    observations: pd.DataFrame,
    roles: tuple[str, ...],
    data: SalaryData | None = None,
    progress: Callable[[float], None] | None = None,
    seed: int = 0,
) -> QuantileSalaryModel:
    """`QuantileSalaryModel(random_state=seed).fit(observations, roles, data, progress)`, default hyper-parameters.

    Raises
    ------
    InputError
        As `QuantileSalaryModel.fit`.
    """
    return QuantileSalaryModel(random_state=seed).fit(observations, roles, data, progress)


def _market_of(observations: pd.DataFrame) -> SalaryData:
    """The market of the observations' currency (Russia when it is no market's)."""
    currency = str(observations["currency"].iloc[0]) if len(observations) else ""
    return load_market(market_for_currency(currency) or "russia")


def _check_market(observations: pd.DataFrame, data: SalaryData) -> None:
    """Refuse observations in another currency than the market's, or in regions outside it."""
    currencies = sorted(set(observations["currency"].astype(str)))
    if currencies != [data.currency]:
        message = f"observations are in {', '.join(currencies)}, the {data.id} market is in {data.currency}"
        params = {"currency": ", ".join(currencies), "market": data.id, "market_currency": data.currency}
        raise InputError([Problem("observations", message, code="salary.currency_market", params=params)])
    unknown = sorted(set(observations["region"].astype(str)) - set(data.regions))
    if unknown:
        message = f"regions {', '.join(unknown)} are not regions of {data.id} ({', '.join(data.regions)})"
        params = {"regions": ", ".join(unknown), "market": data.id, "allowed": ", ".join(data.regions)}
        raise InputError([Problem("observations", message, code="salary.region_market", params=params)])
