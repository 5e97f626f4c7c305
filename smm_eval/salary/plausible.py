"""Salary observations that cannot be true are refused before anything is fitted or stored.

A shared salary dataset feeds every session that chooses it, so one careless or hostile file must
not be able to move everyone's figures. Two kinds of row are refused, each located (line, column):

- **a date in the future** (after today): the model weighs observations by their age from the
  newest one (`features.recency_weight`), so a row dated 9999-12-31 would give every other row a
  weight of about zero;
- **an absurd amount**: above `MAX_P90_MULTIPLE` × the baseline's P90 of the row's own cell (level,
  region, work format, role; gross offered at the market's money date), or below the market's
  minimum wage at the money date divided by `MIN_FLOOR_DIVISOR`. Both bounds are design choices,
  wide on purpose: they let through any real pay, including net pay, a part-time job and pay from
  years before the money date, and stop amounts that are typing errors or poisoning (the issue's
  999 million RUB a month is about 5,000 times a Moscow middle's P90 of 196,906 RUB).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from smm_eval.errors import Problem
from smm_eval.salary.baseline import SalaryQuery, baseline_gross_offered
from smm_eval.salary.market import SalaryData
from smm_eval.salary.money import minimum_wage_on

MAX_P90_MULTIPLE = 100.0  # design choice (module docstring)
MIN_FLOOR_DIVISOR = 10.0  # design choice (module docstring)
CELL = ["level", "region", "work_format", "role"]


def amount_bounds(frame: pd.DataFrame, data: SalaryData) -> tuple[np.ndarray, float]:
    """The highest plausible amount of each row (shape (rows,)) and the lowest one (one figure).

    Amounts per the market's period: upper = `MAX_P90_MULTIPLE` × the baseline's P90 of the row's
    cell (`baseline_gross_offered`, computed once per distinct cell); lower = minimum wage in force
    at the money date / `MIN_FLOOR_DIVISOR`.
    """
    cells = frame[CELL].astype(str).drop_duplicates()
    cells["p90"] = [
        baseline_gross_offered(SalaryQuery.cell(tuple(c), data.id), data)[0][0.9] for c in cells.itertuples(index=False)
    ]
    p90 = frame[CELL].astype(str).merge(cells, on=CELL, how="left")["p90"].to_numpy(dtype=float)
    lower = minimum_wage_on(data.minimum_wage, data.money_date).amount / MIN_FLOOR_DIVISOR
    return p90 * MAX_P90_MULTIPLE, lower


def implausible_observations(frame: pd.DataFrame, data: SalaryData, source: str, today: date) -> list[Problem]:
    """Every future date and absurd amount of the observations, located; empty when there is none.

    Parameters
    ----------
    frame
        Observations as read (columns salary_from, salary_to, level, region, work_format, role,
        date and, for a CSV, line), amounts already per the market's period (`to_market_period`).
    data
        The market whose baseline and minimum wage bound the amounts.
    source
        The file's name, for the problems.
    today
        The last acceptable date (the caller's clock).

    Returns
    -------
    list of Problem
        Codes `salary.future_date` (params date, today), `salary.amount_too_high` (amount, limit,
        currency) and `salary.amount_too_low` (amount, limit, currency).
    """
    if frame.empty:
        return []
    lines = frame["line"].tolist() if "line" in frame else [None] * len(frame)
    problems: list[Problem] = []
    for line, when in zip(lines, frame["date"], strict=True):
        if when is not None and not pd.isna(when) and pd.Timestamp(when).date() > today:
            day = pd.Timestamp(when).date().isoformat()
            message = f"the date {day} is after today ({today.isoformat()}): observations cannot come from the future"
            params: dict[str, object] = {"date": day, "today": today.isoformat()}
            problems.append(
                Problem(source, message, line, column_name="date", code="salary.future_date", params=params)
            )
    upper, lower = amount_bounds(frame, data)
    for column in ("salary_from", "salary_to"):
        values = frame[column].to_numpy(dtype=float) if column in frame else np.full(len(frame), np.nan)
        for i in np.flatnonzero(~np.isnan(values) & ((values > upper) | (values < lower))):
            high = bool(values[i] > upper[i])
            limit = float(upper[i] if high else lower)
            side = f"above {MAX_P90_MULTIPLE:g} times" if high else f"below 1/{MIN_FLOOR_DIVISOR:g} of"
            what = "the baseline's P90 for this cell" if high else "the minimum wage"
            message = f"{values[i]:,.0f} {data.currency} is {side} {what} ({limit:,.0f}): not a plausible pay"
            params = {
                "amount": round(float(values[i])),
                "limit": round(limit),
                "currency": data.currency,
            }
            line = lines[i]
            if high:
                problem = Problem(
                    source, message, line, column_name=column, code="salary.amount_too_high", params=params
                )
            else:
                problem = Problem(
                    source, message, line, column_name=column, code="salary.amount_too_low", params=params
                )
            problems.append(problem)
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))
