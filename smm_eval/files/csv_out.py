"""Writing CSV that is safe to open and reads back as it was written.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and tab or carriage return) as a
formula; a person named `=HYPERLINK(...)` must not become a link. Text cells that start so are
prefixed with an apostrophe; numbers are left alone. The table reader undoes exactly that guard
(`unguard_cell`), so an export re-imports as the data it came from.

Every CSV file the product writes (page downloads, the command line's `-o`) starts with a UTF-8
byte-order mark (`csv_bytes`): without it, Excel on Windows opens UTF-8 text in the system's
legacy code page, and Cyrillic or accented names come out garbled. Every reader accepts the mark.
"""

from __future__ import annotations

import io
import math
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from smm_eval.figures import decimals_for

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # the UTF-8 byte-order mark: EF BB BF once encoded


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would run as a formula.

    >>> safe_cell("=1+1"), safe_cell("-3.5"), safe_cell("Ana")
    ("'=1+1", '-3.5', 'Ana')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def unguard_cell(text: str) -> str:
    """Undo `safe_cell` on a cell read back from a file: the inverse of the formula guard.

    Only an apostrophe that `safe_cell` would have added is removed (one before `=`, `+`, `-`,
    `@`, a tab or a carriage return, on text that is not a number), so `'+7 900 000` read back
    from an export is the `+7 900 000` that was exported, while a typed `'quoted'` stays as it is.

    >>> unguard_cell("'=1+1"), unguard_cell("'-Ana"), unguard_cell("'-3.5"), unguard_cell("'Ana'")
    ('=1+1', '-Ana', "'-3.5", "'Ana'")
    """
    rest = text[1:]
    if text.startswith("'") and rest.startswith(FORMULA_STARTS) and not _is_number(rest):
        return rest
    return text


def _safe_column(values: pd.Series) -> pd.Series:
    """safe_cell over a column, with the per-cell work only for cells that start like a formula."""
    text = values.astype("string")
    risky = text.str.startswith(FORMULA_STARTS).fillna(False).to_numpy(dtype=bool)
    if not risky.any():
        return values
    out = values.astype(object)
    out[risky] = [safe_cell(v) for v in out[risky]]
    return out


def to_safe_csv(frame: pd.DataFrame, float_digits: int | None = None) -> str:
    """CSV text of `frame` (index dropped) with text cells made formula-safe and floats rounded.

    Floats are rounded by the one rule of `smm_eval.figures` (`decimals_for` the column's name:
    shares such as coverage to 2 decimals, scores to 1), or to `float_digits` when given.
    """
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(decimals_for(str(col)) if float_digits is None else float_digits)
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _safe_column(out[col])
    out.columns = [safe_cell(str(c)) for c in out.columns]
    fast = _arrow_csv(out)
    return fast if fast is not None else out.to_csv(index=False, lineterminator="\n")


def csv_bytes(frame: pd.DataFrame, float_digits: int | None = None, bom: bool = True) -> bytes:
    """A download or output file: `to_safe_csv` encoded as UTF-8, with a byte-order mark unless
    `bom` is False; floats rounded by the one rule of `smm_eval.figures` unless `float_digits` is
    given (so every download agrees with the command line and the JSON).

    >>> csv_bytes(pd.DataFrame({"person": ["Ирина"]}))[:3]
    b'\\xef\\xbb\\xbf'
    """
    return (
        with_bom(to_safe_csv(frame, float_digits).encode("utf-8")) if bom else to_safe_csv(frame, float_digits).encode()
    )


def with_bom(data: bytes) -> bytes:
    """UTF-8 bytes with a byte-order mark in front (once: bytes that carry one are returned as they are)."""
    mark = BOM.encode("utf-8")
    return data if data.startswith(mark) else mark + data


# Rounded figures are written from their integer count of the last decimal: up to 2^50 the double
# nearest to k / 10^d has that decimal as its shortest repr (another decimal of at most d places is
# 10^-d away, over 4 units in the last place), which is what pandas writes (Python's repr).
_EXACT_BELOW = 2.0**50
_FEW_COUNTS = 20_000  # up to this many distinct counts, each is written once (`_decimal_text`)
_MOST_DECIMALS = 4  # beyond, repr turns to exponents (1e-05); such columns take Arrow's own cast


