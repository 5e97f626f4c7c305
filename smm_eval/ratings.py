"""Reading the wide ratings CSV into tidy ratings, with every problem located.

The wide format (docs/formats.md): UTF-8, comma-separated, a header row; columns `person`,
optional `rater`, then any of the framework's competency ids, each cell a level 0..4 or empty
(unanswered). One row per (person, rater).

Validation works on whole columns (pandas string operations); per-row Python work is reserved
for the rows that fail, so a large clean file costs little more than parsing it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smm_eval.errors import InputError, Problem

MAX_NAME_LENGTH = 200
MAX_FILE_BYTES = 20 * 1024 * 1024
_LEVEL_RE = r"0*[0-4](?:\.0*)?"


@dataclass(frozen=True)
class RatingsTable:
    """Tidy ratings and the people in file order (people without answers included)."""

    ratings: pd.DataFrame  # person, rater, [extra columns], competency, level (int)
    people: list[str]
    rows: int
    row_info: pd.DataFrame | None = None  # one row per record: person, rater, extras, line


def _decode(data: bytes, source: str, max_bytes: int | None) -> str:
    if not data.strip():
        raise InputError([Problem(source, "the file is empty; expected a header row and ratings", 1)])
    if max_bytes is not None and len(data) > max_bytes:
        limit = f"{max_bytes / 1024**2:g} MB" if max_bytes >= 1024**2 else f"{max_bytes / 1024:g} KB"
        raise InputError([Problem(source, f"the file is larger than {limit}; split it or use the command line")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(source, "is UTF-16 text; save the file as CSV UTF-8", 1, 1)])
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _byte_position(data, nul)
        raise InputError([Problem(source, "contains binary data (a NUL byte); expected a CSV text file", line, col)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _byte_position(data, exc.start)
        msg = f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as CSV UTF-8"
        raise InputError([Problem(source, msg, line, col)]) from exc


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def _split_records(text: str, source: str) -> tuple[list[str], pd.DataFrame, np.ndarray, list[Problem]]:
    """Split CSV text into header, records (all str) and each record's line; report ragged rows.

    Blank lines are skipped. Without quote characters every line is one record and pandas' C
    parser does the work; with quotes (fields may hold commas or newlines) the csv module does.
    """
    problems: list[Problem] = []
    if '"' not in text:
        numbered = [(i, ln.rstrip("\r")) for i, ln in enumerate(text.split("\n"), start=1)]
        numbered = [(i, ln) for i, ln in numbered if ln.strip()]
        header = [h.strip() for h in numbered[0][1].split(",")]
        body = numbered[1:]
        counts = np.fromiter((ln.count(",") + 1 for _, ln in body), dtype=np.int64, count=len(body))
        lines = np.fromiter((i for i, _ in body), dtype=np.int64, count=len(body))
        ragged = counts != len(header)
        for line, count in zip(lines[ragged], counts[ragged], strict=True):
            problems.append(Problem(source, f"row has {count} fields but the header has {len(header)}", int(line)))
        if ragged.any() or not body:
            return header, pd.DataFrame(columns=header, dtype=str), lines[:0], problems
        frame = pd.read_csv(
            io.StringIO("\n".join(ln for _, ln in body)),
            header=None,
            names=list(range(len(header))),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            index_col=False,
            engine="c",
        )
        return header, frame, lines, problems
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    records: list[list[str]] = []
    line_numbers: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(field.strip() for field in row):
                if header is None:
                    header = [h.strip() for h in row]
                elif len(row) != len(header):
                    msg = f"row has {len(row)} fields but the header has {len(header)}"
                    problems.append(Problem(source, msg, start))
                else:
                    records.append(row)
                    line_numbers.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(Problem(source, f"is not a readable CSV file: {exc}", reader.line_num))
    header = header or []
    frame = pd.DataFrame(records, columns=list(range(len(header))), dtype=str)
    return header, frame, np.array(line_numbers, dtype=np.int64), problems


def _check_header(
    header: list[str], competency_ids: Sequence[str], source: str, extra: Sequence[str] = ()
) -> list[Problem]:
    problems = []
    known = {"person", "rater", *extra, *competency_ids}
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        if name == "":
            problems.append(Problem(source, "the header has an empty column name", 1, i))
        elif name in seen:
            problems.append(Problem(source, f"column '{name}' repeats column {seen[name]}", 1, i, name))
        elif name not in known:
            hint = ""
            if ";" in name:
                hint = "; the file seems to use ';' as separator, SMM Eval reads comma-separated files"
            problems.append(
                Problem(source, f"unknown column '{name[:60]}': expected person, rater or a competency id{hint}", 1, i)
            )
        seen.setdefault(name, i)
    if "person" not in seen:
        problems.append(Problem(source, "the header has no 'person' column", 1))
    if not any(c in seen for c in competency_ids):
        problems.append(Problem(source, "the header has no competency column (see `python -m smm_eval framework`)", 1))
    return problems


def read_wide_ratings(
    data: bytes,
    source: str,
    competency_ids: Sequence[str],
    max_bytes: int | None = MAX_FILE_BYTES,
    extra_columns: Sequence[str] = (),
) -> RatingsTable:
    """Parse and validate a wide ratings CSV; raise InputError listing every problem found.

    `max_bytes` guards uploads; the command line reads files of any size (None).
    `extra_columns` (e.g. a team file's `role` and `date`) are accepted, passed through as text
    into the tidy ratings and the `rows` frame, and distinguish rows: the same person and rater
    may appear once per distinct value of them.

    Line numbers are those of the file (a quoted field spanning lines counts where its record starts).
    """
    text = _decode(data, source, max_bytes)
    header, frame, lines, problems = _split_records(text, source)
    problems = _check_header(header, competency_ids, source, extra_columns) + problems
    if problems:
        raise InputError(problems)
    if len(frame) == 0:
        raise InputError([Problem(source, "the file has a header but no rows of ratings", 2)])
    frame.columns = header

    person = frame["person"].str.strip()
    has_rater = "rater" in frame.columns
    rater = frame["rater"].str.strip() if has_rater else pd.Series("", index=frame.index)
    col_no = {name: i for i, name in enumerate(header, start=1)}
    for line in lines[(person == "").to_numpy()]:
        problems.append(Problem(source, "person is empty", int(line), col_no["person"], "person"))
    for name, values in (("person", person), ("rater", rater)):
        for line in lines[(values.str.len() > MAX_NAME_LENGTH).to_numpy()]:
            msg = f"{name} is longer than {MAX_NAME_LENGTH} characters"
            problems.append(Problem(source, msg, int(line), col_no[name], name))

    comp_cols = [c for c in header if c in set(competency_ids)]
    answered = {}
    for name in comp_cols:
        cells = frame[name].str.strip()
        given = (cells != "").to_numpy()
        ok = ~given | cells.str.fullmatch(_LEVEL_RE).to_numpy(dtype=bool, na_value=False)
        for line, value in zip(lines[~ok], cells[~ok], strict=True):
            problems.append(Problem(source, _level_problem(value), int(line), col_no[name], name))
        answered[name] = cells.where(given)

    extras = {
        c: (frame[c].str.strip() if c in frame.columns else pd.Series("", index=frame.index)) for c in extra_columns
    }
    keyed = pd.DataFrame({"person": person.to_numpy(), "rater": rater.to_numpy(), "line": lines})
    for name, values in extras.items():
        keyed[name] = values.to_numpy()
    keyed = keyed.loc[keyed["person"] != ""]
    key = ["person", "rater", *extras]
    repeated = keyed.loc[keyed.duplicated(key, keep=False)]
    if len(repeated):
        first = repeated.groupby(key, sort=False)["line"].transform("min")
        for line, who, by, first_line in zip(
            repeated["line"], repeated["person"], repeated["rater"], first, strict=True
        ):
            if line != first_line:
                by_text = f" with rater '{by[:60]}'" if has_rater else ""
                msg = f"person '{who[:60]}'{by_text} already appears on line {first_line}"
                problems.append(Problem(source, msg, int(line)))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)

    # Every cell is now a valid level or empty: the parse cannot fail.
    levels = np.column_stack([_to_float(answered[c]) for c in comp_cols])
    # Tidy rows in the order of a melt (competency by competency, rows in file order), with the
    # repeated text as categorical codes rather than one string per rating.
    comp_index, row_index = np.nonzero(~np.isnan(levels.T))
    ids = ["person", "rater", *extras]
    columns = {"person": person, "rater": rater, **extras}
    tidy = pd.DataFrame(
        {name: _repeat_categorical(values.to_numpy(), row_index) for name, values in columns.items()}
        | {
            "competency": pd.Categorical.from_codes(comp_index, categories=comp_cols),
            "level": levels[row_index, comp_index].astype(np.int8),
        }
    )
    rows = pd.DataFrame({name: values.to_numpy() for name, values in columns.items()}).assign(line=lines)
    rows = rows[[*ids, "line"]]
    return RatingsTable(tidy, list(dict.fromkeys(person)), len(frame), row_info=rows)


def _to_float(cells: pd.Series) -> np.ndarray:
    """Validated level texts (missing where empty) as floats, NaN where missing: Arrow's parser."""
    return pc.cast(pa.array(cells, from_pandas=True), pa.float64()).to_numpy(zero_copy_only=False)


def _repeat_categorical(values: np.ndarray, take: np.ndarray) -> pd.Categorical:
    """values[take] as a categorical (each distinct text stored once)."""
    codes, uniques = pd.factorize(values, sort=False)
    return pd.Categorical.from_codes(codes[take], categories=pd.Index(uniques, dtype=object))


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


CANDIDATE_COLUMNS = {"name": 200, "contact": 200, "source": 100, "expected_salary": 12, "notes": 5000}


def read_table(
    data: bytes,
    source: str,
    allowed: Sequence[str],
    required: Sequence[str],
    rows_name: str,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> tuple[pd.DataFrame, np.ndarray, dict[str, int]]:
    """Decode and split a CSV with a fixed set of columns; check the header and that rows exist.

    Returns the records (all text, named columns), each record's line, and each column's number.
    """
    text = _decode(data, source, max_bytes)
    header, frame, lines, problems = _split_records(text, source)
    header_problems = []
    seen: set[str] = set()
    for i, name in enumerate(header, start=1):
        if name not in allowed:
            message = f"unknown column '{name[:60]}': expected {', '.join(allowed)}"
            header_problems.append(Problem(source, message, 1, i))
        elif name in seen:
            header_problems.append(Problem(source, f"column '{name}' repeats", 1, i, name))
        seen.add(name)
    missing = [c for c in required if c not in header]
    if missing:
        header_problems.append(Problem(source, f"the header lacks column(s) {', '.join(missing)}", 1))
    problems = header_problems + problems
    if problems:
        raise InputError(problems)
    if len(frame) == 0:
        raise InputError([Problem(source, f"the file has a header but no {rows_name}", 2)])
    frame.columns = header
    return frame, lines, {name: i for i, name in enumerate(header, start=1)}


def read_candidates(data: bytes, source: str, max_bytes: int | None = MAX_FILE_BYTES) -> pd.DataFrame:
    """Parse and validate a candidates CSV (name, contact, source, expected_salary, notes).

    Only `name` is required. Returns a frame with those five columns (expected_salary as a
    nullable integer); raises InputError listing every problem with its line and column.
    """
    frame, lines, col_no = read_table(data, source, list(CANDIDATE_COLUMNS), ["name"], "candidates", max_bytes)
    problems: list[Problem] = []
    out = pd.DataFrame(index=frame.index)
    for name, limit in CANDIDATE_COLUMNS.items():
        values = frame[name].str.strip() if name in frame.columns else pd.Series("", index=frame.index)
        for line in lines[(values.str.len() > limit).to_numpy()]:
            problems.append(Problem(source, f"{name} is longer than {limit} characters", int(line), col_no[name], name))
        out[name] = values
    for line in lines[(out["name"] == "").to_numpy()]:
        problems.append(Problem(source, "name is empty", int(line), col_no["name"], "name"))
    repeated = out["name"].duplicated(keep="first") & (out["name"] != "")
    for line, who in zip(lines[repeated.to_numpy()], out["name"][repeated], strict=True):
        problems.append(Problem(source, f"candidate '{who[:60]}' appears twice", int(line), col_no["name"], "name"))
    salary = out["expected_salary"].str.replace(r"[\s_]", "", regex=True)
    bad = (salary != "") & ~salary.str.fullmatch(r"\d{1,9}")
    for line, value in zip(lines[bad.to_numpy()], out["expected_salary"][bad], strict=True):
        msg = f"expected_salary '{value[:20]}' is not a whole amount (digits only, e.g. 60000)"
        problems.append(Problem(source, msg, int(line), col_no["expected_salary"], "expected_salary"))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)
    out["expected_salary"] = pd.to_numeric(salary.where(salary != ""), errors="coerce").astype("Int64")
    out["line"] = lines
    return out.reset_index(drop=True)
