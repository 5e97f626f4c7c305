"""Form exports: read a raw spreadsheet or form export, suggest its mapping, and hand the mapped
ratings to the normal flows (scoring a file, importing a vacancy's scorecards).

One function per step of the form-import page and of `map-form`, `score --mapping` and
`import --mapping`. The mapped result is the wide ratings CSV and goes through the same
validation as any ratings file; its problems are located in the raw export's lines and columns.
Never imports the database layer (the `score` command's start-up is benchmarked); the import
step takes the candidates service's own functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.files.forms import (
    Duplicate,
    FormMapping,
    MappedRatings,
    RawExport,
    Suggestion,
    apply_mapping,
    duplicate_submissions,
    load_form_words,
    normalise_answer,
    read_export,
    read_mapping,
    suggest_mapping,
    with_choices,
)
from smm_eval.files.forms.apply import Progress
from smm_eval.files.forms.raw import is_xlsx
from smm_eval.files.tables import BLANK_RECORDS, MAX_FILE_BYTES
from smm_eval.framework import Framework, RoleProfile
from smm_eval.services.scoring_file import FileScores, score_file, score_table

if TYPE_CHECKING:
    from smm_eval.services.candidates import ImportFiles

MAPPING_HINT = (
    "this looks like a raw form or spreadsheet export: write a mapping with "
    "`python -m smm_eval map-form {file} -o mapping.json`, review it, then pass --mapping mapping.json"
)


@dataclass(frozen=True)
class FormPreview:
    """What the page shows before the user confirms: the export, the suggested mapping (or the
    uploaded one), the answers without a level, and the duplicate submissions under that mapping."""

    raw: RawExport
    mapping: FormMapping
    unknown_answers: list[str]
    duplicates: list[Duplicate]
    # The saved mapping's columns this export does not have: the mapping was for another file, so
    # the suggestion is shown instead (empty when no saved mapping was given, or it fits).
    unmatched: tuple[str, ...] = ()


def preview_form(
    data: bytes,
    source: str,
    framework: Framework,
    mapping: FormMapping | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> FormPreview:
    """Read a raw export and suggest its mapping, or take the given one (a saved mapping).

    Parameters
    ----------
    data, source
        The export's bytes (`.csv` or `.xlsx`) and its name, used in every problem.
    framework
        The competency model: the suggestion keys (names, anchors) and the competency ids.
    mapping
        A saved mapping to use instead of the suggestion (already read by `read_mapping`).
    max_bytes
        The upload limit; None (the command line) reads any size.

    Returns
    -------
    FormPreview
        The export, the mapping shown to the user, the answers it leaves without a level, and the
        duplicate submissions under it. Suggestions are a design choice (docs/formats.md). A saved
        mapping that maps columns this export does not have is not used: `unmatched` names them
        and the suggestion is shown instead.

    Raises
    ------
    InputError
        The export cannot be read (file, line and column; see `files.forms.read_export`).
    """
    raw = read_export(data, source, max_bytes)
    suggestion: Suggestion = suggest_mapping(raw, load_form_words(framework))
    header = set(raw.header)
    unmatched = (
        () if mapping is None else tuple(c for c, r in mapping.columns.items() if r != "ignore" and c not in header)
    )
    use_saved = mapping is not None and not unmatched
    chosen = _with_new_answers(mapping, suggestion.mapping) if use_saved and mapping else suggestion.mapping
    found = duplicate_submissions(raw, chosen)
    return FormPreview(raw, chosen, unknown_answers(raw, chosen, suggestion), found, unmatched)


def _with_new_answers(saved: FormMapping, suggested: FormMapping) -> FormMapping:
    """A saved mapping with the suggested levels of answers it does not know yet (a later export
    of the same form may hold answers the earlier one did not); the saved levels win."""
    known = saved.answer_levels()
    new = {text: level for text, level in suggested.answers.items() if normalise_answer(text) not in known}
    return with_choices(saved, answers={**saved.answers, **new}) if new else saved


def unknown_answers(raw: RawExport, mapping: FormMapping, suggestion: Suggestion) -> list[str]:
    """The suggestion's unplaced answers that `mapping` does not place either."""
    placed = mapping.answer_levels()
    return [text for text in suggestion.unknown_answers if normalise_answer(text) not in placed]


def duplicates_of(raw: RawExport, mapping: FormMapping) -> list[Duplicate]:
    """The duplicate submissions under an edited mapping (for the page's table)."""
    return duplicate_submissions(raw, mapping)


