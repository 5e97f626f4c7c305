"""The one CSV table reader: bytes to a located frame of strings, every problem named.

Every CSV that SMM Eval reads (wide ratings, team files, candidates, salary observations) goes
through `read_table`: the bytes are decoded (size limit, UTF-16 and binary refused, a UTF-8 BOM
dropped), split into records (a record whose fields are all blank, such as an empty line or a line
of bare commas, is skipped; CRLF, LF and CR all end a line), the header is checked by a
`HeaderRule`, and the records come back as a frame of strings with the file line of each record and
the position of each column. Readers of one format then validate cells column by column.

Two splitters give the same records: text without a quote character is split with `str.split`
and pandas' C parser (fast), text with quotes with the csv module (fields may hold commas and line
breaks). `tests/unit/files/test_tables.py` checks with generated inputs that they agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem

MAX_FILE_BYTES = 20 * 1024 * 1024
# The csv module refuses longer fields; the fast splitter refuses them the same way.
_FIELD_LIMIT = csv.field_size_limit()


@dataclass(frozen=True)
class Records:
    """A CSV split into its header and records, before any header check.

    `frame` has integer column labels 0..len(header)-1 and one row per record (all text); it is
    empty when `problems` is not. `lines` holds the file line where each record starts.
    """

    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    problems: list[Problem]


class Table(NamedTuple):
    """A checked CSV table: records with named columns, each record's line, each column's number.

    A named tuple so that `frame, lines, columns = read_fixed_columns(...)` reads naturally.
    """

    frame: pd.DataFrame  # one row per record, one str column per header name
    lines: np.ndarray  # int64, the file line of each record
    columns: dict[str, int]  # header name -> 1-based column number

    def cells(self, name: str) -> pd.Series:
        """A column's cells with surrounding whitespace removed; empty text when the column is absent."""
        if name in self.frame.columns:
            return self.frame[name].str.strip()
        return pd.Series("", index=self.frame.index, dtype=object)

    def located(
        self, source: str, mask: pd.Series | np.ndarray, name: str, message: str | Callable[[str], str]
    ) -> list[Problem]:
        """One problem per flagged record, at its line and in column `name`.

        `message` is a fixed text, or receives the stripped cell text and says what is wrong with it.
        """
        flagged = np.asarray(mask, dtype=bool)
        values = self.cells(name)[flagged]
        say = message if callable(message) else (lambda _value: message)
        return [
            Problem(source, say(value), int(line), self.columns.get(name), name)
            for line, value in zip(self.lines[flagged], values, strict=True)
        ]


class HeaderRule(Protocol):
    """What a format accepts as header; returns every problem of the header (line 1)."""

    def __call__(self, header: Sequence[str], source: str) -> list[Problem]: ...


@dataclass(frozen=True)
class FixedColumns:
    """A header of known columns: any order, each at most once, the `required` ones present."""

    allowed: Sequence[str]
    required: Sequence[str] = ()

    def __call__(self, header: Sequence[str], source: str) -> list[Problem]:
        problems = []
        seen: set[str] = set()
        for i, name in enumerate(header, start=1):
            if name not in self.allowed:
                message = f"unknown column '{name[:60]}': expected {', '.join(self.allowed)}"
                problems.append(Problem(source, message, 1, i))
            elif name in seen:
                problems.append(Problem(source, f"column '{name}' repeats", 1, i, name))
            seen.add(name)
        missing = [c for c in self.required if c not in header]
        if missing:
            problems.append(Problem(source, f"the header lacks column(s) {', '.join(missing)}", 1))
        return problems


def read_table(
    data: bytes, source: str, header_rule: HeaderRule, rows_name: str, max_bytes: int | None = MAX_FILE_BYTES
) -> Table:
    """Decode, split and header-check a CSV; raise InputError listing every problem found.

    Parameters
    ----------
    data
        The file's bytes.
    source
        The file name used in every problem.
    header_rule
        Checks the header (e.g. `FixedColumns`); its problems come first.
    rows_name
        What the rows are, for "the file has a header but no {rows_name}" (line 2).
    max_bytes
        Size limit for uploads; None (the command line) reads any size.

    Returns
    -------
    Table
        Records as text (surrounding whitespace kept) under their header names, the file line
        of each record (a quoted field spanning lines counts where its record starts) and each
        column's 1-based number.

    Raises
    ------
    InputError
        Empty, oversized, UTF-16, binary or non-UTF-8 data; header problems; rows whose field
        count differs from the header's; unreadable CSV; a header without rows.
    """
    records = split_records(decode_text(data, source, max_bytes), source)
    problems = header_rule(records.header, source) + records.problems
    if problems:
        raise InputError(problems)
    if len(records.frame) == 0:
        raise InputError([Problem(source, f"the file has a header but no {rows_name}", 2)])
    frame = records.frame.set_axis(records.header, axis=1)
    return Table(frame, records.lines, {name: i for i, name in enumerate(records.header, start=1)})


