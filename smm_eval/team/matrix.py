"""A team's skills matrix: who is rated what, who may see self-ratings, coverage, profile and progress.

Owns the privacy-floor rule (below `vocabulary.PRIVACY_FLOOR` members, no view shows self-ratings:
`shows_self_ratings`, `views_for`, `visible_ratings`, `view_ratings`), the latest assessment per
rater, the people x competencies matrix, coverage and single points of failure, each member's
weights and targets from their role, and the team's block profile and its history. Scoring itself
is `smm_eval.scoring`: one pass per role, not per person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import numpy as np
import pandas as pd

from smm_eval.framework import Framework, RoleProfile
from smm_eval.scoring import RatingMatrix, rating_matrix, score_profiles, target_block_scores, weights_for
from smm_eval.vocabulary import INDEPENDENT, PRIVACY_FLOOR, TEAM_VIEWS

VIEWS = TEAM_VIEWS


def shows_self_ratings(team_size: int) -> bool:
    """Whether a team of `team_size` members may see self-ratings (at or above the privacy floor).

    >>> shows_self_ratings(PRIVACY_FLOOR - 1), shows_self_ratings(PRIVACY_FLOOR)
    (False, True)
    """
    return team_size >= PRIVACY_FLOOR


def views_for(team_size: int) -> tuple[str, ...]:
    """The views of the matrix a team of `team_size` members may choose from (VIEWS order).

    Below the privacy floor there is no "self" view.

    >>> views_for(2), views_for(5)
    (('combined', 'manager'), ('combined', 'manager', 'self'))
    """
    return VIEWS if shows_self_ratings(team_size) else tuple(v for v in VIEWS if v != "self")


def visible_ratings(ratings: pd.DataFrame, team_size: int) -> pd.DataFrame:
    """All the ratings (every date) any view may show: self-ratings dropped below the privacy floor.

    `ratings` has a `kind` column ('self' or 'manager'); rows keep their order and index.
    """
    return ratings if shows_self_ratings(team_size) else ratings.loc[ratings["kind"] == "manager"]


def latest(ratings: pd.DataFrame) -> pd.DataFrame:
    """Each person's most recent assessment per rater (rows of the latest `date` of each person and rater)."""
    if ratings.empty:
        return ratings
    newest = ratings.groupby(["person", "rater"])["date"].transform("max")
    return ratings.loc[ratings["date"] == newest]


