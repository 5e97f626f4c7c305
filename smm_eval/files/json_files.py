"""JSON documents read from bytes (saved self-assessments, workspace backups, form mappings, job
board exports): one decoding rule.

UTF-8 with or without a byte-order mark; a file that is not UTF-8 or not JSON is refused with a
`Problem` naming the file (and, for a syntax error, its line and column). A document nested deeper
than `limits.MAX_JSON_DEPTH` is refused before it is parsed (`json_depth`), at the line and column
where it crosses the limit: the parser recurses once per level and a few KB of `[[[[...` would
otherwise end in a RecursionError.
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

from smm_eval.errors import InputError, Problem
from smm_eval.files.encoding import byte_position
from smm_eval.limits import MAX_JSON_DEPTH

_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # JSON string literals, escapes included
_OPEN, _CLOSE = np.frombuffer(b"[{", dtype=np.uint8), np.frombuffer(b"]}", dtype=np.uint8)


def _depths(data: bytes) -> np.ndarray:
    """The nesting depth after each byte of JSON bytes (int64, shape (len(data),)); brackets inside
    strings do not count."""
    blanked = _STRINGS.sub(lambda m: b'"' + b" " * (len(m.group()) - 2) + b'"', data)  # same offsets
    codes = np.frombuffer(blanked, dtype=np.uint8)
    steps = np.isin(codes, _OPEN).astype(np.int64) - np.isin(codes, _CLOSE).astype(np.int64)
    depths: np.ndarray = np.cumsum(steps)
    return depths


def json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in JSON bytes (0 for a bare value); brackets
    inside strings do not count. Linear in the size, without parsing.

    >>> json_depth(b'{"a": [[1], "]]]"]}'), json_depth(b'"[["'), json_depth(b"")
    (3, 0, 0)
    """
    depths = _depths(data)
    return max(int(depths.max()), 0) if depths.size else 0


def _too_deep(data: bytes, source: str, limit: int) -> Problem | None:
    """The problem of a document nested deeper than `limit`, at the line and column of the first
    bracket past it; None otherwise."""
    depths = _depths(data)
    if not depths.size or int(depths.max()) <= limit:
        return None
    line, column = byte_position(data, int(np.argmax(depths > limit)))
    message = f"is nested {int(depths.max())} levels deep; at most {limit} levels of arrays and objects are read"
    params = {"depth": int(depths.max()), "limit": limit}
    return Problem(source, message, line, column, code="files.json_too_deep", params=params)


def read_json(data: bytes, source: str, expected: str) -> Any:
    """The JSON value of `data`.

    Parameters
    ----------
    data, source
        The file's bytes and its name, for messages.
    expected
        What the file should be, for messages (e.g. "a JSON file saved by SMM Eval").

    Raises
    ------
    InputError
        Not UTF-8 text, not valid JSON (with the line and column of the error), or nested deeper
        than `limits.MAX_JSON_DEPTH` (at the first bracket past it; checked before parsing).

    Examples
    --------
    >>> read_json(b'\\xef\\xbb\\xbf{"a": 1}', "x.json", "a document")
    {'a': 1}
    """
    too_deep = _too_deep(data, source, MAX_JSON_DEPTH)
    if too_deep is not None:
        raise InputError([too_deep])
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(source, f"is not UTF-8 text; expected {expected}", code="files.json_not_utf8")]
        ) from exc
    except json.JSONDecodeError as exc:
        message = f"is not valid JSON: {exc.msg}"
        raise InputError([Problem(source, message, exc.lineno, exc.colno, code="files.json_invalid")]) from exc
    except RecursionError as exc:  # deep nesting the depth check let through: never a traceback
        message = f"is nested too deeply; at most {MAX_JSON_DEPTH} levels of arrays and objects are read"
        params = {"depth": "?", "limit": MAX_JSON_DEPTH}
        raise InputError([Problem(source, message, code="files.json_too_deep", params=params)]) from exc
