"""JSON documents read from bytes (saved self-assessments, workspace backups): one decoding rule.

UTF-8 with or without a byte-order mark; a file that is not UTF-8 or not JSON is refused with a
`Problem` naming the file (and, for a syntax error, its line and column).
"""

from __future__ import annotations

import json
from typing import Any

from smm_eval.errors import InputError, Problem


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
        Not UTF-8 text, or not valid JSON (with the line and column of the error).

    Examples
    --------
    >>> read_json(b'\\xef\\xbb\\xbf{"a": 1}', "x.json", "a document")
    {'a': 1}
    """
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(source, f"is not UTF-8 text; expected {expected}", code="files.json_not_utf8")]
        ) from exc
    except json.JSONDecodeError as exc:
        message = f"is not valid JSON: {exc.msg}"
        raise InputError([Problem(source, message, exc.lineno, exc.colno, code="files.json_invalid")]) from exc
