"""Ratings given as a tidy frame (a mapped form export): the wide reader's rules, located problems."""

from __future__ import annotations

import pandas as pd
import pytest

from smm_eval.errors import InputError
from smm_eval.files.ratings import validate_tidy_ratings


def test_a_clean_frame_becomes_ratings_with_names_as_first_written(framework):
    frame = pd.DataFrame(
        {
            "person": ["Kira Lenz", "kira\u00a0lenz", "Jonas Weber"],
            "rater": ["rater1@example.org", "rater1@example.org", "rater2@example.org"],
            "competency": ["brand_strategy", "copywriting", "brand_strategy"],
            "level": [3, "4,0", ""],  # the empty level is "not answered"
            "line": [2, 2, 4],
        }
    )
    table = validate_tidy_ratings(frame, "form.csv", framework.competency_ids)
    assert table.people == ["Kira Lenz", "Jonas Weber"] and table.rows == 2
    assert table.ratings[["person", "level"]].values.tolist() == [["Kira Lenz", 3], ["Kira Lenz", 4]]
    assert table.ratings["competency"].astype(str).tolist() == ["brand_strategy", "copywriting"]


def test_every_problem_is_located_by_line_and_column_name(framework):
    frame = pd.DataFrame(
        {
            "person": ["", "Ana", "Ana", "ANA"],
            "rater": ["x", "x", "x", "X"],
            "competency": ["copywriting", "copywritting", "copywriting", "copywriting"],
            "level": ["3", "2,5", "7", "1"],
        }
    )
    with pytest.raises(InputError) as err:
        validate_tidy_ratings(frame, "form.csv", framework.competency_ids)
    assert [(p.line, p.column_name, p.message) for p in err.value.problems] == [
        (2, "person", "person is empty"),
        (3, "competency", "unknown competency id 'copywritting'"),
        (3, "level", "level '2,5' is not a whole number; expected 0, 1, 2, 3 or 4"),
        (4, "level", "level '7' is outside 0..4"),
        (5, "competency", "person, rater and competency 'copywriting' appear twice"),  # ANA/X is Ana/x
    ]
