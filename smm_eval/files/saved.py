"""Reading and writing a saved self-assessment (the JSON file `smm_eval.schemas.SavedAssessment`).

The file is small (a few KB) and versioned by its `format` field; reading checks the size, the
encoding, the JSON syntax (line and column), the schema (field paths) and that its competency
and role ids exist in the current framework.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from smm_eval.errors import InputError, Problem, problems_from_validation
from smm_eval.files.json_files import read_json
from smm_eval.framework import Framework, RoleProfile
from smm_eval.schemas import FORMAT_ID, SavedAssessment

MAX_SAVED_BYTES = 1024 * 1024


def saved_to_json(saved: SavedAssessment) -> str:
    """The saved self-assessment as indented JSON text (what the download button writes)."""
    return saved.model_dump_json(indent=2)


def parse_saved(data: bytes, source: str, framework: Framework, roles: Mapping[str, RoleProfile]) -> SavedAssessment:
    """Read a saved self-assessment.

    Parameters
    ----------
    data, source
        The file's bytes (at most MAX_SAVED_BYTES, UTF-8 with or without a BOM) and the name used
        in problems.
    framework, roles
        The current competency ids and role ids the answers and role must belong to.

    Returns
    -------
    SavedAssessment

    Raises
    ------
    InputError
        Saying what is wrong and where: empty, too large, not UTF-8, not JSON (line and column),
        not a saved self-assessment, a field that fails the schema, unknown ids.
    """
    if not data.strip():
        raise InputError(
            [
                Problem(
                    source,
                    "the file is empty; expected a saved SMM Eval self-assessment (JSON)",
                    code="files.saved_empty",
                )
            ]
        )
    if len(data) > MAX_SAVED_BYTES:
        raise InputError(
            [
                Problem(
                    source,
                    "the file is larger than 1 MB; a saved self-assessment is a few KB",
                    code="files.saved_too_large",
                )
            ]
        )
    raw = read_json(data, source, "a JSON file saved by SMM Eval")
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_ID:
        msg = f"is not a saved SMM Eval self-assessment (its 'format' field must be '{FORMAT_ID}')"
        params = {"format": FORMAT_ID}
        raise InputError([Problem(source, msg, column_name="format", code="files.not_saved", params=params)])
    try:
        saved = SavedAssessment.model_validate(raw)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, source)) from exc
    problems = []
    unknown = sorted(set(saved.answers) - set(framework.competency_ids))
    if unknown:
        message = f"unknown competency ids {unknown[:10]}"
        params = {"ids": ", ".join(unknown[:10])}
        problems.append(
            Problem(source, message, column_name="answers", code="files.unknown_competencies", params=params)
        )
    if saved.role is not None and saved.role not in roles:
        message = f"unknown role '{saved.role}'"
        params = {"value": saved.role[:60]}
        problems.append(Problem(source, message, column_name="role", code="files.unknown_role_id", params=params))
    if problems:
        raise InputError(problems)
    return saved
