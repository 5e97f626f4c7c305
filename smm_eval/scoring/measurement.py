"""The measurement model behind every band: rater leniency and halo, item error, self-leniency, skips.

Owns the model's priors (each derived from a cited figure and a stated assumption), the typed
record of the variance components a scoring used (`RaterComponents`), their method-of-moments
estimate from multi-rater data (`estimate_components`), and the constants of the two conservative
allowances: the expected leniency of a self-view and the shortfall of skipped competencies.

The model (docs/scoring.md, "Confidence"): the level rater r gives person p on competency c is

    x_prc = θ_pc + b_r + h_rp + e_prc,

rater leniency b_r and halo h_rp are constant over one rater's ratings of one person, so for one
person they act as one rater-person effect u_rp with variance σ_R² = σ_lenience² + σ_halo²; the
item error e_prc (variance σ_E²) also absorbs the rounding to whole levels.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

# --- Priors, in levels (0..4) -------------------------------------------------------------------
# Interrater reliability of one supervisor's rating of overall job performance: .52
# (Viswesvaran, Ones & Schmidt 1996, J. Applied Psychology 81, 557-574).
INTERRATER_RELIABILITY = 0.52
# Assumption (design choice): the SD of true overall levels among the people one rater pool rates
# (people doing the same job, the population of the studies above) is half a level; the framework's
# career levels step by 0.4 to 0.75 levels of mean level, and one job mostly spans two grades.
PERSON_SD = 0.5
# Shares of rating variance (Scullen, Mount & Goff 2000, J. Applied Psychology 85, 956-970; the
# mean of their two samples): idiosyncratic rater effects 62% and 53%, random error 11% and 18%.
# Idiosyncratic rater variance larger than ratee variance agrees with Hoffman et al. (2010,
# Personnel Psychology 63, 119-151).
SCULLEN_RATER_SHARE = (0.62 + 0.53) / 2
SCULLEN_ERROR_SHARE = (0.11 + 0.18) / 2
# One rater's composite over many items has error variance σ_R² (the item errors average out), so a
# reliability of .52 gives σ_R² = PERSON_SD² (1 - .52) / .52.
PRIOR_RATER_VAR = PERSON_SD**2 * (1 - INTERRATER_RELIABILITY) / INTERRATER_RELIABILITY  # 0.2308
# Item error: Scullen et al.'s random error relative to their rater effects, plus the variance of
# rounding a continuous judgement to whole levels (uniform over ±0.5: 1/12).
PRIOR_ITEM_VAR = PRIOR_RATER_VAR * SCULLEN_ERROR_SHARE / SCULLEN_RATER_SHARE + 1 / 12  # 0.1415
# Weight of the priors when components are estimated from data, in pseudo-observations: degrees of
# freedom of rater-person contrasts (σ_R²) and of residuals (σ_E²). Design choice: ten, so a data
# set of about 10 people rated twice weighs as much as the prior.
NU_RATER = 10.0
NU_ITEM = 10.0
# Components are estimated only from at least this many people rated by two or more raters on two
# or more common competencies (design choice); below it the prior is used.
MIN_PEOPLE = 10
# At most this many people (the first in the ratings rated by two or more raters) enter the
# estimate, which keeps scoring a million people fast; with 20,000 people the estimate's own
# sampling error is far below what separates the prior from the data (design choice).
MAX_PEOPLE = 20_000

# Self-views are more lenient than supervisors' ratings: d = 0.32 within Western samples
# (Heidemeier & Moser 2009, J. Applied Psychology 94, 353-370; k = 89, n = 35,417). d is in SDs of
# one rater's ratings between people, sqrt(PERSON_SD² / reliability) = 0.69 levels under the prior,
# so the expected leniency is 0.32 × 0.69 = 0.22 levels, added to a self-view as a variance δ².
SELF_LENIENCY_D = 0.32
SELF_LENIENCY = SELF_LENIENCY_D * math.sqrt(PERSON_SD**2 / INTERRATER_RELIABILITY)  # 0.222 levels
# Skipped competencies are taken to sit this many levels below the answered mean (design choice:
# one anchor step; people skip what they cannot judge, mostly where they are weak). The band's lower
# end extends by (unanswered weight share) × SKIP_SHORTFALL / 4 × 100 points.
SKIP_SHORTFALL = 0.5

ComponentSource = Literal["prior", "data"]


@dataclass(frozen=True)
class RaterComponents:
    """The variance components of one scoring, in levels (0..4 scale).

    Attributes
    ----------
    sigma_rater : float
        SD of the rater-person effect (leniency plus halo), σ_R.
    sigma_item : float
        SD of the item error (including rounding to whole levels), σ_E.
    n_people : int
        People the estimate rests on (0 for the prior).
    source : {'prior', 'data'}
        Whether the figures are the cited prior or estimated from the ratings (shrunk to the prior).
    n_eligible : int
        People with two or more raters, of whom the first `MAX_PEOPLE` are the `n_people` the
        estimate rests on (`components_of`); 0 when not counted.
    """

    sigma_rater: float
    sigma_item: float
    n_people: int
    source: ComponentSource
    n_eligible: int = 0


PRIOR = RaterComponents(math.sqrt(PRIOR_RATER_VAR), math.sqrt(PRIOR_ITEM_VAR), 0, "prior")


def components_of(
    person: np.ndarray,
    rater: np.ndarray,
    competency: np.ndarray,
    level: np.ndarray,
    is_self: np.ndarray,
    raters: np.ndarray,
) -> RaterComponents:
    """`estimate_components` on the first MAX_PEOPLE people with two or more raters.

    Parameters
    ----------
    person, rater, competency, level, is_self : numpy.ndarray
        (N,) as `estimate_components`.
    raters : numpy.ndarray
        (P,) distinct raters of each person (self included), indexed by the person codes.

    Returns
    -------
    RaterComponents
        The estimate, or `PRIOR` when fewer than MIN_PEOPLE people have two or more raters.
    """
    several = np.flatnonzero(raters >= 2)
    if len(several) < MIN_PEOPLE:
        return PRIOR
    chosen = np.zeros(len(raters), dtype=bool)
    chosen[several[:MAX_PEOPLE]] = True
    rows = chosen[person]
    estimate = estimate_components(person[rows], rater[rows], competency[rows], level[rows], is_self[rows])
    return dataclasses.replace(estimate, n_eligible=len(several)) if estimate.source == "data" else estimate


def estimate_components(
    person: np.ndarray, rater: np.ndarray, competency: np.ndarray, level: np.ndarray, is_self: np.ndarray
) -> RaterComponents:
    """σ_R and σ_E from multi-rater ratings by a two-way ANOVA per person, shrunk to the prior.

    Parameters
    ----------
    person, rater, competency : numpy.ndarray
        (N,) non-negative integer codes of each rating's person, rater and competency.
    level : numpy.ndarray
        (N,) levels 0..4 (no NaN).
    is_self : numpy.ndarray
        (N,) bool, the rating is the person's own; self-ratings are left out (their leniency is
        modelled apart).

    Returns
    -------
    RaterComponents
        `source` 'data' with the number of people used when at least MIN_PEOPLE people have two or
        more raters on two or more competencies that all their raters rated; else `PRIOR`.

    Notes
    -----
    Per person p with k_p raters and n_p common competencies (a complete raters × competencies
    table), the rater mean square has expectation σ_E² + n_p σ_R² and the residual (interaction)
    mean square σ_E² (two-way ANOVA without replication; e.g. Shrout & Fleiss 1979). Pooled over
    people: σ̂_E² = Σ SS_res / Σ (k_p - 1)(n_p - 1) and
    σ̂_R² = max(0, Σ SS_rater - σ̂_E² Σ (k_p - 1)) / Σ (k_p - 1) n_p. Each is then shrunk to the prior,
    (ν σ_0² + df σ̂²) / (ν + df), with NU_RATER and NU_ITEM pseudo-observations. O(N) with bincount.
    """
    keep = ~is_self
    p, r, c, x = person[keep], rater[keep], competency[keep], level[keep].astype(float)
    if len(p) == 0:
        return PRIOR
    n_p, n_c = int(p.max()) + 1, int(c.max()) + 1
    pair = pd.factorize(p.astype(np.int64) * (int(r.max()) + 1) + r)[0]  # one code per rater and person
    pair_person = np.zeros(int(pair.max()) + 1, dtype=np.int64)
    pair_person[pair] = p
    raters = np.bincount(pair_person, minlength=n_p)  # distinct raters per person
    cell = p.astype(np.int64) * n_c + c
    in_cell = np.bincount(cell, minlength=n_p * n_c)
    common = (in_cell[cell] == raters[p]) & (raters[p] >= 2)  # rated by every rater of the person
    p, pair, cell, x = p[common], pair[common], cell[common], x[common]
    items = np.bincount(cell, minlength=n_p * n_c).astype(bool)
    n_items = np.bincount(np.nonzero(items)[0] // n_c, minlength=n_p)  # common competencies per person
    use = n_items[p] >= 2
    p, pair, cell, x = p[use], pair[use], cell[use], x[use]
    people = int(np.count_nonzero(np.bincount(p, minlength=n_p)))  # with a usable table
    if people < MIN_PEOPLE:
        return PRIOR

    def mean_by(codes: np.ndarray) -> np.ndarray:
        n = np.bincount(codes)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.bincount(codes, weights=x) / n

    grand, by_pair, by_cell = mean_by(p)[p], mean_by(pair)[pair], mean_by(cell)[cell]
    ss_rater = float(np.sum((by_pair - grand) ** 2))  # = Σ_p n_p Σ_r (x̄_pr - x̄_p)²
    ss_res = float(np.sum((x - by_pair - by_cell + grand) ** 2))
    used = np.bincount(p, minlength=n_p) > 0
    k, n = raters[used].astype(float), n_items[used].astype(float)
    df_rater, df_res = float(np.sum(k - 1)), float(np.sum((k - 1) * (n - 1)))
    item_var = ss_res / df_res
    rater_var = max(0.0, ss_rater - item_var * df_rater) / float(np.sum((k - 1) * n))
    rater_var = (NU_RATER * PRIOR_RATER_VAR + df_rater * rater_var) / (NU_RATER + df_rater)
    item_var = (NU_ITEM * PRIOR_ITEM_VAR + df_res * item_var) / (NU_ITEM + df_res)
    return RaterComponents(math.sqrt(rater_var), math.sqrt(item_var), people, "data")


def self_shares(
    n_people: int, from_ratings: np.ndarray | None, self_view: bool | np.ndarray | None
) -> np.ndarray | None:
    """(P,) each person's share of self-ratings, from `self_view` when given (True: 1), else the
    ratings' own (`RatingMatrix.self_share`); None when nobody rated themselves."""
    if self_view is None:
        return from_ratings
    share = np.broadcast_to(np.asarray(self_view, dtype=float), (n_people,))
    return share if share.any() else None
