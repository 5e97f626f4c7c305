"""Applying a form mapping: a raw export becomes a wide ratings CSV, located in the raw file.

The result is the wide ratings format (person, rater, one column per competency id, levels 0..4
or empty) as bytes, so that it goes through the same validation as any ratings file
(`files.ratings.read_wide_ratings`); `MappedRatings.locate` turns the lines and columns of that
validation's problems back into the raw export's own lines and columns.

Duplicate submissions (the same person and rater, compared by `smm_eval.names.name_key`, the
rule every reader matches people by, more than once) are listed; the mapping's `duplicates` says
whether the file is refused or only the latest submission is kept (the latest by the date column,
unparseable or missing dates counting as earliest, then the later line).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.forms.mapping import (
    LEADING_DIGIT,
    PLAIN_LEVEL,
    FormMapping,
    mapping_problems,
    normalise_answer,
)
from smm_eval.files.forms.raw import RawExport
from smm_eval.names import name_keys

Progress = Callable[[float], None]
_ON_LINE = re.compile(r"(on line )(\d+)")
UNPLACED = -1  # an answer the mapping gives no level


@dataclass(frozen=True)
class Duplicate:
    """One person and rater submitted more than once: the lines, their dates and the line kept."""

    person: str
    rater: str
    lines: tuple[int, ...]
    dates: tuple[str, ...]
    kept_line: int
    unreadable: tuple[int, ...] = ()  # lines whose date cannot be read (counted as earliest)


@dataclass(frozen=True)
class MappedRatings:
    """The wide ratings CSV made from a raw export, and how to locate its problems in the export.

    `wide`: UTF-8 CSV, header line 1, one record per line (line breaks inside names become spaces).
    `lines`: the raw line of each wide record (int64). `columns`: wide column name -> (raw column
    number, raw header). `duplicates`: every repeated submission found; `dropped`: the records left
    out by `keep_latest`.
    """

    source: str
    wide: bytes
    lines: np.ndarray
    columns: dict[str, tuple[int, str]]
    duplicates: list[Duplicate] = field(default_factory=list)
    dropped: int = 0
    header_line: int = 1

    @property
    def internal_source(self) -> str:
        """The name the wide CSV is read under, so that `locate` knows its problems."""
        return f"{self.source} (mapped)"

    def locate(self, exc: InputError) -> InputError:
        """`exc` with the wide CSV's lines and columns replaced by the raw export's."""
        return InputError([self._locate(p) for p in exc.problems])

    def _raw_line(self, line: int) -> int:
        return self.header_line if line <= 1 else int(self.lines[min(line - 2, len(self.lines) - 1)])

    def _locate(self, problem: Problem) -> Problem:
        if problem.source != self.internal_source:
            return problem
        line = None if problem.line is None else self._raw_line(problem.line)
        column, name = problem.column, problem.column_name
        if name in self.columns:
            column, name = self.columns[name]
        elif column is not None:
            column, name = None, name
        message = _ON_LINE.sub(lambda m: m.group(1) + str(self._raw_line(int(m.group(2)))), problem.message)
        params = dict(problem.params)
        if isinstance(params.get("first"), int):  # "already appears on line N": the raw export's line
            params["first"] = self._raw_line(params["first"])
        return Problem(self.source, message, line, column, name, code=problem.code, params=params)


def header_problems(raw: RawExport, mapping: FormMapping) -> list[Problem]:
    """Headers the mapping does not name, mapped headers the file lacks, and repeated headers
    that carry data (line 1 of the raw export)."""
    problems = []
    seen: dict[str, int] = {}
    for i, header in enumerate(raw.header, start=1):
        role = mapping.columns.get(header)
        if header == "":
            if (raw.cells[i - 1] != "").any():  # a trailing empty column of a spreadsheet is no problem
                message = "this column has answers but no name; name it in the export"
                problems.append(Problem(raw.source, message, raw.header_line, i, code="files.form_unnamed_column"))
            continue
        if role is None:
            message = (
                f"column '{header[:60]}' is not in the mapping: map it to person, rater, date, a competency or ignore"
            )
            unmapped: dict[str, Any] = {"name": header[:60]}
            problems.append(
                Problem(raw.source, message, raw.header_line, i, code="files.form_unmapped", params=unmapped)
            )
        elif header in seen and role != "ignore":
            message = f"column '{header[:60]}' repeats column {seen[header]}; rename one of them in the export"
            params: dict[str, Any] = {"name": header[:60], "first": seen[header]}
            problems.append(
                Problem(raw.source, message, raw.header_line, i, code="files.form_column_repeats", params=params)
            )
        seen.setdefault(header, i)
    for header, role in mapping.columns.items():
        if role != "ignore" and header not in seen:
            message = f"the mapping's column '{header[:60]}' ({role}) is not in the file's header"
            params = {"name": header[:60], "role": role}
            problems.append(
                Problem(raw.source, message, raw.header_line, code="files.form_mapped_absent", params=params)
            )
    return problems


def _levels(cells: pd.Series, mapping: FormMapping, answers: dict[str, int | None]) -> np.ndarray:
    """Levels of one column as float (NaN: not answered; UNPLACED: no level), resolved per distinct text."""
    codes, uniques = pd.factorize(cells, sort=False)
    resolved = np.empty(len(uniques), dtype=np.float64)
    for k, value in enumerate(uniques):
        text = normalise_answer(str(value))
        plain = PLAIN_LEVEL.fullmatch(text)
        leading = LEADING_DIGIT.match(text) if mapping.leading_digit else None
        if text == "":
            resolved[k] = np.nan
        elif text in answers:
            level = answers[text]
            resolved[k] = np.nan if level is None else level
        elif plain or leading:
            resolved[k] = int((plain or leading).group(1))  # type: ignore[union-attr]
        else:
            resolved[k] = UNPLACED
    return resolved[codes] if len(codes) else np.zeros(0)


DATE_MESSAGE = "is not a date SMM Eval can read; expected e.g. 2026-10-03 09:14 or 10/3/2026 9:14:02 AM"


# The timestamps of Google Forms ("2026/10/03 9:14:02 AM GMT+3", after the offset is rewritten
# as +0300), Typeform and ISO 8601, and Microsoft Forms (US): each parsed for a whole column at once.
_DATE_FORMATS = ("%Y/%m/%d %I:%M:%S %p %z", "ISO8601", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p")
_GMT_OFFSET = re.compile(r"\s*(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?$")


def _parse_dates(texts: pd.Series) -> pd.Series:
    """Date texts as UTC datetimes (a date without an offset is taken as UTC), NaT where empty or
    unreadable. The known form-tool formats are tried column-wide first; what is left goes to
    pandas' mixed-format parser (element by element, slow: month before day when ambiguous)."""
    given = (texts != "").to_numpy()
    text = texts.str.replace(_GMT_OFFSET, lambda m: f" {m[1]}{int(m[2]):02d}{m[3] or '00'}", regex=True)
    parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns, UTC]")
    for date_format in (*_DATE_FORMATS, "mixed"):
        todo = given & parsed.isna().to_numpy()
        if not todo.any():
            break
        parsed[todo] = pd.to_datetime(text[todo], format=date_format, errors="coerce", utc=True)
    return parsed