def map_form(
    raw: RawExport, mapping: FormMapping, framework: Framework, progress: Progress | None = None
) -> MappedRatings:
    """The wide ratings of `raw` under `mapping` (see `files.forms.apply_mapping`); raises InputError."""
    return apply_mapping(raw, mapping, framework.competency_ids, progress)


def score_form(
    raw: RawExport, mapping: FormMapping, framework: Framework, role: RoleProfile, progress: Progress | None = None
) -> FileScores:
    """Score a mapped export for `role`, as the score-file page scores a ratings file.

    Parameters
    ----------
    raw, mapping
        The export and the mapping the user confirmed.
    framework, role
        The competency model and the role to score against.
    progress
        Called with the share (0..1) of competency columns mapped.

    Returns
    -------
    FileScores
        `scoring_file.score_file`'s record for the mapped ratings (scores 0..100, see
        docs/scoring.md for every formula and its source).

    Raises
    ------
    InputError
        Located in the raw export: the mapping's problems (`files.forms.apply_mapping`), then
        every problem the ratings validation finds (`files.ratings.read_wide_ratings`).
    """
    mapped = map_form(raw, mapping, framework, progress)
    try:
        scores = score_file(mapped.wide, mapped.internal_source, framework, role)
    except InputError as exc:
        raise mapped.locate(exc) from exc
    return dataclasses.replace(scores, blank_records=raw.blank_records)


def score_form_table(
    data: bytes,
    source: str,
    mapping: tuple[bytes, str],
    framework: Framework,
    roles: Mapping[str, RoleProfile],
    role_id: str | None,
    lang: str = "en",
) -> pd.DataFrame:
    """The `score` command's table for a raw export read with a mapping file (no size limit).

    Raises InputError (export or mapping, located) or scoring_file.UnknownRoleError.
    """
    chosen = read_mapping(mapping[0], mapping[1], framework.competency_ids)
    raw = read_export(data, source, None)
    mapped = map_form(raw, chosen, framework)
    try:
        scores = score_table(mapped.wide, mapped.internal_source, framework, roles, role_id, lang)
    except InputError as exc:
        raise mapped.locate(exc) from exc
    scores.attrs[BLANK_RECORDS] = raw.blank_records
    return scores


def suggest_for_file(data: bytes, source: str, framework: Framework) -> FormPreview:
    """`map-form`: the suggested mapping of a local file (no size limit), with what needs review."""
    return preview_form(data, source, framework, max_bytes=None)


def read_form_import(
    raw: RawExport,
    mapping: FormMapping,
    people: tuple[bytes, str] | None,
    framework: Framework,
    max_bytes: int | None = MAX_FILE_BYTES,
    progress: Progress | None = None,
) -> ImportFiles:
    """A mapped export (and an optional candidates CSV) as the import files of a vacancy.

    The result goes to `services.candidates.import_candidates` like any read ratings file; the raw
    export's name is the import's source. Raises InputError located in the raw export.
    """
    from smm_eval.services.candidates import read_import  # loads the database layer: only here

    mapped = map_form(raw, mapping, framework, progress)
    try:
        files = read_import((mapped.wide, mapped.internal_source), people, framework, max_bytes=max_bytes)
    except InputError as exc:
        raise mapped.locate(exc) from exc
    if files.ratings is None:  # the mapped file has person and rater columns: never the scorecards export
        raise ValueError("a mapped form export was read as a scorecards export")
    ratings = dataclasses.replace(files.ratings, row_info=files.ratings.row_info.assign(line=mapped.lines))
    blank = files.blank_records + raw.blank_records  # the candidates file's and the export's
    return dataclasses.replace(files, ratings=ratings, source=raw.source, blank_records=blank)


def looks_like_form_export(data: bytes, source: str, framework: Framework) -> bool:
    """True for a refused ratings file that is really a raw export: an .xlsx workbook, or a readable
    table with a header that is neither person, rater nor a competency id (Timestamp, Email, ...)."""
    if is_xlsx(data, source):
        return True
    try:
        raw = read_export(data, source, None)
    except InputError:
        return False
    known = {"person", "rater", *framework.competency_ids}
    return any(header not in known for header in raw.header)


def form_hint(data: bytes, source: str, framework: Framework) -> Problem | None:
    """The command line's hint naming `map-form` and --mapping for a raw export read without a
    mapping (`looks_like_form_export`); None for anything else."""
    if not looks_like_form_export(data, source, framework):
        return None
    line = None if is_xlsx(data, source) else 1
    return Problem(source, MAPPING_HINT.format(file=source), line, code="services.form_hint", params={"file": source})
