"""Money of a salary market: today's money (a wage index), the legal floor, tax, and the log-normal spread.

These are the schemas of the `index`, `minimum_wage`, `tax` and `dispersion` blocks of a market file
(data/markets/<market>.yaml) and the arithmetic on them. Every figure they hold cites a source of
the market file; docs/salary.md gives each one.
"""

from __future__ import annotations

import math
from datetime import date
from statistics import NormalDist
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from smm_eval.framework import LocalizedText

PERIODS_PER_YEAR = {"month": 12, "year": 1}


class IndexPoint(BaseModel):
    """One level of a wage index at a date, with its source and how it was read or derived."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    date: date
    level: Annotated[float, Field(gt=0)]
    source: str
    note: str


class IndexSeries(BaseModel):
    """A wage index as dated levels, oldest first; between two points it is linear in time."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: LocalizedText
    points: Annotated[list[IndexPoint], Field(min_length=1)]

    @model_validator(mode="after")
    def _dates_rise(self) -> IndexSeries:
        dates = [p.date for p in self.points]
        if dates != sorted(set(dates)):
            raise ValueError("index.points: dates must be distinct and in order, oldest first")
        return self

    @property
    def latest(self) -> date:
        """The date of the newest level: the money date of the market's estimates."""
        return self.points[-1].date

    def level(self, when: date) -> float:
        """The index level at a date, linear between the two points around it.

        Raises
        ------
        ValueError
            `when` is before the first point or after the last (no extrapolation).
        """
        first, last = self.points[0], self.points[-1]
        if not first.date <= when <= last.date:
            raise ValueError(f"index: {when} is outside {first.date}..{last.date}")
        for a, b in zip(self.points, self.points[1:], strict=False):
            if a.date <= when <= b.date:
                share = (when - a.date).days / (b.date - a.date).days
                return a.level + share * (b.level - a.level)
        return last.level  # a single-point series

    def factor(self, start: date, end: date) -> float:
        """How much pay moved from `start` to `end`: level(end) / level(start) (dimensionless)."""
        return self.level(end) / self.level(start)


class MinimumWage(BaseModel):
    """A legal minimum in force from a date, gross, per the market's pay period."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    start: date = Field(alias="from")
    amount: Annotated[float, Field(gt=0)]
    source: str


def minimum_wage_on(floors: list[MinimumWage], when: date) -> MinimumWage:
    """The minimum wage in force on a date (the newest that started on or before it).

    Raises
    ------
    ValueError
        No minimum is known on that date.
    """
    in_force = [f for f in floors if f.start <= when]
    if not in_force:
        raise ValueError(f"minimum_wage: none known on {when}")
    return max(in_force, key=lambda f: f.start)


class TaxBracket(BaseModel):
    """A marginal rate on the part of annual gross pay above `above` (same currency)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    above: Annotated[float, Field(ge=0)]
    rate: Annotated[float, Field(ge=0, lt=1)]


class TaxRule(BaseModel):
    """What is withheld from an employee's gross pay: a progressive scale or one effective rate."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    kind: Literal["progressive", "effective"]
    source: str
    start: date = Field(alias="from")
    brackets: list[TaxBracket] = []
    rate: Annotated[float, Field(ge=0, lt=1)] | None = None
    reason: LocalizedText

    @model_validator(mode="after")
    def _complete(self) -> TaxRule:
        if self.kind == "progressive":
            if not self.brackets or self.brackets[0].above != 0:
                raise ValueError("tax.brackets: a progressive rule needs brackets starting at 0")
            if [b.above for b in self.brackets] != sorted({b.above for b in self.brackets}):
                raise ValueError("tax.brackets: thresholds must rise")
        elif self.rate is None:
            raise ValueError("tax.rate: an effective rule needs its rate")
        return self

    def net(self, gross: float, period: str) -> float:
        """Pay after the rule, for a gross amount per `period` ("month" or "year").

        A monthly amount is taken as one-twelfth of an equal annual pay; the progressive scale is
        marginal: each rate applies only to the part of the annual gross inside its bracket.
        """
        if self.kind == "effective":
            return gross * (1 - (self.rate or 0.0))
        per_year = PERIODS_PER_YEAR[period]
        annual = gross * per_year
        tax = 0.0
        for bracket, upper in zip(self.brackets, [*(b.above for b in self.brackets[1:]), math.inf], strict=True):
            if annual > bracket.above:
                tax += (min(annual, upper) - bracket.above) * bracket.rate
        return (annual - tax) / per_year

    def gross(self, net: float, period: str) -> float:
        """The gross amount per `period` whose pay after the rule is `net`: the inverse of `net`.

        `net` is strictly increasing in gross (every rate is below 1), so the inverse is unique: an
        effective rule divides by (1 − rate); a progressive scale walks the brackets, in each of
        which net pay is linear in gross (annual net at a threshold = threshold − tax below it).
        """
        if self.kind == "effective":
            return net / (1 - (self.rate or 0.0))
        per_year = PERIODS_PER_YEAR[period]
        annual_net, tax_below = net * per_year, 0.0
        uppers = [*(b.above for b in self.brackets[1:]), math.inf]
        for bracket, upper in zip(self.brackets, uppers, strict=True):
            net_at_upper = upper - tax_below - (upper - bracket.above) * bracket.rate
            if annual_net <= net_at_upper:
                return (annual_net + tax_below - bracket.above * bracket.rate) / (1 - bracket.rate) / per_year
            tax_below += (upper - bracket.above) * bracket.rate
        raise AssertionError("unreachable: the last bracket is unbounded")  # pragma: no cover


class Dispersion(BaseModel):
    """The σ of log pay within a cell, from published percentiles."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    sigma: Annotated[float, Field(gt=0, lt=2)]
    source: str
    reason: LocalizedText


def lognormal_quantiles(median: float, sigma: float, quantiles: tuple[float, ...]) -> dict[float, float]:
    """Quantiles of a log-normal pay distribution with this median and σ of log pay.

    q_p = median × exp(z_p × σ), z_p the standard normal quantile (e.g. z_0.25 = −0.6745,
    z_0.10 = −1.2816). Source: the log-normal quantile function (e.g. Johnson, Kotz & Balakrishnan,
    Continuous Univariate Distributions, vol. 1, ch. 14).

    Parameters
    ----------
    median
        P50, in money per period (> 0).
    sigma
        Standard deviation of log pay (> 0).
    quantiles
        Probabilities in (0, 1).

    Returns
    -------
    dict
        probability -> amount, in the median's units.
    """
    normal = NormalDist()
    return {q: median * math.exp(normal.inv_cdf(q) * sigma) for q in quantiles}


def sigma_from_quartiles(p25: float, p75: float) -> float:
    """σ of log pay implied by two quartiles: ln(P75/P25) / (2 × z_0.75), z_0.75 = 0.6745 (design choice:
    the interquartile range is the spread the BLS publishes for every occupation, unlike P90)."""
    return math.log(p75 / p25) / (2 * NormalDist().inv_cdf(0.75))
