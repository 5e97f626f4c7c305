"""Scoring: from ratings to block scores, overall score, role fit, gaps, career level, confidence.

Input is a tidy frame of ratings with columns `person`, `rater`, `competency`, `level` (0..4; a
missing answer is an absent row or NaN, never a zero). Everything is computed for many people at
once with numpy matrix operations: there is no Python loop over people.

The rules (written out with examples in docs/scoring.md):

- A competency's level for a person is the mean over the raters who answered it; its score is
  level / 4 on a 0..1 scale, shown as 0..100.
- Block score: the mean of the answered competencies of the block, weighted by competency weight.
- Overall score: the mean of all answered competencies, each weighted by its *effective weight*
  (block weight share × competency weight share within the block). Unanswered competencies drop
  out and the weights re-normalise over what was answered.
- Role fit: the effective-weighted mean, over answered competencies the role needs (target > 0),
  of min(level, target) / target. Exceeding a target earns nothing extra.
- Gaps: for each answered competency below its target, priority = effective weight × shortfall.
- Career level: the highest level of the framework whose conditions all hold, judged with the
  framework's default weights so that it does not depend on the role chosen.
- Confidence band: ±1.96 standard errors around each score. The standard error combines rating
  error (narrower with more raters and with agreeing raters) and the uncertainty left by
  unanswered competencies (zero when everything is answered).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from smm_eval._alloc import tune_allocator
from smm_eval.framework import Framework, RoleProfile
from smm_eval.vocabulary import EXPERT, INDEPENDENT

tune_allocator()

RATING_COLUMNS: tuple[str, ...] = ("person", "rater", "competency", "level")

# Priors of the confidence model, in levels (0..4). A single anchored rating is taken to sit
# within about ±0.75 levels of the truth (one SD), a usual figure for 5-point behavioural scales;
# a person's levels spread about 1 level across competencies before we see any answers.
SIGMA_RATER = 0.75
NU_RATER = 2.0
TAU_PROFILE = 1.0
NU_PROFILE = 2.0
Z_95 = 1.96
# Half-widths (score points) of the 95% band that name the confidence.
CONFIDENCE_HIGH = 5.0
CONFIDENCE_MEDIUM = 10.0


@dataclass(frozen=True)
class Weights:
    """Weights and targets aligned with the framework's competency order."""

    competency_ids: tuple[str, ...]
    block_ids: tuple[str, ...]
    block_index: np.ndarray  # (C,) index of each competency's block
    block_weight: np.ndarray  # (B,) shares summing to 1
    within_block: np.ndarray  # (C,) share of the competency inside its block (0 where block weighs 0)
    target: np.ndarray | None  # (C,) target levels, or None without a role

    @property
    def effective(self) -> np.ndarray:
        """(C,) effective weight of each competency in the overall score; sums to 1."""
        return self.block_weight[self.block_index] * self.within_block

    @property
    def block_matrix(self) -> np.ndarray:
        """(C, B) weight of each competency inside each block score."""
        matrix = np.zeros((len(self.competency_ids), len(self.block_ids)))
        matrix[np.arange(len(self.competency_ids)), self.block_index] = self.within_block
        return matrix


def weights_for(framework: Framework, role: RoleProfile | None = None) -> Weights:
    """Resolve the weights of a role (or the framework's defaults when `role` is None)."""
    comp_ids = tuple(framework.competency_ids)
    block_ids = tuple(framework.block_ids)
    block_of = framework.block_of
    block_index = np.array([block_ids.index(block_of[c]) for c in comp_ids])
    if role is None:
        raw_block = np.array([framework.block(b).weight for b in block_ids], dtype=float)
        raw_comp = np.array([framework.competencies[c].weight for c in comp_ids], dtype=float)
        target = None
    else:
        raw_block = np.array([role.block_weights[b] for b in block_ids], dtype=float)
        raw_comp = np.array([role.competency_weights[c] for c in comp_ids], dtype=float)
        target = np.array([role.targets[c] for c in comp_ids], dtype=float)
    block_total = np.bincount(block_index, weights=raw_comp, minlength=len(block_ids))
    with np.errstate(invalid="ignore", divide="ignore"):
        within = np.where(block_total[block_index] > 0, raw_comp / block_total[block_index], 0.0)
    # A block whose competencies all weigh zero cannot carry weight.
    raw_block = np.where(block_total > 0, raw_block, 0.0)
    return Weights(comp_ids, block_ids, block_index, raw_block / raw_block.sum(), within, target)


