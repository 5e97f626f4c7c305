"""The scoring engine: every person's block scores, overall score, band, fit, level and top gap.

Owns `score_profiles` and `block_scores` and how they run fast: people are scored in chunks of
CHUNK rows on THREADS threads (numpy releases the GIL), and every weighted sum a chunk needs comes
from one matrix product per group of items (`_Sums`). The statistics themselves are in
`estimates`; the full list of gaps is built on demand by `gaps.gap_table`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from smm_eval.agreement.raters import rwg
from smm_eval.framework import Framework, RoleProfile, load_roles
from smm_eval.scoring.coverage import COVERAGE_GATE, more_to_rate, passes_gate, target_weight
from smm_eval.scoring.estimates import (
    CONFIDENCE_LABELS,
    band,
    confidence_codes,
    estimate_from_sums,
    model_variance,
)
from smm_eval.scoring.gaps import RANK_DECIMALS, fit_gain, fit_gain_rate, gap_table
from smm_eval.scoring.levels import grade_arrays, role_levels
from smm_eval.scoring.matrix import RatingMatrix, rating_matrix
from smm_eval.scoring.measurement import PRIOR, SELF_LENIENCY, SKIP_SHORTFALL, RaterComponents, self_shares
from smm_eval.scoring.roles import best_role_codes, role_arrays
from smm_eval.scoring.weights import Weights, weights_for
from smm_eval.vocabulary import CAREER_LEVELS


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
    components: RaterComponents = PRIOR  # the measurement model's components behind the bands

    @cached_property
    def levels(self) -> pd.DataFrame:
        """person x competency: mean level, NaN unanswered."""
        return self.matrix.levels_frame()

    @cached_property
    def gaps(self) -> pd.DataFrame:
        """Long: person, competency, block, level, target, shortfall, weight, priority (fit points).

        Built on first use: with many people it is the largest part of scoring, and the command
        line's `score` never needs it.
        """
        return gap_table(self.matrix, self.weights)


# People scored per step: the temporaries of a step then stay in the processor's cache instead of
# streaming gigabytes through memory, and steps run on threads (numpy releases the GIL).
CHUNK = 8_192
THREADS = max(1, min(4, os.cpu_count() or 1))
BLOCK_ROWS = 4_096  # block_scores' inner blocks: its buffers stay in the processor's cache
# block_scores runs on one thread below this many people: at 100k its 13 chunks on two threads took
# 31 ms against 19 ms on one, on the 2-core machine under load (issue 17 item 3, load 15-18); at
# 1M two threads were as fast or faster (263 against 300 ms). Design choice from that measurement.
BLOCK_THREADS_FROM = 500_000


class _Sums:
    """Every weighted sum scoring needs, from one matrix product per group of items.

    A step's item matrix X holds, per group, a (rows, C) array: answered (0/1), level, level^2,
    the level capped at the target and its square (with a role) and 1 / raters (with several
    raters; with one it equals answered), all 0 where unanswered. Each group has one weight matrix
    whose columns are the named sums drawn from it (one product per group).
    """

    def __init__(self, w: Weights, multi_rated: bool) -> None:
        self.groups = ["a", "lv", "lv2"]
        if w.target is not None:
            self.groups += ["met", "met2"]
        inverse_k = "ik" if multi_rated else "a"  # 1/k is the answered indicator with one rater
        if multi_rated:
            self.groups.append("ik")
        score_w = np.column_stack([w.block_matrix, w.effective])  # blocks and overall, K columns
        columns: list[tuple[str, str, np.ndarray]] = [
            ("den", "a", score_w),
            ("a2", "a", score_w**2),
            ("s1", "lv", score_w / 4),
            ("s2", "lv2", score_w / 16),
            ("count", "a", np.ones((len(w.effective), 1))),
        ]
        self.alias = {"rk": "den", "ek": "a2"}  # Σ w / k and Σ w^2 / k with one rater per item
        if multi_rated:
            columns += [("rk", inverse_k, score_w), ("ek", inverse_k, score_w**2)]
            self.alias = {}
        if w.target is not None:
            needed = w.target > 0
            fit_w = np.where(needed, w.effective, 0.0)[:, None]
            per_target = fit_w / np.where(needed, w.target, 1.0)[:, None]  # the ratio's division, in the weights
            columns += [
                ("f_den", "a", fit_w),
                ("f_a2", "a", fit_w**2),
                ("f_s1", "met", per_target),
                ("f_s2", "met2", per_target / np.where(needed, w.target, 1.0)[:, None]),
                ("f_g", "a", per_target),  # the fit's weights per level, e / target
                ("f_g2", "a", per_target**2),
            ]
            self.alias |= {"f_gk": "f_g", "f_gk2": "f_g2"}
            if multi_rated:
                columns += [("f_gk", inverse_k, per_target), ("f_gk2", inverse_k, per_target**2)]
                del self.alias["f_gk"], self.alias["f_gk2"]
            self.fit_total = fit_w.sum(axis=0)[:, None]
            self.fit_g_total = per_target.sum(axis=0)[:, None]
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
        sums = {name: out[g][at] for name, (g, at) in self.where.items()}
        return sums | {name: sums[same] for name, same in self.alias.items()}


@cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(THREADS, thread_name_prefix="smm-eval-scoring")


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # finding the loaded BLAS libraries takes milliseconds: once


def _in_chunks(n_rows: int, step: Callable[[slice], None], threads: int = THREADS) -> None:
    """Run `step` over consecutive slices of CHUNK rows, on `threads` threads when there are several."""
    # The products are thin (C items by a few sums): BLAS's own threads only fight the steps'
    # threads for cores, and on a loaded machine a small product waits for them (issue 17: the
    # block step at 10k took 20-30 ms with BLAS threads, under 1 ms on one).
    with _blas().limit(limits=1, user_api="blas"):
        if n_rows <= 4 * CHUNK:  # small: one step, no per-chunk overhead
            step(slice(0, n_rows))
            return
        parts = [slice(start, min(start + CHUNK, n_rows)) for start in range(0, n_rows, CHUNK)]
        if threads > 1:
            list(_pool().map(step, parts))
        else:
            for part in parts:
                step(part)


def block_scores(levels: np.ndarray, w: Weights) -> np.ndarray:
    """(P, B) block scores 0..100 of a (P, C) level matrix (levels 0..4, NaN unanswered): in each
    block the weighted mean over the answered competencies. The first step of score_profiles on its own.

    Per block of BLOCK_ROWS people, two thin products into buffers reused from block to block: the
    levels with NaN as 0 (`np.fmax(x, 0)`, which ignores NaN) times the block weights, over the
    answered mask (`x >= 0`, written as floats) times the same weights. Design choice from the
    profile of issue 17: `np.where`, a product of a boolean array (which numpy does not hand to
    BLAS) and fresh temporaries of the whole chunk (page faults) took most of the step. Below
    BLOCK_THREADS_FROM people the chunks run on one thread (measured faster on a loaded 2-core
    machine), from there on THREADS.

    >>> from smm_eval.framework import load_framework
    >>> fw = load_framework()
    >>> levels = np.full((1, len(fw.competency_ids)), 2.0)
    >>> block_scores(levels, weights_for(fw)).round(1).tolist()
    [[50.0, 50.0, 50.0, 50.0, 50.0]]
    """
    matrix = w.block_matrix
    scaled = matrix * 25  # level / 4 x 100
    n_items, n_blocks = matrix.shape
    out = np.empty((len(levels), n_blocks))

    def step(part: slice) -> None:
        rows = min(BLOCK_ROWS, part.stop - part.start)
        filled, answered = np.empty((rows, n_items)), np.empty((rows, n_items))
        num, den = np.empty((rows, n_blocks)), np.empty((rows, n_blocks))
        with np.errstate(invalid="ignore", divide="ignore"):
            for start in range(part.start, part.stop, rows):
                chunk = levels[start : min(start + rows, part.stop)]
                k = len(chunk)
                np.fmax(chunk, 0.0, out=filled[:k])
                np.greater_equal(chunk, 0.0, out=answered[:k])
                np.matmul(filled[:k], scaled, out=num[:k])
                np.matmul(answered[:k], matrix, out=den[:k])
                np.divide(num[:k], den[:k], out=out[start : start + k])

    _in_chunks(len(levels), step, THREADS if len(levels) >= BLOCK_THREADS_FROM else 1)
    return out


@dataclass
class _Outputs:
    """What the chunk steps write, one slice of people each; rows of `estimate`/`error` are the B
    blocks then the overall score, people contiguous (the frames take them as is)."""

    estimate: np.ndarray  # (B + 1, P) 0..1
    error: np.ndarray  # (B + 1, P) standard error, 0..1 scale
    unanswered: np.ndarray  # (B + 1, P) unanswered share of the weight, 0..1
    fit: np.ndarray  # (P,) 0..100, NaN without a role
    fit_se: np.ndarray  # (P,) standard error of fit, 0..100 points, NaN without a role
    fit_coverage: np.ndarray  # (P,) share of the role's target weight answered, NaN without a role
    to_rate: np.ndarray  # (P,) needed competencies still to rate to pass the coverage gate, 0 without a role
    answered: np.ndarray  # (P,) competencies answered
    rwg: np.ndarray  # (P,) rwg across raters (smm_eval.agreement.raters.rwg), 0..1
    level_codes: np.ndarray  # (P,) index into the career levels, -1 without answers
    level_role: np.ndarray  # (P,) index into the roles the level refers to, -1 without answers
    level_to_rate: np.ndarray  # (P,) competencies of that role still to rate to pass the coverage gate
    gap_code: np.ndarray  # (P,) competency of the top gap, -1 without one
    gap_top: np.ndarray  # (P,) priority of the top gap
    gap_total: np.ndarray  # (P,) sum of gap priorities

    @classmethod
    def empty(cls, n_people: int, n_blocks: int) -> _Outputs:
        return cls(
            estimate=np.empty((n_blocks + 1, n_people)),
            error=np.empty((n_blocks + 1, n_people)),
            unanswered=np.empty((n_blocks + 1, n_people)),
            fit=np.full(n_people, np.nan),
            fit_se=np.full(n_people, np.nan),
            fit_coverage=np.full(n_people, np.nan),
            to_rate=np.zeros(n_people, dtype=np.int16),
            answered=np.empty(n_people, dtype=np.int16),
            rwg=np.full(n_people, np.nan),
            level_codes=np.empty(n_people, dtype=np.int8),
            level_role=np.zeros(n_people, dtype=np.int16),
            level_to_rate=np.zeros(n_people, dtype=np.int16),
            gap_code=np.full(n_people, -1, dtype=np.int8),
            gap_top=np.full(n_people, np.nan),
            gap_total=np.full(n_people, np.nan),
        )


class _Step:
    """Scores one chunk of people (a slice of rows) into `_Outputs`; called from several threads,
    each on its own slice."""

    def __init__(
        self,
        matrix: RatingMatrix,
        w: Weights,
        out: _Outputs,
        level_roles: Sequence[RoleProfile],
        framework: Framework,
        model: tuple[RaterComponents, np.ndarray | None],
        with_top_gap: bool = True,
    ) -> None:
        self.matrix, self.w, self.out, self.with_top_gap = matrix, w, out, with_top_gap
        self.multi_rated = bool(matrix.count.max(initial=0) > 1)
        self.sums = _Sums(w, self.multi_rated)
        # The career level: for the role scored, or for each person's best-fitting role.
        self.level_roles = role_arrays(framework, {r.id: r for r in level_roles}) if w.target is None else None
        self.grades = [grade_arrays(r, weights_for(framework, r)) for r in level_roles]
        components, self.self_share = model
        self.rater_var, self.item_var = components.sigma_rater**2, components.sigma_item**2
        self.gain_rate = None if w.target is None else fit_gain_rate(w)  # (C,) fit points per level short

    def items(self, part: slice) -> np.ndarray:
        """The item matrix X (groups, rows, C) of the chunk, in the order of `_Sums.groups`."""
        mean = np.asarray(self.matrix.mean[part], dtype=float)
        x = np.empty((len(self.sums.groups), len(mean), len(self.w.competency_ids)))
        answered = x[0]
        np.equal(mean, mean, out=answered)  # 1 where answered, 0 where NaN
        level = x[1]
        np.fmax(mean, 0.0, out=level)  # levels are >= 0; fmax turns NaN into 0
        np.multiply(level, level, out=x[2])
        if self.w.target is not None:
            np.minimum(level, self.w.target, out=x[3])  # level capped at the target
            np.multiply(x[3], x[3], out=x[4])
        if self.multi_rated:
            with np.errstate(divide="ignore"):
                np.divide(answered, self.matrix.count[part], out=x[-1], where=answered > 0)
            x[-1][answered == 0] = 0.0
        return x

    def person_rater_var(self, part: slice) -> np.ndarray | float:
        """σ_R² of each person of the chunk, plus δ² (share of self-ratings)² for self-views."""
        if self.self_share is None:
            return self.rater_var
        return self.rater_var + (SELF_LENIENCY * self.self_share[part]) ** 2

    def __call__(self, part: slice) -> None:
        out, sums = self.out, self.sums
        x = self.items(part)
        t = sums(x)
        rater_var = self.person_rater_var(part)
        var = model_variance(t["den"], t["rk"], t["ek"], rater_var, self.item_var) / 16  # levels to 0..1
        out.estimate[:, part], out.error[:, part] = estimate_from_sums(
            t["den"], t["s1"], t["s2"], var, t["a2"], sums.total
        )
        out.unanswered[:, part] = np.clip(1 - t["den"] / sums.total, 0.0, 1.0)
        if self.gain_rate is not None:
            self.fit_and_gaps(part, x, t, self.gain_rate, rater_var)
        out.answered[part] = np.rint(t["count"][0])
        if self.multi_rated:
            out.rwg[part] = rwg(np.asarray(self.matrix.count[part]), np.asarray(self.matrix.variance[part]))
        self.career_level(part)

    def career_level(self, part: slice) -> None:
        """Each person's level (`levels.role_levels`) for the role scored, or without a role for
        their best-fitting role (`roles.best_role_codes`), with that role's competencies still to
        rate (`coverage.more_to_rate`; the role scored has them in `to_rate` already)."""
        out = self.out
        by_item = np.ascontiguousarray(np.asarray(self.matrix.mean[part], dtype=float).T)  # (C, rows)
        if self.level_roles is None:
            out.level_codes[part] = role_levels(by_item, self.grades[0], transposed=True)
            out.level_to_rate[part] = out.to_rate[part]
            return
        best = best_role_codes(by_item, self.level_roles, transposed=True)
        codes, to_rate = np.full(len(best), -1, dtype=np.int8), np.zeros(len(best), dtype=np.int16)
        answered = ~np.isnan(by_item)
        # Coverage of every role at once (R, rows); only people below the gate need a count.
        weights = target_weight(self.level_roles.effective, self.level_roles.target)
        coverage = (weights @ answered) / weights.sum(axis=1)[:, None]
        below = coverage[np.maximum(best, 0), np.arange(len(best))] < COVERAGE_GATE - 1e-9
        for r in range(len(self.grades)):  # a loop over roles, not people
            rows = np.flatnonzero(best == r)
            if rows.size:
                codes[rows] = role_levels(by_item[:, rows], self.grades[r], transposed=True)
                short = rows[below[rows]]
                if short.size:  # more_to_rate sorts: only for people below the gate
                    to_rate[short] = more_to_rate(answered[:, short].T, weights[r])
        out.level_codes[part], out.level_role[part], out.level_to_rate[part] = codes, best, to_rate

    def fit_and_gaps(
        self,
        part: slice,
        x: np.ndarray,
        t: dict[str, np.ndarray],
        gain_rate: np.ndarray,
        rater_var: np.ndarray | float,
    ) -> None:
        """Role fit, its standard error, the top gap and the total gap of the chunk (only with a
        role; `gain_rate` is (C,) `gaps.fit_gain_rate`)."""
        out, w = self.out, self.w
        # Fit's weights per level are g = e / target (a level short costs e / target / D of fit):
        # its rater and item error follow model_variance with v = g, conservatively also where the
        # level is above the target (where fit does not move).
        f_var = model_variance(t["f_g"], t["f_gk"], t["f_gk2"], rater_var, self.item_var)
        f_mean, f_se = estimate_from_sums(t["f_den"], t["f_s1"], t["f_s2"], f_var, t["f_a2"], self.sums.fit_total)
        # Skipped needed competencies, SKIP_SHORTFALL levels below: fit would be lower by up to
        # Δ Σ_unanswered g / Σ e; fit_se carries it as a variance (one symmetric figure for ranking).
        with np.errstate(invalid="ignore"):
            skip = SKIP_SHORTFALL * np.clip(self.sums.fit_g_total - t["f_g"], 0.0, None) / self.sums.fit_total
        coverage = t["f_den"][0] / self.sums.fit_total[0]
        shown = passes_gate(coverage)  # below the coverage gate fit says nothing: NaN, and to_rate > 0
        out.fit[part] = np.where(shown, f_mean[0] * 100, np.nan)
        out.fit_se[part] = np.where(shown, np.sqrt(f_se[0] ** 2 + skip[0] ** 2) * 100, np.nan)
        out.fit_coverage[part] = coverage
        out.to_rate[part] = more_to_rate(x[0], target_weight(w.effective, w.role_target()))
        if not self.with_top_gap:
            return
        # Priority of a gap: the fit points gained by closing it (gaps.fit_gain), with
        # shortfall = target - capped level where answered, 0 elsewhere.
        # A person with nothing the role needs answered (D = 0) has no gap: D = inf gives 0, not NaN.
        shortfall = np.subtract(w.role_target(), x[3])
        shortfall *= x[0]
        fit_weight = np.where(t["f_den"][0] > 0, t["f_den"][0], np.inf)[:, None]
        priority = fit_gain(shortfall, gain_rate, fit_weight, out=shortfall)
        top = np.round(priority, RANK_DECIMALS, out=x[3]).argmax(axis=1)  # x[3] is spent; ties: first competency
        top_priority = priority[np.arange(len(priority)), top]
        out.gap_code[part] = np.where(top_priority > 0, top, -1)
        out.gap_top[part] = np.where(top_priority > 0, top_priority, np.nan)
        out.gap_total[part] = priority.sum(axis=1)  # = 100 - fit: all gaps closed give fit 100


def score_profiles(
    ratings: pd.DataFrame | RatingMatrix,
    framework: Framework,
    role: RoleProfile | None = None,
    people: Sequence[Hashable] | None = None,
    roles: Mapping[str, RoleProfile] | None = None,
    components: RaterComponents | None = None,
    self_view: bool | np.ndarray | None = None,
    with_top_gap: bool = True,
) -> ScoreResult:
    """Score every person in `ratings` for `role` (framework default weights when None).

    Parameters
    ----------
    ratings : pandas.DataFrame or RatingMatrix
        Tidy ratings (see `rating_matrix`) or an already combined matrix.
    framework : Framework
    role : RoleProfile, optional
        The role's weights and targets; None for the framework's defaults (no fit, no gaps).
    people : sequence of str, optional
        Order of the people (tidy ratings only); people without answers keep a row.
    roles : mapping of role id to RoleProfile, optional
        Without a `role`, the roles among which each person's level role is their best-fitting
        one (`roles.best_role_codes`); default `framework.load_roles()`. Unused with a role.
    components : RaterComponents, optional
        The measurement model's variance components; by default the matrix's own: estimated from
        tidy ratings with enough multi-rater data (`measurement.estimate_components`), else the
        cited prior (`measurement.PRIOR`, always for `RatingMatrix.from_levels`).
    self_view : bool or numpy.ndarray, optional
        Whether each person (or everyone) is scored on their own ratings; by default the
        matrix's share of self-ratings (raters named as in `vocabulary.is_self_rater`). A self-view
        adds the expected self-leniency `measurement.SELF_LENIENCY` as a variance.
    with_top_gap : bool
        Whether to find each person's top gap (`people` columns top_gap, top_gap_priority and
        gap_total); False leaves those columns out, for a caller that does not show them (the
        `score` command: a (P, C) pass it never writes; design choice of issue 17).

    Returns
    -------
    ScoreResult
        `people` columns: overall, overall_low, overall_high (0..100, 95% band of the measurement
        model: ± 1.96 standard errors, the lower end further down by the unanswered weight share ×
        `measurement.SKIP_SHORTFALL` / 4 × 100, clipped to 0..100), confidence
        (categorical high/medium/low/none, from the band's half-width), self_view (bool: the
        ratings are mostly the person's own), fit (0..100; NaN without a role and below the coverage
        gate, `coverage.COVERAGE_GATE` of the role's target weight), fit_se (its standard error,
        points; NaN where fit is), fit_coverage (share of the role's target weight answered, 0..1,
        `coverage.role_coverage`), to_rate (needed competencies still to rate to pass
        `coverage.COVERAGE_GATE`, `coverage.more_to_rate`; 0 without a role), level (categorical
        career level id for `level_role`, `levels.role_levels`; NaN without answers), level_role
        (categorical role id the level refers to: `role`, or without one the person's
        best-fitting role; NaN without answers), level_to_rate (that role's needed competencies
        still to rate to pass the coverage gate; = to_rate with a role), level_provisional (bool,
        level_to_rate > 0: the level rests on too little of its role), coverage (share of
        competencies answered, 0..1),
        answered, raters, rwg (agreement across raters, James, Demaree & Wolf 1984: 1 - mean
        variance / 2, 0..1, NaN when no competency is multi-rated; see
        smm_eval.agreement.raters.rwg) and, with a role,
        top_gap (the competency of the largest gap, NaN without one), top_gap_priority (its fit
        points gained when closed, `gaps.fit_gain`; NaN without a gap) and gap_total (the sum of
        all gap priorities, = 100 − fit where fit is shown; 0 without a gap). `blocks`, `blocks_low`, `blocks_high`:
        people x blocks, 0..100, NaN for a block without answers. The full list of gaps is
        `ScoreResult.gaps`, built on demand. `components` is the record the bands used.

    Raises
    ------
    ValueError
        As `rating_matrix` for bad tidy ratings.

    Examples
    --------
    >>> from smm_eval.framework import load_framework
    >>> fw = load_framework()
    >>> r = pd.DataFrame({"person": "ana", "rater": "self", "competency": fw.competency_ids, "level": 3})
    >>> row = score_profiles(r, fw).people.loc["ana"]
    >>> round(float(row["overall"]), 1), float(row["coverage"]), row["level"], row["level_role"]
    (75.0, 1.0, 'middle', 'smm_manager')
    """
    matrix = ratings if isinstance(ratings, RatingMatrix) else rating_matrix(ratings, framework.competency_ids, people)
    w = weights_for(framework, role)
    n_blocks = len(w.block_ids)
    out = _Outputs.empty(len(matrix.people), n_blocks)
    level_roles = [role] if role is not None else list((roles if roles is not None else load_roles()).values())
    components = matrix.components if components is None else components
    self_share = self_shares(len(matrix.people), matrix.self_share, self_view)
    step = _Step(matrix, w, out, level_roles, framework, (components, self_share), with_top_gap)
    _in_chunks(len(matrix.people), step)

    estimate = out.estimate
    estimate *= 100  # in place: at a million people every copy is tens of megabytes
    low, high, half = band(estimate, out.error, out.unanswered)
    people_frame = pd.DataFrame(
        {
            "overall": estimate[n_blocks],
            "overall_low": low[n_blocks],
            "overall_high": high[n_blocks],
            "confidence": pd.Categorical.from_codes(
                confidence_codes(half[n_blocks]), categories=pd.Index(CONFIDENCE_LABELS)
            ),
            "self_view": np.zeros(len(matrix.people), dtype=bool) if self_share is None else self_share > 0.5,
            "fit": out.fit,
            "fit_se": out.fit_se,
            "fit_coverage": out.fit_coverage,
            "to_rate": out.to_rate,
            "level": pd.Categorical.from_codes(out.level_codes, categories=pd.Index(CAREER_LEVELS)),
            "level_role": pd.Categorical.from_codes(
                np.where(out.level_codes >= 0, out.level_role, -1), categories=pd.Index([r.id for r in level_roles])
            ),
            "level_to_rate": out.level_to_rate,
            "level_provisional": (out.level_codes >= 0) & (out.level_to_rate > 0),
            "coverage": out.answered / len(w.competency_ids),
            "answered": out.answered,
            "raters": matrix.raters,
            "rwg": out.rwg,
            "top_gap": pd.Categorical.from_codes(out.gap_code, categories=pd.Index(w.competency_ids)),
            "top_gap_priority": out.gap_top,
            "gap_total": out.gap_total,
        },
        index=matrix.people,
    )
    if not with_top_gap:
        people_frame = people_frame.drop(columns=["top_gap", "top_gap_priority", "gap_total"])

    def block_frame(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values[:n_blocks].T, index=matrix.people, columns=list(w.block_ids), copy=False)

    return ScoreResult(
        role_id=role.id if role is not None else None,
        people=people_frame,
        blocks=block_frame(estimate),
        blocks_low=block_frame(low),
        blocks_high=block_frame(high),
        weights=w,
        matrix=matrix,
        components=components,
    )
