"""Loading the YAML data files of `data/` safely, and validating them with pydantic.

YAML is parsed with the safe loader only (LibYAML's when installed): no Python objects are ever
built from a file. A broken file raises `DataFileError` naming the file and, where known, the
line and column (syntax) or the dotted field path (schema).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from smm_eval.errors import DataFileError, Problem, problems_from_validation

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ModelT = TypeVar("ModelT", bound=BaseModel)


def read_yaml(path: Path) -> Any:
    """The plain data (mappings, lists, scalars) of a UTF-8 YAML file.

    Raises
    ------
    DataFileError
        The file cannot be read, is not UTF-8, or is not valid YAML (with line and column).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        reason = str(exc.strerror or exc)
        problem = Problem(str(path), f"cannot be read: {reason}", code="files.cannot_read", params={"reason": reason})
        raise DataFileError([problem]) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError([Problem(str(path), "is not UTF-8 text", code="files.not_utf8_text")]) from exc
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 - CSafeLoader or SafeLoader, both safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        problem = Problem(str(path), f"is not valid YAML: {reason}", line, column, code="files.yaml_invalid")
        raise DataFileError([problem]) from exc


def load_model(path: Path, model: type[ModelT]) -> ModelT:
    """A YAML file validated as a pydantic model.

    Raises
    ------
    DataFileError
        The problems of `read_yaml`, or one problem per failing field named by its dotted path
        ("(top level)" for a check of the whole document).
    """
    raw = read_yaml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(problems_from_validation(exc, str(path), "(top level)")) from exc
