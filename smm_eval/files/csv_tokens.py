"""The two CSV tokenisers behind `files.tables.split_records`: text to a header, each record's start
line and field count, and a builder of the kept records' frame.

`tokens_plain` takes text without a quote character (`str.split`, then pandas' C parser builds the
frame: the fast path, whose measured gain `files.tables` states), `tokens_quoted` text with quotes
(the csv module: fields may hold commas and line breaks). Line endings, blank records, field counts
and line numbers are decided in the same way for both; `tests/unit/files/test_tables.py` checks
with generated inputs that they agree. What the records mean (ragged records, the row limit, the
header check) is decided in `files.tables`, once, for both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smm_eval.errors import Problem
from smm_eval.limits import MAX_CELL_CHARS

__all__ = ["FIELD_LIMIT", "Tokens", "empty_frame", "tokens_plain", "tokens_quoted"]

# The csv module refuses longer fields (its default limit is MAX_CELL_CHARS); the fast splitter
# refuses them the same way.
FIELD_LIMIT = MAX_CELL_CHARS


@dataclass(frozen=True)
class Tokens:
    """What a tokeniser found: the header, each body record's start line and field count, the
    blank records skipped, problems that stop the reading, and a builder of the kept records' frame."""

    header: list[str] | None
    lines: np.ndarray
    counts: np.ndarray
    blank: int
    problems: list[Problem]
    frame: Callable[[np.ndarray, int], pd.DataFrame]


def _unreadable(reason: str) -> str:
    return f"is not a readable CSV file: {reason}"


def _is_blank(line: str) -> bool:
    """True when every comma-separated field of the line is whitespace."""
    # A first character that is neither a comma nor whitespace settles it without a copy.
    return not line or ((line[0] == "," or line[0].isspace()) and not line.replace(",", "").strip())


def tokens_plain(text: str, source: str) -> Tokens:
    """The fast tokeniser for text without quote characters (pandas' C parser builds the frame).

    Parameters
    ----------
    text
        Decoded CSV text holding no `"`; CRLF, LF and a lone CR each end a line.
    source
        The file name used in a problem.

    Returns
    -------
    Tokens
        The header (None when every line is blank), each body record's start line and field count
        (int64 arrays of one length), the blank lines skipped, and `files.field_too_large` at the
        first line holding a field over FIELD_LIMIT characters (reading stops there, as the csv
        module does).
    """
    if "\r" in text:  # CRLF and a lone CR end a line, as for the csv module
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()  # the end of the last line, not a record
    numbered = [(i, ln) for i, ln in enumerate(pieces, start=1) if not _is_blank(ln)]
    blank = len(pieces) - len(numbered)
    problems: list[Problem] = []
    too_long = next((k for k, (_, ln) in enumerate(numbered) if _longest_field(ln) > FIELD_LIMIT), None)
    if too_long is not None:  # the csv module stops reading there
        line = numbered[too_long][0]
        numbered = numbered[:too_long]
        message = _unreadable(f"field larger than field limit ({FIELD_LIMIT})")
        problems.append(Problem(source, message, line, code="files.field_too_large", params={"limit": FIELD_LIMIT}))
    if not numbered:
        return Tokens(None, np.zeros(0, np.int64), np.zeros(0, np.int64), blank, problems, _no_frame)
    header = [h.strip() for h in numbered[0][1].split(",")]
    body = numbered[1:]
    counts = np.fromiter((ln.count(",") + 1 for _, ln in body), dtype=np.int64, count=len(body))
    lines = np.fromiter((i for i, _ in body), dtype=np.int64, count=len(body))

    def frame(kept: np.ndarray, width: int) -> pd.DataFrame:
        return pd.read_csv(
            io.StringIO("\n".join(ln for (_, ln), keep in zip(body, kept, strict=True) if keep)),
            header=None,
            names=list(range(width)),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
            engine="c",
        )

    return Tokens(header, lines, counts, blank, problems, frame)


def _longest_field(line: str) -> int:
    if len(line) <= FIELD_LIMIT:
        return len(line)
    return max(len(field) for field in line.split(","))


def tokens_quoted(text: str, source: str) -> Tokens:
    """The csv-module tokeniser: quoted fields may hold commas, quotes and line breaks.

    Returns the same `Tokens` as `tokens_plain` for the same records (a record's line is the one
    where it starts); a field over FIELD_LIMIT characters gives `files.field_too_large`, any other
    csv-module error `files.unreadable_csv`, at the line where reading stopped.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    starts: list[int] = []
    problems: list[Problem] = []
    blank = 0
    start = 1
    try:
        for row in reader:
            if not any(field.strip() for field in row):
                blank += 1
            elif header is None:
                header = [h.strip() for h in row]
            else:
                records.append(row)
                starts.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        too_large = "field larger than field limit" in str(exc)  # the same problem as the fast splitter's
        code, params = ("files.field_too_large", {"limit": FIELD_LIMIT}) if too_large else ("files.unreadable_csv", {})
        problems.append(Problem(source, _unreadable(str(exc)), reader.line_num, code=code, params=params))
    counts = np.fromiter((len(r) for r in records), dtype=np.int64, count=len(records))

    def frame(kept: np.ndarray, width: int) -> pd.DataFrame:
        rows = [r for r, keep in zip(records, kept, strict=True) if keep]
        return pd.DataFrame(rows, columns=list(range(width)), dtype=str)

    return Tokens(header, np.array(starts, dtype=np.int64), counts, blank, problems, frame)


def _no_frame(_kept: np.ndarray, width: int) -> pd.DataFrame:
    return empty_frame(width)


def empty_frame(width: int) -> pd.DataFrame:
    """A frame of no records with object columns 0..width-1 (the records' frame of an empty file)."""
    return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
