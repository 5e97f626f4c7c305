"""The form mapping: what each column of a raw export means and which level each answer word is.

A small JSON document (docs/formats.md, "Form mapping"), saved from the page or by
`python -m smm_eval map-form`, and read again by the page and by `--mapping FILE`:

    {"format": "smm-eval-form-mapping", "version": 1,
     "columns": {"Timestamp": "date", "Email Address": "rater", "person": "person",
                 "brand_strategy": "brand_strategy", "Comments": "ignore"},
     "answers": {"3 - Independent": 3, "Guided": 2, "Don't know": null},
     "leading_digit": true, "duplicates": "keep_latest"}

`columns` maps each header (as written in the export) to `person`, `rater`, `date`, `ignore` or
a competency id. `answers` maps an answer (compared after `normalise_answer`) to a level 0..4 or
null (not answered). With `leading_digit`, an answer that starts with a digit 0..4 and a separator
("3 - Independent") is that level. `duplicates` is `refuse` (a person rated twice by the same
rater refuses the file) or `keep_latest` (the latest submission by the date column is kept,
file order breaking ties).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smm_eval.errors import InputError, Problem, problems_from_validation
from smm_eval.files.json_files import read_json

FORMAT: Literal["smm-eval-form-mapping"] = "smm-eval-form-mapping"
ROLES = ("person", "rater", "date", "ignore")  # besides the competency ids
SINGLE_ROLES = ("person", "rater", "date")  # at most one column each
DUPLICATE_CHOICES = ("refuse", "keep_latest")
MAX_MAPPING_BYTES = 1024 * 1024
MAX_ANSWERS = 5_000  # distinct answer texts (design choice: far above 5 levels x 3 languages x variants)
MAX_TEXT = 500  # characters of a header or an answer key

_SPACES = re.compile(r"\s+")
# A level written as a digit ("3", "3.0", "3,0") and a leading digit before words ("3 - Independent",
# "2) Guided"); never "2.5" or "2,5" (not a whole level).
PLAIN_LEVEL = re.compile(r"0*([0-4])(?:[.,]0*)?")
LEADING_DIGIT = re.compile(r"([0-4])(?:[.,]0+)?\s*(?:[-–—:.)/|]\s*|\s+)(?=[^\d\s])")
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


class FormMapping(BaseModel):
    """A validated mapping document (types only; `mapping_problems` checks it against the framework)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["smm-eval-form-mapping"] = FORMAT
    version: Literal[1] = 1
    columns: Annotated[dict[Text, Text], Field(max_length=300)]
    answers: Annotated[dict[Text, Annotated[int, Field(ge=0, le=4)] | None], Field(max_length=MAX_ANSWERS)] = {}
    leading_digit: bool = True
    duplicates: Literal["refuse", "keep_latest"] = "refuse"

    def role_columns(self, role: str) -> list[str]:
        """The headers mapped to `role` (a role of ROLES or a competency id), in document order."""
        return [header for header, mapped in self.columns.items() if mapped == role]

    def answer_levels(self) -> dict[str, int | None]:
        """The answers keyed by their normalised text (`normalise_answer`)."""
        return {normalise_answer(text): level for text, level in self.answers.items()}


def normalise_answer(text: str) -> str:
    """An answer or a header as compared: NFKC, case folded, ё as е, spaces collapsed.

    >>> normalise_answer("  3 -\u00a0Independent ")
    '3 - independent'
    >>> normalise_answer("Самостоятельно") == normalise_answer("САМОСТОЯТЕЛЬНО")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _SPACES.sub(" ", folded).strip()


def mapping_problems(mapping: FormMapping, competency_ids: list[str], source: str) -> list[Problem]:
    """What makes a well-typed mapping unusable: unknown roles, a role given twice, no person or no
    competency, two answer keys that normalise alike but give different levels.

    Each problem names the field (`columns.<header>`, `answers.<answer>`).
    """
    known = set(ROLES) | set(competency_ids)
    problems = []
    for header, role in mapping.columns.items():
        if role not in known:
            message = f"'{role[:60]}' is not person, rater, date, ignore or a competency id"
            params = {"value": role[:60]}
            problems.append(
                Problem(source, message, column_name=f"columns.{header[:60]}", code="files.mapping_role", params=params)
            )
    for role in [*SINGLE_ROLES, *competency_ids]:
        headers = mapping.role_columns(role)
        if len(headers) > 1:
            listed = ", ".join(f"'{h[:60]}'" for h in headers)
            message = f"{listed} are all mapped to {role}; keep one"
            params = {"columns": listed, "role": role}
            problems.append(Problem(source, message, column_name="columns", code="files.mapping_twice", params=params))
    if not mapping.role_columns("person"):
        message = "no column is mapped to person"
        problems.append(Problem(source, message, column_name="columns", code="files.mapping_no_person"))
    if not any(role in competency_ids for role in mapping.columns.values()):
        message = "no column is mapped to a competency"
        problems.append(Problem(source, message, column_name="columns", code="files.mapping_no_competency"))
    seen: dict[str, tuple[str, int | None]] = {}
    for text, level in mapping.answers.items():
        key = normalise_answer(text)
        if key in seen and seen[key][1] != level:
            message = f"'{text[:60]}' and '{seen[key][0][:60]}' are the same answer with different levels"
            params = {"first": text[:60], "second": seen[key][0][:60]}
            where = f"answers.{text[:60]}"
            problems.append(
                Problem(source, message, column_name=where, code="files.mapping_answer_clash", params=params)
            )
        seen.setdefault(key, (text, level))
    return problems


def read_mapping(data: bytes, source: str, competency_ids: list[str]) -> FormMapping:
    """Read and check a mapping document.

    Parameters
    ----------
    data, source
        The file's bytes (UTF-8 JSON, at most 1 MB) and its name, used in every problem.
    competency_ids
        The framework's competency ids: the roles a column may have besides ROLES.

    Raises
    ------
    InputError
        Not JSON (line and column), a field of the wrong type or an unknown field (its dotted
        path), or the problems of `mapping_problems`.
    """
    if len(data) > MAX_MAPPING_BYTES:
        message = "is larger than 1 MB; a form mapping is a small JSON file"
        raise InputError([Problem(source, message, code="files.too_large", params={"limit": "1 MB"})])
    document = read_json(data, source, "a form mapping saved by SMM Eval")
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        message = f'is not a form mapping: expected a JSON object with "format": "{FORMAT}"'
        params = {"format": FORMAT}
        raise InputError([Problem(source, message, column_name="format", code="files.not_mapping", params=params)])
    try:
        mapping = FormMapping.model_validate(document)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, source, "(top level)")) from exc
    problems = mapping_problems(mapping, competency_ids, source)
    if problems:
        raise InputError(problems)
    return mapping


def mapping_json(mapping: FormMapping) -> bytes:
    """The mapping as a readable UTF-8 JSON document (what `read_mapping` reads back)."""
    return (json.dumps(mapping.model_dump(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def with_choices(
    mapping: FormMapping,
    columns: Mapping[str, str] | None = None,
    answers: Mapping[str, int | None] | None = None,
    duplicates: str | None = None,
) -> FormMapping:
    """A copy of `mapping` with the user's edits (the page's column and answer tables, the
    duplicates choice); raises InputError (source "mapping") when the edit is not well typed."""
    document = mapping.model_dump()
    if columns is not None:
        document["columns"] = dict(columns)
    if answers is not None:
        document["answers"] = dict(answers)
    if duplicates is not None:
        document["duplicates"] = duplicates
    try:
        return FormMapping.model_validate(document)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, "mapping", "(top level)")) from exc
