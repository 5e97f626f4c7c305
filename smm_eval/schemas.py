"""Input schemas: what a person or a file may hand to SMM Eval, validated by pydantic.

One home for the records that cross a boundary into the workspace: a vacancy as the editor or a
backup gives it (`VacancySpec`), a candidate (`CandidateInput`), a rater's scorecard
(`ScorecardInput`) and a saved self-assessment (`SavedAssessment`). Each checks its own shape;
`problems(framework, ...)` checks it against the competency model and returns every problem
found, so the caller can name them all at once. Lists of allowed values come from
`smm_eval.vocabulary`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from smm_eval.errors import Problem
from smm_eval.framework import Framework, RoleProfile, validate_role_weights
from smm_eval.vocabulary import CANDIDATE_FIELD_LIMITS, RECOMMENDATIONS, is_self_rater

FORMAT_ID: Final = "smm-eval-self-assessment"
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Money = Annotated[int, Field(ge=0, le=100_000_000)]
CompetencyId = Annotated[str, Field(max_length=64)]
Level = Annotated[int, Field(ge=0, le=4)]


def _text(field: str, min_length: int = 0) -> object:
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=CANDIDATE_FIELD_LIMITS[field])


# Vacancies ------------------------------------------------------------------------------------


class VacancySpec(BaseModel):
    """What a recruiter sets for a vacancy; validated against the framework by `check`."""

    model_config = ConfigDict(extra="forbid")
    title: Title
    role_id: str
    block_weights: dict[str, float]
    competency_weights: dict[str, float]
    targets: dict[str, int]
    knockouts: dict[str, Annotated[int, Field(ge=1, le=4)]] = {}
    budget_min: Money | None = None
    budget_max: Money | None = None
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "RUB"
    status: Literal["open", "on_hold", "closed"] = "open"  # vocabulary.VACANCY_STATUSES

    @model_validator(mode="after")
    def _budget_in_order(self) -> VacancySpec:
        if self.budget_min is not None and self.budget_max is not None and self.budget_min > self.budget_max:
            # Its own error type: `errors.problems_from_validation` gives it the code pydantic.budget_order.
            raise PydanticCustomError(
                "budget_order",
                "budget from ({budget_min}) is above budget to ({budget_max})",
                {"budget_min": self.budget_min, "budget_max": self.budget_max},
            )
        return self

    def problems(self, framework: Framework, roles: Mapping[str, RoleProfile]) -> list[Problem]:
        """What does not fit the framework, each naming the vacancy; empty when the vacancy is usable."""
        source = f"vacancy '{self.title}'"
        errors = []
        if self.role_id not in roles:
            message = f"unknown role '{self.role_id}'"
            errors.append(
                Problem(
                    source, message, column_name="role_id", code="vacancy.unknown_role", params={"role": self.role_id}
                )
            )
        errors += validate_role_weights(framework, self.block_weights, self.competency_weights, self.targets, source)
        unknown = sorted(set(self.knockouts) - set(framework.competency_ids))
        if unknown:
            params = {"ids": ", ".join(unknown)}
            errors.append(
                Problem(
                    source,
                    f"unknown competency ids {unknown}",
                    column_name="knockouts",
                    code="vacancy.unknown_knockouts",
                    params=params,
                )
            )
        return errors


# Candidates ---------------------------------------------------------------------------------


class CandidateInput(BaseModel):
    """A candidate as entered by hand or read from a candidates CSV."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, _text("name", min_length=1)]
    contact: Annotated[str, _text("contact")] = ""
    source: Annotated[str, _text("source")] = ""
    notes: Annotated[str, _text("notes")] = ""
    expected_salary: Money | None = None
    # The expected salary's currency (ISO 4217) and whether it is before ("gross") or after tax.
    expected_currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "RUB"
    expected_gross_net: Literal["gross", "net"] = "gross"


# Scorecards ---------------------------------------------------------------------------------


class ScorecardInput(BaseModel):
    """One rater's scorecard as submitted."""

    model_config = ConfigDict(extra="forbid")
    candidate_id: int
    vacancy_id: int
    rater: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    levels: dict[str, Level]
    evidence: dict[str, Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]] = {}
    qualities: list[str] = []
    red_flags: list[str] = []
    recommendation: str | None = None
    notes: Annotated[str, _text("notes")] = ""

    def problems(self, framework: Framework) -> list[Problem]:
        """What does not fit the framework (unknown ids, no rating at all), or a rater named like
        the candidate's own self-assessment; empty when usable. Each problem names the scorecard's
        rater and carries a `problems.scorecard.*` code."""
        source = f"scorecard of {self.rater}"
        errors: list[Problem] = []

        def add(code: str, message: str, **params: Any) -> None:
            errors.append(Problem(source, message, code=f"scorecard.{code}", params=params))

        if is_self_rater(self.rater):
            add(
                "self_rater",
                f"rater '{self.rater}' means the candidate's own self-assessment, which is kept beside the "
                "interviewers' scorecards and never averaged in: attach it on the Candidates page, or sign "
                "the scorecard with your own name",
                rater=self.rater,
            )
        for code, what, given, known in (
            ("unknown_competencies", "competency ids", set(self.levels) | set(self.evidence), framework.competency_ids),
            (
                "unknown_qualities",
                "personal qualities",
                set(self.qualities),
                [q.id for q in framework.personal_qualities],
            ),
            ("unknown_red_flags", "red flags", set(self.red_flags), [f.id for f in framework.red_flags]),
        ):
            unknown = sorted(given - set(known))
            if unknown:
                add(code, f"unknown {what} {unknown}", ids=", ".join(unknown))
        if self.recommendation is not None and self.recommendation not in RECOMMENDATIONS:
            add(
                "bad_recommendation",
                f"recommendation must be one of {list(RECOMMENDATIONS)}",
                value=self.recommendation,
            )
        if not self.levels:
            add("nothing_rated", "a scorecard needs at least one rated competency")
        return errors


# Saved self-assessments ---------------------------------------------------------------------


class SavedSummary(BaseModel):
    """Scores at the time of saving; informative only, recomputed on load."""

    model_config = ConfigDict(extra="forbid")
    overall: float | None = None
    fit: float | None = None  # null below the coverage gate, with to_rate > 0
    to_rate: int | None = None  # the role's competencies still to rate before fit is shown
    level: str | None = None
    level_role: str | None = None  # the role the level is relative to (docs/scoring.md, "Career level")
    level_provisional: bool | None = None  # below that role's coverage gate
    level_to_rate: int | None = None  # competencies of that role still to rate to pass the gate
    coverage: float | None = None
    blocks: dict[str, float | None] = {}
    # Whose view the scores are: a saved self-assessment is always "self-view" (docs/scoring.md,
    # "Self-views"); files saved before the label have none.
    view: Literal["self-view"] | None = None


class SavedAssessment(BaseModel):
    """The downloadable record of one self-assessment."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["smm-eval-self-assessment"] = FORMAT_ID
    version: Literal[1] = 1
    saved_at: datetime
    role: CompetencyId | None = None
    answers: dict[CompetencyId, Annotated[int, Field(ge=0, le=4, strict=True)]]
    summary: SavedSummary | None = None

    def label_date(self) -> str:
        return self.saved_at.strftime("%Y-%m-%d %H:%M")
