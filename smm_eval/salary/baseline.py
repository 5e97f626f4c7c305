"""The sourced baseline: a salary query, the estimate it gets, and the range at every career level.

`baseline_estimate` multiplies the dated anchor of data/salary.yaml by one factor per answer
(level, region, work format, role, projects, immersion), spreads P25/P75 around the median, and
says which sources the range rests on and when the newest of them is too old. `SalaryEstimate`
is also what a fitted model returns (`smm_eval.salary.model`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from smm_eval.errors import InputError, Problem
from smm_eval.framework import LocalizedText
from smm_eval.salary.market import FACTOR_ORDER, IMMERSION, REGIONS, WORK_FORMATS, SalaryData, load_salary_data
from smm_eval.vocabulary import CAREER_LEVELS

MAX_PROJECTS = 20


@dataclass(frozen=True)
class SalaryQuery:
    """What a salary depends on: ids from the closed lists, a role id and a project count."""

    level: str
    region: str
    work_format: str
    role: str = "smm_manager"
    projects: int = 1
    immersion: str = "standard"

    def problems(self, data: SalaryData) -> list[str]:
        """Every answer that is not allowed, as readable messages (empty when the query is valid)."""
        errors = []
        for name, value, allowed in (
            ("level", self.level, CAREER_LEVELS),
            ("region", self.region, REGIONS),
            ("work_format", self.work_format, WORK_FORMATS),
            ("immersion", self.immersion, IMMERSION),
            ("role", self.role, tuple(data.factors["role"].values)),
        ):
            if value not in allowed:
                errors.append(f"{name}: '{value}' is not one of {', '.join(allowed)}")
        if not 1 <= self.projects <= MAX_PROJECTS:
            errors.append(f"projects: must be between 1 and {MAX_PROJECTS}")
        return errors

    def at_level(self, level: str) -> SalaryQuery:
        """The same query at another career level."""
        return SalaryQuery(level, self.region, self.work_format, self.role, self.projects, self.immersion)


@dataclass(frozen=True)
class Effect:
    """One factor applied to an estimate: which value, its multiplier and why."""

    factor: str
    value: str
    multiplier: float
    reason: LocalizedText


@dataclass(frozen=True)
class SalaryEstimate:
    """A monthly pay range with everything needed to trust it."""

    quantiles: dict[float, float]  # 0.25/0.5/0.75 always; 0.1/0.9 when fitted
    currency: str
    n: int  # observations behind it (0 for the baseline)
    method: Literal["baseline", "fitted"]
    sources: list[dict[str, Any]]  # id, name (English), date (ISO or None), assumed_year
    effects: list[Effect] = field(default_factory=list)
    warning: str | None = None  # the newest source is old
    fallback_reason: str | None = None  # a fitted model was asked but too few observations match

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
        """The estimate as the CLI prints it: p10..p90 rounded, currency, n, method, sources, factors."""
        out: dict[str, Any] = {f"p{round(q * 100)}": round(v) for q, v in sorted(self.quantiles.items())}
        out.update(
            currency=self.currency,
            n=self.n,
            method=self.method,
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


def _old_sources_warning(data: SalaryData, today: date) -> str | None:
    newest = data.newest_year()
    if today.year - newest <= data.warn_after_years:
        return None
    return (
        f"The newest source is from {newest}, more than {data.warn_after_years} years ago: "
        "upload current observations on the Salary page for an up-to-date range."
    )


def baseline_estimate(query: SalaryQuery, data: SalaryData | None = None, today: date | None = None) -> SalaryEstimate:
    """P25/P50/P75 from the anchor and the factors of data/salary.yaml.

    P50 = anchor × level × region × work format × role × projects × immersion; P25 and P75 are
    P50 times the spread of the file (docs/salary.md gives the sources of each figure).

    Parameters
    ----------
    query
        The answers.
    data
        The market data; data/salary.yaml by default.
    today
        The date against which the newest source's age is judged; today by default.

    Returns
    -------
    SalaryEstimate
        Monthly amounts in the file's currency, `method="baseline"`, `n=0`, every factor's effect,
        the sources, and a warning when the newest source is over `warn_after_years` old.

    Raises
    ------
    InputError
        An answer outside the closed lists, or a project count outside 1..20.
    """
    data = data or load_salary_data()
    errors = query.problems(data)
    if errors:
        raise InputError([Problem("salary query", e) for e in errors])
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
    used = {data.anchor.source, data.spread.source} | {s.id for s in data.sources}
    sources = [
        {
            "id": s.id,
            "name": s.name.en,
            "date": s.date.isoformat() if s.date else None,
            "assumed_year": None if s.date else s.assumed_year,
        }
        for s in data.sources
        if s.id in used
    ]
    return SalaryEstimate(
        quantiles={0.25: median * data.spread.p25, 0.5: median, 0.75: median * data.spread.p75},
        currency=data.currency,
        n=0,
        method="baseline",
        sources=sources,
        effects=effects,
        warning=_old_sources_warning(data, today or date.today()),
    )


def range_by_level(query: SalaryQuery, estimator: Callable[[SalaryQuery], SalaryEstimate]) -> pd.DataFrame:
    """The estimate at every career level, other answers unchanged (for the salary ladder chart).

    Returns
    -------
    pandas.DataFrame
        One row per career level, lowest first: level, p25, p50, p75 (monthly amounts), n, method.
    """
    rows = []
    for level in CAREER_LEVELS:
        e = estimator(query.at_level(level))
        rows.append({"level": level, "p25": e.p25, "p50": e.p50, "p75": e.p75, "n": e.n, "method": e.method})
    return pd.DataFrame(rows)