def view_ratings(ratings: pd.DataFrame, view: str, team_size: int) -> pd.DataFrame:
    """The current ratings behind a view; below the privacy floor self-ratings never enter any view.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Columns person, rater, kind ('self'/'manager'), date, competency, level (0..4).
    view : {"combined", "manager", "self"}
        One of VIEWS.
    team_size : int
        Members of the team (compared with PRIVACY_FLOOR).

    Returns
    -------
    pandas.DataFrame
        The latest assessment of each person and rater, kept to the view's kind of rater.

    Raises
    ------
    ValueError
        `view` is not one of VIEWS.
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}")
    current = latest(ratings)
    if not shows_self_ratings(team_size) or view == "manager":
        return current.loc[current["kind"] == "manager"]
    if view == "self":
        return current.loc[current["kind"] == "self"]
    return current


def skills_matrix(ratings: pd.DataFrame, members: Sequence[str], framework: Framework) -> pd.DataFrame:
    """People x competencies: the mean level (0..4) over the ratings given (NaN where none).

    Rows are `members` in order (a member without ratings keeps an all-NaN row); columns are the
    framework's competency ids. Raises ValueError as `scoring.rating_matrix` does.
    """
    return rating_matrix(ratings, framework.competency_ids, people=list(members)).levels_frame()


def coverage(matrix: pd.DataFrame, framework: Framework, level: int = INDEPENDENT) -> pd.DataFrame:
    """Per competency: how many people reach `level`, and whether it is a single point of failure.

    Returns one row per competency (framework order) with columns competency, block, people
    (members at `level` or above), rated (members with a rating) and status: 'nobody' (no one),
    'single' (exactly one person) or 'covered'.
    """
    reached = (matrix >= level).sum(axis=0)
    return pd.DataFrame(
        {
            "competency": framework.competency_ids,
            "block": [framework.block_of[c] for c in framework.competency_ids],
            "people": reached.reindex(framework.competency_ids).to_numpy(),
            "rated": matrix.notna().sum(axis=0).reindex(framework.competency_ids).to_numpy(),
        }
    ).assign(status=lambda f: np.select([f["people"] == 0, f["people"] == 1], ["nobody", "single"], "covered"))


def member_weights_targets(
    members: Mapping[str, str], framework: Framework, roles: Mapping[str, RoleProfile]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per member: effective weight and target of each competency, from the member's role.

    Parameters
    ----------
    members : mapping of member name to role id
    framework : Framework
    roles : mapping of role id to RoleProfile

    Returns
    -------
    weights, targets : pandas.DataFrame
        Each members x competencies (member order, framework order): effective weights (each row
        sums to 1) and target levels 0..4.
    """
    weights, targets = {}, {}
    for person, role_id in members.items():
        w = weights_for(framework, roles[role_id])
        weights[person] = w.effective
        targets[person] = w.role_target()
    index = list(members)
    return (
        pd.DataFrame.from_dict(weights, orient="index", columns=framework.competency_ids).reindex(index),
        pd.DataFrame.from_dict(targets, orient="index", columns=framework.competency_ids).reindex(index),
    )


def team_profile(
    matrix: pd.DataFrame, members: Mapping[str, str], framework: Framework, roles: Mapping[str, RoleProfile]
) -> tuple[pd.Series, pd.Series]:
    """The team's block scores and its combined target, both 0..100 by block id.

    The scores are the mean over members of each member's block scores (each scored against
    their own role; NaN blocks left out); the target is the mean of members' role targets as block
    scores (`scoring.target_block_scores`).
    """
    scores, targets = [], []
    by_role: dict[str, list[str]] = {}
    for person, role_id in members.items():
        by_role.setdefault(role_id, []).append(person)
    for role_id, people in by_role.items():  # each member against their own role: one pass per role
        role = roles[role_id]
        result = score_profiles(RatingMatrix.from_levels(matrix.loc[people], framework.competency_ids), framework, role)
        scores.append(result.blocks)
        targets.extend([target_block_scores(weights_for(framework, role))] * len(people))
    return pd.concat(scores).mean(axis=0), pd.concat(targets, axis=1).mean(axis=1)


def progress(
    ratings: pd.DataFrame, members: Mapping[str, str], framework: Framework, roles: Mapping[str, RoleProfile]
) -> pd.DataFrame:
    """Block scores per person and assessment date (all raters of that date combined).

    Returns a long frame with columns person, date, block, score (0..100), by person then date;
    ratings of people who are not members are left out.
    """
    frames = []
    known = ratings.loc[ratings["person"].isin(list(members))]
    for role_id, part in known.groupby(known["person"].map(members), sort=False):  # one pass per role
        # Each (person, date) is scored as one profile: all raters of that date combined.
        key = pd.MultiIndex.from_frame(part[["person", "date"]])
        codes, keys = pd.factorize(key)
        scored = part.assign(person=codes)
        blocks = score_profiles(scored, framework, roles[str(role_id)], people=range(len(keys))).blocks
        blocks.index = keys.set_names(["person", "date"])
        stacked = cast("pd.Series", blocks.rename_axis(columns="block").stack())  # one column level: a Series
        frames.append(stacked.rename("score").reset_index())
    if not frames:
        return pd.DataFrame(columns=["person", "date", "block", "score"])
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["person", "date"], kind="stable").reset_index(drop=True)[
        ["person", "date", "block", "score"]
    ]
