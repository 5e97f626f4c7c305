"""Reading a raw spreadsheet or form export (`.csv` or `.xlsx`) into located text cells.

A raw export is any table with a header row: Google Forms, Microsoft Forms and Typeform shapes
(a timestamp, an e-mail or name, one column per question). Nothing is checked here but the
shape; the mapping (`mapping`, `apply`) says what each column means.

CSV goes through the one table reader (`smm_eval.files.tables.read_table`) with a header rule
that accepts any header. `.xlsx` is read with openpyxl in read-only mode, values only: a
formula's cached value is read and no formula is ever evaluated. An `.xlsx` upload is bounded by
its compressed size (the upload limit), by its uncompressed size (`MAX_XLSX_UNZIPPED`, against zip
bombs), by `MAX_ROWS` records and by `MAX_COLUMNS` columns.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.tables import MAX_FILE_BYTES, read_table
from smm_eval.limits import MAX_COLUMNS as LIMIT_COLUMNS

MAX_ROWS = 200_000  # records of a raw export (design choice: 4x the largest form export we expect)
MAX_COLUMNS = LIMIT_COLUMNS  # columns of a raw export, as of every CSV (smm_eval.limits)
MAX_XLSX_UNZIPPED = 200 * 1024 * 1024  # bytes inside an .xlsx (design choice: 10x the upload limit)
XLSX_MAGIC = b"PK\x03\x04"
MAX_HEADER = 500  # characters of a column name (mapping.MAX_TEXT)


@dataclass(frozen=True)
class RawExport:
    """A raw export's header and records as text, each record with its file line (or sheet row).

    `cells` has integer column labels 0..len(header)-1, one str column per header cell (surrounding
    whitespace removed, "" for an empty cell); `lines` holds the line (CSV) or row (xlsx) of each
    record, int64. Column numbers in problems are 1-based positions in `header`.
    """

    source: str
    header: list[str]
    cells: pd.DataFrame
    lines: np.ndarray
    header_line: int = 1
    blank_records: int = 0  # blank records (CSV: `Table.blank_records`) or rows (xlsx) below the header skipped

    @property
    def rows(self) -> int:
        """The number of records (blank records not counted)."""
        return len(self.cells)

    def samples(self, column: int, limit: int = 3) -> list[str]:
        """Up to `limit` distinct non-empty values of a column, in file order (for the page)."""
        values = self.cells[column]
        return list(dict.fromkeys(values[values != ""]))[:limit]


def _any_header(header: Sequence[str], source: str, line: int = 1) -> list[Problem]:
    """A raw export's header rule: any names, but not more than MAX_COLUMNS of them, each at most
    MAX_HEADER characters and none repeated (a mapping names the columns by their header)."""
    if len(header) > MAX_COLUMNS:
        message = f"has {len(header)} columns; a form export may have at most {MAX_COLUMNS}"
        params = {"count": len(header), "limit": MAX_COLUMNS}
        return [Problem(source, message, line, code="files.form_too_many_columns", params=params)]
    problems = [
        Problem(
            source,
            f"the column name is longer than {MAX_HEADER} characters; shorten the question",
            line,
            i,
            code="files.form_long_header",
            params={"limit": MAX_HEADER},
        )
        for i, name in enumerate(header, start=1)
        if len(name) > MAX_HEADER
    ]
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):  # a mapping names columns by header: each once
        if name.strip() and name in seen:
            message = f"column '{name[:40]}' repeats; rename one of them"
            repeats: dict[str, Any] = {"name": name[:40]}
            problems.append(Problem(source, message, line, i, code="files.form_header_repeats", params=repeats))
        seen.add(name)
    return problems


def is_xlsx(data: bytes, source: str) -> bool:
    """True for an .xlsx workbook: the name ends in .xlsx, or the bytes are a zip archive."""
    return source.lower().endswith(".xlsx") or data.startswith(XLSX_MAGIC)


def read_export(data: bytes, source: str, max_bytes: int | None = MAX_FILE_BYTES) -> RawExport:
    """Read a raw export, CSV or `.xlsx` (recognised by name or content).

    Parameters
    ----------
    data, source
        The file's bytes and its name, used in every problem.
    max_bytes
        The upload limit; None (the command line) reads any size.

    Returns
    -------
    RawExport
        The header and the records as stripped text, with their lines (CSV) or sheet rows (xlsx).

    Raises
    ------
    InputError
        Everything `tables.read_table` refuses for a CSV; for an xlsx: not a workbook, too large
        (compressed or uncompressed), more than MAX_ROWS records or MAX_COLUMNS columns, no header,
        or a header without records.
    """
    if is_xlsx(data, source):
        return read_xlsx(data, source, max_bytes)
    table = read_table(data, source, _any_header, "answers", max_bytes)
    table.refuse()  # a raw export has no cell rules here: its header and record problems are all
    if len(table.frame) > MAX_ROWS:
        message = f"has {len(table.frame)} records; at most {MAX_ROWS} are read"
        params = {"limit": MAX_ROWS}
        raise InputError([Problem(source, message, code="files.form_too_many_rows", params=params)])
    header = [str(name) for name in table.frame.columns]
    cells = table.frame.set_axis(range(len(header)), axis=1)
    cells = cells.apply(lambda column: column.str.strip())
    return RawExport(source, header, cells, np.asarray(table.lines, dtype=np.int64), 1, table.blank_records)


def read_xlsx(data: bytes, source: str, max_bytes: int | None = MAX_FILE_BYTES) -> RawExport:
    """The first worksheet of an .xlsx workbook as a RawExport (read-only, values only).

    The first row with two or more values is the header: rows above it with one value (a title,
    merged across columns or not) and blank rows are skipped (row numbers are kept). A merged
    cell's value is in its first cell, the others are empty.
    Dates and times become ISO text (`2026-10-03 09:14:02`), whole numbers lose their `.0`.
    Raises InputError as described in `read_export`.
    """
    if max_bytes is not None and len(data) > max_bytes:
        limit = f"{max_bytes / 1024**2:g} MB"
        message = f"the file is larger than {limit}; use the command line"
        raise InputError([Problem(source, message, code="files.too_large", params={"limit": limit})])
    _check_archive(data, source)
    from openpyxl import load_workbook  # loaded only for spreadsheets: the CLI's start-up is benchmarked

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        message = f"is not a readable .xlsx workbook: {str(exc)[:200]}"
        raise InputError([Problem(source, message, code="files.xlsx_unreadable")]) from exc
    try:
        sheet = workbook.worksheets[0]
        header_line, header, records, lines = _sheet_rows(sheet.iter_rows(values_only=True), source)
    finally:
        workbook.close()
    cells = pd.DataFrame(records, columns=range(len(header)), dtype=object) if records else None
    if cells is None:
        raise InputError([Problem(source, "the sheet has a header but no answers", 2, code="files.no_rows")])
    blank = lines[-1] - header_line - len(lines)  # blank rows between the header and the last record
    return RawExport(source, header, cells, np.asarray(lines, dtype=np.int64), header_line, blank)


def _check_archive(data: bytes, source: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise InputError(
            [
                Problem(
                    source,
                    "is not an .xlsx workbook (not a zip archive); save it as .xlsx or CSV",
                    code="files.not_xlsx",
                )
            ]
        ) from exc
    if unzipped > MAX_XLSX_UNZIPPED:
        limit = MAX_XLSX_UNZIPPED / 1024**2
        message = f"unpacks to more than {limit:g} MB; save the answers as CSV"
        raise InputError([Problem(source, message, code="files.xlsx_too_large", params={"limit": f"{limit:g} MB"})])


def _sheet_rows(rows: Any, source: str) -> tuple[int, list[str], list[list[str]], list[int]]:
    """Header row number, header, records and their row numbers from openpyxl's value rows, bounded."""
    header: list[str] | None = None
    header_line = 1
    records: list[list[str]] = []
    lines: list[int] = []
    for number, row in enumerate(rows, start=1):
        texts = [cell_text(value) for value in row[: MAX_COLUMNS + 1]]
        if not any(texts):
            continue
        if header is None:
            if sum(1 for text in texts if text) == 1:  # a title above the header ("Ratings, Q3"), merged or not
                continue
            while texts and texts[-1] == "":  # a sheet's used range often runs past the last name
                texts.pop()
            if len(texts) > MAX_COLUMNS:
                message = f"has more than {MAX_COLUMNS} columns"
                params = {"count": len(texts), "limit": MAX_COLUMNS}
                raise InputError([Problem(source, message, number, code="files.form_too_many_columns", params=params)])
            header, header_line = texts, number
            problems = _any_header(header, source, number)
            if problems:
                raise InputError(problems)
            continue
        if len(records) >= MAX_ROWS:
            raise InputError(
                [
                    Problem(
                        source,
                        f"has more than {MAX_ROWS} records; at most {MAX_ROWS} are read",
                        number,
                        code="files.form_too_many_rows",
                        params={"limit": MAX_ROWS},
                    )
                ]
            )
        extra = [i for i, text in enumerate(texts[len(header) :], start=len(header) + 1) if text]
        if extra:
            message = "a value lies right of the last header column"
            raise InputError([Problem(source, message, number, extra[0], code="files.right_of_header")])
        records.append((texts + [""] * len(header))[: len(header)])
        lines.append(number)
    if header is None:
        message = "the sheet is empty; expected a header row and answers"
        raise InputError([Problem(source, message, 1, code="files.sheet_empty")])
    return header_line, header, records, lines


def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a CSV export would hold.

    >>> cell_text(3.0), cell_text(2.5), cell_text(None), cell_text(" Ana ")
    ('3', '2.5', '', 'Ana')
    >>> cell_text(datetime(2026, 10, 3, 9, 14, 2))
    '2026-10-03 09:14:02'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()
