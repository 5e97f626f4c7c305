"""Quantile salary models fitted on a user's observations, in the scikit-learn estimator style.

`QuantileSalaryModel` takes only hyper-parameters in its constructor; `fit` fits one
`HistGradientBoostingRegressor` with quantile loss per quantile on log pay (features: level,
region, work format, role; older observations weigh less), keeps the quantiles from crossing,
evaluates on a held-out share against the baseline, and sets the fitted attributes (ending in
`_`). `estimate` answers a `SalaryQuery` like `baseline_estimate` does and falls back to the
baseline where fewer than `min_matching` observations match. `to_bytes`/`from_bytes` persist a
fitted model (pickle; see issue 14).
"""

from __future__ import annotations

import io
import itertools
import pickle
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.salary.baseline import SalaryEstimate, SalaryQuery, baseline_estimate
from smm_eval.salary.evaluation import EVALUATED_QUANTILES, HeldOutMetrics, evaluate_held_out, held_out_split
from smm_eval.salary.market import QUANTILES, REGIONS, WORK_FORMATS, SalaryData, load_salary_data
from smm_eval.vocabulary import CAREER_LEVELS

MIN_MATCHING = 30
HELD_OUT_SHARE = 0.2
HALF_LIFE_YEARS = 1.0
# Factors the observations do not carry: their baseline multipliers apply on top of a fitted estimate.
BASELINE_ONLY_FACTORS = ("projects", "immersion")
# Attribute names of models pickled before the package split (`smm_eval.salary.SalaryModel`).
_OLD_ATTRIBUTES = ("models", "roles", "reference", "currency", "n", "counts", "metrics")


def _features(frame: pd.DataFrame) -> np.ndarray:
    """Numeric features: level rank, one-hot region and format, role code.

    experience_years is validated and kept with the observations but is not a feature: a query
    does not ask for it, and the career level already carries it. The date enters as a weight
    (`_recency_weight`), not a feature: a split on dates would make "today" the noisy newest leaf.
    """
    level = frame["level"].map({lv: i for i, lv in enumerate(CAREER_LEVELS)}).to_numpy(dtype=float)
    region = np.stack([(frame["region"] == r).to_numpy(dtype=float) for r in REGIONS], axis=1)
    work = np.stack([(frame["work_format"] == w).to_numpy(dtype=float) for w in WORK_FORMATS], axis=1)
    return np.column_stack([level, region, work, frame["role_code"].to_numpy(dtype=float)])


def _recency_weight(dates: pd.Series, reference: date, half_life_years: float) -> np.ndarray:
    """Observations lose half their weight per `half_life_years` before the newest one."""
    age = (pd.Timestamp(reference) - pd.to_datetime(dates)).dt.days.to_numpy(dtype=float) / 365.25
    weight: np.ndarray = 0.5 ** (age / half_life_years)
    return weight


