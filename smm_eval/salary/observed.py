"""A user's salary observations brought into a market's money before a model is fitted on them.

Three steps, each counted so that the estimate can say what was done (`MoneyNotes`):

- **pay period**: an amount stated per year in a monthly market (or per month in a yearly one) is
  converted (`to_market_period`); an amount whose period is not stated is taken in the market's
  period, unless the amounts are so far from the market's baseline that they look like the other
  period, in which case the file is refused with the reason (`period_problem`);
- **gross**: a net amount (`gross` False) is turned into gross by inverting the market's tax rule;
  an amount whose basis is not stated (`gross` None) is taken as gross and counted;
- **today's money**: every amount is indexed to the market's money date with its wage index,
  salary × level(money date) / level(observation date). An observation dated after the index's
  last point is used as is (nothing to index it by) and counted; one dated before the first point
  is indexed from the first point and counted (no extrapolation).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.salary.baseline import SalaryQuery, baseline_gross_offered
from smm_eval.salary.market import SalaryData
from smm_eval.salary.money import PERIODS_PER_YEAR

# An unstated period is refused when the amounts' median is further than this factor from the
# baseline's median for the same cells: the geometric midpoint between "the same period" (ratio 1)
# and "the other period" (ratio 12), sqrt(12) = 3.46 (design choice).
PERIOD_RATIO_LIMIT = math.sqrt(12)


@dataclass(frozen=True)
class MoneyNotes:
    """What was done to observations to bring them into a market's money (counts of rows)."""

    money_date: date
    indexed: int  # rows multiplied by the wage index up to the money date
    after_index: int  # dated after the index's last point: used as is
    before_index: int  # dated before its first point: indexed from the first point
    net_to_gross: int  # net amounts turned into gross with the tax rule
    gross_not_stated: int  # taken as gross

    def as_json(self) -> dict[str, Any]:
        """The notes as the estimate's observations source carries them."""
        return {
            "indexed_to": self.money_date.isoformat(),
            "indexed": self.indexed,
            "after_index_used_as_is": self.after_index,
            "before_index_from_first_point": self.before_index,
            "net_to_gross": self.net_to_gross,
            "gross_not_stated": self.gross_not_stated,
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> MoneyNotes:
        """Read back what `as_json` wrote."""
        return cls(
            date.fromisoformat(document["indexed_to"]),
            int(document["indexed"]),
            int(document["after_index_used_as_is"]),
            int(document["before_index_from_first_point"]),
            int(document["net_to_gross"]),
            int(document["gross_not_stated"]),
        )


def to_market_period(frame: pd.DataFrame, data: SalaryData) -> pd.DataFrame:
    """Amounts (salary_from, salary_to, salary) per the market's period.

    A row whose `period` is "year" in a monthly market is divided by 12, "month" in a yearly
    market multiplied by 12 (`PERIODS_PER_YEAR`); an empty or missing period is the market's own.
    Returns a new frame; `period` becomes the market's period on every row.
    """
    if "period" not in frame:
        return frame.assign(period=data.period)
    stated = frame["period"].fillna("").astype(str).replace("", data.period)
    factor = stated.map(lambda p: PERIODS_PER_YEAR[p] / PERIODS_PER_YEAR[data.period]).astype(float)
    out = frame.copy()
    for column in ("salary_from", "salary_to", "salary"):
        if column in out:
            out[column] = out[column].astype(float) * factor
    out["period"] = data.period
    return out


def period_problem(frame: pd.DataFrame, data: SalaryData, source: str) -> Problem | None:
    """A refusal when amounts whose period is not stated look like the other period, else None.

    The median over those rows of salary / baseline median of the row's cell (gross offered, at
    the money date) is compared with `PERIOD_RATIO_LIMIT`: in a monthly market a ratio above it
    looks like yearly pay, in a yearly market a ratio below its inverse looks like monthly pay.
    """
    unstated = frame["period"].fillna("").astype(str) == "" if "period" in frame else pd.Series(True, frame.index)
    rows = frame.loc[unstated]
    if rows.empty:
        return None
    columns = ["level", "region", "work_format", "role"]
    cells = rows[columns].astype(str).drop_duplicates()
    cells["median"] = [
        baseline_gross_offered(SalaryQuery.cell(tuple(c), data.id), data)[0][0.5] for c in cells.itertuples(index=False)
    ]
    baseline = rows[columns].astype(str).merge(cells, on=columns, how="left")["median"].to_numpy(dtype=float)
    ratio = float(np.median(rows["salary"].to_numpy(dtype=float) / baseline))
    other = "year" if data.period == "month" else "month"
    if (ratio > PERIOD_RATIO_LIMIT) if data.period == "month" else (ratio < 1 / PERIOD_RATIO_LIMIT):
        message = (
            f"the amounts look like pay per {other}, not per {data.period} as {data.id} quotes it: their median is "
            f"{ratio:.2f} times the baseline for the same cells; add a column `period` with `{other}` "
            f"(or `{data.period}`) so they are not misread"
        )
        params = {"other": other, "period": data.period, "market": data.id, "ratio": round(ratio, 2)}
        return Problem(source, message, column_name="period", code="salary.period_unclear", params=params)
    return None


def _gross(frame: pd.DataFrame, data: SalaryData, source: str) -> tuple[np.ndarray, int, int]:
    """Gross amounts: net rows through the inverse tax rule; (amounts, net rows, rows not stated)."""
    salary = frame["salary"].to_numpy(dtype=float).copy()
    basis = frame["gross"] if "gross" in frame else pd.Series([None] * len(frame), index=frame.index)
    unknown = basis.isna().to_numpy(dtype=bool)
    net = ~unknown & (basis.astype(object) == False).to_numpy(dtype=bool)  # noqa: E712 - elementwise, None stays False
    if net.any():
        if data.tax is None:
            message = f"{int(net.sum())} amounts are net, but {data.id} has no verified tax rule to make them gross"
            params = {"count": int(net.sum()), "market": data.id}
            raise InputError(
                [Problem(source, message, column_name="gross_net", code="salary.net_no_tax", params=params)]
            )
        tax = data.tax
        salary[net] = [tax.gross(v, data.period) for v in salary[net]]
    return salary, int(net.sum()), int(unknown.sum())


def market_observations(
    frame: pd.DataFrame, data: SalaryData, source: str = "observations"
) -> tuple[pd.DataFrame, MoneyNotes]:
    """Observations with `salary` gross and in the money of the market's money date.

    Parameters
    ----------
    frame
        Observations (`read_observations` columns; `salary` per the market's period; optional
        `gross`: True, False or None).
    data
        The market: its tax rule and wage index (`index.points`).

    Returns
    -------
    tuple
        (a copy of the frame with `salary` replaced, the `MoneyNotes` of what was done).

    Raises
    ------
    InputError
        Net amounts in a market without a tax rule.
    """
    salary, net, unknown = _gross(frame, data, source)
    points = data.index.points
    ordinal = np.array([np.datetime64(p.date, "D") for p in points]).astype(float)  # days since 1970
    levels = np.array([p.level for p in points], dtype=float)
    when = pd.to_datetime(frame["date"]).to_numpy().astype("datetime64[D]").astype(float)
    after, before = when > ordinal[-1], when < ordinal[0]
    factor = np.where(after, 1.0, levels[-1] / np.interp(when, ordinal, levels))  # interp clamps before
    notes = MoneyNotes(data.money_date, int((~after).sum()), int(after.sum()), int(before.sum()), net, unknown)
    return frame.assign(salary=salary * factor), notes
