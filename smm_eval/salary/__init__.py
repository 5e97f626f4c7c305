"""Salary ranges: a sourced baseline, and quantile models fitted on the user's own observations.

- `market`: the markets of data/markets/ (sources, anchor, index, floor, tax, spread, factors) and the closed lists.
- `money`: the wage index, the minimum-wage floor, the tax rule and log-normal quantiles.
- `baseline`: `SalaryQuery`, `SalaryEstimate`, `baseline_estimate`, `range_by_level`.
- a user's CSV of salary observations is read by `smm_eval.files.observations`.
- `model`: `QuantileSalaryModel`, the scikit-learn-style estimator, `fit_salary_model`, `fit_count`.
- `features`: feature coding, recency weights, monotone ladders, counts per exact cell.
- `persisted`: the JSON form a fitted model is stored in (no pickle anywhere).
- `evaluation`: the held-out split and `HeldOutMetrics` (pinball loss and coverage, model vs baseline).
- `observed`: observations into a market's money (pay period, net to gross, indexed to the money date).
- `pooling`: the fitted figure blended with the baseline by credibility, w = n / (n + k).

The names below are the package's public surface; import them from `smm_eval.salary`.
"""

from smm_eval.salary.baseline import (
    GROSS_NET,
    PAY_KINDS,
    Effect,
    SalaryEstimate,
    SalaryQuery,
    baseline_estimate,
    range_by_level,
)
from smm_eval.salary.evaluation import HeldOutMetrics, evaluate_held_out, held_out_split
from smm_eval.salary.market import (
    DEFAULT_MARKET,
    FACTOR_ORDER,
    IMMERSION,
    MARKETS,
    QUANTILES,
    REGIONS,
    WORK_FORMATS,
    SalaryData,
    load_market,
    load_salary_data,
    market_for_currency,
)
from smm_eval.salary.model import MIN_MATCHING, QuantileSalaryModel, fit_count, fit_salary_model
from smm_eval.salary.observed import MoneyNotes, market_observations
from smm_eval.salary.pooling import CREDIBILITY_K, credibility_weight, pooled_estimate

__all__ = [
    "CREDIBILITY_K",
    "DEFAULT_MARKET",
    "FACTOR_ORDER",
    "GROSS_NET",
    "IMMERSION",
    "MARKETS",
    "MIN_MATCHING",
    "PAY_KINDS",
    "QUANTILES",
    "REGIONS",
    "WORK_FORMATS",
    "Effect",
    "HeldOutMetrics",
    "MoneyNotes",
    "QuantileSalaryModel",
    "SalaryData",
    "SalaryEstimate",
    "SalaryQuery",
    "baseline_estimate",
    "credibility_weight",
    "evaluate_held_out",
    "fit_count",
    "fit_salary_model",
    "held_out_split",
    "load_market",
    "load_salary_data",
    "market_for_currency",
    "market_observations",
    "pooled_estimate",
    "range_by_level",
]
