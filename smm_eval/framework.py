"""The competency model, role profiles and learning resources, loaded from `data/`.

This module owns the files that define what is measured: `framework.yaml` (blocks, competencies,
behavioural anchors, default weights, career levels, personal qualities), `roles.yaml` (role
profiles with weights and target levels) and `learning.yaml` (where to learn each competency).
They are read by `smm_eval.files.yaml_files` and validated with pydantic when loaded; a broken
file raises `DataFileError` naming the file and the field. Ids of blocks and competencies are a
fixed contract (see docs/model.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from smm_eval.errors import DataFileError, Problem
from smm_eval.files.yaml_files import load_model
from smm_eval.grades import GradeShift, grade_problems, grade_shifts, grade_targets
from smm_eval.vocabulary import CAREER_LEVELS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANGUAGES: tuple[str, ...] = ("en", "es")
LEVELS: tuple[int, ...] = (0, 1, 2, 3, 4)

# The contract of DOMAIN.md: these ids exist and keep their block; more may be added.
REQUIRED_COMPETENCIES: dict[str, tuple[str, ...]] = {
    "marketing": (
        "brand_strategy",
        "competitive_analysis",
        "consumer_insights",
        "audience_segmentation",
        "audience_dialogue",
    ),
    "management": ("project_planning", "team_tasking", "documentation", "negotiation"),
    "smm": (
        "kpi_setting",
        "platform_knowledge",
        "community_setup",
        "trend_tracking",
        "ad_setup",
        "community_management",
        "seo_basics",
    ),
    "analytics": (
        "campaign_costing",
        "channel_selection",
        "engagement_metrics",
        "tool_effectiveness",
        "campaign_analysis",
    ),
    "creative": ("copywriting", "recurring_activities", "visual_content", "content_planning"),
}

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Weight = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Level = Annotated[int, Field(ge=0, le=4, strict=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LocalizedText(_Frozen):
    """A user-facing text in every supported language."""

    en: Annotated[str, Field(min_length=1)]
    es: Annotated[str, Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _same_in_all_languages(cls, value: Any) -> Any:
        # Proper nouns (a school, a site) are written once and mean the same in every language.
        if isinstance(value, str):
            return {lang: value for lang in LANGUAGES}
        return value

    def get(self, lang: str) -> str:
        return getattr(self, lang) if lang in LANGUAGES else self.en


class ScaleLevel(_Frozen):
    level: Level
    name: LocalizedText
    description: LocalizedText


class Competency(_Frozen):
    id: Identifier
    weight: Weight = 1.0
    rationale: LocalizedText | None = None
    name: LocalizedText
    description: LocalizedText
    anchors: dict[int, LocalizedText]

    @field_validator("anchors")
    @classmethod
    def _one_anchor_per_level(cls, anchors: dict[int, LocalizedText]) -> dict[int, LocalizedText]:
        if sorted(anchors) != list(LEVELS):
            raise ValueError(f"needs exactly one anchor for each level 0..4, found {sorted(anchors)}")
        return anchors

    @model_validator(mode="after")
    def _reason_for_non_neutral_weight(self) -> Competency:
        if self.weight != 1.0 and self.rationale is None:
            raise ValueError(f"weight {self.weight} differs from 1.0 and needs a rationale")
        return self


class Block(_Frozen):
    id: Identifier
    weight: Weight
    name: LocalizedText
    description: LocalizedText
    rationale: LocalizedText
    competencies: Annotated[list[Competency], Field(min_length=1)]


class CareerLevel(_Frozen):
    """A career level (grade); what it takes in each role is the role's graded targets
    (`smm_eval.grades`)."""

    id: Identifier
    name: LocalizedText
    description: LocalizedText


class PersonalQuality(_Frozen):
    id: Identifier
    name: LocalizedText


class RedFlag(_Frozen):
    id: Identifier
    name: LocalizedText


class Framework(_Frozen):
    """The whole competency model. Order of blocks and competencies is the display order."""

    version: Literal[1]
    scale: list[ScaleLevel]
    blocks: list[Block]
    career_levels: Annotated[list[CareerLevel], Field(min_length=1)]
    personal_qualities: list[PersonalQuality]
    red_flags: list[RedFlag] = []

    @field_validator("scale")
    @classmethod
    def _scale_is_0_to_4(cls, scale: list[ScaleLevel]) -> list[ScaleLevel]:
        if [s.level for s in scale] != list(LEVELS):
            raise ValueError("must list levels 0, 1, 2, 3, 4 in order")
        return scale

    @model_validator(mode="after")
    def _ids_are_the_contract(self) -> Framework:
        block_ids = [b.id for b in self.blocks]
        if len(set(block_ids)) != len(block_ids):
            raise ValueError(f"block ids repeat: {block_ids}")
        comp_ids = [c.id for b in self.blocks for c in b.competencies]
        repeated = sorted({c for c in comp_ids if comp_ids.count(c) > 1})
        if repeated:
            raise ValueError(f"competency ids repeat: {repeated}")
        for block_id, required in REQUIRED_COMPETENCIES.items():
            block = next((b for b in self.blocks if b.id == block_id), None)
            if block is None:
                raise ValueError(f"block '{block_id}' is missing (ids are a fixed contract)")
            missing = [c for c in required if c not in {x.id for x in block.competencies}]
            if missing:
                raise ValueError(f"block '{block_id}' lacks competencies {missing}")
        if sum(b.weight for b in self.blocks) <= 0:
            raise ValueError("block weights are all zero")
        for block in self.blocks:
            if block.weight > 0 and sum(c.weight for c in block.competencies) <= 0:
                raise ValueError(f"block '{block.id}' has weight but all its competency weights are zero")
        level_ids = [lv.id for lv in self.career_levels]
        if len(set(level_ids)) != len(level_ids):
            raise ValueError(f"career level ids repeat: {level_ids}")
        return self

    # Lookups used everywhere; computed from the lists so the file stays the single source.
    @property
    def block_ids(self) -> list[str]:
        return [b.id for b in self.blocks]

    @property
    def competency_ids(self) -> list[str]:
        return [c.id for b in self.blocks for c in b.competencies]

    @property
    def competencies(self) -> dict[str, Competency]:
        return {c.id: c for b in self.blocks for c in b.competencies}

    @property
    def block_of(self) -> dict[str, str]:
        return {c.id: b.id for b in self.blocks for c in b.competencies}

    def block(self, block_id: str) -> Block:
        for b in self.blocks:
            if b.id == block_id:
                return b
        raise KeyError(block_id)

    def career_level(self, level_id: str) -> CareerLevel:
        for lv in self.career_levels:
            if lv.id == level_id:
                return lv
        raise KeyError(level_id)


class RoleTargets(_Frozen):
    default: Level
    blocks: dict[str, Level] = {}
    competencies: dict[str, Level] = {}


class RoleSpec(_Frozen):
    """A role as written in roles.yaml: defaults and overrides."""

    id: Identifier
    name: LocalizedText
    description: LocalizedText
    block_weights: dict[str, Weight]
    competency_weights: dict[str, Weight] = {}
    targets: RoleTargets
    reference_grade: str = "middle"  # the grade `targets` describe (smm_eval.grades)
    grades: dict[str, GradeShift] = {}  # per-grade overrides of the one-level-per-grade shift


class RoleProfile(_Frozen):
    """A role resolved against the framework: every block and competency has a value."""

    id: Identifier
    name: LocalizedText
    description: LocalizedText
    block_weights: dict[str, Weight]
    competency_weights: dict[str, Weight]
    targets: dict[str, Level]
    reference_grade: str = "middle"
    # grade id -> competency id -> shift in levels (smm_eval.grades.grade_shifts); empty: the
    # default shift of one level per grade step from the reference grade, no overrides.
    grade_shifts: dict[str, dict[str, int]] = {}

    def grade_targets(self) -> dict[str, dict[str, int]]:
        """Target level (0..4) of every competency at every career level, lowest grade first
        (`smm_eval.grades.grade_targets`)."""
        shifts = self.grade_shifts or grade_shifts(self.reference_grade, {}, {c: "" for c in self.targets})
        return grade_targets(self.targets, shifts)

    def block_weight_percent(self) -> dict[str, float]:
        total = sum(self.block_weights.values())
        return {b: 100.0 * w / total for b, w in self.block_weights.items()}


def validate_role_weights(
    framework: Framework,
    block_weights: Mapping[str, float],
    competency_weights: Mapping[str, float],
    targets: Mapping[str, int],
    source: str = "role",
) -> list[Problem]:
    """Say what is wrong with a set of role weights and targets; an empty list means usable.

    Each problem names `source`, the field (`column_name`) and carries a catalogue code
    (`problems.role.*`) with the offending ids joined by ", " in `params["ids"]`.
    """
    errors: list[Problem] = []
    blocks, comps = set(framework.block_ids), set(framework.competency_ids)

    def add(field: str, code: str, message: str, **params: Any) -> None:
        errors.append(Problem(source, message, column_name=field, code=f"role.{code}", params=params))

    for name, given, known in (
        ("block_weights", block_weights, blocks),
        ("competency_weights", competency_weights, comps),
        ("targets", targets, comps),
    ):
        unknown = sorted(set(given) - known)
        if unknown:
            add(name, "unknown_ids", f"unknown ids {unknown}", ids=", ".join(unknown))
        missing = sorted(known - set(given))
        if missing:
            add(name, "missing_ids", f"missing ids {missing}", ids=", ".join(missing))
    for name, given in (("block_weights", block_weights), ("competency_weights", competency_weights)):
        negative = sorted(k for k, v in given.items() if not v >= 0)
        if negative:
            add(name, "negative", f"weights must be non-negative numbers, not for {negative}", ids=", ".join(negative))
    if not errors:
        if sum(block_weights.values()) <= 0:
            add("block_weights", "all_zero", "all zero; at least one block needs a positive weight")
        for block in framework.blocks:
            if block_weights[block.id] > 0 and sum(competency_weights[c.id] for c in block.competencies) <= 0:
                message = f"block '{block.id}' has weight but all its competencies weigh zero"
                add("competency_weights", "block_zero", message, block=block.name.model_dump())
    bad_targets = sorted(k for k, v in targets.items() if v not in LEVELS)
    if bad_targets:
        message = f"levels must be whole numbers 0..4, not for {bad_targets}"
        add("targets", "bad_level", message, ids=", ".join(bad_targets))
    return errors


def resolve_role(spec: RoleSpec, framework: Framework) -> RoleProfile:
    """Fill a role's defaults from the framework; raise ValueError naming what does not fit."""
    unknown_blocks = sorted(set(spec.targets.blocks) - set(framework.block_ids))
    unknown_comps = sorted(
        (set(spec.targets.competencies) | set(spec.competency_weights)) - set(framework.competency_ids)
    )
    if unknown_blocks or unknown_comps:
        raise ValueError(f"unknown block ids {unknown_blocks} or competency ids {unknown_comps}")
    comp_weights = {cid: spec.competency_weights.get(cid, c.weight) for cid, c in framework.competencies.items()}
    block_of = framework.block_of
    targets = {
        cid: spec.targets.competencies.get(cid, spec.targets.blocks.get(block_of[cid], spec.targets.default))
        for cid in framework.competency_ids
    }
    errors = validate_role_weights(framework, spec.block_weights, comp_weights, targets)
    if errors:
        raise ValueError("; ".join(f"{e.column_name}: {e.message}" for e in errors))
    shifts = grade_shifts(spec.reference_grade, spec.grades, block_of)
    grade_errors = grade_problems(grade_targets(targets, shifts))
    if grade_errors:
        raise ValueError("; ".join(grade_errors))
    return RoleProfile(
        id=spec.id,
        name=spec.name,
        description=spec.description,
        block_weights={b: spec.block_weights[b] for b in framework.block_ids},
        competency_weights=comp_weights,
        targets=targets,
        reference_grade=spec.reference_grade,
        grade_shifts=shifts,
    )