class QuantileSalaryModel:
    """P10..P90 of monthly pay fitted on observations, with its held-out evaluation.

    Parameters
    ----------
    quantiles
        The quantiles to fit; must include 0.25, 0.5 and 0.75.
    min_matching
        Below this many observations of a query's (level, region), `estimate` gives the baseline.
    held_out_share
        Share of rows held out of fitting to evaluate on.
    half_life_years
        An observation's weight halves per this many years before the newest observation.
    random_state
        Seed of the held-out split and of the boosting.
    max_iter, learning_rate, max_leaf_nodes, min_samples_leaf
        Passed to each `HistGradientBoostingRegressor`.

    Attributes
    ----------
    models_ : dict[float, HistGradientBoostingRegressor]
        One fitted regressor of log pay per quantile.
    roles_ : tuple[str, ...]
        The role ids known at fit time (an unknown role is coded as none).
    reference_ : datetime.date
        The newest observation's date.
    currency_ : str
    n_ : int
        Observations given to `fit` (held-out rows included).
    counts_ : dict[tuple[str, str], int]
        Observations per (level, region), held-out rows included.
    metrics_ : HeldOutMetrics

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
        max_iter: int = 200,
        learning_rate: float = 0.08,
        max_leaf_nodes: int = 15,
        min_samples_leaf: int = 20,
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

    def fit(
        self,
        observations: pd.DataFrame,
        roles: tuple[str, ...],
        data: SalaryData | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> QuantileSalaryModel:
        """Fit every quantile on log salary and evaluate on the held-out share against the baseline.

        Parameters
        ----------
        observations
            Rows as `read_observations` returns them (one currency; `salary` monthly).
        roles
            The known role ids (data/roles.yaml).
        data
            Market data of the baseline the evaluation compares with; data/salary.yaml by default.
        progress
            Called with the share done (0..1) after each quantile and at the end.

        Returns
        -------
        QuantileSalaryModel
            self, fitted.

        Raises
        ------
        InputError
            Fewer than 2 × `min_matching` observations.
        ValueError
            `quantiles` lacks 0.25, 0.5 or 0.75.
        """
        from sklearn.ensemble import HistGradientBoostingRegressor

        if not set(EVALUATED_QUANTILES) <= set(self.quantiles):
            raise ValueError(f"quantiles must include {EVALUATED_QUANTILES}, got {self.quantiles}")
        report = progress or (lambda _share: None)
        if len(observations) < 2 * self.min_matching:
            raise InputError(
                [
                    Problem(
                        "observations",
                        f"need at least {2 * self.min_matching} observations to fit, got {len(observations)}",
                    )
                ]
            )
        self.roles_ = tuple(roles)
        self.reference_: date = max(observations["date"])
        frame = observations.assign(role_code=observations["role"].map({r: i for i, r in enumerate(roles)}))
        held_out = held_out_split(len(frame), self.held_out_share, self.random_state)
        train, test = frame.loc[~held_out], frame.loc[held_out]
        x_train, y_train = _features(train), np.log(train["salary"].to_numpy(dtype=float))
        weight = _recency_weight(train["date"], self.reference_, self.half_life_years)
        self.models_: dict[float, Any] = {}
        for i, q in enumerate(self.quantiles):
            regressor = HistGradientBoostingRegressor(
                loss="quantile", quantile=q, max_iter=self.max_iter, learning_rate=self.learning_rate,
                max_leaf_nodes=self.max_leaf_nodes, min_samples_leaf=self.min_samples_leaf,
                random_state=self.random_state,
            )  # fmt: skip
            self.models_[q] = regressor.fit(x_train, y_train, sample_weight=weight)
            report((i + 1) / (len(self.quantiles) + 1))
        self.currency_ = str(frame["currency"].iloc[0])
        self.n_ = len(frame)
        sizes = frame.groupby(["level", "region"]).size().reset_index(name="count")
        cells = zip(sizes["level"].astype(str), sizes["region"].astype(str), sizes["count"].astype(int), strict=True)
        self.counts_ = {(level, region): int(count) for level, region, count in cells}
        self.__dict__.pop("_table", None)  # a refit forgets the predictions of the previous fit
        self.metrics_ = evaluate_held_out(self, test, data or load_salary_data(), n_train=len(train))
        report(1.0)
        return self

    def predict_quantiles(self, frame: pd.DataFrame) -> np.ndarray:
        """Monthly pay at each of `quantiles` for rows with level, region, work_format and role.

        Returns
        -------
        numpy.ndarray
            Shape (len(frame), len(quantiles)), sorted along each row (rearrangement,
            Chernozhukov et al. 2010): the quantiles never cross.
        """
        frame = frame.assign(role_code=frame["role"].map({r: i for i, r in enumerate(self.roles_)}).fillna(-1))
        x = _features(frame)
        raw = np.column_stack([self.models_[q].predict(x) for q in self.quantiles])
        predicted: np.ndarray = np.exp(np.sort(raw, axis=1))
        return predicted

    @cached_property
    def _table(self) -> dict[tuple[str, str, str, str | None], np.ndarray]:
        """Predictions for every query the features can express (level x region x format x role,
        a few hundred), made in one batch: an estimate is then a lookup instead of five tree-model
        predictions on one row (22 ms before, docs/performance.md)."""
        keys = list(itertools.product(CAREER_LEVELS, REGIONS, WORK_FORMATS, (*self.roles_, None)))
        frame = pd.DataFrame(keys, columns=["level", "region", "work_format", "role"])
        return dict(zip(keys, self.predict_quantiles(frame), strict=True))

    def estimate(self, query: SalaryQuery, data: SalaryData | None = None) -> SalaryEstimate:
        """The fitted range for a query, or the baseline when too few observations match.

        Projects and immersion are not in the observations: their baseline factors multiply the
        fitted quantiles. Below `min_matching` observations of the query's (level, region) the
        baseline is returned with `fallback_reason` saying so.

        Raises
        ------
        InputError
            The query has answers outside the closed lists (from `baseline_estimate`).
        """
        data = data or load_salary_data()
        matching = self.counts_.get((query.level, query.region), 0)
        base = baseline_estimate(query, data)
        if matching < self.min_matching:
            reason = (
                f"only {matching} of your observations match {query.level} in {query.region} "
                f"(fewer than {self.min_matching}); this is the baseline"
            )
            return replace(base, fallback_reason=reason)
        role = query.role if query.role in self.roles_ else None  # an unknown role is coded as none
        values = self._table[(query.level, query.region, query.work_format, role)]
        kept = [e for e in base.effects if e.factor in BASELINE_ONLY_FACTORS]
        scale = float(np.prod([e.multiplier for e in kept]))
        return SalaryEstimate(
            quantiles={q: float(v) * scale for q, v in zip(self.quantiles, values, strict=True)},
            currency=self.currency_,
            n=matching,
            method="fitted",
            sources=[
                {
                    "id": "observations",
                    "name": f"your observations ({self.n_} rows)",
                    "date": self.reference_.isoformat(),
                    "assumed_year": None,
                }
            ],
            effects=kept,
        )

    # The storage module reads these two names; they are the fitted attributes under their old names.

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Unpickle, also a `SalaryModel` written before the package split (old attribute names)."""
        if "models" in state:
            old = {name: state.pop(name) for name in _OLD_ATTRIBUTES}
            state.update(QuantileSalaryModel().__dict__)
            state.update({f"{name}_": value for name, value in old.items()})
            state["metrics_"] = HeldOutMetrics.from_json(old["metrics"])
        self.__dict__.update(state)

    def to_bytes(self) -> bytes:
        """The fitted model as bytes for the database (pickle; issue 14 replaces it)."""
        buffer = io.BytesIO()
        pickle.dump(self, buffer)
        return buffer.getvalue()

    @staticmethod
    def from_bytes(blob: bytes) -> QuantileSalaryModel:
        """A model written by `to_bytes`."""
        # Only models this application wrote into its own database are ever loaded.
        model: QuantileSalaryModel = pickle.loads(blob)  # noqa: S301
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
        Fewer than 2 × MIN_MATCHING observations.
    """
    return QuantileSalaryModel(random_state=seed).fit(observations, roles, data, progress)
