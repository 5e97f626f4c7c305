"""The training plan's evidence rule: which rating of each member and competency the plan rests on.

Owns one rule, used by the plan service, the plan page and the `plan` command alike: per member
and competency, the manager view's level (each manager's latest assessment, averaged over the
managers who rated it); the member's latest self-rating only where no manager rated that
competency, and then flagged as resting on a self-rating only. Self-ratings are lenient on
average (Heidemeier & Moser 2009, d ~ .32), so averaging them in (the team page's *combined*
view) shrinks the gaps a plan should close. Below `vocabulary.PRIVACY_FLOOR` members no
self-rating enters the plan at all: its levels before and after are shown per person, so a
self-rating filling a gap would be readable from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from smm_eval.framework import Framework
from smm_eval.team.matrix import shows_self_ratings, skills_matrix, view_ratings


@dataclass(frozen=True)
class PlanEvidence:
    """The levels a plan starts from and where they come from.

    `levels`: members x competencies (member order, framework order), levels 0..4, NaN where
    nobody usable rated; `self_only`: the same shape, True where the level is a self-rating
    because no manager rated that competency; `self_used`: whether self-ratings could fill gaps
    at all (False below the privacy floor).
    """

    levels: pd.DataFrame
    self_only: pd.DataFrame
    self_used: bool

    @property
    def self_only_count(self) -> int:
        """How many (member, competency) cells rest on a self-rating only."""
        return int(self.self_only.to_numpy().sum())

    def self_only_cells(self) -> list[tuple[str, str]]:
        """(member, competency) of each cell resting on a self-rating only, member then framework order."""
        stacked = self.self_only.stack()
        return [(str(p), str(c)) for p, c in stacked.index[stacked.to_numpy(dtype=bool)]]


def plan_evidence(ratings: pd.DataFrame, members: Sequence[str], framework: Framework) -> PlanEvidence:
    """The plan's starting levels: manager ratings first, a self-rating only where no manager rated.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Every dated rating of the team: person, rater, kind ('self'/'manager'), date,
        competency, level (0..4).
    members : sequence of str
        The team's members, in the order the result keeps; their count is the team size
        compared with PRIVACY_FLOOR.
    framework : Framework

    Returns
    -------
    PlanEvidence

    Examples
    --------
    A manager rated Ana's copywriting 1, she rated herself 3: the plan starts from 1. Nobody
    but Ana rated her SEO: the plan uses her 2 and flags it (three members: above the floor).

    >>> from smm_eval.framework import load_framework
    >>> rows = [("ana", "lead", "manager", "copywriting", 1), ("ana", "self", "self", "copywriting", 3),
    ...         ("ana", "self", "self", "seo_basics", 2)]
    >>> columns = ["person", "rater", "kind", "competency", "level"]
    >>> ratings = pd.DataFrame(rows, columns=columns).assign(date="2026-01-01")
    >>> ev = plan_evidence(ratings, ["ana", "bo", "cy"], load_framework())
    >>> float(ev.levels.at["ana", "copywriting"]), float(ev.levels.at["ana", "seo_basics"]), ev.self_only_cells()
    (1.0, 2.0, [('ana', 'seo_basics')])
    """
    size = len(members)
    manager = skills_matrix(view_ratings(ratings, "manager", size), members, framework)
    if not shows_self_ratings(size):
        return PlanEvidence(manager, pd.DataFrame(False, index=manager.index, columns=manager.columns), False)
    own = skills_matrix(view_ratings(ratings, "self", size), members, framework)
    self_only = manager.isna() & own.notna()
    return PlanEvidence(manager.where(manager.notna(), own), self_only, True)
