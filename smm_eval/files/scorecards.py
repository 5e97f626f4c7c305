"""Reading the scorecards export back: one row per (candidate code, rater, competency), every problem located.

The candidates page exports a vacancy's scorecards as this tidy CSV (`services.candidates.
candidate_exports`): `code, rater, competency, level, evidence, recommendation, red_flags,
qualities, notes, submitted_at`. Read beside the candidates export (which maps each code to a
name), it re-imports into a fresh workspace as the same scorecards. Lists (red flags, personal
qualities) are ids joined by `; `; `submitted_at` is an ISO time (UTC). The fields of a scorecard
(recommendation, lists, notes, time) are written on each of its rows; the first row's count.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from smm_eval.errors import Problem
from smm_eval.files.tables import BLANK_RECORDS, MAX_FILE_BYTES, Table, read_fixed_columns
from smm_eval.vocabulary import RECOMMENDATIONS

SCORECARD_EXPORT_COLUMNS = (
    "code", "rater", "competency", "level", "evidence", "recommendation", "red_flags", "qualities", "notes",
    "submitted_at",
)  # fmt: skip
LIST_SEPARATOR = "; "


def join_ids(ids: Sequence[str]) -> str:
    """A list of ids as one cell (`LIST_SEPARATOR`); `split_ids` reads it back.

    >>> join_ids(["a", "b"]), split_ids("a; b"), split_ids("")
    ('a; b', ['a', 'b'], [])
    """
    return LIST_SEPARATOR.join(ids)


def split_ids(cell: str) -> list[str]:
    """The ids of a `join_ids` cell, blanks dropped."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def read_scorecards(
    data: bytes, source: str, competency_ids: Sequence[str], max_bytes: int | None = MAX_FILE_BYTES
) -> pd.DataFrame:
    """Parse and validate a scorecards export.

    Parameters
    ----------
    data, source
        The file's bytes and the name used in problems.
    competency_ids
        The framework's competency ids.
    max_bytes
        Size limit for uploads; None reads any size.

    Returns
    -------
    pandas.DataFrame
        One row per item in file order: code, rater, competency, level (int), evidence,
        recommendation (empty text when none), red_flags and qualities (lists of ids), notes,
        submitted_at (UTC timestamp, NaT when empty) and line; `attrs["blank_records"]` counts
        the blank records skipped.

    Raises
    ------
    InputError
        Every problem with its line and column, header and cells in one pass: an empty code or
        rater, an unknown competency, a level that is not 0..4, an unknown recommendation, a
        time that is not ISO, the same (code, rater, competency) twice.
    """
    required = ["code", "rater", "competency", "level"]
    table = read_fixed_columns(data, source, SCORECARD_EXPORT_COLUMNS, required, "scorecard items", max_bytes)
    cells = {name: table.cells(name) for name in SCORECARD_EXPORT_COLUMNS}
    problems: list[Problem] = []
    for name in ("code", "rater"):
        problems += table.located(source, (cells[name] == "").to_numpy(), name, f"{name} is empty", "files.cell_empty")
    problems += table.located(
        source, ~cells["competency"].isin(competency_ids), "competency", lambda c: f"unknown competency id '{c[:60]}'",
        "files.unknown_competency",
    )  # fmt: skip
    problems += table.located(
        source, ~cells["level"].str.fullmatch(r"[0-4]"), "level", lambda v: f"level '{v[:20]}' is not 0, 1, 2, 3 or 4",
        "files.level_not_0_4",
    )  # fmt: skip
    recommendation = cells["recommendation"]
    when = _card_fields(table, source, cells, problems)
    repeated = pd.DataFrame({k: cells[k] for k in ("code", "rater", "competency")}).duplicated().to_numpy()
    problems += table.located(
        source, repeated, "competency", "this code, rater and competency appear twice", "files.item_repeats"
    )
    table.refuse(problems)
    out = pd.DataFrame(
        {
            **{k: cells[k] for k in ("code", "rater", "competency")},
            "level": cells["level"].astype(int),
            "evidence": cells["evidence"],
            "recommendation": recommendation,
            "red_flags": cells["red_flags"].map(split_ids),
            "qualities": cells["qualities"].map(split_ids),
            "notes": cells["notes"],
            "submitted_at": when,
            "line": table.lines,
        }
    ).reset_index(drop=True)
    out.attrs[BLANK_RECORDS] = table.blank_records
    return out


def _card_fields(table: Table, source: str, cells: dict[str, pd.Series], problems: list[Problem]) -> pd.Series:
    """Check the recommendation and time cells (problems added at their lines); the times as UTC timestamps."""
    recommendation = cells["recommendation"]
    problems += table.located(
        source,
        ((recommendation != "") & ~recommendation.isin(RECOMMENDATIONS)).to_numpy(),
        "recommendation",
        lambda v: f"recommendation '{v[:20]}' is not one of {', '.join(RECOMMENDATIONS)}",
        "files.not_one_of",
        {"allowed": ", ".join(RECOMMENDATIONS)},
    )
    when = pd.to_datetime(cells["submitted_at"].where(cells["submitted_at"] != ""), utc=True, errors="coerce")
    problems += table.located(
        source,
        ((cells["submitted_at"] != "") & when.isna()).to_numpy(),
        "submitted_at",
        lambda v: f"submitted_at '{v[:40]}' is not a time such as 2026-11-30T10:00:00+00:00",
        "files.not_a_time",
    )
    return when


def is_scorecards_export(data: bytes) -> bool:
    """True when a file's header is the scorecards export's (code, rater, competency and level
    among its columns): the candidates import then reads it with `read_scorecards`.

    >>> is_scorecards_export(b"\\xef\\xbb\\xbfcode,rater,competency,level\\n"), is_scorecards_export(b"person,rater\\n")
    (True, False)
    """
    head = data[:4096].decode("utf-8-sig", errors="replace").lstrip("\r\n").splitlines()[:1]
    columns = {name.strip() for name in head[0].split(",")} if head else set()
    return {"code", "rater", "competency", "level"} <= columns


def codes_problems(cards: pd.DataFrame, candidates: pd.DataFrame, source: str, candidates_source: str) -> list[Problem]:
    """A scorecard whose code is not in the candidates export (which names each code), located."""
    known = set(candidates["code"]) if "code" in candidates.columns else set()
    unknown = cards.loc[~cards["code"].isin(known)].drop_duplicates("code")
    return [
        Problem(source, f"code '{code[:20]}' is not in {candidates_source}: import the candidates export beside it",
                int(line), 1, "code", code="files.code_not_in_candidates",
                params={"value": code[:20], "candidates": candidates_source})
        for code, line in zip(unknown["code"], unknown["line"], strict=True)
    ]  # fmt: skip