def _float_text(values: np.ndarray) -> pa.Array:
    """Python's repr of each float (pandas' to_csv text; NaN empty), as an Arrow string array.

    A column whose every value is a decimal of at most `_MOST_DECIMALS` places (a rounded figure,
    `figures.round_figures`) is written from integers (design choice of issue 17: casting floats
    to text and mending "3" into "3.0" was most of the `score` command's writing); any other is
    cast by Arrow and mended.
    """
    missing = np.isnan(values)
    for places in range(_MOST_DECIMALS + 1):
        scale = 10.0**places
        with np.errstate(invalid="ignore"):
            count = np.rint(np.abs(values) * scale)
            exact = missing | ((count / scale == np.abs(values)) & (count < _EXACT_BELOW))
        if exact.all():
            return _decimal_text(np.where(missing, 0, count).astype(np.int64), places, np.signbit(values), missing)
        if not np.isfinite(values[~missing]).all():
            break
    text = pc.cast(pa.array(values, from_pandas=True), pa.string())
    # Arrow writes 3.0 as "3"; pandas (Python's repr) as "3.0".
    plain = pc.invert(pc.match_substring_regex(text, r"[.eEna]"))
    return pc.if_else(plain, pc.binary_join_element_wise(text, ".0", ""), text)


def _decimal_text(count: np.ndarray, places: int, negative: np.ndarray, missing: np.ndarray) -> pa.Array:
    """ "[-]whole.fraction" of count / 10^places (fraction without trailing zeros, at least one
    digit), null where `missing`. Figures (scores 0..100, shares 0..1) have a few thousand
    distinct counts: each is written once and taken by index."""
    scale = 10**places
    digits = [f"{f:0{places}d}".rstrip("0") or "0" for f in range(scale)] if places else ["0"]
    indices = pa.array(count, mask=missing)
    if not (negative & ~missing).any() and int(count.max(initial=0)) < _FEW_COUNTS:
        texts = [f"{k // scale}.{digits[k % scale]}" for k in range(int(count.max(initial=0)) + 1)]
        return pc.take(pa.array(texts), indices)
    whole, fraction = np.divmod(count, scale)
    sign = pc.if_else(pa.array(negative), "-", "")
    signed = pc.binary_join_element_wise(sign, pc.cast(pa.array(whole, mask=missing), pa.string()), "")
    return pc.binary_join_element_wise(signed, pc.take(pa.array(digits), pa.array(fraction)), ".")


def _arrow_csv(frame: pd.DataFrame) -> str | None:
    """The CSV pandas' to_csv writes for `frame`, by Arrow's writer (several times faster on large
    tables); None when a text needs quoting or a column type has no exact counterpart here, in
    which case pandas writes it."""
    if len(frame) < 1000 or frame.columns.has_duplicates:
        return None  # small: pandas is quick enough, and exactly what the tests pin down
    columns = {}
    for name in frame.columns:
        values = frame[name]
        if pd.api.types.is_float_dtype(values) and values.dtype == np.float64:
            columns[name] = _float_text(values.to_numpy())
        elif values.dtype == np.bool_:  # numpy booleans have no missing value; pandas writes True/False
            columns[name] = pa.array(np.where(values.to_numpy(), "True", "False"))
        elif pd.api.types.is_bool_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype):
            return None
        elif pd.api.types.is_integer_dtype(values) or values.dtype == object or pd.api.types.is_string_dtype(values):
            try:
                columns[name] = pa.array(values, from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                return None  # mixed objects
            if pa.types.is_boolean(columns[name].type) or pa.types.is_floating(columns[name].type):
                return None
        else:
            return None
    header = [str(name) for name in frame.columns]
    if any(any(ch in name for ch in ',"\n\r') for name in header):
        return None
    buffer = io.BytesIO()
    try:
        pa_csv.write_csv(pa.table(columns), buffer, pa_csv.WriteOptions(include_header=False, quoting_style="none"))
    except pa.ArrowInvalid:
        return None  # a text with a comma, quote or line break: pandas quotes it
    return ",".join(header) + "\n" + buffer.getvalue().decode("utf-8")