def read_fixed_columns(
    data: bytes,
    source: str,
    allowed: Sequence[str],
    required: Sequence[str],
    rows_name: str,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> Table:
    """`read_table` with a `FixedColumns(allowed, required)` header (candidates, salary observations)."""
    return read_table(data, source, FixedColumns(allowed, required), rows_name, max_bytes)


def decode_text(data: bytes, source: str, max_bytes: int | None = MAX_FILE_BYTES) -> str:
    """CSV bytes as text: UTF-8 with or without a BOM; empty, oversized, UTF-16 and binary data refused.

    Raises
    ------
    InputError
        One problem, located at the offending byte's line and column where there is one.
    """
    if not data.strip():
        raise InputError([Problem(source, "the file is empty; expected a header row and ratings", 1)])
    if max_bytes is not None and len(data) > max_bytes:
        limit = f"{max_bytes / 1024**2:g} MB" if max_bytes >= 1024**2 else f"{max_bytes / 1024:g} KB"
        raise InputError([Problem(source, f"the file is larger than {limit}; split it or use the command line")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(source, "is UTF-16 text; save the file as CSV UTF-8", 1, 1)])
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(data, nul)
        raise InputError([Problem(source, "contains binary data (a NUL byte); expected a CSV text file", line, col)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        msg = f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as CSV UTF-8"
        raise InputError([Problem(source, msg, line, col)]) from exc


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def split_records(text: str, source: str) -> Records:
    """Split CSV text into header and records; rows with the wrong field count are problems.

    The first record is the header (names stripped). Records whose fields are all blank are
    skipped. Both splitters (`_split_plain` without quotes, `_split_quoted` with) give the same
    result for text without quotes.
    """
    if '"' in text:
        return _split_quoted(text, source)
    return _split_plain(text, source)


def _ragged(count: int, width: int) -> str:
    return f"row has {count} fields but the header has {width}"


def _unreadable(reason: str) -> str:
    return f"is not a readable CSV file: {reason}"


def _is_blank(line: str) -> bool:
    """True when every comma-separated field of the line is whitespace."""
    # A first character that is neither a comma nor whitespace settles it without a copy.
    return not line or ((line[0] == "," or line[0].isspace()) and not line.replace(",", "").strip())


def _split_plain(text: str, source: str) -> Records:
    """The fast splitter for text without quote characters (pandas' C parser builds the frame)."""
    if "\r" in text:  # CRLF and a lone CR end a line, as for the csv module
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    numbered = [(i, ln) for i, ln in enumerate(text.split("\n"), start=1) if not _is_blank(ln)]
    problems: list[Problem] = []
    too_long = next((k for k, (_, ln) in enumerate(numbered) if _longest_field(ln) > _FIELD_LIMIT), None)
    if too_long is not None:  # the csv module stops reading there
        line = numbered[too_long][0]
        numbered = numbered[:too_long]
        problems.append(Problem(source, _unreadable(f"field larger than field limit ({_FIELD_LIMIT})"), line))
    if not numbered:
        return Records([], _empty_frame(0), np.zeros(0, dtype=np.int64), problems)
    header = [h.strip() for h in numbered[0][1].split(",")]
    body = numbered[1:]
    counts = np.fromiter((ln.count(",") + 1 for _, ln in body), dtype=np.int64, count=len(body))
    lines = np.fromiter((i for i, _ in body), dtype=np.int64, count=len(body))
    ragged = counts != len(header)
    ragged_problems = [
        Problem(source, _ragged(int(count), len(header)), int(line))
        for line, count in zip(lines[ragged], counts[ragged], strict=True)
    ]
    problems = ragged_problems + problems
    if problems or not body:
        return Records(header, _empty_frame(len(header)), lines[:0], problems)
    frame = pd.read_csv(
        io.StringIO("\n".join(ln for _, ln in body)),
        header=None,
        names=list(range(len(header))),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skip_blank_lines=False,
        index_col=False,
        engine="c",
    )
    return Records(header, frame, lines, [])


def _longest_field(line: str) -> int:
    if len(line) <= _FIELD_LIMIT:
        return len(line)
    return max(len(field) for field in line.split(","))


def _split_quoted(text: str, source: str) -> Records:
    """The csv-module splitter: quoted fields may hold commas, quotes and line breaks."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    line_numbers: list[int] = []
    problems: list[Problem] = []
    start = 1
    try:
        for row in reader:
            if any(field.strip() for field in row):
                if header is None:
                    header = [h.strip() for h in row]
                elif len(row) != len(header):
                    problems.append(Problem(source, _ragged(len(row), len(header)), start))
                else:
                    records.append(row)
                    line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(source, _unreadable(str(exc)), reader.line_num))
    header = header or []
    if problems:
        return Records(header, _empty_frame(len(header)), np.zeros(0, dtype=np.int64), problems)
    frame = pd.DataFrame(records, columns=list(range(len(header))), dtype=str)
    if not records:
        frame = _empty_frame(len(header))
    return Records(header, frame, np.array(line_numbers, dtype=np.int64), problems)


def _empty_frame(width: int) -> pd.DataFrame:
    return pd.DataFrame({i: pd.Series([], dtype=object) for i in range(width)})
