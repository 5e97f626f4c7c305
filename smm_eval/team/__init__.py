"""Teams: the skills matrix, single points of failure, the optimal training plan, the next hire.

Pure functions on frames. A team is its members' target roles plus their ratings, where each
rating is a self-rating or a manager's (any rater other than `self`). Modules: `catalogue` (the
training catalogue and its kinds; a team file is read by `smm_eval.files.team_file`), `matrix` (the
privacy floor, the skills matrix, coverage, the team's profile and progress), `evidence` (the
plan's evidence rule: manager ratings first, a self-rating only where no manager rated, flagged)
and `plan` (the training plan as an exact mixed-integer programme solved with scipy's `milp`, each
training capped by its kind, and the next hire). Import from this package:
`from smm_eval import team; team.plan_training(...)`.
"""

from __future__ import annotations

from smm_eval.team.catalogue import Catalogue, TrainingItem, catalogue_from_frame, load_catalogue, parse_gain
from smm_eval.team.evidence import PlanEvidence, plan_evidence
from smm_eval.team.matrix import (
    VIEWS,
    coverage,
    latest,
    member_weights_targets,
    progress,
    shows_self_ratings,
    skills_matrix,
    team_profile,
    view_ratings,
    views_for,
    visible_ratings,
)
from smm_eval.team.plan import CHEAPEST_SECONDS, Plan, capped_levels, gaps_frame, next_hire, plan_training

# Kept importable from here for the pages (`team.INDEPENDENT`, `team.PRIVACY_FLOOR`); their home is
# smm_eval.vocabulary.
from smm_eval.vocabulary import INDEPENDENT, PRIVACY_FLOOR

__all__ = [
    "CHEAPEST_SECONDS",
    "INDEPENDENT",
    "PRIVACY_FLOOR",
    "VIEWS",
    "Catalogue",
    "Plan",
    "PlanEvidence",
    "TrainingItem",
    "capped_levels",
    "catalogue_from_frame",
    "coverage",
    "gaps_frame",
    "latest",
    "load_catalogue",
    "member_weights_targets",
    "next_hire",
    "parse_gain",
    "plan_evidence",
    "plan_training",
    "progress",
    "shows_self_ratings",
    "skills_matrix",
    "team_profile",
    "view_ratings",
    "views_for",
    "visible_ratings",
]
