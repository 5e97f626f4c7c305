"""Reading the candidates CSV (name, contact, source, expected_salary, notes, expected_currency,
expected_gross_net), every problem located.

Only `name` is required; an expected salary is in RUB and gross unless its row says otherwise.
Text limits are `smm_eval.vocabulary.CANDIDATE_FIELD_LIMITS`, the same limits the candidate
schema and the database apply; decoding and splitting are `smm_eval.files.tables`.
"""

from __future__ import annotations

import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.tables import MAX_FILE_BYTES, read_fixed_columns
from smm_eval.vocabulary import CANDIDATE_FIELD_LIMITS

# The longest expected_salary text read (digits with spaces or underscores between thousands).
_SALARY_TEXT_LIMIT = 12
CANDIDATE_COLUMNS: dict[str, int] = {
    "name": CANDIDATE_FIELD_LIMITS["name"],
    "contact": CANDIDATE_FIELD_LIMITS["contact"],
    "source": CANDIDATE_FIELD_LIMITS["source"],
    "expected_salary": _SALARY_TEXT_LIMIT,
    "notes": CANDIDATE_FIELD_LIMITS["notes"],
    "expected_currency": 20,
    "expected_gross_net": 20,
}
# What an expected salary is in when its row does not say (the amounts stored before these columns).
DEFAULT_EXPECTED_CURRENCY = "RUB"
DEFAULT_EXPECTED_GROSS_NET = "gross"


def read_candidates(data: bytes, source: str, max_bytes: int | None = MAX_FILE_BYTES) -> pd.DataFrame:
    """Parse and validate a candidates CSV.

    Parameters
    ----------
    data, source
        The file's bytes and the name used in problems.
    max_bytes
        Size limit for uploads; None reads any size.

    Returns
    -------
    pandas.DataFrame
        One row per candidate in file order: the columns above (text stripped, empty where absent;
        expected_salary as a nullable integer; expected_currency upper-cased, RUB when empty;
        expected_gross_net gross when empty) and `line`.

    Raises
    ------
    InputError
        Every problem with its line and column: over-long text, an empty or repeated name, an
        expected_salary that is not a whole amount, an expected_currency that is not three
        letters, an expected_gross_net other than gross/net; and the problems of `read_table`.
    """
    table = read_fixed_columns(data, source, list(CANDIDATE_COLUMNS), ["name"], "candidates", max_bytes)
    problems: list[Problem] = []
    out = pd.DataFrame(index=table.frame.index)
    for name, limit in CANDIDATE_COLUMNS.items():
        values = table.cells(name)
        too_long = values.str.len() > limit
        message = f"{name} is longer than {limit} characters"
        problems += table.located(source, too_long, name, message)
        out[name] = values
    problems += table.located(source, out["name"] == "", "name", "name is empty")
    repeated = out["name"].duplicated(keep="first") & (out["name"] != "")
    problems += table.located(source, repeated, "name", lambda who: f"candidate '{who[:60]}' appears twice")
    salary = out["expected_salary"].str.replace(r"[\s_]", "", regex=True)
    bad = (salary != "") & ~salary.str.fullmatch(r"\d{1,9}")
    problems += table.located(
        source,
        bad,
        "expected_salary",
        lambda v: f"expected_salary '{v[:20]}' is not a whole amount (digits only, e.g. 60000)",
    )
    currency = out["expected_currency"].str.upper()
    problems += table.located(
        source,
        (currency != "") & ~currency.str.fullmatch(r"[A-Z]{3}"),
        "expected_currency",
        lambda v: f"expected_currency '{v[:20]}' is not a 3-letter currency code (e.g. RUB, USD, EUR)",
    )
    basis = out["expected_gross_net"].str.lower()
    problems += table.located(
        source,
        ~basis.isin(["", "gross", "net"]),
        "expected_gross_net",
        lambda v: f"expected_gross_net '{v[:20]}' is not gross or net",
    )
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)
    out["expected_salary"] = pd.to_numeric(salary.where(salary != ""), errors="coerce").astype("Int64")
    out["expected_currency"] = currency.where(currency != "", DEFAULT_EXPECTED_CURRENCY)
    out["expected_gross_net"] = basis.where(basis != "", DEFAULT_EXPECTED_GROSS_NET)
    out["line"] = table.lines
    return out.reset_index(drop=True)
