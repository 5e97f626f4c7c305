"""Reliability of a vacancy's raters with candidates as targets, in the form the design allows.

The input is a candidates x raters frame (a rater's overall score of each candidate, or their
level on one competency; NaN where a rater did not rate a candidate). Candidates rated by fewer
than two raters carry no information on agreement and are left out, and named
(`PanelAgreement.left_out`) so the pages say which and why. Then:

- **crossed** (every remaining rater rated every remaining candidate): two-way random effects,
  ICC(2,1) for one rater and ICC(2,k) for the mean of the k raters (absolute agreement: a lenient
  rater counts as disagreement, as it should when scores are compared with a target);
- **rotating** (the same number k of raters per candidate, not the same raters): one-way random
  effects, ICC(1,1) and ICC(1,k) (rater and residual effects cannot be told apart);
- **incomplete** (anything else): Krippendorff's alpha (the `krippendorff` package; interval level
  for scores, ordinal for competency levels) with a 95% percentile bootstrap interval over
  candidates (1,000 resamples, seed 0; resampling subjects as Zapf et al. 2016 do).

Gate: at least MIN_TARGETS (5) candidates rated by at least MIN_RATERS (2) raters, otherwise no
figure but the reason. Koo & Li (2016) ask for at least 30 targets for a reliable estimate: below
that the 95% interval is wide (Shrout & Fleiss's 6 targets give ICC(2,1) = .29 with a .02-.76
interval), and `Reliability.few_targets` says so.
"""

from __future__ import annotations

from typing import Literal

import krippendorff
import numpy as np
import pandas as pd

from smm_eval.agreement.icc import icc_all
from smm_eval.agreement.records import (
    CONFIDENCE,
    MIN_RATERS,
    MIN_TARGETS,
    NO_VARIANCE,
    TOO_FEW_RATERS,
    TOO_FEW_TARGETS,
    CompetencyReliability,
    PanelAgreement,
    Reliability,
    gated,
)

Level = Literal["interval", "ordinal"]
BOOTSTRAP = 1000
SEED = 0
ALPHA_FORM = "alpha ({level})"


def design_of(scores: pd.DataFrame) -> str:
    """ "crossed", "rotating", "incomplete" or "none" for a candidates x raters frame (NaN: not rated)."""
    rated = scores.notna()
    kept = rated[rated.sum(axis=1) >= MIN_RATERS]
    kept = kept.loc[:, kept.any(axis=0)]
    if kept.empty:
        return "none"
    if bool(kept.all(axis=None)):
        return "crossed"
    return "rotating" if kept.sum(axis=1).nunique() == 1 else "incomplete"


def krippendorff_alpha(
    scores: pd.DataFrame, level: Level = "interval", confidence: float = CONFIDENCE, resamples: int = BOOTSTRAP
) -> Reliability:
    """Krippendorff's alpha of a candidates x raters frame with a bootstrap interval.

    Parameters
    ----------
    scores : DataFrame
        Candidates x raters, NaN where not rated; candidates with fewer than 2 ratings are ignored.
    level : str
        "interval" or "ordinal" (Krippendorff 2011's levels of measurement).
    confidence : float
        Two-sided level of the percentile bootstrap interval over candidates (seed 0).

    Returns
    -------
    Reliability
        Gated as NO_VARIANCE when every rating is the same (alpha is undefined).
    """
    x = scores.to_numpy(dtype=float)
    x = x[(~np.isnan(x)).sum(axis=1) >= MIN_RATERS]
    form = ALPHA_FORM.format(level=level)
    n, k = len(x), int((~np.isnan(x)).any(axis=0).sum())
    values = x[~np.isnan(x)]
    if values.size == 0 or np.unique(values).size < 2:
        return gated(form, NO_VARIANCE, n, k)
    estimate = float(krippendorff.alpha(reliability_data=x.T, level_of_measurement=level))
    rng = np.random.default_rng(SEED)
    draws = []
    for _ in range(resamples):
        sample = x[rng.integers(0, n, n)]
        sample_values = sample[~np.isnan(sample)]
        if np.unique(sample_values).size >= 2:
            draws.append(krippendorff.alpha(reliability_data=sample.T, level_of_measurement=level))
    tail = (1 - confidence) / 2
    low, high = np.quantile(draws, [tail, 1 - tail]) if draws else (np.nan, np.nan)
    return Reliability(form, estimate, float(low), float(high), n, k)