class _RolesFile(_Frozen):
    version: Literal[1]
    roles: Annotated[list[RoleSpec], Field(min_length=1)]


class LearningResource(_Frozen):
    id: Identifier
    kind: Literal["school", "author", "book", "site", "community", "practice"]
    name: LocalizedText
    description: LocalizedText
    url: Annotated[str, Field(pattern=r"^https://[^\s<>\"]+$")] | None = None
    competencies: Annotated[list[str], Field(min_length=1)]


class _LearningFile(_Frozen):
    version: Literal[1]
    resources: list[LearningResource]


@lru_cache(maxsize=8)
def load_framework(path: Path | None = None) -> Framework:
    """Load and validate the competency framework (default `data/framework.yaml`).

    Besides the schema, the career-level ids must be `smm_eval.vocabulary.CAREER_LEVELS` in that
    order: storage, salary data and the pages use those ids.

    Raises
    ------
    DataFileError
        Naming the file and the field of every problem.
    """
    path = path or DATA_DIR / "framework.yaml"
    framework = load_model(path, Framework)
    level_ids = tuple(lv.id for lv in framework.career_levels)
    if level_ids != CAREER_LEVELS:
        message = f"career level ids {list(level_ids)} must be {list(CAREER_LEVELS)} in this order"
        params = {"ids": ", ".join(level_ids), "expected": ", ".join(CAREER_LEVELS)}
        problem = Problem(str(path), message, column_name="career_levels", code="data.career_levels", params=params)
        raise DataFileError([problem])
    return framework


