"""Values made JSON-ready, the one rule for every JSON the app writes (CLI, saved files, backups).

JSON has no NaN or infinity: an undefined statistic is written as null, never as `NaN` (which
`json.dumps` would otherwise print and which no strict JSON reader accepts). numpy scalars are
unwrapped, dates and times become ISO 8601 text (times in UTC), bytes become base64.

Examples
--------
>>> import numpy as np
>>> [json_value(v) for v in (np.float64("nan"), np.int64(3), float("inf"), "x")]
[None, 3, None, 'x']
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any


def json_value(value: Any) -> Any:
    """One value as JSON can hold it: NaN and infinities as None, numpy scalars as Python ones."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def json_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A mapping with every value made JSON-ready (see `json_value`)."""
    return {str(key): json_value(value) for key, value in row.items()}


def none_if_nan(value: float | None, digits: int | None = None) -> float | None:
    """A float (rounded to `digits` when given), or None when it is missing or not finite.

    >>> none_if_nan(53.5055, 1), none_if_nan(float("nan"))
    (53.5, None)
    """
    if value is None or not math.isfinite(value):
        return None
    return float(value) if digits is None else round(float(value), digits)
