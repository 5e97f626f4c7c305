"""Reading the wide ratings CSV into tidy ratings, with every problem located.

The wide format (docs/formats.md): UTF-8, comma-separated, a header row; columns `person`,
optional `rater`, then any of the framework's competency ids, each cell a level 0..4 or empty
(unanswered). One row per (person, rater). Decoding, the separator, splitting and line numbers
are `smm_eval.files.tables`; this module owns the header rule and the cell checks. A level written
with a decimal comma (`3,0`, as spreadsheets in continental locales write it) is the whole level
3; `2,5` is refused as not whole. People and raters are one person per `smm_eval.names.name_key`
(letter case, non-breaking spaces and Unicode forms do not make two people), shown as first written.

Validation works on whole columns (pandas string operations); per-row Python work is reserved
for the rows that fail, so a large clean file costs little more than parsing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smm_eval.errors import InputError, Problem
from smm_eval.files.tables import MAX_FILE_BYTES, Table, read_table, shown
from smm_eval.names import first_written, name_keys
from smm_eval.vocabulary import MAX_PERSON_NAME, is_self_rater

MAX_NAME_LENGTH = MAX_PERSON_NAME
_LEVEL_RE = r"0*[0-4](?:[.,]0*)?"  # 3, 03, 3.0, 3. and 3,0 are level 3


@dataclass(frozen=True)
class RatingsTable:
    """Tidy ratings and the people in file order (people without answers included)."""

    ratings: pd.DataFrame  # person, rater, [extra columns], competency, level (int)
    people: list[str]
    rows: int
    row_info: pd.DataFrame  # one row per record: person, rater, extras, line
    blank_records: int = 0  # records skipped because every cell was blank


@dataclass(frozen=True)
class WideRatingsHeader:
    """The header rule of the wide format: person, optional rater, extras, competency ids."""

    competency_ids: Sequence[str]
    extra: Sequence[str] = ()

    def __call__(self, header: Sequence[str], source: str) -> list[Problem]:
        problems = []
        known = {"person", "rater", *self.extra, *self.competency_ids}
        seen: dict[str, int] = {}
        for i, name in enumerate(header, start=1):
            if name == "":
                problems.append(Problem(source, "the header has an empty column name", 1, i, code="files.empty_header"))
            elif name in seen:
                message = f"column '{name}' repeats column {seen[name]}"
                params = {"name": shown(name), "first": seen[name]}
                problems.append(Problem(source, message, 1, i, name, code="files.column_repeats_at", params=params))
            elif name not in known:
                message = f"unknown column '{name[:60]}': expected person, rater or a competency id"
                params = {"name": shown(name)}
                problems.append(Problem(source, message, 1, i, code="files.unknown_ratings_column", params=params))
            seen.setdefault(name, i)
        if "person" not in seen:
            problems.append(Problem(source, "the header has no 'person' column", 1, code="files.no_person_column"))
        if not any(c in seen for c in self.competency_ids):
            message = "the header has no competency column (see `python -m smm_eval framework`)"
            problems.append(Problem(source, message, 1, code="files.no_competency_column"))
        return problems


def read_wide_ratings(
    data: bytes,
    source: str,
    competency_ids: Sequence[str],
    max_bytes: int | None = MAX_FILE_BYTES,
    extra_columns: Sequence[str] = (),
    check_extras: Callable[[Table, pd.Series], list[Problem]] | None = None,
) -> RatingsTable:
    """Parse and validate a wide ratings CSV; raise InputError listing every problem found.

    A clean file with a rater column and no extra columns is read by Arrow's typed reader
    (`wide_typed.read_clean_rated`, the same table; 0.25 s instead of about 1 s for 100,000 rows),
    any other by the validating reader, which names every problem.

    Parameters
    ----------
    data, source
        The file's bytes and the name used in problems.
    competency_ids
        The framework's competency ids: the columns that hold levels.
    max_bytes
        Guards uploads; the command line reads files of any size (None).
    extra_columns
        Columns such as a team file's `role` and `date`: accepted, passed through as text into
        the tidy ratings and `row_info`, and part of a row's identity (the same person and rater
        may appear once per distinct value of them).
    check_extras
        Checks the cells of the extra columns (a team file's roles and dates); receives the table
        and the person of each record (as first written), returns their problems, reported with
        all the others in one pass.

    Returns
    -------
    RatingsTable
        Tidy ratings (one row per answered cell, in the order of a melt: competency by
        competency, rows in file order), the people in file order, the number of records and
        one `row_info` row per record with its file line.

    Raises
    ------
    InputError
        Every problem of the file, header and cells in one pass, sorted by line and column (a
        quoted field spanning lines counts where its record starts).
    """
    if not extra_columns and check_extras is None:  # a clean file with raters: Arrow's typed reader
        from smm_eval.files import wide_typed

        clean = wide_typed.read_clean_rated(data, competency_ids, max_bytes)
        if clean is not None:
            return clean
    table = read_table(data, source, WideRatingsHeader(competency_ids, extra_columns), "rows of ratings", max_bytes)
    header = list(table.frame.columns)
    person = first_written(table.cells("person"))
    has_rater = "rater" in table.columns
    rater = first_written(table.cells("rater"))
    extras = {c: table.cells(c) for c in extra_columns}
    comp_cols = [c for c in header if c in set(competency_ids)]
    answered = {name: table.cells(name) for name in comp_cols}

    problems = _name_problems(table, source, person, rater)
    for name, cells in answered.items():
        given = (cells != "").to_numpy()
        ok = ~given | cells.str.fullmatch(_LEVEL_RE).to_numpy(dtype=bool, na_value=False)
        problems += table.located(source, ~ok, name, _level_problem, _level_code)
        answered[name] = cells.str.replace(",", ".", regex=False).where(given)
    problems += _repeat_problems(table.lines, person, rater, extras, has_rater, source)
    if check_extras is not None:
        problems += check_extras(table, person)
    table.refuse(problems)

    columns = {"person": person, "rater": rater, **extras}
    tidy = _tidy(columns, {c: answered[c] for c in comp_cols})
    rows = pd.DataFrame({name: values.to_numpy() for name, values in columns.items()}).assign(line=table.lines)
    people = list(dict.fromkeys(person))
    return RatingsTable(tidy, people, len(table.frame), row_info=rows, blank_records=table.blank_records)


def _tidy(columns: dict[str, pd.Series], answered: dict[str, pd.Series]) -> pd.DataFrame:
    """Tidy rows in the order of a melt (competency by competency, rows in file order).

    `answered` holds validated level texts, missing where empty: the parse cannot fail. The
    repeated text (person, rater, extras) is stored as categorical codes, not one string per rating.
    """
    levels = np.column_stack([_to_float(cells) for cells in answered.values()])
    comp_index, row_index = np.nonzero(~np.isnan(levels.T))
    return pd.DataFrame(
        {name: _repeat_categorical(values.to_numpy(), row_index) for name, values in columns.items()}
        | {
            "competency": pd.Categorical.from_codes(comp_index, categories=pd.Index(list(answered))),
            "level": levels[row_index, comp_index].astype(np.int8),
        }
    )


def _name_problems(table: Table, source: str, person: pd.Series, rater: pd.Series) -> list[Problem]:
    problems = table.located(source, person == "", "person", "person is empty", "files.person_empty")
    for name, values in (("person", person), ("rater", rater)):
        too_long = values.str.len() > MAX_NAME_LENGTH
        message = f"{name} is longer than {MAX_NAME_LENGTH} characters"
        problems += table.located(source, too_long, name, message, "files.too_long", {"limit": MAX_NAME_LENGTH})
    return problems


def _repeat_problems(
    lines: np.ndarray, person: pd.Series, rater: pd.Series, extras: dict[str, pd.Series], has_rater: bool, source: str
) -> list[Problem]:
    """A (person, rater, extras) that appears again after its first line. Every self-rater name
    (`vocabulary.is_self_rater`: self, Self-assessment, autoevaluación, ...) is one rater: the person."""
    keyed = pd.DataFrame({"person": person.to_numpy(), "rater": rater.to_numpy(), "line": lines})
    self_names = {name for name in set(keyed["rater"]) if is_self_rater(name)}
    keyed["rater_key"] = keyed["rater"].where(~keyed["rater"].isin(self_names), "self")
    for name, values in extras.items():
        keyed[name] = values.to_numpy()
    keyed = keyed.loc[keyed["person"] != ""]
    key = ["person", "rater_key", *extras]
    repeated = keyed.loc[keyed.duplicated(key, keep=False)]
    if not len(repeated):
        return []
    problems = []
    first = repeated.groupby(key, sort=False)["line"].transform("min")
    for line, who, by, first_line in zip(repeated["line"], repeated["person"], repeated["rater"], first, strict=True):
        if line != first_line:
            by_text = f" with rater '{by[:60]}'" if has_rater else ""
            msg = f"person '{who[:60]}'{by_text} already appears on line {first_line}"
            code = "files.person_rater_repeats" if has_rater else "files.person_repeats"
            params = {"person": shown(who), "rater": shown(by), "first": int(first_line)}
            problems.append(Problem(source, msg, int(line), code=code, params=params))
    return problems


def _to_float(cells: pd.Series) -> np.ndarray:
    """Validated level texts (missing where empty) as floats, NaN where missing: Arrow's parser."""
    return pc.cast(pa.array(cells, from_pandas=True), pa.float64()).to_numpy(zero_copy_only=False)


def _repeat_categorical(values: np.ndarray, take: np.ndarray) -> pd.Categorical:
    """values[take] as a categorical (each distinct text stored once)."""
    codes, uniques = pd.factorize(values, sort=False)
    return pd.Categorical.from_codes(codes[take], categories=pd.Index(uniques, dtype=object))


def level_of_text(text: str) -> float | None:
    """The level a stripped cell text holds, as the wide reader reads it: NaN for an empty cell
    (unanswered), the whole level 0..4 for `3`, `03`, `3.0`, `3.` or `3,0`, None for any other text
    (a problem for the wide reader; the typed fast path falls back on it).

    >>> level_of_text("3,0"), level_of_text("2,5"), level_of_text("")
    (3.0, None, nan)
    """
    if text == "":
        return float("nan")
    if re.fullmatch(_LEVEL_RE, text) is None:
        return None
    return float(text.replace(",", "."))


def _level_problem(value: str) -> str:
    shown = value if len(value) <= 30 else value[:27] + "..."
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return f"level '{shown}' is not a number; expected a whole number 0..4 or an empty cell"
    if not np.isfinite(number):
        return f"level '{shown}' is not a number; expected a whole number 0..4 or an empty cell"
    if number != int(number):
        return f"level '{shown}' is not a whole number; expected 0, 1, 2, 3 or 4"
    return f"level '{shown}' is outside 0..4"


def _level_code(value: str) -> str:
    """The catalogue code of `_level_problem`'s message."""
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return "files.level_not_number"
    if not np.isfinite(number):
        return "files.level_not_number"
    return "files.level_not_whole" if number != int(number) else "files.level_outside"


TIDY_COLUMNS = ("person", "rater", "competency", "level")


def validate_tidy_ratings(frame: pd.DataFrame, source: str, competency_ids: Sequence[str]) -> RatingsTable:
    """Validate ratings given as a tidy frame (one row per answer), as the wide reader does its cells.

    For ratings that do not come as a wide CSV (a form export mapped to person, rater, competency
    and level): the same rules, the same names (`smm_eval.names`: one person per name key, shown
    as first written) and located problems.

    Parameters
    ----------
    frame
        Columns person, rater, competency, level (text or numbers; `3`, `3.0` and `3,0` are
        level 3, an empty level is "not answered" and dropped), optionally `line`: the source
        line of each row (default: row position + 2, as if under a header line).
    source
        The name used in problems.
    competency_ids
        The framework's competency ids.

    Returns
    -------
    RatingsTable
        As `read_wide_ratings`: tidy ratings (person, rater, competency, level int8), the people
        in first-seen order, `rows` the number of (person, rater) pairs and `row_info` (person,
        rater, line of the pair's first row).

    Raises
    ------
    InputError
        Every problem at its line and column name: a missing column, an empty or over-long person,
        an unknown competency, a level that is not a whole number 0..4, the same person, rater and
        competency twice.
    """
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        message = f"the ratings lack column(s) {', '.join(missing)}"
        raise InputError([Problem(source, message, code="files.ratings_lack", params={"columns": ", ".join(missing)})])
    lines = frame["line"].to_numpy(np.int64) if "line" in frame.columns else np.arange(len(frame)) + 2
    text = {c: frame[c].astype(object).where(frame[c].notna(), "").astype(str).str.strip() for c in TIDY_COLUMNS}
    person, rater = first_written(text["person"]), first_written(text["rater"])
    level, competency = text["level"], text["competency"]

    def located(
        mask: pd.Series | np.ndarray, name: str, say: Callable[[str], str], code: Callable[[str], str]
    ) -> list[Problem]:
        flagged = np.asarray(mask, dtype=bool)
        return [
            Problem(source, say(v), int(line), None, name, code=code(v),
                    params={"value": shown(v), "column": name, "limit": MAX_NAME_LENGTH})
            for v, line in zip(text[name][flagged], lines[flagged], strict=True)
        ]  # fmt: skip

    problems = located(person == "", "person", lambda _v: "person is empty", lambda _v: "files.person_empty")
    problems += located(
        person.str.len() > MAX_NAME_LENGTH, "person", lambda _v: f"person is longer than {MAX_NAME_LENGTH} characters",
        lambda _v: "files.too_long",
    )  # fmt: skip
    problems += located(
        ~competency.isin(list(competency_ids)), "competency", lambda c: f"unknown competency id '{c[:60]}'",
        lambda _v: "files.unknown_competency",
    )  # fmt: skip
    given = level != ""
    problems += located(given & ~level.str.fullmatch(_LEVEL_RE).fillna(False), "level", _level_problem, _level_code)
    keys = pd.DataFrame({"p": name_keys(person), "r": name_keys(rater), "c": competency.to_numpy()})
    repeated = keys.duplicated().to_numpy()
    problems += located(
        repeated, "competency", lambda c: f"person, rater and competency '{c[:60]}' appear twice",
        lambda _v: "files.rating_repeats",
    )  # fmt: skip
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    kept = given.to_numpy()
    ratings = pd.DataFrame(
        {
            "person": person[kept].to_numpy(dtype=object),
            "rater": rater[kept].to_numpy(dtype=object),
            "competency": pd.Categorical(
                competency[kept], categories=[c for c in competency_ids if c in set(competency[kept])]
            ),
            "level": _to_float(level[kept].str.replace(",", ".", regex=False)).astype(np.int8),
        }
    )
    info = pd.DataFrame({"person": person.to_numpy(), "rater": rater.to_numpy(), "line": lines})
    info = info.drop_duplicates(["person", "rater"]).reset_index(drop=True)
    return RatingsTable(ratings, list(dict.fromkeys(person)), len(info), row_info=info)