def reliability(scores: pd.DataFrame, level: Level = "interval") -> tuple[str, Reliability, Reliability | None]:
    """The design, the single-rater figure and the average-of-raters figure of a candidates x raters frame.

    Parameters
    ----------
    scores : DataFrame
        Candidates (index) x raters (columns): a score or a level, NaN where not rated.
    level : str
        Krippendorff's level of measurement should the design need alpha.

    Returns
    -------
    tuple
        (design, single, average): see the module docstring for the form each design takes. Below
        the gate both figures carry the reason and no number; `average` is None for alpha.
    """
    design = design_of(scores)
    rated = scores.notna()
    kept = scores[rated.sum(axis=1) >= MIN_RATERS]
    kept = kept.loc[:, kept.notna().any(axis=0)]
    n, k = len(kept), kept.shape[1]
    single_form, average_form = {
        "crossed": ("ICC(2,1)", "ICC(2,k)"),
        "rotating": ("ICC(1,1)", "ICC(1,k)"),
    }.get(design, (ALPHA_FORM.format(level=level), ""))
    reason = TOO_FEW_RATERS if k < MIN_RATERS else TOO_FEW_TARGETS if n < MIN_TARGETS else None
    if reason is not None:
        per_target = int(kept.notna().sum(axis=1).max()) if design == "rotating" else k
        average = gated(average_form, reason, n, per_target) if average_form else None
        return design, gated(single_form, reason, n, 1), average
    if design == "incomplete":
        return design, krippendorff_alpha(kept, level), None
    if design == "crossed":
        matrix = kept.to_numpy(dtype=float)
    else:  # rotating: each candidate's k ratings side by side, in any order
        matrix = np.array([row[~np.isnan(row)] for row in kept.to_numpy(dtype=float)])
    forms = icc_all(matrix)
    return design, forms[single_form], forms[average_form]


def panel_agreement(scores: pd.DataFrame, levels: pd.DataFrame | None = None) -> PanelAgreement:
    """The raters' agreement on candidates' overall scores, and per competency.

    Parameters
    ----------
    scores : DataFrame
        Candidates x raters: each rater's overall score (0..100) of each candidate, NaN where the
        rater did not rate the candidate.
    levels : DataFrame, optional
        Tidy ratings (person, rater, competency, level 0..4) for the per-competency figures; a
        competency is reported when it passes the same gate.

    Returns
    -------
    PanelAgreement
        With `left_out`: the candidates rated by one rater only, named so no page leaves them out
        silently.
    """
    design, single, average = reliability(scores, "interval")
    per_competency: list[CompetencyReliability] = []
    if levels is not None and not levels.empty:
        for competency, rows in levels.groupby("competency", sort=True):
            wide = rows.pivot_table(index="person", columns="rater", values="level", aggfunc="mean")
            _, one, _ = reliability(wide, "ordinal")
            if one.gate not in (TOO_FEW_RATERS, TOO_FEW_TARGETS):
                per_competency.append(CompetencyReliability(str(competency), one))
    raters = tuple(sorted(str(r) for r in scores.columns[scores.notna().any(axis=0)]))
    count = scores.notna().sum(axis=1)
    left_out = tuple(sorted(str(c) for c in scores.index[(count > 0) & (count < MIN_RATERS)]))
    return PanelAgreement(design, single, average, raters, tuple(per_competency), left_out)
