"""The limits of SMM Eval's input, in one place: every boundary reads its number from here.

Each limit is checked before the work it bounds starts, and a refusal names the limit and where
it was crossed (a problem code under `problems.files.*` or `problems.backup.*`, in both
catalogues). docs/formats.md ("Limits") lists them in a table; keep the two in step.

Every figure is a design choice, sized from the largest legitimate input we expect:

- `MAX_UPLOAD_BYTES`: 20 MB per uploaded file (about 300,000 ratings rows of 25 competencies);
  the command line reads files of any size, bounded by the rows and columns limits instead.
- `MAX_COLUMNS`: 300 columns in a CSV or form export (25 competencies, a person, a rater and room
  for the extra questions of a form). Checked from the header line alone, before any record is split.
- `MAX_ROWS`: 2,000,000 records in a CSV (the 50 MB file of the robustness tests has 1.3 million).
- `MAX_CELL_CHARS`: 131,072 characters in one CSV field (the csv module's default field limit;
  the fast splitter refuses longer fields the same way).
- `MAX_JSON_DEPTH`: 32 levels of nested arrays and objects in an uploaded JSON file (a backup
  nests 6 deep, a stored salary model 8); deeper documents are refused before parsing, so a
  6 KB `[[[[...` never reaches the parser's recursion.
- `MAX_PROBLEMS_LISTED`: 50 problems listed, then "and N more".
- `MAX_PICKER_OPTIONS`: 500 options in a picker of people; a longer list is filtered by a search
  text and cut to its first `MAX_PICKER_OPTIONS` (browsers stall on hundreds of thousands).
- `SQL_IN_BATCH`: 10,000 values per `IN (...)` list: SQLite allows 32,766 bound parameters per
  statement and psycopg 65,535, so lookups of more ids run in batches of this size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

MAX_UPLOAD_BYTES: Final = 20 * 1024 * 1024
MAX_COLUMNS: Final = 300
MAX_ROWS: Final = 2_000_000
MAX_CELL_CHARS: Final = 131_072
MAX_JSON_DEPTH: Final = 32
MAX_PROBLEMS_LISTED: Final = 50
MAX_PICKER_OPTIONS: Final = 500
SQL_IN_BATCH: Final = 10_000

T = TypeVar("T")


def batches(values: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """Consecutive slices of `values` of at most `size` items (the last may be shorter); `size`
    defaults to `SQL_IN_BATCH` as it is when called (tests lower it to cross batch boundaries).

    >>> [list(b) for b in batches([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    size = SQL_IN_BATCH if size is None else size
    if size < 1:
        raise ValueError(f"batch size must be at least 1, got {size}")
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True)
class PickerOptions:
    """The options a picker shows: `options` (at most `limit`, those already chosen first), how
    many of all the options match the search (`matching`) and how many there are (`total`)."""

    options: list[str]
    matching: int
    total: int

    @property
    def cut(self) -> bool:
        """Whether some matching options are left out of `options`."""
        return self.matching > len(self.options)


def picker_options(
    options: Sequence[str],
    search: str = "",
    chosen: Sequence[str] = (),
    labels: dict[str, str] | None = None,
    limit: int = MAX_PICKER_OPTIONS,
) -> PickerOptions:
    """At most `limit` options of a picker: those whose label holds `search` (any case), in their
    order, after the ones already `chosen` (kept whatever the search, so a choice never vanishes).

    Parameters
    ----------
    options
        Every option, in the order to show them (the picker's values).
    search
        Text the label must contain, compared case-folded; empty matches everything.
    chosen
        Options already chosen: always among the result.
    labels
        The label shown for each option (default: the option itself).
    limit
        The most options returned (`MAX_PICKER_OPTIONS`, a design choice).

    >>> p = picker_options(["Ana", "Bea", "Ana Sol", "Cid"], search="ana", limit=1)
    >>> p.options, p.matching, p.total, p.cut
    (['Ana'], 2, 4, True)
    """
    needle = search.strip().casefold()
    label = labels or {}
    matching = [o for o in options if needle in label.get(o, o).casefold()] if needle else list(options)
    known = set(options)
    kept = [c for c in dict.fromkeys(chosen) if c in known][:limit]
    taken = set(kept)
    rest = [o for o in matching if o not in taken][: max(limit - len(kept), 0)]
    return PickerOptions(kept + rest, len(matching), len(options))