def _column(raw: RawExport, mapping: FormMapping, role: str) -> pd.Series | None:
    """The cells of the first header mapped to `role` that the export has; None without one."""
    header = next((h for h in mapping.role_columns(role) if h in raw.header), None)
    return None if header is None else raw.cells[raw.header.index(header)]


def duplicate_submissions(raw: RawExport, mapping: FormMapping) -> list[Duplicate]:
    """Every person and rater (normalised) with more than one record, and the record kept by
    `keep_latest`. Raises nothing: unreadable dates count as earliest and are listed in
    `Duplicate.unreadable` (only the dates of repeated submissions are read)."""
    person = _column(raw, mapping, "person")
    if person is None:
        return []
    rater = _column(raw, mapping, "rater")
    keys = pd.DataFrame({"p": name_keys(person), "r": name_keys(rater) if rater is not None else ""})
    repeated = ((keys["p"] != "") & keys.duplicated(keep=False)).to_numpy()
    if not repeated.any():
        return []
    date_text = _column(raw, mapping, "date")
    texts = date_text[repeated] if date_text is not None else pd.Series("", index=keys.index[repeated])
    rows = keys.loc[repeated].assign(line=raw.lines[repeated], text=texts.to_numpy(), order=_parse_dates(texts))
    rows["group"] = rows.groupby(["p", "r"], sort=False).ngroup().to_numpy()
    # Latest last within each group: rows without a readable date first, then by date, then by line.
    rows["has_date"] = rows["order"].notna()
    latest = rows.sort_values(["has_date", "order", "line"], na_position="first").drop_duplicates("group", keep="last")
    kept = np.zeros(int(rows["group"].max()) + 1, dtype=np.int64)
    kept[latest["group"].to_numpy()] = latest["line"].to_numpy()
    order = np.lexsort((rows["line"].to_numpy(), rows["group"].to_numpy()))
    group, lines = rows["group"].to_numpy()[order], rows["line"].to_numpy()[order]
    texts_sorted, positions = rows["text"].to_numpy()[order], rows.index.to_numpy()[order]
    unreadable = ((rows["text"] != "") & ~rows["has_date"]).to_numpy()[order]
    bounds = [*np.flatnonzero(np.r_[True, group[1:] != group[:-1]]).tolist(), len(group)]
    persons = person.to_numpy(dtype=object)
    raters = rater.to_numpy(dtype=object) if rater is not None else None
    found = []
    for start, stop in itertools.pairwise(bounds):
        first = positions[start]
        found.append(
            Duplicate(
                person=str(persons[first]),
                rater=str(raters[first]) if raters is not None else "",
                lines=tuple(lines[start:stop].tolist()),
                dates=tuple(str(v) for v in texts_sorted[start:stop]),
                kept_line=int(kept[group[start]]),
                unreadable=tuple(lines[start:stop][unreadable[start:stop]].tolist()),
            )
        )
    return found


