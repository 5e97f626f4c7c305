"""The training catalogue: what each training costs, takes and raises, read from YAML or an edited table.

Owns the catalogue's contract (frozen pydantic models: ids, kinds from `vocabulary.TRAINING_KINDS`
with the level cap of each (`TrainingItem.cap`), formats, cost, hours, and the levels each training
adds per competency), its check against the framework, the loader of `data/training.yaml`, the
edited table (`catalogue_from_frame`, a bad kind named by row and column) and the editor's
`competency+levels` notation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from smm_eval.errors import InputError, Problem, problems_from_validation
from smm_eval.files.yaml_files import load_model
from smm_eval.framework import DATA_DIR, Framework, load_framework
from smm_eval.vocabulary import TRAINING_FORMATS, TRAINING_KIND_CAPS, TRAINING_KINDS


def _known_kind(kind: str) -> str:
    if kind not in TRAINING_KINDS:
        raise ValueError(f"kind '{kind}' is not one of {', '.join(TRAINING_KINDS)}")
    return kind


def _known_format(value: str) -> str:
    if value not in TRAINING_FORMATS:
        raise ValueError(f"format '{value}' is not one of {', '.join(TRAINING_FORMATS)}")
    return value


# How a training is given (vocabulary.TRAINING_FORMATS).
TrainingFormat = Annotated[str, AfterValidator(_known_format)]
# A kind of training (vocabulary.TRAINING_KINDS); it caps the level the training can lift a competency to.
TrainingKind = Annotated[str, AfterValidator(_known_kind)]


class TrainingItem(BaseModel):
    """One training: its cost (catalogue currency), hours, and the levels it adds per competency."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    # The Spanish name; None for a proper noun that reads the same in every language (a book's title).
    name_es: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    kind: TrainingKind
    format: TrainingFormat
    cost: Annotated[float, Field(gt=0, le=10_000_000)]
    hours: Annotated[float, Field(ge=0, le=2000)]
    gain: dict[str, Annotated[int, Field(ge=1, le=4)]]

    def label(self, lang: str) -> str:
        """The training's name in `lang` ("en" or "es"): the Spanish name where there is one."""
        return self.name_es if lang == "es" and self.name_es else self.name

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

    def problems(self, framework: Framework, source: str = "catalogue") -> list[Problem]:
        """Ids that repeat or competencies the framework does not have, each naming `source`, the
        item's field and a `problems.catalogue.*` code."""
        out = []
        seen: set[str] = set()
        for i, item in enumerate(self.items):
            if item.id in seen:
                message = f"item id '{item.id}' repeats"
                params = {"id": item.id}
                out.append(
                    Problem(source, message, column_name=f"items.{i}.id", code="catalogue.repeated_id", params=params)
                )
            seen.add(item.id)
            unknown = sorted(set(item.gain) - set(framework.competency_ids))
            if unknown:
                message, params = f"unknown competency ids {unknown}", {"ids": ", ".join(unknown)}
                where = f"items.{i}.gain"
                out.append(
                    Problem(source, message, column_name=where, code="catalogue.unknown_competencies", params=params)
                )
        return out

    def frame(self) -> pd.DataFrame:
        """One row per item: id, name, name_es (None: as `name`), kind, format, cost, hours, gain
        (dict competency -> levels)."""
        return pd.DataFrame(
            [
                {
                    "id": i.id,
                    "name": i.name,
                    "name_es": i.name_es,
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
    problems = catalogue.problems(load_framework(), str(path))
    if problems:
        raise InputError(problems)
    return catalogue


def parse_gain(text: str) -> dict[str, int]:
    """'copywriting+1, seo_basics+2' -> {'copywriting': 1, 'seo_basics': 2} (the editor's notation).

    Raises
    ------
    InputError
        A part that is not `competency+levels` (code `catalogue.bad_gain`).
    """
    gains = {}
    for part in filter(None, (p.strip() for p in str(text).split(","))):
        competency, _, amount = part.partition("+")
        if not amount.strip().isdigit():
            message = f"'{part}' should read competency+levels, e.g. copywriting+1"
            raise InputError(
                [Problem("gain", message, column_name="gain", code="catalogue.bad_gain", params={"part": part})]
            )
        gains[competency.strip()] = int(amount)
    return gains


def _text_or_none(value: object) -> str | None:
    """A table cell as a name: None for an empty one (None, NaN, blank)."""
    return value.strip() or None if isinstance(value, str) else None


def _bad_kinds(frame: pd.DataFrame, source: str) -> list[Problem]:
    """A problem for each row whose kind is not a TRAINING_KINDS id; rows numbered from 1 as shown.
    Code `catalogue.bad_kind`, params `value` (what the row holds)."""
    out = []
    for row, kind in enumerate(frame["kind"], start=1):
        text = "" if kind is None or (isinstance(kind, float) and pd.isna(kind)) else str(kind)
        if text not in TRAINING_KINDS:
            message = f"kind '{text}' is not one of {', '.join(TRAINING_KINDS)}"
            params = {"value": text}
            out.append(Problem(source, message, line=row, column_name="kind", code="catalogue.bad_kind", params=params))
    return out


def catalogue_from_frame(
    frame: pd.DataFrame,
    currency: str,
    framework: Framework,
    source: str,
) -> Catalogue:
    """A catalogue edited as a table (the app's editor); every problem names the row and field.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per item: id, name, optional name_es, kind, format, cost, hours, gain (dict
        competency -> levels). An empty name takes name_es and the other way round (the editor
        shows one name column, in the page's language).
    currency : str
        The catalogue's currency (ISO 4217 code).
    framework : Framework
        Competency ids the gains must use.
    source : str
        How problems name the table.

    Returns
    -------
    Catalogue

    Raises
    ------
    InputError
        Every problem: a bad kind names its row and the column `kind`; other fields name
        `items.<row from 0>.<field>` as pydantic reports them.
    """
    kinds = _bad_kinds(frame, source)
    columns = ["id", "name", "kind", "format", "cost", "hours", "gain"]
    if "name_es" in frame:
        columns.insert(2, "name_es")
    records = frame[columns].to_dict(orient="records")
    for record in records:  # the editor shows one name column per language: each fills the other when empty
        record["name_es"] = _text_or_none(record.get("name_es"))
        record["name"] = _text_or_none(record["name"]) or record["name_es"] or record["name"]
    try:
        catalogue = Catalogue.model_validate(
            {
                "version": 1,
                "currency": currency,
                "items": records,
            }
        )
    except ValidationError as exc:
        others = [p for p in problems_from_validation(exc, source) if not str(p.column_name).endswith(".kind")]
        raise InputError(kinds + others) from exc
    problems = catalogue.problems(framework, source)
    if problems:
        raise InputError(problems)
    return catalogue
