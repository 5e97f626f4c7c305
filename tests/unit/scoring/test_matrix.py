"""The rating matrix: several raters combined per competency, and bad tidy ratings refused."""

from __future__ import annotations

import pandas as pd
import pytest

from smm_eval.scoring import rating_matrix, score_profiles

from .answers import one_person


def test_multiple_raters_are_averaged_per_competency(framework):
    ratings = pd.DataFrame(
        {
            "person": ["ana"] * 4,
            "rater": ["self", "lead", "self", "lead"],
            "competency": ["copywriting", "copywriting", "seo_basics", "seo_basics"],
            "level": [4, 2, 1, 1],
        }
    )
    matrix = rating_matrix(ratings, framework.competency_ids)
    col = {c: i for i, c in enumerate(framework.competency_ids)}
    assert matrix.mean[0, col["copywriting"]] == 3.0
    assert matrix.spread[0, col["copywriting"]] == 2.0
    assert matrix.variance[0, col["copywriting"]] == 2.0
    assert matrix.count[0, col["seo_basics"]] == 2
    result = score_profiles(matrix, framework)
    assert result.people.at["ana", "raters"] == 2
    # rwg = 1 - mean variance / 2: variances 2 (copywriting 4, 2) and 0 (seo 1, 1), mean 1, so 0.5.
    assert result.people.at["ana", "rwg"] == 0.5


def test_bad_tidy_ratings_are_refused(framework):
    with pytest.raises(ValueError, match="unknown competency ids \\['nope'\\]"):
        score_profiles(one_person({"nope": 2}), framework)
    with pytest.raises(ValueError, match=r"whole numbers 0\.\.4"):
        score_profiles(one_person({"copywriting": 5}), framework)
    twice = pd.concat([one_person({"copywriting": 2})] * 2)
    with pytest.raises(ValueError, match="more than once"):
        score_profiles(twice, framework)