def apply_mapping(
    raw: RawExport, mapping: FormMapping, competency_ids: Sequence[str], progress: Progress | None = None
) -> MappedRatings:
    """The wide ratings CSV of `raw` under `mapping`.

    Parameters
    ----------
    raw
        The raw export (`raw.read_export`).
    mapping
        The confirmed mapping.
    competency_ids
        The framework's competency ids.
    progress
        Called with the share done (0..1) after each competency column: for large files.

    Returns
    -------
    MappedRatings
        The wide CSV (columns person, rater when mapped, the mapped competency ids in header
        order), with the raw line of each record and the duplicates found.

    Raises
    ------
    InputError
        The mapping's own problems (source "the mapping of <export>"), header problems, answers without a level
        (each located at its line and column), unreadable dates, and under `refuse` one problem
        per repeated submission.
    """
    problems = mapping_problems(mapping, list(competency_ids), f"the mapping of {raw.source}")
    problems += header_problems(raw, mapping)
    if problems:
        raise InputError(problems)
    answers = mapping.answer_levels()
    position = {header: raw.header.index(header) for header in mapping.columns if header in raw.header}
    competencies = [h for h in raw.header if mapping.columns.get(h) in set(competency_ids)]
    competencies = list(dict.fromkeys(competencies))
    levels: dict[str, np.ndarray] = {}
    for done, header in enumerate(competencies, start=1):
        column = position[header]
        values = _levels(raw.cells[column], mapping, answers)
        unplaced = values == UNPLACED
        problems += [
            Problem(
                raw.source,
                _unplaced_message(value),
                int(line),
                column + 1,
                header[:60],
                code="files.form_unplaced",
                params={"value": value if len(value) <= 40 else value[:37] + "..."},
            )
            for line, value in zip(raw.lines[unplaced], raw.cells[column][unplaced], strict=True)
        ]
        levels[mapping.columns[header]] = values
        if progress is not None:
            progress(done / len(competencies))
    duplicates = duplicate_submissions(raw, mapping)
    if mapping.duplicates == "refuse":
        problems += [_duplicate_problem(raw.source, d) for d in duplicates]
    else:  # the dates decide which submission is kept: each must be readable
        problems += _date_problems(raw, mapping, duplicates)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)
    keep = ~np.isin(raw.lines, [line for d in duplicates for line in d.lines if line != d.kept_line])
    return _wide(raw, mapping, position, levels, keep, duplicates)


