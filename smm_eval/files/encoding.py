"""Decoding every text file SMM Eval reads: UTF-8 (with or without a byte-order mark) or a located,
friendly refusal that names the encoding the file most likely has; and the checks of a CSV's header
line before anything else is split (`dialect_problem`: a separator other than a comma is
explained; `columns_problem`: more than `limits.MAX_COLUMNS` columns).

Spreadsheet programs save "CSV" in the legacy code page of the system unless told otherwise:
Windows-1251 on Russian Windows, Windows-1252 in Western Europe and the Americas. Such a file is
refused (we never guess silently: a wrong guess would store garbled names) with the likely code
page and the way to save CSV UTF-8 instead.
"""

from __future__ import annotations

import csv
import re

from smm_eval.errors import InputError, Problem
from smm_eval.limits import MAX_COLUMNS, MAX_UPLOAD_BYTES

MAX_FILE_BYTES = MAX_UPLOAD_BYTES  # every upload (smm_eval.limits)
SAVE_AS_UTF8 = "save the file as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)')"
_SAMPLE = 64 * 1024  # bytes looked at to name a likely encoding
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
# Windows-1251 puts the Cyrillic letters А..я at 0xC0..0xFF, Ё/ё at 0xA8/0xB8.
_CP1251_LETTERS = frozenset(range(0xC0, 0x100)) | {0xA8, 0xB8}
_ASCII_LETTERS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def decode_text(data: bytes, source: str, max_bytes: int | None = MAX_FILE_BYTES) -> str:
    """CSV bytes as text: UTF-8 with or without a BOM; empty, oversized, UTF-16, binary and
    legacy-code-page data refused.

    Parameters
    ----------
    data
        The file's bytes.
    source
        The file name used in the problem.
    max_bytes
        Size limit for uploads; None (the command line) reads any size.

    Returns
    -------
    str
        The text without its byte-order mark.

    Raises
    ------
    InputError
        One problem, located at the offending byte's line and column where there is one; a file
        in a legacy code page names the likely one (`likely_encoding`).
    """
    if not data.strip():
        raise InputError(
            [Problem(source, "the file is empty; expected a header row and ratings", 1, code="files.empty")]
        )
    if max_bytes is not None and len(data) > max_bytes:
        limit = f"{max_bytes / 1024**2:g} MB" if max_bytes >= 1024**2 else f"{max_bytes / 1024:g} KB"
        message = f"the file is larger than {limit}; split it or use the command line"
        raise InputError([Problem(source, message, code="files.too_large", params={"limit": limit})])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        raise InputError([Problem(source, f"is UTF-16 text; {SAVE_AS_UTF8}", 1, 1, code="files.utf16")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = byte_position(data, nul)
        message = "contains binary data (a NUL byte); expected a CSV text file"
        raise InputError([Problem(source, message, line, col, code="files.binary")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = byte_position(data, exc.start)
        likely = likely_encoding(data)
        looks = f"; it looks like {likely}" if likely else ""
        msg = f"is not UTF-8 text (byte 0x{data[exc.start]:02x}){looks}; {SAVE_AS_UTF8}"
        code = "files.not_utf8_likely" if likely else "files.not_utf8"
        params = {"byte": f"0x{data[exc.start]:02x}", "encoding": (likely or "").split(" (")[0]}  # Windows-1251
        raise InputError([Problem(source, msg, line, col, code=code, params=params)]) from exc


def likely_encoding(data: bytes) -> str | None:
    """The legacy code page a non-UTF-8 text most likely uses, for the refusal message.

    A design choice, not a detector: Cyrillic words in Windows-1251 are runs of bytes 0xC0..0xFF
    (most non-ASCII bytes are in runs of three or more), while accented Latin letters in
    Windows-1252 stand alone or in pairs between ASCII letters.

    >>> likely_encoding("Ирина Павлова".encode("cp1251"))
    'Windows-1251 (Cyrillic)'
    >>> likely_encoding("José Núñez".encode("cp1252"))
    'Windows-1252 (Western European)'
    >>> likely_encoding("José Núñez".encode("mac_roman"))
    'Mac OS Roman (Western European, Excel for Mac)'
    """
    sample = data[:_SAMPLE]
    runs = [len(run) for run in _HIGH_RUNS.findall(sample)]
    if not runs:
        return None
    letters = sum(byte in _CP1251_LETTERS for byte in sample if byte >= 0x80) / sum(runs)
    in_words = sum(n for n in runs if n >= 3) / sum(runs)  # "Ирина": 5 in a row; "Núñez": 2
    if letters >= 0.8 and in_words >= 0.5:
        return "Windows-1251 (Cyrillic)"
    if _mac_roman_letters(sample):
        return "Mac OS Roman (Western European, Excel for Mac)"
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "Windows-1252 (Western European)"


def _mac_roman_letters(sample: bytes) -> bool:
    """True when most non-ASCII bytes are 0x80..0x9F between letters: Mac OS Roman puts é, ñ, á, ó,
    í, ú there (0x8E, 0x96, 0x87, 0x97, 0x92, 0x9C), Windows-1252 punctuation (a design choice)."""
    high = [i for i, byte in enumerate(sample) if byte >= 0x80]
    padded = b" " + sample + b" "  # padded[i] is the byte before sample[i], padded[i + 2] the one after
    in_words = [
        i for i in high if sample[i] < 0xA0 and (padded[i] in _ASCII_LETTERS or padded[i + 2] in _ASCII_LETTERS)
    ]
    return len(in_words) >= 0.8 * len(high)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL byte after (or before) every character."""
    head = data[:1000]
    return len(head) >= 4 and (
        head[1::2].count(0) > 0.9 * len(head[1::2]) or head[0::2].count(0) > 0.9 * len(head[0::2])
    )


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    r"""The 1-based (line, column) of a byte offset, counting bytes in the column; CRLF, LF and a
    lone CR (old Mac Excel) each end a line.

    >>> byte_position(b"ab\rcd\r\nef", 7), byte_position(b"ab\ncd", 4)
    ((3, 1), (2, 2))
    """
    head = data[:offset]
    line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
    col = offset - (max(head.rfind(b"\n"), head.rfind(b"\r")) + 1) + 1
    return line, col


_LINES = re.compile(r"[^\r\n]+")
SEPARATORS = {";": "';'", "\t": "tabs", "|": "'|'"}  # what other programs separate fields with


def dialect_problem(text: str, source: str) -> Problem | None:
    """The problem of a file whose header is not comma-separated, or None.

    The header is the first line with anything but whitespace. A header without a comma that
    holds `;`, a tab or `|` is split by it: the file is refused with a hint (the same in every
    reader), never read as one column. Line endings need no check: CRLF, LF and CR all end a line.
    """
    lines = (match.group() for match in _LINES.finditer(text))  # lazily: a file may be large
    header = next((line for line in lines if line.strip()), "")
    if "," in header:
        return None
    for separator, name in SEPARATORS.items():
        if separator in header:
            message = (
                f"the file seems to use {name} as separator; SMM Eval reads comma-separated files: "
                "save it as CSV UTF-8 (comma delimited)"
            )
            code = "files.separator_tab" if separator == "\t" else "files.separator"
            return Problem(source, message, 1, code=code, params={"separator": separator})
    return None


def columns_problem(text: str, source: str, limit: int = MAX_COLUMNS) -> Problem | None:
    """The problem of a header with more than `limit` fields, or None: counted on the first line
    that is not blank, without splitting the rest of the file (a quoted header is split by the csv
    module). A million columns is refused in milliseconds, before pandas sees them."""
    lines = (match.group() for match in _LINES.finditer(text))  # linear: no backtracking on long lines
    line = next((line for line in lines if line.strip()), "")
    count = line.count(",") + 1
    if count > limit and '"' in line:
        count = max((len(row) for row in csv.reader([line])), default=0)
    if count <= limit:
        return None
    message = f"the header has {count:,} columns; a file may have at most {limit}"
    return Problem(source, message, 1, code="files.too_many_columns", params={"count": count, "limit": limit})
