"""The sourced baseline: a salary query, the estimate it gets, and the range at every career level.

`baseline_estimate` takes the market's anchor (data/markets/<market>.yaml), multiplies it by one
factor per answer (level, region, work format, role, projects, immersion) and by the wage index
from the anchor's date to the market's money date, spreads it log-normally (P10..P90), lifts every
quantile to at least the legal minimum wage at the money date, and gives gross or net, offered or
expected pay. `SalaryEstimate` is also what a fitted model returns (`smm_eval.salary.model`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.framework import LocalizedText
from smm_eval.salary.market import (
    DEFAULT_MARKET,
    FACTOR_ORDER,
    IMMERSION,
    QUANTILES,
    WORK_FORMATS,
    SalaryData,
    load_market,
)
from smm_eval.salary.money import lognormal_quantiles, minimum_wage_on
from smm_eval.vocabulary import CAREER_LEVELS

MAX_PROJECTS = 20
GROSS_NET: tuple[str, ...] = ("gross", "net")
PAY_KINDS: tuple[str, ...] = ("offered", "expected")


@dataclass(frozen=True)
class SalaryQuery:
    """What a salary depends on: ids from the closed lists, a role id, a project count, and which pay.

    `market` is a market id (`MARKETS`); `gross_net` is "gross" (before tax) or "net"; `pay_kind`
    is "offered" (what employers pay) or "expected" (what candidates ask).
    """

    level: str
    region: str
    work_format: str
    role: str = "smm_manager"
    projects: int = 1
    immersion: str = "standard"
    market: str = DEFAULT_MARKET
    gross_net: str = "gross"
    pay_kind: str = "offered"

    def problems(self, data: SalaryData) -> list[Problem]:
        """Every answer that is not allowed in `data`'s market (empty when valid), each naming the
        field and carrying a `problems.salary.*` code."""
        errors: list[Problem] = []

        def add(field: str, code: str, message: str, **params: Any) -> None:
            errors.append(Problem("salary query", message, column_name=field, code=f"salary.{code}", params=params))

        if self.market != data.id:
            message = f"the query is for '{self.market}' but the market data are '{data.id}'"
            add("market", "other_market", message, market=self.market, data=data.id)
        for name, value, allowed in (
            ("level", self.level, CAREER_LEVELS),
            ("region", self.region, tuple(data.regions)),
            ("work_format", self.work_format, WORK_FORMATS),
            ("immersion", self.immersion, IMMERSION),
            ("role", self.role, tuple(data.factors["role"].values)),
            ("gross_net", self.gross_net, GROSS_NET),
            ("pay_kind", self.pay_kind, PAY_KINDS),
        ):
            if value not in allowed:
                add(
                    name,
                    "not_allowed",
                    f"'{value}' is not one of {', '.join(allowed)}",
                    value=value,
                    allowed=", ".join(allowed),
                )
        if not 1 <= self.projects <= MAX_PROJECTS:
            add("projects", "projects", f"must be between 1 and {MAX_PROJECTS}", most=MAX_PROJECTS)
        if self.gross_net == "net" and data.tax is None:
            add(
                "gross_net",
                "no_tax",
                f"no verified tax rule for {data.id}, so only gross pay is available",
                market=data.id,
            )
        if self.pay_kind == "expected" and data.expected is None:
            message = f"no source for {data.id} measures expected pay, so only offered pay is available"
            add("pay_kind", "no_expected", message, market=data.id)
        return errors

    @classmethod
    def cell(cls, answers: tuple[str, ...], market: str) -> SalaryQuery:
        """The query of a cell (level, region, work_format, role) in a market, other answers default."""
        level, region, work_format, role = answers
        return cls(level, region, work_format, role, market=market)

    def at_level(self, level: str) -> SalaryQuery:
        """The same query at another career level."""
        return dataclasses.replace(self, level=level)


@dataclass(frozen=True)
class Effect:
    """One factor applied to an estimate: which value, its multiplier and why."""

    factor: str
    value: str
    multiplier: float
    reason: LocalizedText


@dataclass(frozen=True)
class SalaryEstimate:
    """A pay range per `period` in one currency, with everything needed to trust it.

    `quantiles` maps 0.10/0.25/0.50/0.75/0.90 to amounts in `currency` per `period` ("month" or
    "year"), in the money of `money_date` (None: not indexed, e.g. a fitted model's own dates),
    after multiplying the source figures by `index_factor`. `gross_net` and `pay_kind` say which
    pay it is; `floor` is the legal minimum (gross, per period) at the money date and `floor_binds`
    whether it lifted any quantile.
    """

    quantiles: dict[float, float]
    currency: str
    n: int  # observations behind it (0 for the baseline)
    method: Literal["baseline", "fitted"]
    sources: list[dict[str, Any]]  # id, name (English), date (ISO), url, status
    effects: list[Effect] = field(default_factory=list)
    warning: str | None = None  # the anchor's source is old
    fallback_reason: str | None = None  # a fitted model was asked but too few observations match
    # The same reason as a message code (catalogue `sal.fallback_reason.<code>`) and its parameters,
    # for the pages; `fallback_reason` is the English text the command line and the JSON write.
    fallback_code: str | None = None
    fallback_params: dict[str, str] = field(default_factory=dict)
    market: str = DEFAULT_MARKET
    period: Literal["month", "year"] = "month"
    money_date: date | None = None
    index_factor: float = 1.0
    gross_net: str = "gross"
    pay_kind: str = "offered"
    floor: float | None = None
    floor_binds: bool = False
    limited_data: bool = False
    # The credibility weight of the user's observations in this figure (0: the baseline alone; see
    # `smm_eval.salary.pooling`), and the constant k of w = n_eff / (n_eff + k) it was computed with.
    weight: float = 0.0
    credibility_k: float | None = None
    # Kish's effective number of the `n` observations under their age weights, the n_eff of the
    # weight (salary.pooling); None for the baseline.
    n_effective: float | None = None

    @property
    def p25(self) -> float:
        return self.quantiles[0.25]

    @property
    def p50(self) -> float:
        return self.quantiles[0.5]

    @property
    def p75(self) -> float:
        return self.quantiles[0.75]

    def as_json(self) -> dict[str, Any]:
        """The estimate as the CLI prints it: p10..p90 rounded, what money it is in, n, method, sources, factors."""
        out: dict[str, Any] = {f"p{round(q * 100)}": round(v) for q, v in sorted(self.quantiles.items())}
        out.update(
            market=self.market,
            currency=self.currency,
            period=self.period,
            money_date=self.money_date.isoformat() if self.money_date else None,
            index_factor=round(self.index_factor, 4),
            gross_net=self.gross_net,
            pay_kind=self.pay_kind,
            floor=round(self.floor) if self.floor is not None else None,
            floor_binds=self.floor_binds,
            limited_data=self.limited_data,
            n=self.n,
            n_effective=None if self.n_effective is None else round(self.n_effective, 2),
            method=self.method,
            weight=round(self.weight, 4),
            credibility_k=self.credibility_k,
            sources=self.sources,
            factors=[{"factor": e.factor, "value": e.value, "multiplier": e.multiplier} for e in self.effects],
        )
        if self.warning:
            out["warning"] = self.warning
        if self.fallback_reason:
            out["fallback"] = self.fallback_reason
        return out


def _projects_key(projects: int) -> str:
    """The factor value for a project count: 1, 2, 3, or 4 for four and more."""
    return str(min(max(projects, 1), 4))


def _old_anchor_warning(data: SalaryData, today: date) -> str | None:
    year = data.newest_year()
    if today.year - year <= data.warn_after_years:
        return None
    return (
        f"The anchor figure is from {year}, more than {data.warn_after_years} years ago; it is brought to "
        f"{data.money_date:%Y-%m} money with the {data.index.name.en}, but pay by level and region may have "
        "moved since: upload current observations on the Salary page for an up-to-date range."
    )


def market_sources(data: SalaryData) -> list[dict[str, Any]]:
    """The market's sources as an estimate carries them: id, name, date, url, status, verified (and why not)."""
    out = []
    for s in data.sources:
        entry: dict[str, Any] = {"id": s.id, "name": s.name.en, "date": s.date.isoformat(), "url": s.url}
        entry.update(status=s.status, verified=s.verified)
        if not s.verified:
            entry["unverified"] = s.unverified
        out.append(entry)
    return out


@dataclass(frozen=True)
class MarketMoney:
    """Quantiles in a market's money: after the expected-pay ratio, the floor and the tax rule.

    `quantiles` per the market's period; `floor` the minimum wage (gross) at the money date and
    `floor_binds` whether it lifted any quantile.
    """

    quantiles: dict[float, float]
    floor: float
    floor_binds: bool


def in_market_money(gross_offered: dict[float, float], query: SalaryQuery, data: SalaryData) -> MarketMoney:
    """Gross offered quantiles at the money date → the pay the query asks for, never below the floor.

    Expected pay multiplies by the market's expected/offered ratio; every quantile is then lifted
    to at least the minimum wage at the money date (gross); net pay applies the market's tax rule
    to each gross quantile, so a net figure is never below the net of the minimum wage. The one
    rule for the baseline and for estimates pooled with a fitted model (docs/salary.md, "The floor").
    """
    raw = dict(gross_offered)
    if query.pay_kind == "expected" and data.expected is not None:
        raw = {q: v * data.expected.multiplier for q, v in raw.items()}
    floor = minimum_wage_on(data.minimum_wage, data.money_date).amount
    quantiles = {q: max(v, floor) for q, v in raw.items()}
    if query.gross_net == "net" and data.tax is not None:
        tax = data.tax
        quantiles = {q: tax.net(v, data.period) for q, v in quantiles.items()}
    return MarketMoney(quantiles, floor, any(v < floor for v in raw.values()))


def _median_at_anchor_date(query: SalaryQuery, data: SalaryData) -> tuple[float, list[Effect]]:
    """anchor × every factor of the query (money of the anchor's date), with each factor's effect."""
    chosen = {
        "level": query.level,
        "region": query.region,
        "work_format": query.work_format,
        "role": query.role,
        "projects": _projects_key(query.projects),
        "immersion": query.immersion,
    }
    effects = []
    median = data.anchor.value
    for name in FACTOR_ORDER:
        factor = data.factors[name].values[chosen[name]]
        effects.append(Effect(name, chosen[name], factor.value, factor.reason))
        median *= factor.value
    return median, effects


def baseline_estimate(query: SalaryQuery, data: SalaryData | None = None, today: date | None = None) -> SalaryEstimate:
    """P10..P90 of a market's pay from its anchor, factors, wage index, spread, floor and tax rule.

    P50 = anchor × level × region × work format × role × projects × immersion × index factor
    (× the expected/offered ratio for expected pay); Pq = P50 × exp(z_q σ) (log-normal, σ from
    the market's dispersion source); every quantile is at least the minimum wage at the money
    date; net pay applies the market's tax rule to each (gross) quantile. docs/salary.md gives
    the source of every figure.

    Parameters
    ----------
    query
        The answers, including the market.
    data
        The market data; `load_market(query.market)` by default.
    today
        The date against which the anchor's age is judged; today by default.

    Returns
    -------
    SalaryEstimate
        Amounts per the market's period in its currency, `method="baseline"`, `n=0`, every
        factor's effect, the money date and index factor, the floor, the sources, and a warning
        when the anchor is over `warn_after_years` old.

    Raises
    ------
    InputError
        An answer outside the market's lists, a project count outside 1..20, net pay where the
        market has no tax rule, or expected pay where it has no expected-pay source.
    """
    data = data or load_market(query.market)
    errors = query.problems(data)
    if errors:
        raise InputError(errors)
    gross_offered, effects, index_factor = baseline_gross_offered(query, data)
    money = in_market_money(gross_offered, query, data)
    return SalaryEstimate(
        quantiles=money.quantiles,
        currency=data.currency,
        n=0,
        method="baseline",
        sources=market_sources(data),
        effects=effects,
        warning=_old_anchor_warning(data, today or date.today()),
        market=data.id,
        period=data.period,
        money_date=data.money_date,
        index_factor=index_factor,
        gross_net=query.gross_net,
        pay_kind=query.pay_kind,
        floor=money.floor,
        floor_binds=money.floor_binds,
        limited_data=data.limited_data,
        weight=0.0,
    )


def baseline_gross_offered(query: SalaryQuery, data: SalaryData) -> tuple[dict[float, float], list[Effect], float]:
    """The baseline's gross offered quantiles at the money date, before the floor, with its factors.

    Returns
    -------
    tuple
        (quantile → amount per the market's period, the effect of every factor, the index factor
        level(money date) / level(anchor date)). The query is not validated here.
    """
    median, effects = _median_at_anchor_date(query, data)
    index_factor = data.index.factor(data.anchor.date, data.money_date)
    return lognormal_quantiles(median * index_factor, data.dispersion.sigma, QUANTILES), effects, index_factor


def range_by_level(query: SalaryQuery, estimator: Callable[[SalaryQuery], SalaryEstimate]) -> pd.DataFrame:
    """The estimate at every career level, other answers unchanged (for the salary ladder chart).

    Returns
    -------
    pandas.DataFrame
        One row per career level, lowest first: level, p25, p50, p75 (amounts per the market's
        period), currency, n, method.

    Raises
    ------
    InputError
        The estimates are not all in one currency (a chart never mixes currencies).
    """
    rows = []
    for level in CAREER_LEVELS:
        e = estimator(query.at_level(level))
        rows.append(
            {
                "level": level,
                "p25": e.p25,
                "p50": e.p50,
                "p75": e.p75,
                "currency": e.currency,
                "n": e.n,
                "method": e.method,
            }
        )
    frame = pd.DataFrame(rows)
    if frame["currency"].nunique() > 1:
        currencies = ", ".join(sorted(frame["currency"].unique()))
        message = f"the estimates mix currencies ({currencies})"
        raise InputError(
            [Problem("salary by level", message, code="salary.mixed_currencies", params={"currencies": currencies})]
        )
    return frame
