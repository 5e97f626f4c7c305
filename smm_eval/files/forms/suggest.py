"""Suggesting a form mapping from a raw export's headers and answers.

Headers are matched against the competency ids and names (English and Spanish from
`data/framework.yaml`, Russian from `data/form_words.yaml`), then against the words form tools
use for the timestamp, the respondent's e-mail and the person's name (`data/form_words.yaml`).
Answers are matched against a bare level digit, a leading digit ("3 - Independent"), the level
names of the scale in every language, synonyms, and the behavioural anchors. Everything else is
left for the user: a column becomes `ignore`, an answer gets no level. The user confirms or edits
every suggestion (design choice: a wrong guess costs a review, a silent one would cost scores).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from smm_eval.errors import DataFileError, Problem
from smm_eval.files.forms.mapping import (
    LEADING_DIGIT,
    MAX_ANSWERS,
    MAX_TEXT,
    PLAIN_LEVEL,
    SINGLE_ROLES,
    FormMapping,
    normalise_answer,
)
from smm_eval.files.forms.raw import RawExport
from smm_eval.files.yaml_files import load_model
from smm_eval.framework import DATA_DIR, Framework

_TRAILING_NOTE = re.compile(r"\s*(?:[-–—:(|]|\s-\s).*$")
_NON_WORD = re.compile(r"[\W_]+")
_BRACKETS = re.compile(r"\[([^\]]+)\]")
Word = Annotated[str, Field(min_length=1, max_length=200)]


class _FormWordsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    levels: dict[Annotated[int, Field(ge=0, le=4)], list[Word]]
    unanswered: list[Word]
    columns: dict[str, list[Word]]
    competencies: dict[str, list[Word]]

    @model_validator(mode="after")
    def _roles_are_known(self) -> _FormWordsFile:
        if set(self.columns) != set(SINGLE_ROLES):
            raise ValueError(f"columns must list exactly {', '.join(SINGLE_ROLES)}")
        return self


@dataclass(frozen=True)
class FormWords:
    """The suggestion keys, normalised: answer text -> level, "not answered" texts, header words
    per role (in order of preference), competency names -> id (every language)."""

    levels: dict[str, int]
    unanswered: frozenset[str]
    columns: dict[str, list[str]]
    names: dict[str, str]


def load_form_words(framework: Framework, path: Path | None = None) -> FormWords:
    """The suggestion keys from `data/form_words.yaml` and the framework's names and anchors.

    Raises
    ------
    DataFileError
        The file is broken, or names a competency id the framework does not have.
    """
    path = path or DATA_DIR / "form_words.yaml"
    words = load_model(path, _FormWordsFile)
    unknown = sorted(set(words.competencies) - set(framework.competency_ids))
    if unknown:
        raise DataFileError(
            [
                Problem(
                    str(path),
                    f"unknown competency id(s): {', '.join(unknown)}",
                    column_name="competencies",
                    code="files.unknown_competencies",
                    params={"ids": ", ".join(unknown)},
                )
            ]
        )
    levels: dict[str, int] = {}
    for competency in framework.competencies.values():  # anchors first: the scale's names win on a clash
        for level, text in competency.anchors.items():
            levels.update({normalise_answer(text.en): level, normalise_answer(text.es): level})
    for scale in framework.scale:
        levels.update({normalise_answer(scale.name.en): scale.level, normalise_answer(scale.name.es): scale.level})
    for level, texts in words.levels.items():
        levels.update({normalise_answer(text): level for text in texts})
    names: dict[str, str] = {}
    for competency in framework.competencies.values():
        keys = [competency.id, competency.name.en, competency.name.es, *words.competencies.get(competency.id, [])]
        names.update({_header_words(key): competency.id for key in keys})
    columns = {role: [_header_words(w) for w in texts] for role, texts in words.columns.items()}
    return FormWords(levels, frozenset(normalise_answer(w) for w in words.unanswered), columns, names)


def _header_words(text: str) -> str:
    """A header as words separated by single spaces ("Brand_strategy!" -> "brand strategy")."""
    return _NON_WORD.sub(" ", normalise_answer(text)).strip()


@dataclass(frozen=True)
class Suggestion:
    """A suggested mapping, and the answers it could not place (each needs the user's level)."""

    mapping: FormMapping
    unknown_answers: list[str]


def suggest_level(answer: str, words: FormWords) -> int | str | None:
    """The level an answer suggests: 0..4, None for "not answered", or "?" when there is no clue.

    >>> from smm_eval.framework import load_framework
    >>> words = load_form_words(load_framework())
    >>> [suggest_level(a, words) for a in ("3 - Independent", "Guided", "Guiado", "Самостоятельно", "N/A", "Often")]
    [3, 2, 2, 3, None, '?']
    """
    text = normalise_answer(answer)
    match = PLAIN_LEVEL.fullmatch(text) or LEADING_DIGIT.match(text)
    if match:
        return int(match.group(1))
    for candidate in (text, _TRAILING_NOTE.sub("", text), text.rstrip(".!")):
        if candidate in words.levels:
            return words.levels[candidate]
        if candidate in words.unanswered:
            return None
    return "?"


def suggest_column(header: str, words: FormWords) -> str:
    """The role a header suggests: a competency id, person, rater, date, or ignore.

    Competencies first (a question such as "Rate the candidate's copywriting" names both), by the
    longest id or name (any language) the header holds, a bracketed grid row ("Levels [SEO]")
    deciding; then the role words in their order of preference.
    """
    text = _header_words(header)
    bracketed = [_header_words(inner) for inner in _BRACKETS.findall(normalise_answer(header))]
    for part in [*bracketed, text]:
        if part in words.names:
            return words.names[part]
    padded = f" {text} "
    contained = [name for name in words.names if len(name) >= 3 and f" {name} " in padded]
    if contained:
        return words.names[max(contained, key=len)]
    for role, role_words in words.columns.items():
        if any(f" {word} " in padded for word in role_words):
            return role
    return "ignore"


def suggest_mapping(raw: RawExport, words: FormWords) -> Suggestion:
    """A mapping for `raw`: every header with a role, every answer of a competency column with a level.

    A role that fits several columns goes to the best fit (for person, rater and date, the
    earliest word in `form_words.yaml`'s order, then the leftmost column); the others are
    `ignore`. `duplicates` is `refuse`: keeping the latest submission is the user's choice.
    """
    suggested = {i: suggest_column(header, words) for i, header in enumerate(raw.header)}
    for role in SINGLE_ROLES:
        fits = [i for i, r in suggested.items() if r == role]
        best = min(fits, key=lambda i: (_word_rank(raw.header[i], words.columns[role]), i), default=None)
        suggested.update({i: "ignore" for i in fits if i != best})
    taken: set[str] = set()
    columns: dict[str, str] = {}
    for i, header in enumerate(raw.header):
        role = suggested[i]
        if header in columns or not header:  # a repeated or empty header cannot be told apart: ignored
            continue
        if role not in ("ignore", *SINGLE_ROLES) and role in taken:
            role = "ignore"
        taken.add(role)
        columns[header] = role
    answers: dict[str, int | None] = {}
    unknown: list[str] = []
    for i, header in enumerate(raw.header):
        if columns.get(header) in (None, "ignore", *SINGLE_ROLES):
            continue
        for value in raw.cells[i].unique():
            level = suggest_level(value, words) if value else "?"
            if not value or PLAIN_LEVEL.fullmatch(normalise_answer(value)) or value in answers or value in unknown:
                continue
            if level == "?" or len(value) > MAX_TEXT or len(answers) >= MAX_ANSWERS:
                unknown.append(value)  # the user decides; apply_mapping locates each one left
            else:
                answers[value] = level if level is None else int(level)
    mapping = FormMapping(columns=columns, answers=answers, leading_digit=True, duplicates="refuse")
    return Suggestion(mapping, unknown)


def _word_rank(header: str, role_words: list[str]) -> int:
    padded = f" {_header_words(header)} "
    return next((k for k, word in enumerate(role_words) if f" {word} " in padded), len(role_words))
