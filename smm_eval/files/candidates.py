"""Reading the candidates CSV (name, contact, source, expected_salary, notes, expected_currency,
expected_gross_net), every problem located.

Only `name` is required. Text limits are `smm_eval.vocabulary.CANDIDATE_FIELD_LIMITS`, the same
limits the candidate schema and the database apply; decoding and splitting are
`smm_eval.files.tables`, amounts `smm_eval.files.amounts`. The candidates page's export (with
`code`, `stage` and `scorecards` beside the five columns) reads back as it is: those columns are
accepted and read as information (the codes and counts are the workspace's own, and a candidate's
stage is kept in the result for the caller). Two names that are one person by
`smm_eval.names.name_key` (case, non-breaking spaces) are a repeated candidate.
An expected salary is in RUB and gross unless its row says otherwise (`expected_currency`,
`expected_gross_net`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.amounts import AMOUNT_EXAMPLE, AMOUNT_EXAMPLES, parse_amounts
from smm_eval.files.tables import BLANK_RECORDS, MAX_FILE_BYTES, Table, read_fixed_columns, shown
from smm_eval.names import name_keys
from smm_eval.vocabulary import CANDIDATE_FIELD_LIMITS, STAGES

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
EXPORT_COLUMNS = ("code", "stage", "scorecards")  # written by the candidates export, read back
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
        One row per candidate in file order: the columns above (text stripped, empty where
        absent; expected_salary as a nullable integer; expected_currency upper-cased, RUB when
        empty; expected_gross_net gross when empty), `code` and `stage` (as the candidates export
        writes them, empty when the file has none) and `line`; `attrs["blank_records"]` counts the
        blank records skipped.

    Raises
    ------
    InputError
        Every problem with its line and column, header and cells in one pass: over-long text, an
        empty or repeated name, an expected_salary that is not a whole positive amount, an
        expected_currency that is not three letters, an expected_gross_net other than gross/net,
        an unknown stage; and the problems of `read_table`.
    """
    allowed = [*CANDIDATE_COLUMNS, *EXPORT_COLUMNS]
    table = read_fixed_columns(data, source, allowed, ["name"], "candidates", max_bytes)
    problems: list[Problem] = []
    out = pd.DataFrame(index=table.frame.index)
    for name, limit in CANDIDATE_COLUMNS.items():
        values = table.cells(name)
        too_long = values.str.len() > limit
        message = f"{name} is longer than {limit} characters"
        problems += table.located(source, too_long, name, message, "files.too_long", {"limit": limit})
        out[name] = values
    problems += table.located(source, out["name"] == "", "name", "name is empty", "files.name_empty")
    problems += _repeated_names(table, source, out["name"])
    salary = _expected_salary(table, source, out["expected_salary"], problems)
    stage = table.cells("stage")
    problems += table.located(
        source,
        ((stage != "") & ~stage.isin(STAGES)).to_numpy(),
        "stage",
        lambda v: f"stage '{v[:20]}' is not one of {', '.join(STAGES)}",
        "files.not_one_of",
        {"allowed": ", ".join(STAGES)},
    )
    currency = out["expected_currency"].str.upper()
    problems += table.located(
        source,
        (currency != "") & ~currency.str.fullmatch(r"[A-Z]{3}"),
        "expected_currency",
        lambda v: f"expected_currency '{v[:20]}' is not a 3-letter currency code (e.g. RUB, USD, EUR)",
        "files.not_currency",
    )
    basis = out["expected_gross_net"].str.lower()
    problems += table.located(
        source,
        ~basis.isin(["", "gross", "net"]),
        "expected_gross_net",
        lambda v: f"expected_gross_net '{v[:20]}' is not gross or net",
        "files.not_gross_net",
    )
    table.refuse(problems)
    out["expected_salary"] = salary.astype("Int64")
    out["expected_currency"] = currency.where(currency != "", DEFAULT_EXPECTED_CURRENCY)
    out["expected_gross_net"] = basis.where(basis != "", DEFAULT_EXPECTED_GROSS_NET)
    out["code"] = table.cells("code")
    out["stage"] = stage
    out["line"] = table.lines
    out = out.reset_index(drop=True)
    out.attrs[BLANK_RECORDS] = table.blank_records
    return out


def _expected_salary(table: Table, source: str, cells: pd.Series, problems: list[Problem]) -> pd.Series:
    """expected_salary as amounts (`files.amounts`); a cell that is not a whole positive amount is
    added to `problems` at its line."""
    salary, unreadable = parse_amounts(cells)
    checks = [
        (unreadable | (salary >= 1e9).to_numpy(), f"is not a whole amount ({AMOUNT_EXAMPLE})",
         "files.not_whole_amount"),
        (((salary % 1).fillna(0) != 0).to_numpy(), "is not a whole amount; write it without the decimal part",
         "files.amount_decimals"),
        ((salary == 0).to_numpy(), "is zero; leave the cell empty when the amount is not known", "files.amount_zero"),
    ]  # fmt: skip
    for mask, says, code in checks:
        problems += table.located(
            source, mask, "expected_salary", partial(_salary_message, says), code, {"example": AMOUNT_EXAMPLES}
        )
    return salary


def _salary_message(says: str, value: str) -> str:
    return f"expected_salary '{value[:20]}' {says}"


def _repeated_names(table: Table, source: str, names: pd.Series) -> list[Problem]:
    """A name that is the same person (`name_key`) as an earlier row's, located at the later row."""
    keys = pd.Series(name_keys(names), index=names.index)
    repeated = (keys.duplicated(keep="first") & (names != "")).to_numpy()
    if not repeated.any():
        return []
    first_line = dict(zip(keys[~keys.duplicated()], table.lines[~keys.duplicated().to_numpy()], strict=True))
    return [
        Problem(source, f"candidate '{who[:60]}' appears twice (first on line {first_line[key]})", int(line),
                table.columns["name"], "name", code="files.candidate_repeats",
                params={"name": shown(who), "first": int(first_line[key])})
        for who, key, line in zip(names[repeated], keys[repeated], table.lines[repeated], strict=True)
    ]  # fmt: skip


def join_rated(candidates: pd.DataFrame, people: Sequence[str], source: str, ratings_source: str) -> pd.DataFrame:
    """Each candidates row joined to its rated person by `name_key`, before anything is stored.

    Parameters
    ----------
    candidates
        `read_candidates` output (names as written in the candidates file, `line` of each row).
    people
        The rated people of the ratings file, as first written there (`RatingsTable.people`).
    source, ratings_source
        The candidates and ratings file names, used in problems.

    Returns
    -------
    pandas.DataFrame
        `candidates` with each name replaced by the rated person's name as first written in the
        ratings file (so `Zoe\u00a0Marchetti` and `zoe marchetti` join `Zoe Marchetti`).

    Raises
    ------
    InputError
        One located problem per candidates row that matches no rated person: such a row would
        otherwise become an unrated phantom candidate beside the rated one.
    """
    rated = dict(zip(name_keys(people), people, strict=True))
    keys = name_keys(candidates["name"])
    unmatched = [key not in rated for key in keys]
    problems = [
        Problem(source, f"candidate '{name[:60]}' matches no person of {ratings_source}; check the spelling, "
                "or add their ratings", int(line), 1, "name", code="files.candidate_unrated",
                params={"name": shown(name), "ratings": ratings_source})
        for name, line, missing in zip(candidates["name"], candidates["line"], unmatched, strict=True) if missing
    ]  # fmt: skip
    if problems:
        raise InputError(problems)
    return candidates.assign(name=[rated[key] for key in keys])
