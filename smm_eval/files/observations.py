"""Salary observations read from a user's CSV file: the columns, the checks and the point used for fitting.

Read through the shared table reader (`smm_eval.files.tables`), like every CSV of the app; amounts
by the one amount rule (`smm_eval.files.amounts`: `120 000`, `120,000` and `120.000` are all
120000). Every bad cell is reported with its line and column (`smm_eval.errors.InputError`),
header and cells in one pass; a good file becomes one row per observation with `salary`, the
single amount a model is fitted on. An amount of zero (`000`) or under 100 is refused, not fitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
import pandas as pd

from smm_eval.errors import Problem
from smm_eval.files.amounts import AMOUNT_EXAMPLE, AMOUNT_EXAMPLES, parse_amounts
from smm_eval.files.tables import BLANK_RECORDS, MAX_FILE_BYTES, Table, read_fixed_columns
from smm_eval.salary.market import REGIONS, WORK_FORMATS
from smm_eval.vocabulary import CAREER_LEVELS

FROM_ONLY, TO_ONLY = 1.1, 0.9  # "from X" offers centre ~10% above X; "up to X" ~10% below
OBSERVATION_COLUMNS = ("salary_from", "salary_to", "currency", "region", "level", "work_format", "role", "date")
OPTIONAL_COLUMNS = ("experience_years", "period", "gross_net")
PERIODS = ("month", "year")  # an empty `period` cell: the market's own pay period
GROSS_NET = ("gross", "net")  # an empty `gross_net` cell: not stated
SHOWN_CHARS = 40  # a bad cell is quoted up to this many characters
# Amounts a model is fitted on (per month or per year): a design choice that keeps typos (a missing
# or extra zero block) out of the fit; 100..999,999,999 is the range the reader has always accepted.
MIN_AMOUNT, MAX_AMOUNT = 100, 999_999_999


def _not_an_amount(name: str, value: str) -> str:
    return f"{name} '{value[:SHOWN_CHARS]}' is not an amount ({AMOUNT_EXAMPLE})"


def _out_of_range(name: str, value: str) -> str:
    return f"{name} '{value[:SHOWN_CHARS]}' is not an amount between {MIN_AMOUNT} and {MAX_AMOUNT:,}"


def _zero(name: str, value: str) -> str:
    return f"{name} '{value[:SHOWN_CHARS]}' is zero; give the amount, or leave the cell empty when it is not known"


def _not_one_of(name: str, allowed: Sequence[str], value: str) -> str:
    return f"{name} '{value[:SHOWN_CHARS]}' is not one of {', '.join(allowed)}"


def _amounts(table: Table, source: str, problems: list[Problem]) -> tuple[pd.Series, pd.Series]:
    """salary_from and salary_to as numbers (NaN when empty or bad); bad or missing ones reported."""
    amounts = {}
    for name in ("salary_from", "salary_to"):
        values, unreadable = parse_amounts(table.cells(name))
        zero = (values == 0).to_numpy()
        out_of_range = ((values > 0) & ((values < MIN_AMOUNT) | (values > MAX_AMOUNT))).to_numpy()
        problems += table.located(
            source, unreadable, name, partial(_not_an_amount, name), "files.not_an_amount", {"example": AMOUNT_EXAMPLES}
        )
        problems += table.located(source, zero, name, partial(_zero, name), "files.amount_zero")
        limits = {"low": MIN_AMOUNT, "high": f"{MAX_AMOUNT:,}"}
        problems += table.located(
            source, out_of_range, name, partial(_out_of_range, name), "files.amount_range", limits
        )
        amounts[name] = values.where(~(zero | out_of_range))
    low, high = amounts["salary_from"], amounts["salary_to"]
    both_empty = low.isna() & high.isna() & (table.cells("salary_from") == "") & (table.cells("salary_to") == "")
    problems += table.located(
        source, both_empty, "salary_from", "salary_from and salary_to are both empty; give at least one",
        "files.salary_both_empty",
    )  # fmt: skip
    problems += table.located(
        source, low > high, "salary_from", lambda v: f"salary_from {v} is above salary_to", "files.salary_from_above_to"
    )
    return low, high


def _dates(table: Table, source: str, problems: list[Problem]) -> pd.Series:
    """The date column as datetimes; a month alone (2026-10) means its first day."""
    text = table.cells("date")
    full = text.where(~text.str.fullmatch(r"\d{4}-\d{2}"), text + "-01")
    dates = pd.to_datetime(full.where(full.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce")
    problems += table.located(
        source, dates.isna(), "date", lambda v: f"date '{v[:SHOWN_CHARS]}' is not a date such as 2026-10-01 or 2026-10",
        "files.not_a_month_date",
    )  # fmt: skip
    return dates


def _experience(table: Table, source: str, problems: list[Problem]) -> pd.Series:
    text = table.cells("experience_years")
    years = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (years.isna() | (years < 0) | (years > 60))
    problems += table.located(
        source,
        bad,
        "experience_years",
        lambda v: f"experience_years '{v[:SHOWN_CHARS]}' is not a number of years 0..60",
        "files.not_years",
    )
    return years


def _closed_optional(table: Table, source: str, problems: list[Problem]) -> tuple[pd.Series, pd.Series]:
    """`period` (month, year or empty) and `gross_net` (gross, net or empty) as read; bad cells reported.

    Returns the periods as text ('' when not stated) and the tax basis as `gross`: True, False or
    None (not stated).
    """
    period, basis = table.cells("period").str.lower(), table.cells("gross_net").str.lower()
    for name, values, allowed in (("period", period, PERIODS), ("gross_net", basis, GROSS_NET)):
        bad = (values != "") & ~values.isin(allowed)
        problems += table.located(source, bad, name, partial(_not_one_of, name, allowed))
    gross = basis.map({"gross": True, "net": False, "": None}).astype(object)
    return period, gross.where(basis.isin(GROSS_NET), None)


def _mixed_currencies(table: Table, source: str) -> Problem | None:
    """The first row whose currency differs from the first row's: one currency per file."""
    currencies = table.cells("currency")
    differs = (currencies != currencies.iloc[0]).to_numpy(dtype=bool)
    if not differs.any():
        return None
    at = int(np.flatnonzero(differs)[0])
    first, other = str(currencies.iloc[0]), str(currencies.iloc[at])
    message = f"observations mix currencies: {other} here, {first} on the first row; upload one currency at a time"
    return Problem(
        source, message, int(table.lines[at]), table.columns["currency"], "currency",
        code="salary.currencies_mixed", params={"first": first, "other": other},
    )  # fmt: skip


