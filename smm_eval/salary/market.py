"""Market data for salary ranges: the schema of data/salary.yaml, its loader and the closed lists.

`SalaryData` validates the dated sources, the anchor (a sourced median), the spread around it and
the factors (one value with its reason per level, region, work format, role, project count and
immersion). The closed lists of regions, work formats and immersion depths live here; career
levels are `smm_eval.vocabulary.CAREER_LEVELS`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from smm_eval.files.yaml_files import load_model
from smm_eval.framework import DATA_DIR, LocalizedText
from smm_eval.vocabulary import CAREER_LEVELS

REGIONS: Final = ("moscow", "st_petersburg", "million_city", "other_region")
WORK_FORMATS: Final = ("office", "hybrid", "remote")
IMMERSION: Final = ("shallow", "standard", "deep")
# The quantiles a fitted model predicts; the baseline gives the middle three.
QUANTILES: Final = (0.10, 0.25, 0.50, 0.75, 0.90)
# The order in which the baseline applies (and shows) its factors.
FACTOR_ORDER: Final = ("level", "region", "work_format", "role", "projects", "immersion")


class FactorValue(BaseModel):
    """One value of a factor: the multiplier and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    value: Annotated[float, Field(gt=0, le=10)]
    reason: LocalizedText


class Factor(BaseModel):
    """A factor of the baseline (e.g. region) with its values by id."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    label: LocalizedText
    values: dict[str, FactorValue]


class SalarySource(BaseModel):
    """A dated (or assumed-year) market source and the figures taken from it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    name: LocalizedText
    date: date | None
    assumed_year: int | None = None
    region: str
    covers: LocalizedText
    figures: dict[str, float]

    def year(self) -> int:
        """The source's year: from its date, else its assumed year.

        Raises
        ------
        ValueError
            When the source has neither.
        """
        if self.date is not None:
            return self.date.year
        if self.assumed_year is None:
            raise ValueError(f"source {self.id} has neither a date nor an assumed year")
        return self.assumed_year


class Anchor(BaseModel):
    """The sourced monthly median every baseline estimate starts from."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    value: Annotated[float, Field(gt=0)]
    source: str
    reason: LocalizedText


class Spread(BaseModel):
    """P25 and P75 as multiples of the median."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    p25: Annotated[float, Field(gt=0, lt=1)]
    p75: Annotated[float, Field(gt=1)]
    source: str
    reason: LocalizedText


class SalaryData(BaseModel):
    """data/salary.yaml, validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    version: Literal[1]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    warn_after_years: Annotated[int, Field(ge=1)]
    sources: list[SalarySource]
    anchor: Anchor
    spread: Spread
    factors: dict[str, Factor]

    def model_post_init(self, _context: Any) -> None:
        """Check that the anchor and spread cite known sources and every closed list has its factor values."""
        ids = {s.id for s in self.sources}
        for where, sid in (("anchor.source", self.anchor.source), ("spread.source", self.spread.source)):
            if sid not in ids:
                raise ValueError(f"{where}: unknown source '{sid}'")
        required = {"level": CAREER_LEVELS, "region": REGIONS, "work_format": WORK_FORMATS, "immersion": IMMERSION}
        missing_factors = sorted(set(FACTOR_ORDER) - set(self.factors))
        if missing_factors:
            raise ValueError(f"factors: missing {missing_factors}")
        for name, values in required.items():
            missing = sorted(set(values) - set(self.factors[name].values))
            if missing:
                raise ValueError(f"factors.{name}: missing values {missing}")

    def source(self, source_id: str) -> SalarySource:
        """The source with this id (StopIteration when there is none)."""
        return next(s for s in self.sources if s.id == source_id)

    def newest_year(self) -> int:
        """The year of the newest source: the baseline warns when it is over `warn_after_years` old."""
        return max(s.year() for s in self.sources)


@lru_cache(maxsize=4)
def load_salary_data(path: Path | None = None) -> SalaryData:
    """Load and validate data/salary.yaml.

    Parameters
    ----------
    path
        Another file of the same shape (tests); data/salary.yaml by default.

    Raises
    ------
    DataFileError
        A broken file, naming the file and the field.
    """
    data: SalaryData = load_model(path or DATA_DIR / "salary.yaml", SalaryData)
    return data
