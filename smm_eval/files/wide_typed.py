"""The typed fast paths for clean wide ratings files: Arrow's CSV reader straight to a level matrix.

The `score` command reads large wide files (docs/formats.md, "Wide ratings"); most are clean. For
those, `read_clean_wide` skips the text validation of `smm_eval.files.ratings.read_wide_ratings`
and the wide -> tidy -> wide round trip: Arrow's typed reader (`pyarrow.csv.read_csv`, person as
text, each competency column dictionary-encoded) gives the people and, from the few distinct cell
texts of each column, the level matrix. It is a fast path only: it answers None on anything it
does not recognise as clean, and the caller then reads the file with the validating reader, which
gives the messages. When in doubt it falls back (design choice of issue 17, item 2):

- the bytes: a byte-order mark, a NUL byte, a quote character, a first line starting `sep=`, more
  than `max_bytes`, text that is not UTF-8 (Arrow checks it);
- the header: exactly `person` then distinct competency ids, no spaces around names, no `rater`
  or other column (a rater column means combining raters: the validating reader's work);
- the records: a blank or ragged record (Arrow refuses an empty line or a wrong field count when
  empty lines are not skipped), more than the records limit the validating reader applies (`tables.MAX_ROWS`);
- the people: an empty name, space around it (any character `str.isspace` knows), a formula
  guard (`'`), a name over `vocabulary.MAX_PERSON_NAME` characters, two names with one
  `names.name_key`;
- the levels: any distinct cell text that is not, once stripped, a level as the validating reader
  reads it (`ratings.level_of_text`), or that starts with the formula guard.

The import reads wide files with a rater column, most of them clean too: `read_clean_rated` gives
the validating reader's own `RatingsTable` for those (issue 17, item 1), asked first by
`read_wide_ratings` itself; it also falls back on a missing rater, a self-rater name, two
spellings of one person or rater, and a (person, rater) pair given twice.

The equality of the paths (output bytes of `score`, the tables of the import, the messages of
every bad file) is checked by tests/unit/files/test_wide_typed.py over the sample files, the bad
corpus and generated files.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from smm_eval.files import tables
from smm_eval.files.ratings import MAX_NAME_LENGTH, RatingsTable, level_of_text
from smm_eval.names import name_keys

# Every character str.strip removes (str.isspace; written out: finding them takes 0.4 s at start-up,
# tests/unit/files/test_wide_typed.py checks the list), as a regular-expression class for Arrow's RE2.
SPACE_CODES = (
    0x9,
    0xA,
    0xB,
    0xC,
    0xD,
    0x1C,
    0x1D,
    0x1E,
    0x1F,
    0x20,
    0x85,
    0xA0,
    0x1680,
    0x2000,
    0x2001,
    0x2002,
    0x2003,
    0x2004,
    0x2005,
    0x2006,
    0x2007,
    0x2008,
    0x2009,
    0x200A,
    0x2028,
    0x2029,
    0x202F,
    0x205F,
    0x3000,
)
_SPACE_CLASS = "".join(f"\\x{{{c:x}}}" for c in SPACE_CODES)
_SPACE_AT_ENDS = f"^[{_SPACE_CLASS}]|[{_SPACE_CLASS}]$"
_LONGEST_LEVEL_TEXT = 64  # longer distinct cell texts fall back (the validating reader decides)


@dataclass(frozen=True)
class CleanWide:
    """A clean wide ratings file: the people in file order and their levels.

    `people` is a text Index (pandas' `str` dtype) of the names as written, built straight from
    Arrow's column (a list of 200k Python strings and an Index of it cost 0.15 s).

    `levels` is (P, C) float64 in the order of `competency_ids` (the framework's), 0..4 whole
    numbers, NaN where the cell is empty or the column absent.
    """

    people: pd.Index
    levels: np.ndarray
    competency_ids: tuple[str, ...]


def read_clean_wide(data: bytes, competency_ids: Sequence[str], max_bytes: int | None = None) -> CleanWide | None:
    """The people and levels of a clean wide file without a rater column, or None to fall back.

    Parameters
    ----------
    data
        The file's bytes.
    competency_ids
        The framework's competency ids (C), the order of the returned columns.
    max_bytes
        The size limit of the validating reader (None: any size, the command line).

    Returns
    -------
    CleanWide or None
        None whenever the file is not recognised as clean (see the module docstring): the caller
        then reads it with `ratings.read_wide_ratings`, which accepts it or names its problems.
        Never raises on bad input.
    """
    if not _bytes_look_clean(data, max_bytes):
        return None
    header = _header(data, competency_ids)
    table = None if header is None else _typed_read(data, header, ("person",))
    if table is None or header is None:
        return None
    people = _people(table.column("person").combine_chunks())
    if people is None:
        return None
    levels = np.full((table.num_rows, len(competency_ids)), np.nan)
    position = {c: i for i, c in enumerate(competency_ids)}
    for name in header[1:]:
        column = _levels(table.column(name).combine_chunks())
        if column is None:
            return None
        levels[:, position[name]] = column
    return CleanWide(people, levels, tuple(competency_ids))


def _typed_read(data: bytes, header: list[str], texts: tuple[str, ...]) -> pa.Table | None:
    """Arrow's typed read of a file whose header is `header`: the `texts` columns as text, each
    competency column dictionary-encoded; None where Arrow refuses it (a ragged or blank record,
    text that is not UTF-8) or where the rows are none or too many."""
    types: dict[str, pa.DataType] = {c: pa.string() for c in texts}
    types |= {c: pa.dictionary(pa.int32(), pa.string()) for c in header[len(texts) :]}
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(use_threads=True),
            parse_options=pa_csv.ParseOptions(delimiter=",", quote_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=types, null_values=[], strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        return None
    if table.num_rows == 0 or table.num_rows > tables.MAX_ROWS or table.column_names != header:
        return None
    return table


def read_clean_rated(data: bytes, competency_ids: Sequence[str], max_bytes: int | None = None) -> RatingsTable | None:
    """The `RatingsTable` of a clean wide file with a rater column, or None to fall back.

    The import's fast path (issue 17, item 1): `ratings.read_wide_ratings` asks it first, and reads
    the file with its validating reader when it answers None. A file is clean as for
    `read_clean_wide` (the module docstring), with a header of exactly `person`, `rater` and
    competency ids, and besides: every rater named (clean as a person's name is), none of them a
    self-rater name (`vocabulary.is_self_rater`: those are one rater, the person), no two spellings
    of one person or one rater (`names.name_key`), and no (person, rater) pair twice.

    Returns
    -------
    RatingsTable or None
        The same table the validating reader gives for the same bytes (tidy ratings in the order
        of a melt, people in file order, one `row_info` row per record with its line; checked by
        tests/unit/files/test_wide_typed.py), or None. Never raises on bad input.
    """
    from smm_eval.vocabulary import is_self_rater

    if not _bytes_look_clean(data, max_bytes):
        return None
    header = _header(data, competency_ids, ("person", "rater"))
    table = None if header is None else _typed_read(data, header, ("person", "rater"))
    if table is None or header is None:
        return None
    person, rater = (table.column(c).combine_chunks() for c in ("person", "rater"))
    if not (_names_clean(person) and _names_clean(rater)):
        return None
    person_codes, people = _spellings(person)
    rater_codes, raters = _spellings(rater)
    if people is None or raters is None or any(is_self_rater(r) for r in raters):
        return None
    pairs = person_codes.astype(np.int64) * len(raters) + rater_codes
    if len(np.unique(pairs)) != len(pairs):
        return None
    comps = header[2:]
    levels = np.empty((table.num_rows, len(comps)))
    for i, name in enumerate(comps):
        column = _levels(table.column(name).combine_chunks())
        if column is None:
            return None
        levels[:, i] = column
    comp_index, row_index = np.nonzero(~np.isnan(levels.T))  # the order of a melt, as the reader's
    ratings = pd.DataFrame(
        {
            "person": pd.Categorical.from_codes(person_codes[row_index], categories=pd.Index(people, dtype=object)),
            "rater": pd.Categorical.from_codes(rater_codes[row_index], categories=pd.Index(raters, dtype=object)),
            "competency": pd.Categorical.from_codes(comp_index, categories=pd.Index(comps)),
            "level": levels[row_index, comp_index].astype(np.int8),
        }
    )
    lines = np.arange(2, table.num_rows + 2, dtype=np.int64)  # no blank or multi-line record: line = row + 2
    row_info = pd.DataFrame(
        {
            "person": np.asarray(people, dtype=object)[person_codes],
            "rater": np.asarray(raters, dtype=object)[rater_codes],
        }
    ).assign(line=lines)
    return RatingsTable(ratings, people, table.num_rows, row_info=row_info, blank_records=0)


def _spellings(names: pa.Array) -> tuple[np.ndarray, list[str] | None]:
    """Each name's code and the distinct names in order of first appearance; None in place of the
    names when two of them are one name by `names.name_key` (the validating reader then shows the
    first spelling everywhere: its work)."""
    encoded = pc.dictionary_encode(names)
    distinct = encoded.dictionary
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return codes, (distinct.to_pylist() if _keys_distinct(distinct) else None)


def _bytes_look_clean(data: bytes, max_bytes: int | None) -> bool:
    if max_bytes is not None and len(data) > max_bytes:
        return False
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"sep=")):
        return False
    return b"\x00" not in data and b'"' not in data


def _header(data: bytes, competency_ids: Sequence[str], leading: tuple[str, ...] = ("person",)) -> list[str] | None:
    """The header's names when they are exactly `leading` then distinct known competency ids."""
    end = min((i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0), default=len(data))
    try:
        names = data[:end].decode("utf-8").split(",")
    except UnicodeDecodeError:
        return None
    known = set(competency_ids)
    comps = names[len(leading) :]
    if tuple(names[: len(leading)]) != leading or not comps or len(set(comps)) != len(comps) or not set(comps) <= known:
        return None
    return names


def _people(person: pa.Array) -> pd.Index | None:
    """The names as written, when each is clean and no two share a name key."""
    if not _names_clean(person) or not _keys_distinct(person):
        return None
    return pd.Index(pd.array(person, dtype="str"))


def _names_clean(names: pa.Array) -> bool:
    """Whether every name is given, at most `MAX_NAME_LENGTH` characters, without the formula guard
    and without space at either end (what the validating reader would trim, refuse or report)."""
    if names.null_count or len(names) == 0:
        return False
    lengths = pc.utf8_length(names)
    if pc.min(lengths).as_py() == 0 or pc.max(lengths).as_py() > MAX_NAME_LENGTH:
        return False
    guarded = pc.any(pc.starts_with(names, "'")).as_py()
    return not (guarded or pc.any(pc.match_substring_regex(names, _SPACE_AT_ENDS)).as_py())


def _keys_distinct(person: pa.Array) -> bool:
    """Whether no two names share a `names.name_key`. For ASCII names the key is computed by Arrow:
    NFKC leaves ASCII as it is, `str.split` splits on the ASCII whitespace and \\x1c-\\x1f, and
    `str.casefold` of ASCII is its lower case (names here have no space at either end)."""
    if pc.all(pc.string_is_ascii(person)).as_py():
        keys = pc.ascii_lower(person)
        # Runs of spaces become one: needed only where a name has one (rare; the replace is slow).
        if pc.any(pc.match_substring_regex(person, r"[\t\n\x0b\x0c\r\x1c-\x1f]|  ")).as_py():
            keys = pc.ascii_lower(pc.replace_substring_regex(person, r"[\t\n\x0b\x0c\r\x1c-\x1f ]+", " "))
        return len(pc.unique(keys)) == len(person)
    keys = name_keys(person.to_pylist())
    return len(set(keys.tolist())) == len(keys)


def _levels(column: pa.DictionaryArray) -> np.ndarray | None:
    """A dictionary-encoded competency column as levels (NaN where empty), or None to fall back."""
    if column.null_count:
        return None
    values = []
    for text in column.dictionary.to_pylist():
        if len(text) > _LONGEST_LEVEL_TEXT or text.strip().startswith("'"):
            return None
        level = level_of_text(text.strip())
        if level is None:
            return None
        values.append(level)
    lookup = np.asarray(values, dtype=np.float64)
    return lookup[column.indices.to_numpy(zero_copy_only=False)]