@dataclass(frozen=True)
class RatingMatrix:
    """Ratings combined over raters: one row per person, one column per competency."""

    people: pd.Index
    competency_ids: tuple[str, ...]
    mean: np.ndarray  # (P, C) mean level, NaN where nobody answered
    count: np.ndarray  # (P, C) number of raters who answered
    variance: np.ndarray  # (P, C) sample variance across raters, NaN below two raters
    spread: np.ndarray  # (P, C) max - min across raters, NaN below two raters
    raters: np.ndarray  # (P,) distinct raters per person

    def levels_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.mean, index=self.people, columns=list(self.competency_ids))

    @classmethod
    def from_levels(cls, levels: pd.DataFrame, competency_ids: Sequence[str]) -> RatingMatrix:
        """Already combined levels (people x competencies, NaN unrated), taken as one rater each."""
        mean = levels.reindex(columns=list(competency_ids)).to_numpy(dtype=float)
        if np.any((mean < 0) | (mean > 4)):
            raise ValueError("levels must be within 0..4")
        count = (~np.isnan(mean)).view(np.uint8)
        # One rater each: no variance or spread anywhere; a read-only NaN view costs no memory.
        nan = np.broadcast_to(np.float64(np.nan), mean.shape)
        return cls(
            pd.Index(levels.index, name="person"),
            tuple(competency_ids),
            mean,
            count,
            nan,
            nan,
            np.ones(len(mean), dtype=np.int32),
        )


# Up to this many possible keys, counting in an array beats sorting or hashing the keys.
_DENSE_KEYS = 64_000_000


def _has_repeats(keys: np.ndarray, bound: int) -> bool:
    """Whether any value of `keys` (integers in 0..bound-1) occurs twice."""
    if len(keys) < 2:
        return False
    if bound <= _DENSE_KEYS:
        return bool(np.bincount(keys, minlength=bound).max() > 1)
    ordered = np.sort(keys)
    return bool((ordered[1:] == ordered[:-1]).any())


