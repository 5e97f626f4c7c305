"""Errors raised at the boundaries of SMM Eval.

Every boundary (data files, uploads, CSV and JSON input) reports what is wrong and where: a
`Problem` names the source, the line and column when there are any, and says what to fix. The
command line prints them and exits 2; the pages show them as a list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smm_eval.limits import MAX_PROBLEMS_LISTED

MAX_REPORTED = MAX_PROBLEMS_LISTED  # problems listed before "and N more" (smm_eval.limits)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where it is.

    `message` is the English text (the command line prints it). `code` names the message in the
    catalogues (`data/messages/<lang>.yaml`, key `problems.<code>`) and `params` fill its
    placeholders, so that the pages show the problem in the user's language
    (`smm_eval.i18n.Messages.problem`). A problem without a code, or whose code is not in a
    catalogue, is shown with its English `message`; a test keeps every code used in the package in
    both catalogues.
    """

    source: str
    message: str
    line: int | None = None
    column: int | None = None
    column_name: str | None = None
    code: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def where(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            col = f"column {self.column}"
            if self.column_name:
                col += f" ({self.column_name})"
            parts.append(col)
        elif self.column_name:
            parts.append(f"field {self.column_name}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


class InputError(ValueError):
    """Input that cannot be used; carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = problems
        super().__init__(self.summary())

    def summary(self, limit: int = MAX_REPORTED) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        hidden = len(self.problems) - limit
        if hidden > 0:
            lines.append(f"... and {hidden} more problem{'' if hidden == 1 else 's'}")
        return "\n".join(lines)


# The pydantic error types whose text both catalogues hold (`problems.pydantic.<type>`); any other
# type is reported with the generic `problems.pydantic.invalid` ("invalid value"), never with
# pydantic's English message on a page in another language.
PYDANTIC_TYPES = frozenset(
    {
        "missing", "string_too_short", "string_too_long", "string_type", "string_pattern_mismatch",
        "int_parsing", "int_type", "int_from_float", "float_parsing", "float_type", "bool_parsing", "bool_type",
        "greater_than", "greater_than_equal", "less_than", "less_than_equal", "literal_error", "extra_forbidden",
        "json_invalid", "enum", "too_long", "too_short", "value_error", "dict_type", "list_type",
        "date_parsing", "date_from_datetime_parsing", "datetime_parsing", "datetime_from_date_parsing",
        "finite_number", "multiple_of", "model_type", "none_required", "assertion_error", "budget_order",
    }
)  # fmt: skip


def problems_from_validation(exc: Any, source: str, top_level: str | None = None) -> list[Problem]:
    """A pydantic ValidationError as located problems: the dotted field path names where.

    Each problem's `code` is `pydantic.<type>` for the types in `PYDANTIC_TYPES`, else
    `pydantic.invalid` (`pydantic.required` for a text too short with a minimum length of 1: an
    empty required field); its `params` are the error's `ctx` (numbers kept, other values as text, a
    list of allowed values written "'a', 'b', 'c'" without pydantic's English "or"). The English
    `message` is pydantic's. At most `MAX_REPORTED` problems are kept.
    """
    problems = []
    for err in exc.errors()[:MAX_REPORTED]:
        kind = str(err.get("type", ""))
        params = {k: v if isinstance(v, int | float) else str(v) for k, v in (err.get("ctx") or {}).items()}
        expected = params.get("expected")
        if isinstance(expected, str):
            params["expected"] = expected.replace(" or ", ", ")
        where = ".".join(str(p) for p in err["loc"]) or top_level
        code = f"pydantic.{kind}" if kind in PYDANTIC_TYPES else "pydantic.invalid"
        if kind == "string_too_short" and params.get("min_length") == 1:
            code = "pydantic.required"  # "is required", not "at least 1 characters"
        problems.append(Problem(source, str(err["msg"])[:200], column_name=where, code=code, params=params))
    return problems


class DataFileError(InputError):
    """A file in data/ (framework, roles, learning resources, messages) is broken."""


class ConfigurationError(InputError):
    """A setting that cannot work (SMM_EVAL_DATABASE_URL, SMM_EVAL_SQLITE_PATH), refused at start.

    Each problem's `source` is the setting's name; its `message` (English, for the command line and
    the log) may name a server path, its `params` (what the pages show) never do: they hold the
    file's name only and URLs with their password hidden. Not the database being down: that is
    `DatabaseUnavailableError`, which says to try again; this says which setting to change.
    """
