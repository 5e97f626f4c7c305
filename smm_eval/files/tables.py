"""The one CSV table reader: bytes to a located frame of strings, every problem named.

Every CSV that SMM Eval reads (wide ratings, team files, candidates, salary observations) goes
through `read_table`, in four steps that are the same for every format:

1. decoding (`decode_text`): size limit; UTF-8 with or without a BOM; UTF-16, binary data and
   legacy code pages refused, naming the likely code page (Windows-1251 for Cyrillic, ...);
2. dialect (`encoding.dialect_problem`): the separator must be a comma; a header split by `;`, tabs or `|`
   is explained (spreadsheets in continental locales write `;`). CRLF, LF and CR all end a line;
3. records (`split_records`): the header and the records with the file line where each starts; a
   record whose fields are all blank (an empty line, a line of bare commas) is skipped and counted;
   a record with the wrong number of fields is a located problem;
4. header check by the format's `HeaderRule`.

Header and record problems do not stop the reading: the records of the right width still come
back (`Table.problems`), so a format reader checks their cells too and reports every problem of
the file in one pass (`Table.refuse`). `Table.cells` is the one way to read a column: text
stripped of surrounding whitespace (non-breaking spaces included) and of the apostrophe the
formula guard of our own exports puts before `= + - @` (`csv_out.unguard_cell`), so an exported
file reads back as it was written.

Two tokenisers give the same records (`files.csv_tokens`): text without a quote character is
split with `str.split` and pandas' C parser (about 1.5x faster on 200,000 rows), text with quotes
with the csv module (fields may hold commas and line breaks). Line endings, blank records, field
counts and line numbers are decided in the same way for both; `tests/unit/files/test_tables.py`
checks with generated inputs that they agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.csv_out import unguard_cell
from smm_eval.files.csv_tokens import FIELD_LIMIT as _FIELD_LIMIT  # noqa: F401 (importable here as before)
from smm_eval.files.csv_tokens import Tokens as _Tokens
from smm_eval.files.csv_tokens import empty_frame as _empty_frame
from smm_eval.files.csv_tokens import tokens_plain as _tokens_plain
from smm_eval.files.csv_tokens import tokens_quoted as _tokens_quoted
from smm_eval.files.encoding import MAX_FILE_BYTES, columns_problem, decode_text, dialect_problem
from smm_eval.limits import MAX_ROWS

SHOWN_CHARS = 60  # the longest cell text quoted in a problem


@dataclass(frozen=True)
class Records:
    """A CSV split into its header and records, before any header check.

    `frame` has integer column labels 0..len(header)-1 and one row per record of the header's
    width (all text). `lines` holds the file line where each of them starts. Records of another
    width are `problems`, left out of `frame`. `blank` counts the records skipped as blank.
    """

    header: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    problems: list[Problem]
    blank: int = 0


@dataclass(frozen=True)
class Table:
    """A CSV table: records with named columns, each record's line, each column's number, and the
    problems of the header and the records found so far.

    `frame` holds the first column of each non-empty header name; `problems` is empty for a clean
    file. A format reader adds the problems of its cells and calls `refuse`.
    """

    frame: pd.DataFrame  # one row per record, one str column per header name
    lines: np.ndarray  # int64, the file line of each record
    columns: dict[str, int]  # header name -> 1-based column number (its first occurrence)
    problems: list[Problem] = field(default_factory=list)  # header and record-width problems
    blank_records: int = 0  # records skipped because every field was blank

    def cells(self, name: str) -> pd.Series:
        """A column's cells as read back: surrounding whitespace (non-breaking spaces included)
        removed and the formula guard of our exports undone; empty text when the column is absent."""
        if name not in self.frame.columns:
            return pd.Series("", index=self.frame.index, dtype=object)
        values = self.frame[name].str.strip()
        guarded = values.str.startswith("'").to_numpy(dtype=bool)
        if guarded.any():
            values = values.copy()
            values[guarded] = np.array([unguard_cell(v) for v in values[guarded]], dtype=object)
        return values

    def located(
        self,
        source: str,
        mask: pd.Series | np.ndarray,
        name: str,
        message: str | Callable[[str], str],
        code: str | Callable[[str], str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> list[Problem]:
        """One problem per flagged record, at its line and in column `name`.

        `message` (English) and `code` (the catalogue entry `problems.<code>`) are fixed, or
        receive the stripped cell text and say what is wrong with it. Each problem's params are
        `params` with `value` (the cell, cut to `SHOWN_CHARS` characters) and `column` (`name`).
        A column absent from the header has no cell problems: the header rule reports it.
        """
        if name not in self.columns:
            return []
        flagged = np.asarray(mask, dtype=bool)
        values = self.cells(name)[flagged]
        say = message if callable(message) else (lambda _value: message)
        coded = code if callable(code) or code is None else (lambda _value: code)
        fixed = dict(params or {})
        return [
            Problem(
                source,
                say(value),
                int(line),
                self.columns.get(name),
                name,
                code=None if coded is None else coded(value),
                params={**fixed, "value": shown(value), "column": name},
            )
            for line, value in zip(self.lines[flagged], values, strict=True)
        ]

    def refuse(self, problems: Sequence[Problem] = ()) -> None:
        """Raise InputError with the table's problems and `problems` (the cells'): the header's
        first, in the order its rule found them, then the others by line and column; return when
        there are none."""
        every = [*self.problems, *problems]
        header = [p for p in every if (p.line or 1) == 1]
        rest = [p for p in every if (p.line or 1) != 1]
        found = header + sorted(rest, key=lambda p: (p.line or 0, p.column or 0))
        if found:
            raise InputError(found)


# Excel's first line "sep=," (or "sep=;") telling it the separator; a `sep=;` file gets the separator hint.
_SEP_LINE = re.compile(r"sep=(.)[ \t]*(\r\n|\r|\n)")
BLANK_RECORDS = "blank_records"  # the `attrs` key of a reader's frame holding `Table.blank_records`


def blank_note(source: str, count: int) -> str | None:
    """The command line's note on the blank records a file had (None when none): every import
    says it, from `Table.blank_records` (the pages say it with `common.blank_skipped_one/_other`).

    >>> blank_note("r.csv", 2)
    'note: r.csv: 2 blank rows (empty, or only commas) were skipped'
    >>> blank_note("r.csv", 1), blank_note("r.csv", 0)
    ('note: r.csv: 1 blank row (empty, or only commas) was skipped', None)
    """
    if count <= 0:
        return None
    rows = (
        "1 blank row (empty, or only commas) was" if count == 1 else f"{count} blank rows (empty, or only commas) were"
    )
    return f"note: {source}: {rows} skipped"


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
                expected = ", ".join(self.allowed)
                message = f"unknown column '{name[:60]}': expected {expected}"
                params = {"name": shown(name), "expected": expected}
                problems.append(Problem(source, message, 1, i, code="files.unknown_column", params=params))
            elif name in seen:
                message = f"column '{name}' repeats"
                problems.append(
                    Problem(source, message, 1, i, name, code="files.column_repeats", params={"name": name})
                )
            seen.add(name)
        missing = ", ".join(c for c in self.required if c not in header)
        if missing:
            message = f"the header lacks column(s) {missing}"
            problems.append(Problem(source, message, 1, code="files.header_lacks", params={"columns": missing}))
        return problems


def read_table(
    data: bytes, source: str, header_rule: HeaderRule, rows_name: str, max_bytes: int | None = MAX_FILE_BYTES
) -> Table:
    """Decode, split and header-check a CSV: the records and the problems of its header and rows.

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
        of each record (a quoted field spanning lines counts where its record starts), each
        column's 1-based number, the header and record-width problems (the caller adds those of
        the cells and calls `Table.refuse`) and the number of blank records skipped.

    Raises
    ------
    InputError
        At once, for what leaves nothing to check: empty, oversized, UTF-16, binary or
        non-UTF-8 data, a separator other than a comma, more than `limits.MAX_COLUMNS` columns
        (seen in the header line before anything else is split), more than `limits.MAX_ROWS`
        records, a field over `limits.MAX_CELL_CHARS` characters, unreadable CSV.
    """
    text = decode_text(data, source, max_bytes)
    hint = _SEP_LINE.match(text)
    sep_line = hint is not None and hint.group(1) == ","
    if hint is not None and sep_line:  # Excel's "sep=," line names our separator: an empty line 1, not counted
        text = text[len(hint.group(0)) - len(hint.group(2)) :]
    separator = dialect_problem(text, source)
    if separator is not None:
        raise InputError([separator])
    too_wide = columns_problem(text, source)
    if too_wide is not None:  # from the header line alone, before any record is split
        raise InputError([too_wide])
    records = split_records(text, source)
    if any(p.code in _UNREADABLE for p in records.problems):
        raise InputError(records.problems)
    problems = header_rule(records.header, source) + records.problems
    if len(records.frame) == 0 and not records.problems:
        problems.append(Problem(source, f"the file has a header but no {rows_name}", 2, code="files.no_rows"))
    first = {name: i for i, name in reversed(list(enumerate(records.header))) if name}
    keep = sorted(first.values())
    frame = records.frame[keep].set_axis([records.header[i] for i in keep], axis=1)
    columns = {records.header[i]: i + 1 for i in keep}
    return Table(frame, records.lines, columns, problems, records.blank - sep_line)


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


def split_records(text: str, source: str) -> Records:
    """Split CSV text into header and records: the one record step of every reader.

    The first record that is not blank is the header (names stripped). A record whose fields
    are all blank (whitespace, non-breaking spaces included) is skipped and counted; a record
    whose field count differs from the header's is a located problem and is left out; every
    other record is kept with the line where it starts. A field over the csv module's limit
    makes the file unreadable from there. Text with a quote character is tokenised by the csv
    module, other text by `str.split`; both give the same records (checked by property tests).
    """
    tokens = _tokens_quoted(text, source) if '"' in text else _tokens_plain(text, source)
    return _records(tokens, source)


def _records(tokens: _Tokens, source: str) -> Records:
    """The records of a tokeniser's output: blank ones counted, ragged ones located and left out."""
    problems = list(tokens.problems)
    if tokens.header is None:
        return Records([], _empty_frame(0), np.zeros(0, dtype=np.int64), problems, tokens.blank)
    if len(tokens.counts) > MAX_ROWS:  # before the records' frame is built
        message = f"has {len(tokens.counts):,} records; a file may have at most {MAX_ROWS:,}"
        params = {"count": len(tokens.counts), "limit": MAX_ROWS}
        problem = Problem(source, message, code="files.too_many_rows", params=params)
        return Records(tokens.header, _empty_frame(0), np.zeros(0, dtype=np.int64), [problem], tokens.blank)
    width = len(tokens.header)
    ragged = tokens.counts != width
    problems = [
        Problem(
            source,
            f"row has {int(count)} fields but the header has {width}",
            int(line),
            code="files.ragged",
            params={"fields": int(count), "width": width},
        )
        for line, count in zip(tokens.lines[ragged], tokens.counts[ragged], strict=True)
    ] + problems
    kept = ~ragged
    frame = tokens.frame(kept, width) if kept.any() else _empty_frame(width)
    return Records(tokens.header, frame, tokens.lines[kept], problems, tokens.blank)


# What stops the reading.
_UNREADABLE = frozenset({"files.field_too_large", "files.unreadable_csv", "files.too_many_rows"})


def shown(value: str) -> str:
    """A cell or name as quoted in a problem: at most `SHOWN_CHARS` characters ("..." when cut)."""
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 3] + "..."