def _distinct_per_group(group: np.ndarray, value: np.ndarray, n_groups: int, n_values: int) -> np.ndarray:
    """Number of distinct `value`s in each group 0..n_groups-1."""
    keys = group * n_values + value
    if n_groups * n_values <= _DENSE_KEYS:
        seen = np.bincount(keys, minlength=n_groups * n_values).reshape(n_groups, n_values) > 0
        return seen.sum(axis=1)
    ordered = np.sort(keys)
    first = np.ones(len(ordered), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return np.bincount(ordered[first] // n_values, minlength=n_groups)


def rating_matrix(
    ratings: pd.DataFrame, competency_ids: Sequence[str], people: Sequence[str] | None = None
) -> RatingMatrix:
    """Combine tidy ratings into per-person matrices.

    Parameters
    ----------
    ratings : frame with columns person, rater, competency, level. `rater` may be absent (one
        rater). Rows with a missing level are unanswered and ignored.
    competency_ids : the framework's competency order.
    people : optional order of people; people without any answer still get a row.

    Examples
    --------
    >>> r = pd.DataFrame({"person": ["a", "a"], "rater": ["x", "y"],
    ...                   "competency": ["copywriting", "copywriting"], "level": [2, 4]})
    >>> m = rating_matrix(r, ["copywriting", "seo_basics"])
    >>> m.mean.tolist(), m.spread.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ([[3.0, nan]], [[2.0, nan]])
    """
    missing = [c for c in ("person", "competency", "level") if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings lack column(s) {missing}; expected {list(RATING_COLUMNS)}")
    comp_ids = tuple(competency_ids)
    frame = ratings.loc[ratings["level"].notna()]
    levels = pd.to_numeric(frame["level"], errors="coerce").to_numpy(dtype=float)
    bad = np.isnan(levels) | (levels < 0) | (levels > 4) | (levels != np.round(levels))
    if bad.any():
        sample = frame.loc[bad, "level"].head(3).tolist()
        raise ValueError(f"levels must be whole numbers 0..4; found {sample}")
    # Factorise first: the lookup then runs on the few distinct ids, not on every row.
    codes, uniques = pd.factorize(frame["competency"], sort=False)
    comp_codes = pd.Index(comp_ids).get_indexer(uniques)[codes] if len(codes) else codes
    if (comp_codes < 0).any():
        unknown = sorted(set(frame["competency"][comp_codes < 0].astype(str)))
        raise ValueError(f"unknown competency ids {unknown[:10]}")

    if people is None:
        person_codes, uniques = pd.factorize(frame["person"], sort=False)
        people_index = pd.Index(uniques, name="person")
    else:
        people_index = pd.Index(list(people), name="person")
        if people_index.has_duplicates:
            raise ValueError("people must not repeat")
        codes, uniques = pd.factorize(frame["person"], sort=False)
        person_codes = people_index.get_indexer(uniques)[codes] if len(codes) else codes
        if (person_codes < 0).any():
            raise ValueError("ratings name people that are not in `people`")
    if "rater" in frame.columns:
        codes, _ = pd.factorize(frame["rater"], sort=False)  # a missing rater is -1: one more rater
        rater_codes = codes.astype(np.int64) + 1
    else:
        rater_codes = np.zeros(len(frame), dtype=np.int64)

    n_people, n_comp = len(people_index), len(comp_ids)
    cell = person_codes.astype(np.int64) * n_comp + comp_codes
    n_raters = int(rater_codes.max()) + 1 if len(rater_codes) else 1
    if _has_repeats(cell * n_raters + rater_codes, n_people * n_comp * n_raters):
        raise ValueError("the same person, rater and competency appear more than once")

    size = n_people * n_comp
    count = np.bincount(cell, minlength=size).reshape(n_people, n_comp)
    total = np.bincount(cell, weights=levels, minlength=size).reshape(n_people, n_comp)
    total_sq = np.bincount(cell, weights=levels**2, minlength=size).reshape(n_people, n_comp)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
        variance = np.where(count > 1, (total_sq - count * mean**2) / (count - 1), np.nan)
    variance = np.where(variance < 0, 0.0, variance)  # rounding noise
    if count.max(initial=0) > 1:
        high = np.full(size, -np.inf)
        low = np.full(size, np.inf)
        np.maximum.at(high, cell, levels)
        np.minimum.at(low, cell, levels)
        spread = np.where(count > 1, (high - low).reshape(n_people, n_comp), np.nan)
    else:
        spread = np.full((n_people, n_comp), np.nan)
    raters = _distinct_per_group(person_codes.astype(np.int64), rater_codes, n_people, n_raters)
    return RatingMatrix(people_index, comp_ids, mean, count, variance, spread, raters)


def _estimate_from_sums(
    den: np.ndarray, s1: np.ndarray, s2: np.ndarray, var: np.ndarray, a2: np.ndarray, total: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and its standard error from weighted sums over the answered items.

    den = sum w, s1 = sum w s, s2 = sum w s^2, var = sum w^2 var(s), a2 = sum w^2 (all over answered
    items, each (P, K)); total = sum of all weights (K,). The error adds rating variance,
    var / den^2, and the finite-population sampling variance of the unanswered share,
    (1 - f) s^2 / n_eff, with s^2 the person's spread over answered items shrunk towards
    TAU_PROFILE.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s1 / den
        var_rating = var / den**2
        spread = np.clip(s2 / den - mean**2, 0.0, None)
        n_eff = den**2 / a2
        extra = np.clip(n_eff - 1, 0, None)
        s2_shrunk = (NU_PROFILE * (TAU_PROFILE / 4) ** 2 + extra * spread) / (NU_PROFILE + extra)
        var_missing = np.clip(1 - den / total, 0.0, None) * s2_shrunk / n_eff
        se = np.sqrt(var_rating + var_missing)
    empty = ~(den > 0)
    mean[empty] = np.nan
    se[empty] = np.nan
    return mean, se


def _weighted_estimate(scores: np.ndarray, var_items: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean over answered items and its standard error, for K weightings at once.

    scores (P, C) on 0..1 with NaN for unanswered; var_items (P, C) the variance of each item's
    score; weights (C, K). Returns mean and standard error, each (P, K), NaN where nothing with
    weight was answered (see _estimate_from_sums).
    """
    answered = ~np.isnan(scores)
    a = answered.astype(float)
    s0 = np.where(answered, scores, 0.0)
    w2 = weights**2
    return _estimate_from_sums(
        a @ weights, s0 @ weights, s0**2 @ weights, np.where(answered, var_items, 0.0) @ w2, a @ w2, weights.sum(axis=0)
    )


def _item_variance(count: np.ndarray, variance: np.ndarray) -> np.ndarray:
    """Variance of each competency score (0..1 scale) from rater error, shrunk to the prior."""
    k = count.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = np.nan_to_num(variance, nan=0.0)
        extra = np.clip(k - 1, 0, None)
        per_rater = (NU_RATER * SIGMA_RATER**2 + extra * observed) / (NU_RATER + extra)
        return np.where(k > 0, per_rater / k, np.nan) / 16.0


CONFIDENCE_LABELS: tuple[str, ...] = ("none", "low", "medium", "high")


def confidence_codes(half_width: np.ndarray) -> np.ndarray:
    """Codes into CONFIDENCE_LABELS ('none', 'low', 'medium', 'high') from 95% half-widths.

    >>> [CONFIDENCE_LABELS[c] for c in confidence_codes(np.array([3.0, 7.5, 20.0, np.nan]))]
    ['high', 'medium', 'low', 'none']
    """
    codes = np.where(half_width <= CONFIDENCE_HIGH, 3, np.where(half_width <= CONFIDENCE_MEDIUM, 2, 1))
    return np.where(np.isnan(half_width), 0, codes).astype(np.int8)


def _career_codes(
    level_sum: np.ndarray, independent_sum: np.ndarray, expert_sum: np.ndarray, den: np.ndarray, career: Sequence
) -> tuple[np.ndarray, np.ndarray]:
    """Career level codes (index into `career`, -1 without answers) and the weighted mean level.

    Each argument is a weighted sum over a person's answered competencies (default weights): of
    the levels, of the indicators level >= INDEPENDENT and level >= EXPERT, and of the weights.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_level, share_ind, share_exp = level_sum / den, independent_sum / den, expert_sum / den
    codes = np.full(len(den), -1, dtype=np.int8)
    has_answers = den > 0
    eps = 1e-9
    for i, lv in enumerate(career):
        ok = (
            has_answers
            & (mean_level >= lv.min_mean_level - eps)
            & (share_ind >= lv.min_share_independent - eps)
            & (share_exp >= lv.min_share_expert - eps)
        )
        codes[ok] = i  # later (higher) levels overwrite earlier ones
    return codes, np.where(has_answers, mean_level, np.nan)


@dataclass(frozen=True)
class ScoreResult:
    """Scores of many people for one role (or the framework defaults)."""

    role_id: str | None
    people: pd.DataFrame  # index person; see score_profiles for the columns
    blocks: pd.DataFrame  # person x block: score 0..100
    blocks_low: pd.DataFrame  # lower end of each block's 95% band
    blocks_high: pd.DataFrame  # upper end
    weights: Weights
    matrix: RatingMatrix

    @cached_property
    def levels(self) -> pd.DataFrame:
        """person x competency: mean level, NaN unanswered."""
        return self.matrix.levels_frame()

    @cached_property
    def gaps(self) -> pd.DataFrame:
        """Long: person, competency, block, level, target, shortfall, weight, priority.

        Built on first use: with many people it is the largest part of scoring, and the command
        line's `score` never needs it.
        """
        return _gaps(self.matrix, self.weights)


# People scored per step: the temporaries of a step then stay in the processor's cache instead of
# streaming gigabytes through memory, and steps run on threads (numpy releases the GIL).
CHUNK = 8_192
THREADS = max(1, min(4, os.cpu_count() or 1))


class _Sums:
    """Every weighted sum scoring needs, from one matrix product per group of items.

    A step's item matrix X holds, per group, a (rows, C) array: answered (0/1), level, level^2,
    level >= independent, level >= expert, the level capped at the target and its square (with a
    role) and the item variance (with several raters), all 0 where unanswered. Each group
    has one weight matrix whose columns are the named sums drawn from it (one product per group).
    """

    def __init__(self, w: Weights, default_w: np.ndarray, multi_rated: bool) -> None:
        self.groups = ["a", "lv", "lv2", "ind", "exp"]
        if w.target is not None:
            self.groups += ["met", "met2"]
        if multi_rated:
            self.groups.append("var")
        score_w = np.column_stack([w.block_matrix, w.effective])  # blocks and overall, K columns
        dw = default_w[:, None]
        columns: list[tuple[str, str, np.ndarray]] = [
            ("den", "a", score_w),
            ("a2", "a", score_w**2),
            ("s1", "lv", score_w / 4),
            ("s2", "lv2", score_w / 16),
            ("d_den", "a", dw),
            ("d_level", "lv", dw),
            ("d_ind", "ind", dw),
            ("d_exp", "exp", dw),
            ("count", "a", np.ones_like(dw)),
        ]
        if multi_rated:
            columns.append(("var", "var", score_w**2))
        if w.target is not None:
            needed = w.target > 0
            fit_w = np.where(needed, w.effective, 0.0)[:, None]
            per_target = fit_w / np.where(needed, w.target, 1.0)[:, None]  # the ratio's division, in the weights
            columns += [
                ("f_den", "a", fit_w),
                ("f_a2", "a", fit_w**2),
                ("f_s1", "met", per_target),
                ("f_s2", "met2", per_target / np.where(needed, w.target, 1.0)[:, None]),
                ("g_target", "a", (w.effective * w.target)[:, None]),
                ("g_capped", "met", w.effective[:, None]),
            ]
            if multi_rated:
                columns.append(("f_var", "var", fit_w**2))
            self.fit_total = fit_w.sum(axis=0)[:, None]
        by_group: dict[str, list[np.ndarray]] = {g: [] for g in self.groups}
        self.where: dict[str, tuple[int, slice]] = {}
        for name, group, matrix in columns:
            at = sum(m.shape[1] for m in by_group[group])
            self.where[name] = (self.groups.index(group), slice(at, at + matrix.shape[1]))
            by_group[group].append(matrix)
        self.weights = [np.hstack(by_group[g]) for g in self.groups]
        self.total = score_w.sum(axis=0)[:, None]

    def __call__(self, x: np.ndarray) -> dict[str, np.ndarray]:
        """The named sums, each (k, rows), of an item matrix x (groups, rows, C)."""
        out = [wg.T @ x[g].T for g, wg in enumerate(self.weights)]  # BLAS reads the transposes in place
        return {name: out[g][at] for name, (g, at) in self.where.items()}


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(THREADS, thread_name_prefix="smm-eval-scoring")


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # finding the loaded BLAS libraries takes milliseconds: once


def _in_chunks(n_rows: int, step: Callable[[slice], None]) -> None:
    """Run `step` over consecutive slices of CHUNK rows, on THREADS threads when there are several."""
    if n_rows <= 4 * CHUNK:  # small: one step, no per-chunk overhead
        step(slice(0, n_rows))
        return
    parts = [slice(start, min(start + CHUNK, n_rows)) for start in range(0, n_rows, CHUNK)]
    if THREADS > 1:
        # The products are small: BLAS's own threads would only fight the steps' threads for cores.
        with _blas().limit(limits=1, user_api="blas"):
            list(_pool().map(step, parts))
    else:
        for part in parts:
            step(part)


def block_scores(levels: np.ndarray, w: Weights) -> np.ndarray:
    """(P, B) block scores 0..100 of a (P, C) level matrix (NaN unanswered): in each block the
    weighted mean over the answered competencies. The first step of score_profiles on its own.

    >>> from smm_eval.framework import load_framework
    >>> fw = load_framework()
    >>> levels = np.full((1, len(fw.competency_ids)), 2.0)
    >>> block_scores(levels, weights_for(fw)).round(1).tolist()
    [[50.0, 50.0, 50.0, 50.0, 50.0]]
    """
    matrix = w.block_matrix
    out = np.empty((len(levels), matrix.shape[1]))

    def step(part: slice) -> None:
        chunk = levels[part]
        answered = ~np.isnan(chunk)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[part] = (np.where(answered, chunk, 0.0) @ (matrix * 25)) / (answered @ matrix)

    _in_chunks(len(levels), step)
    return out


def score_profiles(
    ratings: pd.DataFrame | RatingMatrix,
    framework: Framework,
    role: RoleProfile | None = None,
    people: Sequence[str] | None = None,
) -> ScoreResult:
    """Score every person in `ratings` for `role` (framework default weights when None).

    `people` columns: overall, overall_low, overall_high (0..100, 95% band), confidence
    (categorical high/medium/low/none), fit (0..100, NaN without a role), level (categorical
    career level id, NaN without answers), coverage (share of competencies answered, 0..1),
    answered, raters, agreement (share of multi-rated competencies where raters are within one
    level, NaN when none is multi-rated), mean_level (0..4, default weights) and, with a role,
    top_gap (the competency of the largest gap, NaN without one), top_gap_priority and gap_total
    (the sum of all gap priorities). The full list of gaps is `ScoreResult.gaps`, built on demand.

    Examples
    --------
    >>> from smm_eval.framework import load_framework
    >>> fw = load_framework()
    >>> r = pd.DataFrame({"person": "ana", "rater": "self", "competency": fw.competency_ids, "level": 3})
    >>> row = score_profiles(r, fw).people.loc["ana"]
    >>> round(float(row["overall"]), 1), float(row["coverage"]), row["level"]
    (75.0, 1.0, 'senior')
    """
    matrix = ratings if isinstance(ratings, RatingMatrix) else rating_matrix(ratings, framework.competency_ids, people)
    w = weights_for(framework, role)
    default_w = weights_for(framework).effective
    n_people, n_blocks = len(matrix.people), len(w.block_ids)
    multi_rated = bool(matrix.count.max(initial=0) > 1)
    sums = _Sums(w, default_w, multi_rated)
    n_comp = len(w.competency_ids)
    if w.target is not None:
        weighted_target = w.effective * w.target
    career = framework.career_levels
    prior_var = SIGMA_RATER**2 / 16  # one rater per answered item: the prior's variance

    estimate = np.empty((n_blocks + 1, n_people))  # rows contiguous: the frames below take them as is
    error = np.empty((n_blocks + 1, n_people))
    fit = np.full(n_people, np.nan)
    answered_n = np.empty(n_people, dtype=np.int16)
    agreement = np.full(n_people, np.nan)
    level_codes = np.empty(n_people, dtype=np.int8)
    mean_level = np.empty(n_people)
    gap_code = np.full(n_people, -1, dtype=np.int8)
    gap_top = np.full(n_people, np.nan)
    gap_total = np.full(n_people, np.nan)

    def step(part: slice) -> None:
        mean = np.asarray(matrix.mean[part], dtype=float)
        rows = len(mean)
        x = np.empty((len(sums.groups), rows, n_comp))
        answered = x[0]
        np.equal(mean, mean, out=answered)  # 1 where answered, 0 where NaN
        level = x[1]
        np.fmax(mean, 0.0, out=level)  # levels are >= 0; fmax turns NaN into 0
        np.multiply(level, level, out=x[2])
        np.greater_equal(level, INDEPENDENT, out=x[3])
        np.greater_equal(level, EXPERT, out=x[4])
        if w.target is not None:
            np.minimum(level, w.target, out=x[5])  # level capped at the target
            np.multiply(x[5], x[5], out=x[6])
        if multi_rated:
            count = np.asarray(matrix.count[part])
            var_items = _item_variance(count, np.asarray(matrix.variance[part]))
            var_items[answered == 0] = 0.0
            x[-1] = var_items
        t = sums(x)
        var = t["var"] if multi_rated else t["a2"] * prior_var
        estimate[:, part], error[:, part] = _estimate_from_sums(t["den"], t["s1"], t["s2"], var, t["a2"], sums.total)
        if w.target is not None:
            f_var = t["f_var"] if multi_rated else t["f_a2"] * prior_var
            f_mean, _ = _estimate_from_sums(t["f_den"], t["f_s1"], t["f_s2"], f_var, t["f_a2"], sums.fit_total)
            fit[part] = f_mean[0] * 100
            # Priority of a gap: weight x shortfall, and shortfall = target - capped level where answered.
            priority = answered * weighted_target
            priority -= x[5] * w.effective
            top = priority.argmax(axis=1)
            top_priority = priority[np.arange(rows), top]
            gap_code[part] = np.where(top_priority > 0, top, -1)
            gap_top[part] = top_priority
            gap_total[part] = np.clip(t["g_target"][0] - t["g_capped"][0], 0.0, None)
        answered_n[part] = np.rint(t["count"][0])
        if multi_rated:
            multi = count > 1
            n_multi = multi.sum(axis=1)
            with np.errstate(invalid="ignore", divide="ignore"):
                close = (multi & (np.asarray(matrix.spread[part]) <= 1)).sum(axis=1)
                agreement[part] = np.where(n_multi > 0, close / n_multi, np.nan)
        level_codes[part], mean_level[part] = _career_codes(
            t["d_level"][0], t["d_ind"][0], t["d_exp"][0], t["d_den"][0], career
        )

    _in_chunks(n_people, step)

    estimate *= 100
    half = error * (Z_95 * 100)
    low = np.clip(estimate - half, 0, 100)
    high = np.clip(estimate + half, 0, 100)
    people_frame = pd.DataFrame(
        {
            "overall": estimate[n_blocks],
            "overall_low": low[n_blocks],
            "overall_high": high[n_blocks],
            "confidence": pd.Categorical.from_codes(confidence_codes(half[n_blocks]), categories=CONFIDENCE_LABELS),
            "fit": fit,
            "level": pd.Categorical.from_codes(level_codes, categories=[lv.id for lv in career]),
            "coverage": answered_n / n_comp,
            "answered": answered_n,
            "raters": matrix.raters,
            "agreement": agreement,
            "mean_level": mean_level,
            "top_gap": pd.Categorical.from_codes(gap_code, categories=list(w.competency_ids)),
            "top_gap_priority": gap_top,
            "gap_total": gap_total,
        },
        index=matrix.people,
    )
    block_cols = list(w.block_ids)

    def block_frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values[:n_blocks].T, index=matrix.people, columns=block_cols, copy=False)

    return ScoreResult(
        role_id=role.id if role is not None else None,
        people=people_frame,
        blocks=block_frame(estimate),
        blocks_low=block_frame(low),
        blocks_high=block_frame(high),
        weights=w,
        matrix=matrix,
    )


GAP_COLUMNS = ("person", "competency", "block", "level", "target", "shortfall", "weight", "priority")


def _gaps(matrix: RatingMatrix, w: Weights) -> pd.DataFrame:
    if w.target is None:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in GAP_COLUMNS})
    shortfall = np.clip(w.target - matrix.mean, 0, None)  # NaN (unanswered) stays NaN
    rows, cols = np.nonzero(np.nan_to_num(shortfall, nan=0.0) > 0)
    priority = w.effective[cols] * shortfall[rows, cols]
    order = np.lexsort((cols, -priority, rows))
    rows, cols, priority = rows[order], cols[order], priority[order]
    # Categorical columns: codes into the (small) lists of people, competencies and blocks, rather
    # than one string per gap.
    return pd.DataFrame(
        {
            "person": pd.Categorical.from_codes(rows, categories=matrix.people),
            "competency": pd.Categorical.from_codes(cols, categories=list(w.competency_ids)),
            "block": pd.Categorical.from_codes(w.block_index[cols], categories=list(w.block_ids)),
            "level": matrix.mean[rows, cols],
            "target": w.target[cols],
            "shortfall": shortfall[rows, cols],
            "weight": w.effective[cols],
            "priority": priority,
        }
    )


def target_block_scores(w: Weights) -> pd.Series:
    """A role's target levels expressed as block scores 0..100 (for the radar)."""
    if w.target is None:
        raise ValueError("these weights have no target (no role)")
    matrix = w.block_matrix
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (w.target / 4.0) @ matrix / matrix.sum(axis=0) * 100
    return pd.Series(values, index=list(w.block_ids))


def top_gaps(result: ScoreResult, person: str, n: int = 5) -> pd.DataFrame:
    """A person's `n` largest gaps, highest priority first."""
    gaps = result.gaps
    return gaps.loc[gaps["person"] == person].head(n).reset_index(drop=True)


def top_gaps_of(result: ScoreResult, people: Sequence[object], n: int = 3) -> pd.DataFrame:
    """The `n` largest gaps of each of `people`, in the order of the gaps frame."""
    gaps = result.gaps
    return gaps.loc[gaps["person"].isin(list(people))].groupby("person", sort=False, observed=True).head(n)


def unanswered_needed(result: ScoreResult, person: str) -> list[str]:
    """Competencies the role needs (target > 0) that the person has not answered."""
    if result.weights.target is None:
        return []
    levels = result.levels.loc[person].to_numpy()
    needed = result.weights.target > 0
    return [
        c
        for c, miss, need in zip(result.weights.competency_ids, np.isnan(levels), needed, strict=True)
        if miss and need
    ]


def strengths(result: ScoreResult, person: str, n: int = 3, min_level: float = INDEPENDENT) -> pd.DataFrame:
    """A person's strongest competencies at `min_level` or above: highest level, then weight."""
    levels = result.levels.loc[person]
    frame = pd.DataFrame({"competency": levels.index, "level": levels.to_numpy(), "weight": result.weights.effective})
    frame = frame.loc[frame["level"] >= min_level]
    return frame.sort_values(["level", "weight"], ascending=False, kind="stable").head(n).reset_index(drop=True)


def role_fit_matrix(
    levels: pd.DataFrame, framework: Framework, roles: Mapping[str, RoleProfile], kind: str = "fit"
) -> pd.DataFrame:
    """Fit or match (0..100) of every person (rows of `levels`) for every role (columns).

    `fit` is how much of the role's target is met (exceeding a target earns nothing);
    `match` is how close the profile is to the target in both directions:
    100 × (1 − weighted mean |level − target| / 4) over answered competencies.
    """
    if kind not in ("fit", "match"):
        raise ValueError("kind must be 'fit' or 'match'")
    values = levels.reindex(columns=framework.competency_ids).to_numpy(dtype=float)
    zero_var = np.zeros_like(values)
    columns = {}
    for role_id, role in roles.items():  # a loop over roles, not people
        w = weights_for(framework, role)
        if kind == "fit":
            needed = w.target > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                item = np.where(needed, np.minimum(values, w.target) / np.where(needed, w.target, 1.0), np.nan)
            item_w = np.where(needed, w.effective, 0.0)
        else:
            item, item_w = 1.0 - np.abs(values - w.target) / 4.0, w.effective
        columns[role_id] = _weighted_estimate(item, zero_var, item_w[:, None])[0][:, 0] * 100
    return pd.DataFrame(columns, index=levels.index)


def best_fitting_roles(
    levels: pd.Series, framework: Framework, roles: Mapping[str, RoleProfile], n: int = 3
) -> pd.DataFrame:
    """One person's best-fitting roles, closest profile (`match`) first, with each role's `fit`.

    Ranking by closeness rather than by fit keeps an experienced person from being told that
    the trainee role (whose low targets everyone meets) fits best.
    """
    frame = levels.to_frame().T
    match = role_fit_matrix(frame, framework, roles, "match").iloc[0]
    fit = role_fit_matrix(frame, framework, roles, "fit").iloc[0]
    result = pd.DataFrame({"role": match.index, "match": match.to_numpy(), "fit": fit[match.index].to_numpy()})
    result = result.dropna(subset=["match"]).sort_values(["match", "fit"], ascending=False, kind="stable")
    return result.head(n).reset_index(drop=True)


def answers_to_ratings(answers: Mapping[str, int | None], person: str = "you", rater: str = "self") -> pd.DataFrame:
    """A tidy ratings frame from one person's answers {competency: level or None}."""
    items = [(c, lv) for c, lv in answers.items() if lv is not None]
    return pd.DataFrame(
        {
            "person": [person] * len(items),
            "rater": [rater] * len(items),
            "competency": [c for c, _ in items],
            "level": [lv for _, lv in items],
        }
    )


def best_role_of_each(levels: pd.DataFrame, framework: Framework, roles: Mapping[str, RoleProfile]) -> pd.Series:
    """The best-fitting role of every person (rows of `levels`), by the rule of best_fitting_roles
    (closest profile, then fit, then role order); None for a person without answers."""
    match = role_fit_matrix(levels, framework, roles, "match").to_numpy()
    fit = role_fit_matrix(levels, framework, roles, "fit").to_numpy()
    with np.errstate(invalid="ignore"):
        best_match = np.nanmax(np.where(np.isnan(match), -np.inf, match), axis=1)
        tied = match == best_match[:, None]
        tied_fit = np.where(tied, np.nan_to_num(fit, nan=-np.inf), -np.inf)
        pick = tied & (tied_fit == tied_fit.max(axis=1)[:, None])
    ids = np.array([*roles, None], dtype=object)
    first = np.where(pick.any(axis=1), pick.argmax(axis=1), len(roles))
    return pd.Series(ids[first], index=levels.index, name="best_role", dtype=object)
