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
  of min(level, target) / target. Exceeding a target earns nothing extra. Fit, match and best
  roles are shown only when at least COVERAGE_GATE (0.6) of the role's target weight is answered;
  below it they are NaN and `to_rate` says how many more competencies to rate (`coverage`).
- Gaps: each answered competency below its target; its priority is the fit points gained by
  closing that gap alone, 100 × e × shortfall / target / (Σ e over the answered needed ones).
- Career level: relative to a role. The highest grade of the role (`smm_eval.grades`) whose
  targets the person meets: fit against them >= LEVEL_FIT and no answered competency more than
  LEVEL_SLACK levels below; without a role, in the person's best-fitting role (`level_role`);
  provisional below that role's coverage gate.
- Confidence band: ±1.96 standard errors around each score from a measurement model of rater
  leniency and halo (one effect per rater and person) and item error (`measurement`: cited priors,
  or components estimated from multi-rater data), plus the sampling of unanswered competencies;
  a self-view adds the expected self-leniency, and the lower end extends for skipped answers.

Modules: `weights` (a role's weights and targets), `matrix` (ratings combined over raters),
`measurement` (the model's priors and sources, `RaterComponents`, their estimate from data),
`estimates` (means, standard errors, confidence), `levels` (the career level for a
role and the fewest steps to the next grade), `coverage` (the coverage gate), `engine`
(chunked, threaded `score_profiles` and `block_scores`), `gaps` (gaps and strengths) and `roles`
(fit and match against every role). Import from this package: `from smm_eval.scoring import ...`.
"""

from __future__ import annotations

from smm_eval.scoring.coverage import COVERAGE_GATE, more_to_rate, passes_gate, role_coverage
from smm_eval.scoring.engine import ScoreResult, block_scores, score_profiles
from smm_eval.scoring.estimates import (
    CONFIDENCE_HIGH,
    CONFIDENCE_LABELS,
    CONFIDENCE_MEDIUM,
    NU_PROFILE,
    TAU_PROFILE,
    Z_95,
    confidence_codes,
)
from smm_eval.scoring.gaps import (
    GAP_COLUMNS,
    PRIORITY_DECIMALS,
    RANK_DECIMALS,
    fit_gain,
    fit_gain_rate,
    shown_priority,
    strengths,
    target_block_scores,
    top_gaps,
    top_gaps_of,
    unanswered_needed,
)
from smm_eval.scoring.levels import (
    LEVEL_FIT,
    LEVEL_SLACK,
    GradeArrays,
    NextGrade,
    grade_arrays,
    next_grade_steps,
    role_levels,
)
from smm_eval.scoring.matrix import RATING_COLUMNS, RatingMatrix, answers_to_ratings, rating_matrix
from smm_eval.scoring.measurement import PRIOR, SELF_LENIENCY, SKIP_SHORTFALL, RaterComponents
from smm_eval.scoring.roles import (
    RoleArrays,
    best_fitting_roles,
    best_role_codes,
    best_role_of_each,
    role_arrays,
    role_fit_matrix,
    roles_to_rate,
)
from smm_eval.scoring.weights import Weights, weights_for

__all__ = [
    "CONFIDENCE_HIGH",
    "CONFIDENCE_LABELS",
    "CONFIDENCE_MEDIUM",
    "COVERAGE_GATE",
    "GAP_COLUMNS",
    "LEVEL_FIT",
    "LEVEL_SLACK",
    "NU_PROFILE",
    "PRIOR",
    "PRIORITY_DECIMALS",
    "RANK_DECIMALS",
    "RATING_COLUMNS",
    "SELF_LENIENCY",
    "SKIP_SHORTFALL",
    "TAU_PROFILE",
    "Z_95",
    "GradeArrays",
    "NextGrade",
    "RaterComponents",
    "RatingMatrix",
    "RoleArrays",
    "ScoreResult",
    "Weights",
    "answers_to_ratings",
    "best_fitting_roles",
    "best_role_codes",
    "best_role_of_each",
    "block_scores",
    "confidence_codes",
    "fit_gain",
    "fit_gain_rate",
    "grade_arrays",
    "more_to_rate",
    "next_grade_steps",
    "passes_gate",
    "rating_matrix",
    "role_arrays",
    "role_coverage",
    "role_fit_matrix",
    "role_levels",
    "roles_to_rate",
    "score_profiles",
    "shown_priority",
    "strengths",
    "target_block_scores",
    "top_gaps",
    "top_gaps_of",
    "unanswered_needed",
    "weights_for",
]
