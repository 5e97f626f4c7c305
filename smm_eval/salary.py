"""Salary ranges: a sourced baseline, and quantile models fitted on the user's own observations.

The baseline (`baseline_estimate`) multiplies a dated anchor by factors whose values and reasons
live in data/salary.yaml, and says which sources it rests on and when they are too old.
`fit_salary_model` fits one scikit-learn gradient-boosting model per quantile (P10..P90) on
observations a user uploads, keeps the quantiles from crossing, and reports pinball loss and band
coverage on held-out rows against the baseline on the same rows. An estimate from a fitted model
says how many observations stand behind it and falls back to the baseline below MIN_MATCHING.
"""

from __future__ import annotations

import io
import itertools
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from smm_eval.errors import InputError, Problem
from smm_eval.files.tables import MAX_FILE_BYTES
from smm_eval.files.tables import read_fixed_columns as read_table
from smm_eval.files.yaml_files import load_model as _load_model
from smm_eval.framework import DATA_DIR, LocalizedText

LEVELS = ("trainee", "junior", "middle", "senior", "lead")
REGIONS = ("moscow", "st_petersburg", "million_city", "other_region")
WORK_FORMATS = ("office", "hybrid", "remote")
IMMERSION = ("shallow", "standard", "deep")
QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)
MIN_MATCHING = 30
HELD_OUT_SHARE = 0.2
HALF_LIFE_YEARS = 1.0
FROM_ONLY, TO_ONLY = 1.1, 0.9  # "from X" offers centre ~10% above X; "up to X" ~10% below
FACTOR_ORDER = ("level", "region", "work_format", "role", "projects", "immersion")


class FactorValue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    value: Annotated[float, Field(gt=0, le=10)]
    reason: LocalizedText


class Factor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: LocalizedText
    values: dict[str, FactorValue]


