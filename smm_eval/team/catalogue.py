"""The training catalogue: what each training costs, takes and raises, read from YAML or an edited table.

Owns the catalogue's contract (frozen pydantic models: ids, kinds from `vocabulary.TRAINING_KINDS`
with the level cap of each (`TrainingItem.cap`), formats, cost, hours, and the levels each training
adds per competency), its check against the framework, the loader of `data/training.yaml`, the
edited table (`catalogue_from_frame`, a bad kind named by row and column) and the editor's
`competency+levels` notation.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from smm_eval.errors import InputError, Problem, problems_from_validation
from smm_eval.files.yaml_files import load_model
from smm_eval.framework import DATA_DIR, Framework, load_framework
from smm_eval.vocabulary import TRAINING_KIND_CAPS, TRAINING_KINDS


def _known_kind(kind: str) -> str:
    if kind not in TRAINING_KINDS:
        raise ValueError(f"kind '{kind}' is not one of {', '.join(TRAINING_KINDS)}")
    return kind


# A kind of training (vocabulary.TRAINING_KINDS); it caps the level the training can lift a competency to.
TrainingKind = Annotated[str, AfterValidator(_known_kind)]


class TrainingItem(BaseModel):
    """One training: its cost (catalogue currency), hours, and the levels it adds per competency."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: TrainingKind
    format: Literal["online", "offline", "self_study", "on_the_job"]
    cost: Annotated[float, Field(gt=0, le=10_000_000)]
    hours: Annotated[float, Field(ge=0, le=2000)]
    gain: dict[str, Annotated[int, Field(ge=1, le=4)]]

    @property
    def cap(self) -> int:
        """The highest level (0..4) this training can lift a competency to (TRAINING_KIND_CAPS)."""
        return TRAINING_KIND_CAPS[self.kind]

    @model_validator(mode="after")
    def _gains_something(self) -> TrainingItem:
        if not self.gain:
            raise ValueError("gain must name at least one competency")
        return self


class Catalogue(BaseModel):
    """A training catalogue (data/training.yaml): a currency and at least one item."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    version: Literal[1]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    items: Annotated[list[TrainingItem], Field(min_length=1)]

    def problems(self, framework: Framework) -> list[Problem]:
        """Ids that repeat or competencies the framework does not have."""
        out = []
        seen: set[str] = set()
        for i, item in enumerate(self.items):
            if item.id in seen:
                out.append(Problem("catalogue", f"item id '{item.id}' repeats", column_name=f"items.{i}.id"))
            seen.add(item.id)
            unknown = sorted(set(item.gain) - set(framework.competency_ids))
            if unknown:
                out.append(Problem("catalogue", f"unknown competency ids {unknown}", column_name=f"items.{i}.gain"))
        return out

    def frame(self) -> pd.DataFrame:
        """One row per item: id, name, kind, format, cost, hours, gain (dict competency -> levels)."""
        return pd.DataFrame(
            [
                {
                    "id": i.id,
                    "name": i.name,
                    "kind": i.kind,
                    "format": i.format,
                    "cost": i.cost,
                    "hours": i.hours,
                    "gain": dict(i.gain),
                }
                for i in self.items
            ]
        )


@lru_cache(maxsize=4)
def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load and validate a training catalogue (default data/training.yaml) against the framework."""
    path = path or DATA_DIR / "training.yaml"
    catalogue: Catalogue = load_model(path, Catalogue)
    problems = [Problem(str(path), p.message, column_name=p.column_name) for p in catalogue.problems(load_framework())]
    if problems:
        raise InputError(problems)
    return catalogue


def parse_gain(text: str) -> dict[str, int]:
    """'copywriting+1, seo_basics+2' -> {'copywriting': 1, 'seo_basics': 2} (the editor's notation)."""
    gains = {}
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        competency, _, amount = part.partition("+")
        if not amount.strip().isdigit():
            raise ValueError(f"'{part}' should read competency+levels, e.g. copywriting+1")
        gains[competency.strip()] = int(amount)
    return gains


def _bad_kinds(frame: pd.DataFrame, source: str, bad_kind: Callable[[int, str], str] | None) -> list[Problem]:
    """A problem for each row whose kind is not a TRAINING_KINDS id; rows numbered from 1 as shown."""
    out = []
    for row, kind in enumerate(frame["kind"], start=1):
        text = "" if kind is None or (isinstance(kind, float) and pd.isna(kind)) else str(kind)
        if text not in TRAINING_KINDS:
            message = bad_kind(row, text) if bad_kind else f"kind '{text}' is not one of {', '.join(TRAINING_KINDS)}"
            out.append(Problem(source, message, line=row, column_name="kind"))
    return out


def catalogue_from_frame(
    frame: pd.DataFrame,
    currency: str,
    framework: Framework,
    source: str,
    bad_kind: Callable[[int, str], str] | None = None,
) -> Catalogue:
    """A catalogue edited as a table (the app's editor); every problem names the row and field.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per item: id, name, kind, format, cost, hours, gain (dict competency -> levels).
    currency : str
        The catalogue's currency (ISO 4217 code).
    framework : Framework
        Competency ids the gains must use.
    source : str
        How problems name the table.
    bad_kind : callable (row, kind) -> str, optional
        The message for a kind that is not one of TRAINING_KINDS, e.g. in the user's language
        (row numbered from 1, as the editor shows it); an English message when None.

    Returns
    -------
    Catalogue

    Raises
    ------
    InputError
        Every problem: a bad kind names its row and the column `kind`; other fields name
        `items.<row from 0>.<field>` as pydantic reports them.
    """
    kinds = _bad_kinds(frame, source, bad_kind)
    try:
        catalogue = Catalogue.model_validate(
            {
                "version": 1,
                "currency": currency,
                "items": frame[["id", "name", "kind", "format", "cost", "hours", "gain"]].to_dict(orient="records"),
            }
        )
    except ValidationError as exc:
        others = [p for p in problems_from_validation(exc, source) if not str(p.column_name).endswith(".kind")]
        raise InputError(kinds + others) from exc
    problems = [Problem(source, p.message, column_name=p.column_name) for p in catalogue.problems(framework)]
    if problems:
        raise InputError(problems)
    return catalogue