def salary_points(low: pd.Series, high: pd.Series) -> np.ndarray:
    """The monthly amount a model is fitted on, from a pay range: shape (len(low),).

    The midpoint of from/to; from × 1.1 when only "from" is given, to × 0.9 when only "up to"
    (FROM_ONLY, TO_ONLY: design choice, an open range is assumed to centre about 10% beyond its bound).
    """
    low, high = low.astype(float), high.astype(float)
    points: np.ndarray = np.where(
        low.notna() & high.notna(), (low + high) / 2, np.where(low.notna(), low * FROM_ONLY, high * TO_ONLY)
    )
    return points


def read_observations(
    data: bytes,
    source: str,
    roles: tuple[str, ...],
    max_bytes: int | None = MAX_FILE_BYTES,
    regions: tuple[str, ...] = REGIONS,
) -> pd.DataFrame:
    """Parse and validate salary observations; every problem is reported with line and column.

    Parameters
    ----------
    regions
        The region ids of the market the file is for (Russia's by default).

    Returns
    -------
    pandas.DataFrame
        One row per observation: OBSERVATION_COLUMNS, `experience_years` (NaN when absent),
        `period` ("month", "year" or "" when not stated), `gross` (True, False for net, None when
        not stated), `salary` (the amount used for fitting, per the row's period: the midpoint of
        from/to, or from × 1.1 / to × 0.9 when only one is given) and `line` (the file line).

    Raises
    ------
    InputError
        Every problem of the file (unknown region, level, work format or role, bad amount or date,
        more than one currency), sorted by line and column.
    """
    table = read_fixed_columns(
        data, source, (*OBSERVATION_COLUMNS, *OPTIONAL_COLUMNS), OBSERVATION_COLUMNS, "observations", max_bytes
    )
    problems: list[Problem] = []
    low, high = _amounts(table, source, problems)
    for name, values in (("region", regions), ("level", CAREER_LEVELS), ("work_format", WORK_FORMATS), ("role", roles)):
        problems += table.located(
            source, ~table.cells(name).isin(values), name, partial(_not_one_of, name, values), "files.not_one_of",
            {"allowed": ", ".join(values)},
        )  # fmt: skip
    currency_bad = ~table.cells("currency").str.fullmatch(r"[A-Z]{3}")
    problems += table.located(
        source, currency_bad, "currency", lambda v: f"currency '{v[:SHOWN_CHARS]}' is not a 3-letter code such as RUB",
        "files.not_currency",
    )  # fmt: skip
    dates = _dates(table, source, problems)
    experience = _experience(table, source, problems)
    period, gross = _closed_optional(table, source, problems)
    mixed = None if problems or table.problems or table.frame.empty else _mixed_currencies(table, source)
    table.refuse([*problems, *([mixed] if mixed else [])])
    salary = salary_points(low, high)
    blank = table.blank_records
    columns = ("currency", "region", "level", "work_format", "role")
    out = pd.DataFrame(
        {
            "salary_from": low,
            "salary_to": high,
            **{name: table.cells(name) for name in columns},
            "date": dates.dt.date,
            "experience_years": experience,
            "period": period,
            "gross": gross,
            "salary": salary,
            "line": table.lines,
        }
    ).reset_index(drop=True)
    out.attrs[BLANK_RECORDS] = blank
    return out
