"""Graded targets of a role: the level each competency needs at each career level (grade).

Owns the one derivation rule (docs/scoring.md, "Career level"). A role's `targets` describe one
grade, its *reference grade*; every other grade g is derived by a shift of one level per grade
step: target_g(c) = clip(target(c) + shift_g(c), 0, 4), with shift_g(c) = index(g) - index(reference)
unless the role overrides the shift of a block or a competency at that grade. Only competencies
the role needs (target > 0) get a target at any grade; a shift that reaches 0 means "not yet
needed at this grade". The targets of a competency never fall from one grade to the next, and the
reference grade is the role's targets as written (no override there); both are checked when the
roles load. A design choice, not a published scale: the anchors of `data/framework.yaml` make one
level one step of autonomy (guided, independent, expert), and the career levels' descriptions
make one grade one such step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, Field

from smm_eval.vocabulary import CAREER_LEVELS

TOP_LEVEL = 4
Shift = Annotated[int, Field(ge=-TOP_LEVEL, le=TOP_LEVEL, strict=True)]


class GradeShift(BaseModel):
    """A role's override of the default shift at one grade, per block and per competency (the
    competency's value wins). Shifts are in levels, relative to the role's targets."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    blocks: dict[str, Shift] = {}
    competencies: dict[str, Shift] = {}


def grade_shifts(
    reference_grade: str, overrides: Mapping[str, GradeShift], competency_block: Mapping[str, str]
) -> dict[str, dict[str, int]]:
    """Every grade's shift of every competency (levels), from the reference grade and overrides.

    Parameters
    ----------
    reference_grade : str
        The grade the role's targets describe (a `vocabulary.CAREER_LEVELS` id).
    overrides : mapping of grade id to GradeShift
        The role's overrides (not at the reference grade).
    competency_block : mapping of competency id to block id
        The framework's competencies in display order.

    Returns
    -------
    dict
        grade id -> competency id -> shift (int levels).

    Raises
    ------
    ValueError
        An unknown grade, block or competency, or an override at the reference grade.

    Examples
    --------
    >>> grade_shifts("middle", {}, {"copywriting": "creative"})["lead"]
    {'copywriting': 2}
    """
    problems = []
    if reference_grade not in CAREER_LEVELS:
        problems.append(f"reference_grade '{reference_grade}' is not one of {list(CAREER_LEVELS)}")
    unknown = sorted(set(overrides) - set(CAREER_LEVELS))
    if unknown:
        problems.append(f"grades: unknown grade(s) {unknown}; grades are {list(CAREER_LEVELS)}")
    if reference_grade in overrides:
        problems.append(f"grades: '{reference_grade}' is the reference grade; its targets are the role's targets")
    blocks = set(competency_block.values())
    for grade, shift in overrides.items():
        bad = sorted(set(shift.blocks) - blocks) + sorted(set(shift.competencies) - set(competency_block))
        if bad:
            problems.append(f"grades.{grade}: unknown block or competency id(s) {bad}")
    if problems:
        raise ValueError("; ".join(problems))
    ref = CAREER_LEVELS.index(reference_grade)
    result: dict[str, dict[str, int]] = {}
    for i, grade in enumerate(CAREER_LEVELS):
        shift = overrides.get(grade, GradeShift())
        result[grade] = {
            c: shift.competencies.get(c, shift.blocks.get(b, i - ref)) for c, b in competency_block.items()
        }
    return result


def grade_targets(targets: Mapping[str, int], shifts: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    """Every grade's target level of every competency: clip(target + shift, 0, 4) where the role
    needs the competency (target > 0), 0 elsewhere.

    >>> grade_targets({"a": 2, "b": 0}, {"junior": {"a": -1, "b": -1}, "lead": {"a": 3, "b": 3}})
    {'junior': {'a': 1, 'b': 0}, 'lead': {'a': 4, 'b': 0}}
    """
    return {
        grade: {c: min(TOP_LEVEL, max(0, t + shift[c])) if t > 0 else 0 for c, t in targets.items()}
        for grade, shift in shifts.items()
    }


def grade_problems(grades: Mapping[str, Mapping[str, int]], order: Sequence[str] = CAREER_LEVELS) -> list[str]:
    """What breaks the grade rules: a competency whose target falls from one grade to the next,
    or two neighbouring grades with the same targets (a person could not be told apart)."""
    problems = []
    for lower, upper in pairwise(order):
        falls = sorted(c for c, t in grades[lower].items() if grades[upper][c] < t)
        if falls:
            problems.append(f"grades: targets fall from {lower} to {upper} for {falls}")
        if dict(grades[lower]) == dict(grades[upper]):
            problems.append(f"grades: {lower} and {upper} have the same targets")
    return problems


class _Graded(Protocol):
    reference_grade: str

    def grade_targets(self) -> dict[str, dict[str, int]]: ...


def grades_markdown(competency_ids: Sequence[str], roles: Mapping[str, _Graded]) -> str:
    """The table of every role's targets at every grade, as docs/scoring.md shows it.

    One row per competency, one column per role (its reference grade in brackets); a cell lists
    the target at trainee, junior, middle, senior and lead, separated by "·" ("–" where the role
    never needs the competency). tests/unit/test_grades.py checks the doc against it.
    """
    header = "| competency | " + " | ".join(f"{rid} ({r.reference_grade})" for rid, r in roles.items()) + " |"
    lines = [header, "|---" * (len(roles) + 1) + "|"]
    grades = {rid: r.grade_targets() for rid, r in roles.items()}
    for c in competency_ids:
        cells = []
        for rid in roles:
            values = [grades[rid][g][c] for g in CAREER_LEVELS]
            cells.append("–" if not any(values) else "·".join(str(v) for v in values))
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
