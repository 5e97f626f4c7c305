"""Salary observations read from a user's CSV file: the columns, the checks and the point used for fitting.

Every bad cell is reported with its line and column (`smm_eval.errors.InputError`); a good file
becomes one row per observation with `salary`, the single amount a model is fitted on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.ratings import MAX_FILE_BYTES, read_table
from smm_eval.salary.market import REGIONS, WORK_FORMATS
from smm_eval.vocabulary import CAREER_LEVELS

FROM_ONLY, TO_ONLY = 1.1, 0.9  # "from X" offers centre ~10% above X; "up to X" ~10% below
OBSERVATION_COLUMNS = ("salary_from", "salary_to", "currency", "region", "level", "work_format", "role", "date")
OPTIONAL_COLUMNS = ("experience_years",)


def _not_an_amount(name: str, value: str) -> str:
    return f"{name} '{value}' is not an amount (digits, e.g. 60000)"


def _not_one_of(name: str, allowed: Sequence[str], value: str) -> str:
    return f"{name} '{value}' is not one of {', '.join(allowed)}"


def read_observations(
    data: bytes, source: str, roles: tuple[str, ...], max_bytes: int | None = MAX_FILE_BYTES
) -> pd.DataFrame:
    """Parse and validate salary observations; every problem is reported with line and column.

    Returns the columns above plus `salary` (the point used for fitting: the midpoint of from/to,
    or from × 1.1 / to × 0.9 when only one is given) and `line`.
    """
    allowed = (*OBSERVATION_COLUMNS, *OPTIONAL_COLUMNS)
    frame, lines, col = read_table(data, source, allowed, OBSERVATION_COLUMNS, "observations", max_bytes)
    problems: list[Problem] = []
    cells = {c: frame[c].str.strip() if c in frame.columns else pd.Series("", index=frame.index) for c in allowed}

    def report(mask: pd.Series, name: str, message: Callable[[str], str]) -> None:
        for line, value in zip(lines[mask.to_numpy()], cells[name][mask], strict=True):
            problems.append(Problem(source, message(value[:40]), int(line), col[name], name))

    amounts = {}
    for name in ("salary_from", "salary_to"):
        raw = cells[name].str.replace(r"[\s_]", "", regex=True)
        bad = (raw != "") & ~raw.str.fullmatch(r"\d{3,9}(?:\.\d+)?")
        report(bad, name, partial(_not_an_amount, name))
        amounts[name] = pd.to_numeric(raw.where((raw != "") & ~bad), errors="coerce")
    both_empty = amounts["salary_from"].isna() & amounts["salary_to"].isna()
    both_empty &= (cells["salary_from"] == "") & (cells["salary_to"] == "")
    report(both_empty, "salary_from", lambda _v: "salary_from and salary_to are both empty; give at least one")
    inverted = amounts["salary_from"] > amounts["salary_to"]
    report(inverted, "salary_from", lambda v: f"salary_from {v} is above salary_to")
    for name, values in (("region", REGIONS), ("level", CAREER_LEVELS), ("work_format", WORK_FORMATS), ("role", roles)):
        bad = ~cells[name].isin(values)
        report(bad, name, partial(_not_one_of, name, values))
    currency_bad = ~cells["currency"].str.fullmatch(r"[A-Z]{3}")
    report(currency_bad, "currency", lambda v: f"currency '{v}' is not a 3-letter code such as RUB")
    # A month alone (2026-10) means its first day.
    full_dates = cells["date"].where(~cells["date"].str.fullmatch(r"\d{4}-\d{2}"), cells["date"] + "-01")
    dates = pd.to_datetime(
        full_dates.where(full_dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce"
    )
    report(dates.isna(), "date", lambda v: f"date '{v}' is not a date such as 2026-10-01 or 2026-10")
    experience = pd.to_numeric(cells["experience_years"].where(cells["experience_years"] != ""), errors="coerce")
    exp_bad = (cells["experience_years"] != "") & (experience.isna() | (experience < 0) | (experience > 60))
    report(exp_bad, "experience_years", lambda v: f"experience_years '{v}' is not a number of years 0..60")
    if not problems:
        currencies = sorted(set(cells["currency"]))
        if len(currencies) > 1:
            problems.append(
                Problem(
                    source,
                    f"observations mix currencies {currencies}; upload one currency at a time",
                    2,
                    col["currency"],
                    "currency",
                )
            )
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)
    lo, hi = amounts["salary_from"], amounts["salary_to"]
    salary = np.where(lo.notna() & hi.notna(), (lo + hi) / 2, np.where(lo.notna(), lo * FROM_ONLY, hi * TO_ONLY))
    return pd.DataFrame(
        {
            "salary_from": lo,
            "salary_to": hi,
            "currency": cells["currency"],
            "region": cells["region"],
            "level": cells["level"],
            "work_format": cells["work_format"],
            "role": cells["role"],
            "date": dates.dt.date,
            "experience_years": experience,
            "salary": salary,
            "line": lines,
        }
    ).reset_index(drop=True)
