"""The stored form of a fitted salary model: plain JSON that cannot run code when it is read.

A fitted `QuantileSalaryModel` is a function of four closed answers (level, region, work format,
role), so it is stored as the table of its predictions for every combination plus the counts of
observations per exact cell, its hyper-parameters, its held-out metrics and when it was fitted.
Reading it back validates every field (pydantic) and builds no object but numbers and strings:
nothing is unpickled (issue 14, part 6). A document whose axes no longer match the closed lists
(e.g. after a region was added) is refused, and the caller refits from the stored observations.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from smm_eval.errors import InputError, problems_from_validation

FORMAT = "smm-eval-salary-model"
VERSION = 2  # 2: the market, the credibility constant and how observations were brought to the money date
Name = Annotated[str, Field(min_length=1, max_length=64)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class StoredCount(BaseModel):
    """Observations of one exact cell (level, region, work format, role)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
    level: Name
    region: Name
    work_format: Name
    role: Name
    n: Annotated[int, Field(ge=1)]
    # Kish's effective n under the age weights, 0 < n_effective <= n (a model stored without it is
    # refitted: `QuantileSalaryModel.from_json` refuses it).
    n_effective: Annotated[float, Field(ge=0, allow_inf_nan=False)]


class StoredParams(BaseModel):
    """The hyper-parameters of `QuantileSalaryModel` other than its quantiles."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)
    min_matching: Annotated[int, Field(ge=1)]
    held_out_share: Annotated[float, Field(ge=0, lt=1)]
    half_life_years: Annotated[float, Field(gt=0)]
    random_state: int
    max_iter: Annotated[int, Field(ge=1)]
    learning_rate: Annotated[float, Field(gt=0)]
    max_leaf_nodes: Annotated[int, Field(ge=2)]
    min_samples_leaf: Annotated[int, Field(ge=1)]
    credibility_k: Annotated[float, Field(gt=0, allow_inf_nan=False)]


class StoredMoneyNotes(BaseModel):
    """`salary.observed.MoneyNotes` as stored: counts of rows and the money date."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    indexed_to: date
    indexed: Annotated[int, Field(ge=0)]
    after_index_used_as_is: Annotated[int, Field(ge=0)]
    before_index_from_first_point: Annotated[int, Field(ge=0)]
    net_to_gross: Annotated[int, Field(ge=0)]
    gross_not_stated: Annotated[int, Field(ge=0)]


class StoredModel(BaseModel):
    """The JSON document of a fitted model (column `salary_datasets.fitted`).

    `table` holds one row per (level, region, work format, role) in the order of
    itertools.product(levels, regions, work_formats, roles), each row the amounts at
    `quantiles` (gross, per the market's period, in the money of `money_notes.indexed_to`), ascending.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")
    format: Literal["smm-eval-salary-model"]
    version: Literal[2]
    market: Name
    params: StoredParams
    quantiles: list[Annotated[float, Field(gt=0, lt=1)]]
    levels: list[Name]
    regions: list[Name]
    work_formats: list[Name]
    roles: list[Name]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    reference: date
    n: Annotated[int, Field(ge=1)]
    fitted_at: datetime
    fit_seconds: Annotated[float, Field(ge=0)]
    counts: list[StoredCount]
    table: list[list[Positive]]
    metrics: dict[str, Any]
    money_notes: StoredMoneyNotes

    def model_post_init(self, _context: Any) -> None:
        """Check the table's shape against its axes and the quantiles' order."""
        cells = len(self.levels) * len(self.regions) * len(self.work_formats) * len(self.roles)
        if len(self.table) != cells:
            raise ValueError(f"table: {len(self.table)} rows, expected {cells} (one per cell)")
        if any(len(row) != len(self.quantiles) for row in self.table):
            raise ValueError(f"table: every row must hold {len(self.quantiles)} amounts")
        if any(row != sorted(row) for row in self.table):
            raise ValueError("table: the amounts of a row must be ascending (quantiles never cross)")
        if self.quantiles != sorted(self.quantiles):
            raise ValueError("quantiles: must be ascending")


def read_stored_model(document: Any, source: str = "salary model") -> StoredModel:
    """Validate a stored model document.

    Parameters
    ----------
    document
        The parsed JSON (a mapping); nothing in it is executed or unpickled.
    source
        Named in the error messages.

    Raises
    ------
    InputError
        The document is not a stored model of this version: one problem per bad field, named by
        its dotted path.
    """
    try:
        return StoredModel.model_validate(document)
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, source)) from exc