class SalarySource(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    name: LocalizedText
    date: date | None
    assumed_year: int | None = None
    region: str
    covers: LocalizedText
    figures: dict[str, float]

    def year(self) -> int:
        if self.date is not None:
            return self.date.year
        if self.assumed_year is None:
            raise ValueError(f"source {self.id} has neither a date nor an assumed year")
        return self.assumed_year


class Anchor(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    value: Annotated[float, Field(gt=0)]
    source: str
    reason: LocalizedText


class Spread(BaseModel):
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
        ids = {s.id for s in self.sources}
        for where, sid in (("anchor.source", self.anchor.source), ("spread.source", self.spread.source)):
            if sid not in ids:
                raise ValueError(f"{where}: unknown source '{sid}'")
        required = {"level": LEVELS, "region": REGIONS, "work_format": WORK_FORMATS, "immersion": IMMERSION}
        missing_factors = sorted(set(FACTOR_ORDER) - set(self.factors))
        if missing_factors:
            raise ValueError(f"factors: missing {missing_factors}")
        for name, values in required.items():
            missing = sorted(set(values) - set(self.factors[name].values))
            if missing:
                raise ValueError(f"factors.{name}: missing values {missing}")

    def source(self, source_id: str) -> SalarySource:
        return next(s for s in self.sources if s.id == source_id)


@lru_cache(maxsize=4)
def load_salary_data(path: Path | None = None) -> SalaryData:
    """Load and validate data/salary.yaml (a broken file names the file and the field)."""
    return _load_model(path or DATA_DIR / "salary.yaml", SalaryData)


@dataclass(frozen=True)
class SalaryQuery:
    """What a salary depends on."""

    level: str
    region: str
    work_format: str
    role: str = "smm_manager"
    projects: int = 1
    immersion: str = "standard"

    def problems(self, data: SalaryData) -> list[str]:
        errors = []
        for name, value, allowed in (
            ("level", self.level, LEVELS),
            ("region", self.region, REGIONS),
            ("work_format", self.work_format, WORK_FORMATS),
            ("immersion", self.immersion, IMMERSION),
            ("role", self.role, tuple(data.factors["role"].values)),
        ):
            if value not in allowed:
                errors.append(f"{name}: '{value}' is not one of {', '.join(allowed)}")
        if not 1 <= self.projects <= 20:
            errors.append("projects: must be between 1 and 20")
        return errors


@dataclass(frozen=True)
class Effect:
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
    return str(min(max(projects, 1), 4))


def baseline_estimate(query: SalaryQuery, data: SalaryData | None = None, today: date | None = None) -> SalaryEstimate:
    """P25/P50/P75 from the anchor and the factors of data/salary.yaml."""
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
    newest = max(s.year() for s in data.sources)
    today = today or date.today()
    warning = None
    if today.year - newest > data.warn_after_years:
        warning = (
            f"The newest source is from {newest}, more than {data.warn_after_years} years ago: "
            "upload current observations on the Salary page for an up-to-date range."
        )
    return SalaryEstimate(
        quantiles={0.25: median * data.spread.p25, 0.5: median, 0.75: median * data.spread.p75},
        currency=data.currency,
        n=0,
        method="baseline",
        sources=sources,
        effects=effects,
        warning=warning,
    )


# Observations -------------------------------------------------------------------------------

OBSERVATION_COLUMNS = ("salary_from", "salary_to", "currency", "region", "level", "work_format", "role", "date")
OPTIONAL_COLUMNS = ("experience_years",)


def read_observations(
    data: bytes, source: str, roles: tuple[str, ...], max_bytes: int | None = MAX_FILE_BYTES
) -> pd.DataFrame:
    """Parse and validate salary observations; every problem is reported with line and column.

    Returns the columns above plus `salary` (the point used for fitting: the midpoint of from/to,
    or from × 1.1 / to × 0.9 when only one is given) and `line`.
    """
    allowed = (*OBSERVATION_COLUMNS, *OPTIONAL_COLUMNS)
    frame, lines, col = read_table(data, source, allowed, OBSERVATION_COLUMNS, "observations", max_bytes)
    problems: list[Problem] = []
    cells = {c: frame[c].str.strip() if c in frame.columns else pd.Series("", index=frame.index) for c in allowed}

    def report(mask: pd.Series, name: str, message: Callable[[str], str]) -> None:
        for line, value in zip(lines[mask.to_numpy()], cells[name][mask], strict=True):
            problems.append(Problem(source, message(value[:40]), int(line), col[name], name))

    amounts = {}
    for name in ("salary_from", "salary_to"):
        raw = cells[name].str.replace(r"[\s_]", "", regex=True)
        bad = (raw != "") & ~raw.str.fullmatch(r"\d{3,9}(?:\.\d+)?")
        report(bad, name, lambda v, n=name: f"{n} '{v}' is not an amount (digits, e.g. 60000)")
        amounts[name] = pd.to_numeric(raw.where((raw != "") & ~bad), errors="coerce")
    both_empty = amounts["salary_from"].isna() & amounts["salary_to"].isna()
    both_empty &= (cells["salary_from"] == "") & (cells["salary_to"] == "")
    report(both_empty, "salary_from", lambda _v: "salary_from and salary_to are both empty; give at least one")
    inverted = amounts["salary_from"] > amounts["salary_to"]
    report(inverted, "salary_from", lambda v: f"salary_from {v} is above salary_to")
    for name, values in (("region", REGIONS), ("level", LEVELS), ("work_format", WORK_FORMATS), ("role", roles)):
        bad = ~cells[name].isin(values)
        report(bad, name, lambda v, n=name, a=values: f"{n} '{v}' is not one of {', '.join(a)}")
    currency_bad = ~cells["currency"].str.fullmatch(r"[A-Z]{3}")
    report(currency_bad, "currency", lambda v: f"currency '{v}' is not a 3-letter code such as RUB")
    # A month alone (2026-10) means its first day.
    full_dates = cells["date"].where(~cells["date"].str.fullmatch(r"\d{4}-\d{2}"), cells["date"] + "-01")
    dates = pd.to_datetime(
        full_dates.where(full_dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}")), format="%Y-%m-%d", errors="coerce"
    )
    report(dates.isna(), "date", lambda v: f"date '{v}' is not a date such as 2026-10-01 or 2026-10")
    experience = pd.to_numeric(cells["experience_years"].where(cells["experience_years"] != ""), errors="coerce")
    exp_bad = (cells["experience_years"] != "") & (experience.isna() | (experience < 0) | (experience > 60))
    report(exp_bad, "experience_years", lambda v: f"experience_years '{v}' is not a number of years 0..60")
    if not problems:
        currencies = sorted(set(cells["currency"]))
        if len(currencies) > 1:
            problems.append(
                Problem(
                    source,
                    f"observations mix currencies {currencies}; upload one currency at a time",
                    2,
                    col["currency"],
                    "currency",
                )
            )
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems)
    lo, hi = amounts["salary_from"], amounts["salary_to"]
    salary = np.where(lo.notna() & hi.notna(), (lo + hi) / 2, np.where(lo.notna(), lo * FROM_ONLY, hi * TO_ONLY))
    return pd.DataFrame(
        {
            "salary_from": lo,
            "salary_to": hi,
            "currency": cells["currency"],
            "region": cells["region"],
            "level": cells["level"],
            "work_format": cells["work_format"],
            "role": cells["role"],
            "date": dates.dt.date,
            "experience_years": experience,
            "salary": salary,
            "line": lines,
        }
    ).reset_index(drop=True)


# Fitted model -------------------------------------------------------------------------------


def _features(frame: pd.DataFrame) -> np.ndarray:
    """Numeric features: level rank, one-hot region and format, role code.

    experience_years is validated and kept with the observations but is not a feature: a query
    does not ask for it, and the career level already carries it. The date enters as a weight
    (`_recency_weight`), not a feature: a split on dates would make "today" the noisy newest leaf.
    """
    level = frame["level"].map({lv: i for i, lv in enumerate(LEVELS)}).to_numpy(dtype=float)
    region = np.stack([(frame["region"] == r).to_numpy(dtype=float) for r in REGIONS], axis=1)
    work = np.stack([(frame["work_format"] == w).to_numpy(dtype=float) for w in WORK_FORMATS], axis=1)
    return np.column_stack([level, region, work, frame["role_code"].to_numpy(dtype=float)])


def _recency_weight(dates: pd.Series, reference: date) -> np.ndarray:
    """Observations lose half their weight per HALF_LIFE_YEARS before the newest one."""
    age = (pd.Timestamp(reference) - pd.to_datetime(dates)).dt.days.to_numpy(dtype=float) / 365.25
    return 0.5 ** (age / HALF_LIFE_YEARS)


@dataclass
class SalaryModel:
    """Quantile models fitted on observations, with their held-out evaluation."""

    models: dict[float, Any]
    roles: tuple[str, ...]
    reference: date
    currency: str
    n: int
    counts: dict[tuple[str, str], int]  # observations per (level, region)
    metrics: dict[str, Any]

    def _predict(self, frame: pd.DataFrame) -> np.ndarray:
        frame = frame.assign(role_code=frame["role"].map({r: i for i, r in enumerate(self.roles)}).fillna(-1))
        x = _features(frame)
        raw = np.column_stack([self.models[q].predict(x) for q in QUANTILES])
        return np.exp(np.sort(raw, axis=1))  # sorted per row: quantiles never cross

    @cached_property
    def _table(self) -> dict[tuple[str, str, str, str | None], np.ndarray]:
        """Predictions for every query the features can express (level x region x format x role,
        a few hundred), made in one batch: an estimate is then a lookup instead of five tree-model
        predictions on one row (22 ms before, docs/performance.md)."""
        keys = list(itertools.product(LEVELS, REGIONS, WORK_FORMATS, (*self.roles, None)))
        frame = pd.DataFrame(keys, columns=["level", "region", "work_format", "role"])
        return dict(zip(keys, self._predict(frame), strict=True))

    def estimate(self, query: SalaryQuery, data: SalaryData | None = None) -> SalaryEstimate:
        data = data or load_salary_data()
        matching = self.counts.get((query.level, query.region), 0)
        if matching < MIN_MATCHING:
            base = baseline_estimate(query, data)
            reason = (
                f"only {matching} of your observations match {query.level} in {query.region} "
                f"(fewer than {MIN_MATCHING}); this is the baseline"
            )
            return replace(base, fallback_reason=reason)
        role = query.role if query.role in self.roles else None  # an unknown role is coded as none
        values = self._table[(query.level, query.region, query.work_format, role)]
        base = baseline_estimate(query, data)
        # Projects and immersion are not in the observations: their baseline factors still apply.
        scale = float(np.prod([e.multiplier for e in base.effects if e.factor in ("projects", "immersion")]))
        return SalaryEstimate(
            quantiles={q: float(v) * scale for q, v in zip(QUANTILES, values, strict=True)},
            currency=self.currency,
            n=matching,
            method="fitted",
            sources=[
                {
                    "id": "observations",
                    "name": f"your observations ({self.n} rows)",
                    "date": self.reference.isoformat(),
                    "assumed_year": None,
                }
            ],
            effects=[e for e in base.effects if e.factor in ("projects", "immersion")],
        )

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        pickle.dump(self, buffer)
        return buffer.getvalue()

    @staticmethod
    def from_bytes(blob: bytes) -> SalaryModel:
        # Only models this application wrote into its own database are ever loaded.
        return pickle.loads(blob)  # noqa: S301


def pinball_loss(y: np.ndarray, prediction: np.ndarray, quantile: float) -> float:
    diff = y - prediction
    return float(np.mean(np.maximum(quantile * diff, (quantile - 1) * diff)))


def fit_salary_model(
    observations: pd.DataFrame,
    roles: tuple[str, ...],
    data: SalaryData | None = None,
    progress: Callable[[float], None] | None = None,
    seed: int = 0,
) -> SalaryModel:
    """Fit P10..P90 on log salary and evaluate on a held-out share against the baseline."""
    from sklearn.ensemble import HistGradientBoostingRegressor

    data = data or load_salary_data()
    report = progress or (lambda _share: None)
    if len(observations) < 2 * MIN_MATCHING:
        raise InputError(
            [Problem("observations", f"need at least {2 * MIN_MATCHING} observations to fit, got {len(observations)}")]
        )
    reference = max(observations["date"])
    frame = observations.assign(role_code=observations["role"].map({r: i for i, r in enumerate(roles)}))
    rng = np.random.default_rng(seed)
    held_out = rng.random(len(frame)) < HELD_OUT_SHARE
    train, test = frame.loc[~held_out], frame.loc[held_out]
    x_train, y_train = _features(train), np.log(train["salary"].to_numpy(dtype=float))
    weight = _recency_weight(train["date"], reference)
    models = {}
    for i, q in enumerate(QUANTILES):
        model = HistGradientBoostingRegressor(
            loss="quantile", quantile=q, max_iter=200, learning_rate=0.08, max_leaf_nodes=15,
            min_samples_leaf=20, random_state=seed,
        )  # fmt: skip
        models[q] = model.fit(x_train, y_train, sample_weight=weight)
        report((i + 1) / (len(QUANTILES) + 1))
    fitted = SalaryModel(
        models=models,
        roles=tuple(roles),
        reference=reference,
        currency=str(frame["currency"].iloc[0]),
        n=len(frame),
        counts={k: int(v) for k, v in frame.groupby(["level", "region"]).size().items()},
        metrics={},
    )
    fitted.metrics = evaluate_held_out(fitted, test, data)
    report(1.0)
    return fitted


def evaluate_held_out(model: SalaryModel, test: pd.DataFrame, data: SalaryData) -> dict[str, Any]:
    """Pinball loss per quantile and P25-P75 coverage, for the model and the baseline, same rows."""
    if test.empty:
        return {"held_out": 0}
    y = test["salary"].to_numpy(dtype=float)
    predicted = model._predict(test)
    base = np.array(
        [
            [
                baseline_estimate(SalaryQuery(r.level, r.region, r.work_format, r.role), data).quantiles[q]
                for q in (0.25, 0.5, 0.75)
            ]
            for r in test.itertuples()
        ]
    )
    out: dict[str, Any] = {"held_out": len(test), "pinball": {}, "baseline_pinball": {}}
    for j, q in enumerate((0.25, 0.5, 0.75)):
        out["pinball"][str(q)] = pinball_loss(y, predicted[:, QUANTILES.index(q)], q)
        out["baseline_pinball"][str(q)] = pinball_loss(y, base[:, j], q)
    out["coverage_p25_p75"] = float(np.mean((y >= predicted[:, 1]) & (y <= predicted[:, 3])))
    out["baseline_coverage_p25_p75"] = float(np.mean((y >= base[:, 0]) & (y <= base[:, 2])))
    return out


def range_by_level(query: SalaryQuery, estimator: Callable[[SalaryQuery], SalaryEstimate]) -> pd.DataFrame:
    """The estimate at every career level, other answers unchanged (for the chart)."""
    rows = []
    for level in LEVELS:
        e = estimator(SalaryQuery(level, query.region, query.work_format, query.role, query.projects, query.immersion))
        rows.append({"level": level, "p25": e.p25, "p50": e.p50, "p75": e.p75, "n": e.n, "method": e.method})
    return pd.DataFrame(rows)


def generate_observations(medians: Mapping[tuple[str, str], float], per_cell: int, seed: int = 0) -> pd.DataFrame:
    """Synthetic observations with known medians per (level, region); for tests and benchmarks.

    Salaries are log-normal around each median (sigma 0.25), as `from`/`to` pairs ±10%.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for (level, region), median in medians.items():
        values = median * np.exp(rng.normal(0, 0.25, per_cell))
        for v in values:
            rows.append(
                {
                    "salary_from": round(v * 0.9), "salary_to": round(v * 1.1), "currency": "RUB", "region": region,
                    "level": level, "work_format": rng.choice(WORK_FORMATS), "role": "smm_manager",
                    "date": date(2026, int(rng.integers(1, 11)), 1), "experience_years": np.nan,
                }
            )  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["salary"] = (frame["salary_from"] + frame["salary_to"]) / 2
    return frame
