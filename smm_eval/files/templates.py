"""Template and sample files for every import: what a user downloads before filling in a file.

A template is the header row of a format (every column the reader accepts, the optional ones
included); a sample is a filled-in example from `data/samples/`. Both are written as every CSV
the product writes: UTF-8 with a byte-order mark, so a spreadsheet program opens them right.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from smm_eval.files.candidates import CANDIDATE_COLUMNS
from smm_eval.files.csv_out import with_bom
from smm_eval.files.observations import OBSERVATION_COLUMNS, OPTIONAL_COLUMNS
from smm_eval.framework import DATA_DIR

IMPORT_KINDS: Final = ("ratings", "candidates", "team", "observations")
SAMPLE_FILES: Final = {
    "ratings": "interview_ratings.csv",
    "candidates": "candidates.csv",
    "team": "team.csv",
    "observations": "salary_observations.csv",
}


def template_columns(kind: str, competency_ids: Sequence[str]) -> list[str]:
    """The header of an import's template: every column its reader accepts, in a natural order.

    Raises
    ------
    ValueError
        `kind` is not one of IMPORT_KINDS.
    """
    if kind == "ratings":
        return ["person", "rater", *competency_ids]
    if kind == "team":
        return ["person", "rater", "role", "date", *competency_ids]
    if kind == "candidates":
        return list(CANDIDATE_COLUMNS)
    if kind == "observations":
        return [*OBSERVATION_COLUMNS, *OPTIONAL_COLUMNS]
    raise ValueError(f"unknown import '{kind}'; expected one of {', '.join(IMPORT_KINDS)}")


def template_csv(kind: str, competency_ids: Sequence[str]) -> bytes:
    """The template file of an import: its header row, UTF-8 with a byte-order mark.

    >>> template_csv("candidates", [])
    b'\\xef\\xbb\\xbfname,contact,source,expected_salary,notes,expected_currency,expected_gross_net\\n'
    """
    return with_bom((",".join(template_columns(kind, competency_ids)) + "\n").encode("utf-8"))


def sample_csv(kind: str) -> bytes:
    """The filled-in sample of an import (`data/samples/`, SAMPLE_FILES), UTF-8 with a byte-order mark."""
    if kind not in SAMPLE_FILES:
        raise ValueError(f"unknown import '{kind}'; expected one of {', '.join(IMPORT_KINDS)}")
    return with_bom((DATA_DIR / "samples" / SAMPLE_FILES[kind]).read_bytes())