@lru_cache(maxsize=8)
def load_roles(path: Path | None = None, framework_path: Path | None = None) -> dict[str, RoleProfile]:
    """Load the role profiles (default `data/roles.yaml`), resolved against the framework."""
    path = path or DATA_DIR / "roles.yaml"
    framework = load_framework(framework_path)
    parsed: _RolesFile = load_model(path, _RolesFile)
    roles: dict[str, RoleProfile] = {}
    problems: list[Problem] = []
    for i, spec in enumerate(parsed.roles):
        where = f"roles.{i}"
        if spec.id in roles:
            message = f"role id '{spec.id}' repeats"
            problems.append(
                Problem(str(path), message, column_name=f"{where}.id", code="data.repeated_id", params={"id": spec.id})
            )
            continue
        try:
            roles[spec.id] = resolve_role(spec, framework)
        except ValueError as exc:
            params = {"detail": str(exc)}  # the role file is the developers': its detail stays English
            where = f"{where} ({spec.id})"
            problems.append(Problem(str(path), str(exc), column_name=where, code="data.bad_role", params=params))
    if problems:
        raise DataFileError(problems)
    return roles


@lru_cache(maxsize=8)
def load_learning(path: Path | None = None, framework_path: Path | None = None) -> list[LearningResource]:
    """Load the learning resources (default `data/learning.yaml`), checked against the framework."""
    path = path or DATA_DIR / "learning.yaml"
    known = set(load_framework(framework_path).competency_ids)
    parsed: _LearningFile = load_model(path, _LearningFile)
    problems = []
    seen: set[str] = set()
    for i, res in enumerate(parsed.resources):
        unknown = sorted(set(res.competencies) - known)
        if unknown:
            message, params = f"unknown competency ids {unknown}", {"ids": ", ".join(unknown)}
            where = f"resources.{i}.competencies"
            problems.append(
                Problem(str(path), message, column_name=where, code="data.unknown_competencies", params=params)
            )
        if res.id in seen:
            message, params = f"resource id '{res.id}' repeats", {"id": res.id}
            where = f"resources.{i}.id"
            problems.append(Problem(str(path), message, column_name=where, code="data.repeated_id", params=params))
        seen.add(res.id)
    if problems:
        raise DataFileError(problems)
    return parsed.resources


def resources_for(competency_id: str, resources: list[LearningResource], limit: int = 3) -> list[LearningResource]:
    """Resources that develop a competency, in the order of the file, at most `limit` of them."""
    return [r for r in resources if competency_id in r.competencies][:limit]
