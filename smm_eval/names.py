"""Who is who: the one rule that decides when two written names are the same person.

Names come from files typed and exported by different programs: a spreadsheet puts a
non-breaking space where a person typed a space, another file writes the name in lower case, a
form tool adds a trailing space. People (and raters) are matched across files and against the
workspace by `name_key`: Unicode NFKC normalisation, every run of whitespace (non-breaking and
other Unicode spaces included) collapsed to one space and trimmed, then case folding. The key is
only for matching; what is shown and stored is the name as first written (`first_written`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd


def name_key(name: str) -> str:
    """The matching key of a name: NFKC, whitespace collapsed and trimmed, case folded.

    Source: Unicode Standard Annex #15 (NFKC) and the Unicode case folding of `str.casefold`
    (Unicode Standard, section 3.13, "Default Caseless Matching": NFKC after case folding);
    collapsing whitespace is a design choice for names pasted between programs.

    >>> name_key("Zoe\\u00a0Marchetti") == name_key(" zoe  MARCHETTI ")
    True
    >>> name_key("Straße") == name_key("STRASSE")
    True
    """
    folded = " ".join(unicodedata.normalize("NFKC", name).split()).casefold()
    return unicodedata.normalize("NFKC", folded)


def name_keys(names: Iterable[str]) -> np.ndarray:
    """`name_key` of many names (object array, same order); each distinct name is keyed once."""
    series = names if isinstance(names, pd.Series) else pd.Series(list(names), dtype=object)
    codes, uniques = pd.factorize(series, sort=False)
    keys = np.array([name_key(str(u)) for u in np.asarray(uniques, dtype=object).tolist()], dtype=object)
    return keys[codes] if len(codes) else np.array([], dtype=object)


def first_written(names: pd.Series) -> pd.Series:
    """Each name replaced by the first spelling of its key in `names` (same index).

    >>> first_written(pd.Series(["Zoe Marchetti", "zoe\\u00a0marchetti", "Bruno"])).tolist()
    ['Zoe Marchetti', 'Zoe Marchetti', 'Bruno']
    """
    if names.empty:
        return names
    codes, _ = pd.factorize(name_keys(names), sort=False)
    first = np.unique(codes, return_index=True)[1]  # codes are 0..k-1 in order of first appearance
    values = names.to_numpy(dtype=object)
    return pd.Series(values[first[codes]], index=names.index, dtype=object)
