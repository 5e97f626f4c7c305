"""Salary markets as data: the schema of data/markets/<market>.yaml, its loader and the closed lists.

A market (Russia, the United States, Spain) is one file with its currency, pay period, regions,
dated sources, the anchor (a source figure converted, by stated factors, to a middle SMM manager's
gross median), a wage index to bring it to today's money, the legal minimum wage by date, the tax
rule (or none), the spread of log pay and, where a source gives it, the ratio of expected to
offered pay. data/markets/common.yaml holds the factors and sources every market shares; a market
file adds its region factor. Career levels are `smm_eval.vocabulary.CAREER_LEVELS`.
"""

from __future__ import annotations

import datetime as dt
import math
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from smm_eval.errors import DataFileError, InputError, Problem, problems_from_validation
from smm_eval.files.yaml_files import read_yaml
from smm_eval.framework import DATA_DIR, LocalizedText
from smm_eval.salary.money import Dispersion, IndexSeries, MinimumWage, TaxRule, minimum_wage_on
from smm_eval.vocabulary import CAREER_LEVELS

MARKETS_DIR: Final = DATA_DIR / "markets"
# The markets shipped in data/markets/, the default first.
MARKETS: Final = ("russia", "united_states", "spain")
DEFAULT_MARKET: Final = "russia"
# The regions of the default market: the ids salary observations name (smm_eval.files.observations).
REGIONS: Final = ("moscow", "st_petersburg", "million_city", "other_region")
WORK_FORMATS: Final = ("office", "hybrid", "remote")
IMMERSION: Final = ("shallow", "standard", "deep")
# The quantiles every estimate gives.
QUANTILES: Final = (0.10, 0.25, 0.50, 0.75, 0.90)
# The order in which the baseline applies (and shows) its factors.
FACTOR_ORDER: Final = ("level", "region", "work_format", "role", "projects", "immersion")
ASSUMPTION: Final = "assumption"  # the basis of a figure no source pins down


class FactorValue(BaseModel):
    """One value of a factor: the multiplier, its basis (a source id or "assumption") and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    value: Annotated[float, Field(gt=0, le=10)]
    source: str
    reason: LocalizedText


class Factor(BaseModel):
    """A factor of the baseline (e.g. region) with its values by id."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    label: LocalizedText
    values: dict[str, FactorValue]


class SalarySource(BaseModel):
    """A dated source: who published what, for whom, and how far it was verified."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    name: LocalizedText
    publisher: str
    date: date  # the reference date of its figures
    published: dt.date | None = None
    url: str | None = None
    region: str
    occupation: str
    measure: Literal["offered", "expected", "earnings", "wage_index", "minimum_wage", "tax_rule", "survey"]
    tax_basis: Literal["gross", "net", "mixed", "not_stated"]
    statistic: Literal["mean", "median", "percentiles", "index", "rule", "share"]
    status: Literal["verified_publisher", "verified_secondary", "derived", "assumption"]
    covers: LocalizedText
    figures: dict[str, float]
    # Whether the figures were checked at the source this release (issue 14, "verify each figure"):
    # false keeps a figure we could not check, and `unverified` says why.
    verified: bool = True
    unverified: str | None = None

    @model_validator(mode="after")
    def _reason_when_unverified(self) -> SalarySource:
        """An unverified source must say why it could not be verified."""
        if not self.verified and not self.unverified:
            raise ValueError(f"sources.{self.id}: verified is false, so `unverified` must give the reason")
        return self

    def year(self) -> int:
        """The year of the source's figures."""
        return self.date.year


class Conversion(BaseModel):
    """One step from the anchor's source figure to a middle SMM manager's gross median."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    multiplier: Annotated[float, Field(gt=0, le=10)]
    source: str
    reason: LocalizedText


class Anchor(BaseModel):
    """The source figure every estimate starts from, its date, and the conversions applied to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    figure: Annotated[float, Field(gt=0)]
    source: str
    date: date
    conversions: list[Conversion]
    reason: LocalizedText

    @property
    def value(self) -> float:
        """figure × every conversion: the gross median of a middle SMM manager at `date`, per period."""
        return self.figure * math.prod(c.multiplier for c in self.conversions)


