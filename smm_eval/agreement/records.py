"""The typed records of every agreement statistic, and the constants that gate them.

`Reliability` is one figure (an ICC form or Krippendorff's alpha) with its 95% confidence
interval, the sample behind it and, when there is no figure, the reason why (`gate`). Every
record writes itself as JSON through `smm_eval.jsonvalues` (an undefined figure is null).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from smm_eval.jsonvalues import none_if_nan

MIN_TARGETS = 5  # candidates rated by at least two raters, below which no figure is given
MIN_RATERS = 2
RECOMMENDED_TARGETS = 30  # Koo & Li (2016): at least 30 targets for a reliable ICC
CONFIDENCE = 0.95

# Gate reasons (why there is no figure); pages translate them as `cmp.gate.<reason>`.
TOO_FEW_RATERS = "too_few_raters"
TOO_FEW_TARGETS = "too_few_candidates"
NO_VARIANCE = "no_variance"
NO_TARGET_VARIANCE = "no_target_variance"  # candidates' means all equal: no average-form figure

# Koo & Li (2016): ICC below 0.5 poor, 0.5-0.75 moderate, 0.75-0.9 good, above 0.9 excellent.
ICC_BANDS = ((0.5, "poor"), (0.75, "moderate"), (0.9, "good"), (float("inf"), "excellent"))


# Krippendorff (2004, Content Analysis, 2nd ed., p. 241): alpha >= .800 reliable, .667 to .800
# only for tentative conclusions, below .667 not to be relied on. Koo & Li's ICC bands do not apply.
ALPHA_BANDS = ((0.667, "alpha_unreliable"), (0.8, "alpha_tentative"), (float("inf"), "alpha_reliable"))


def alpha_band(value: float | None) -> str:
    """Krippendorff (2004)'s band of an alpha; "undefined" for None or NaN.

    >>> alpha_band(0.47), alpha_band(0.7), alpha_band(0.85)
    ('alpha_unreliable', 'alpha_tentative', 'alpha_reliable')
    """
    if value is None or value != value:
        return "undefined"
    return next(name for limit, name in ALPHA_BANDS if value < limit)


def icc_band(value: float | None) -> str:
    """Koo & Li (2016)'s band of a reliability figure; "undefined" for None or NaN.

    >>> icc_band(0.62), icc_band(None)
    ('moderate', 'undefined')
    """
    if value is None or value != value:
        return "undefined"
    return next(name for limit, name in ICC_BANDS if value < limit)


@dataclass(frozen=True)
class Reliability:
    """One reliability figure with its 95% confidence interval.

    `estimate`, `low`, `high` are None when there is no figure; `gate` then says why
    (TOO_FEW_RATERS, TOO_FEW_TARGETS, NO_VARIANCE, NO_TARGET_VARIANCE). `form` is "ICC(1,1)" ... "ICC(3,k)" (Shrout
    & Fleiss 1979) or "alpha (interval)" / "alpha (ordinal)" (Krippendorff); `n_targets` the
    candidates behind it, `n_raters` the raters (for ICC(·,k): the k averaged).
    """

    form: str
    estimate: float | None
    low: float | None
    high: float | None
    n_targets: int
    n_raters: int
    gate: str | None = None

    @property
    def defined(self) -> bool:
        """Whether there is a figure."""
        return self.estimate is not None

    @property
    def is_alpha(self) -> bool:
        """Whether the figure is a Krippendorff's alpha (not an ICC)."""
        return self.form.startswith("alpha")

    @property
    def band(self) -> str:
        """The band of the estimate: Krippendorff (2004)'s for an alpha (`alpha_band`), Koo & Li
        (2016)'s for an ICC (`icc_band`); "undefined" without a figure."""
        return alpha_band(self.estimate) if self.is_alpha else icc_band(self.estimate)

    @property
    def few_targets(self) -> bool:
        """Fewer targets than Koo & Li (2016) recommend (30): the interval is wide."""
        return self.n_targets < RECOMMENDED_TARGETS

    def as_json(self) -> dict[str, Any]:
        """The figure as JSON: numbers rounded to 3 digits, null when undefined."""
        return {
            "form": self.form,
            "estimate": none_if_nan(self.estimate, 3),
            "low": none_if_nan(self.low, 3),
            "high": none_if_nan(self.high, 3),
            "band": self.band,
            "n_targets": self.n_targets,
            "n_raters": self.n_raters,
            "gate": self.gate,
        }


def gated(form: str, reason: str, n_targets: int, n_raters: int) -> Reliability:
    """A figure that is not given, and why."""
    return Reliability(form, None, None, None, n_targets, n_raters, reason)


@dataclass(frozen=True)
class CompetencyReliability:
    """The raters' reliability on one competency's levels, candidates as targets."""

    competency: str
    reliability: Reliability

    def as_json(self) -> dict[str, Any]:
        return {"competency": self.competency, **self.reliability.as_json()}


@dataclass(frozen=True)
class PanelAgreement:
    """How far a vacancy's raters agree, candidates as targets.

    `design`: "crossed" (every rater rated every candidate: two-way ICC(2,·)), "rotating" (the
    same number of raters per candidate, not the same raters: one-way ICC(1,·)), "incomplete"
    (Krippendorff's alpha) or "none" (fewer than two raters on any candidate). `single` is the
    reliability of one rater's overall score; `average` that of the mean of the candidate's raters
    (None for alpha, which has no average form). `per_competency`: one figure per competency.
    `left_out`: the candidates (codes, sorted) rated by fewer than MIN_RATERS raters, which carry
    no information on agreement and are not among the `single.n_targets` the figure rests on.
    """

    design: str
    single: Reliability
    average: Reliability | None
    raters: tuple[str, ...]
    per_competency: tuple[CompetencyReliability, ...] = field(default=())
    left_out: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "design": self.design,
            "single": self.single.as_json(),
            "average": self.average.as_json() if self.average is not None else None,
            "raters": list(self.raters),
            "per_competency": [c.as_json() for c in self.per_competency],
            "left_out": list(self.left_out),
        }