def _date_problems(raw: RawExport, mapping: FormMapping, duplicates: list[Duplicate]) -> list[Problem]:
    header = mapping.role_columns("date")[0] if mapping.role_columns("date") else ""
    column = raw.header.index(header) + 1 if header in raw.header else None
    return [
        Problem(
            raw.source,
            f"'{text[:40]}' {DATE_MESSAGE}",
            line,
            column,
            header[:60],
            code="files.form_date",
            params={"value": text[:40]},
        )
        for d in duplicates
        for line, text in zip(d.lines, d.dates, strict=True)
        if line in d.unreadable
    ]


def _unplaced_message(value: str) -> str:
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"answer '{shown}' has no level in the mapping; give it a level 0..4 or mark it not answered"


def _duplicate_problem(source: str, duplicate: Duplicate) -> Problem:
    rater = f" by '{duplicate.rater[:60]}'" if duplicate.rater else ""
    lines = ", ".join(str(line) for line in duplicate.lines)
    message = (
        f"'{duplicate.person[:60]}' was rated{rater} more than once (lines {lines}); "
        "keep the latest submission or fix the file"
    )
    params = {"person": duplicate.person[:60], "rater": duplicate.rater[:60], "lines": lines}
    code = "files.form_duplicate_by" if duplicate.rater else "files.form_duplicate"
    return Problem(source, message, duplicate.lines[-1], code=code, params=params)


def _one_line(values: np.ndarray) -> np.ndarray:
    """Texts with line breaks replaced by a space (most files have none: no copy then)."""
    broken = [i for i, v in enumerate(values) if "\n" in v or "\r" in v]
    if not broken:
        return values
    values = values.copy()
    for i in broken:
        values[i] = re.sub(r"[\r\n]+", " ", values[i])
    return values


def _wide(
    raw: RawExport,
    mapping: FormMapping,
    position: dict[str, int],
    levels: dict[str, np.ndarray],
    keep: np.ndarray,
    duplicates: list[Duplicate],
) -> MappedRatings:
    names = ["person", "rater"] if mapping.role_columns("rater") else ["person"]
    columns = {role: (position[mapping.role_columns(role)[0]] + 1, mapping.role_columns(role)[0]) for role in names}
    columns |= {cid: (position[h] + 1, h) for h, cid in mapping.columns.items() if cid in levels}
    texts = [raw.cells[columns[role][0] - 1].to_numpy(dtype=object) for role in names]
    # One record per line, so that the wide CSV's lines map back to the export's.
    texts = [_one_line(values) for values in texts]
    digits = np.array(["0", "1", "2", "3", "4", ""], dtype=object)
    answers = [digits[np.where(np.isnan(v), 5, np.nan_to_num(v)).astype(np.int64)] for v in levels.values()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*names, *levels])
    writer.writerows(zip(*(values[keep] for values in [*texts, *answers]), strict=True))
    return MappedRatings(
        raw.source,
        out.getvalue().encode("utf-8"),
        raw.lines[keep],
        columns,
        duplicates,
        int((~keep).sum()),
        raw.header_line,
    )