class ExpectedPay(BaseModel):
    """Expected (asked) pay as a multiple of offered pay, from a source that measured both."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    multiplier: Annotated[float, Field(gt=0, le=3)]
    source: str
    reason: LocalizedText


class SalaryData(BaseModel):
    """One market: data/markets/<market>.yaml with the factors of common.yaml, validated."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    version: Literal[2]
    id: str
    name: LocalizedText
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    period: Literal["month", "year"]
    limited_data: bool
    warn_after_years: Annotated[int, Field(ge=1)]
    regions: dict[str, LocalizedText]
    sources: list[SalarySource]
    anchor: Anchor
    index: IndexSeries
    minimum_wage: Annotated[list[MinimumWage], Field(min_length=1)]
    tax: TaxRule | None = None
    dispersion: Dispersion
    expected: ExpectedPay | None = None
    factors: dict[str, Factor]

    def model_post_init(self, _context: Any) -> None:
        """Check that every cited source exists, the money dates are covered and every list has its factors."""
        ids = {s.id for s in self.sources} | {ASSUMPTION}
        cited = [("anchor.source", self.anchor.source), ("dispersion.source", self.dispersion.source)]
        cited += [(f"anchor.conversions.{i}.source", c.source) for i, c in enumerate(self.anchor.conversions)]
        cited += [(f"index.points.{i}.source", p.source) for i, p in enumerate(self.index.points)]
        cited += [(f"minimum_wage.{i}.source", m.source) for i, m in enumerate(self.minimum_wage)]
        cited += [("tax.source", self.tax.source)] if self.tax else []
        cited += [("expected.source", self.expected.source)] if self.expected else []
        cited += [
            (f"factors.{name}.{value}.source", v.source)
            for name, factor in self.factors.items()
            for value, v in factor.values.items()
        ]
        for where, sid in cited:
            if sid not in ids:
                raise ValueError(f"{where}: unknown source '{sid}'")
        self.index.level(self.anchor.date)  # ValueError when the anchor's date is outside the index
        minimum_wage_on(self.minimum_wage, self.money_date)
        required = {"level": CAREER_LEVELS, "region": tuple(self.regions), "work_format": WORK_FORMATS}
        required["immersion"] = IMMERSION
        missing_factors = sorted(set(FACTOR_ORDER) - set(self.factors))
        if missing_factors:
            raise ValueError(f"factors: missing {missing_factors}")
        for name, values in required.items():
            missing = sorted(set(values) - set(self.factors[name].values))
            if missing:
                raise ValueError(f"factors.{name}: missing values {missing}")

    @property
    def money_date(self) -> date:
        """The date whose money every estimate is in: the newest point of the wage index."""
        return self.index.latest

    def source(self, source_id: str) -> SalarySource:
        """The source with this id (StopIteration when there is none)."""
        return next(s for s in self.sources if s.id == source_id)

    def newest_year(self) -> int:
        """The year of the anchor's source: the baseline warns when it is over `warn_after_years` old."""
        return self.anchor.date.year


def market_for_currency(currency: str) -> str | None:
    """The market whose money is `currency` (each shipped market has its own currency), None for another.

    A stored data set records its currency, not its market: this is how its market is found again.
    """
    return next((m for m in MARKETS if load_market(m).currency == currency), None)


def _merged(market: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    """The market's raw document with the common sources and factors added (the market's win)."""
    if not isinstance(market, dict) or not isinstance(common, dict):
        return market
    out = dict(market)
    out["sources"] = [*(common.get("sources") or []), *(market.get("sources") or [])]
    out["factors"] = {**(common.get("factors") or {}), **(market.get("factors") or {})}
    return out


@lru_cache(maxsize=8)
def load_market(market: str = DEFAULT_MARKET, directory: Path | None = None) -> SalaryData:
    """Load and validate one market: data/markets/<market>.yaml merged with common.yaml.

    Parameters
    ----------
    market
        A market id (`MARKETS`).
    directory
        Another directory of the same files (tests); data/markets by default.

    Raises
    ------
    InputError
        An unknown market id.
    DataFileError
        A broken file, naming the file and the field.
    """
    folder = directory or MARKETS_DIR
    path = folder / f"{market}.yaml"
    if market not in MARKETS and directory is None:
        message, params = (
            f"'{market}' is not one of {', '.join(MARKETS)}",
            {"market": market, "markets": ", ".join(MARKETS)},
        )
        raise InputError([Problem("market", message, code="salary.unknown_market", params=params)])
    raw = _merged(read_yaml(path), read_yaml(folder / "common.yaml"))
    try:
        return SalaryData.model_validate(raw)
    except ValidationError as exc:
        raise DataFileError(problems_from_validation(exc, str(path), "(top level)")) from exc


def load_salary_data(path: Path | None = None) -> SalaryData:
    """The default market (Russia), or the market file at `path` (tests) with its folder's common.yaml.

    Raises
    ------
    DataFileError
        As `load_market`.
    """
    if path is None:
        return load_market(DEFAULT_MARKET)
    return load_market(path.stem, path.parent)
