"""The stored levels text (storage.levels): one character per competency in a fixed order."""

from __future__ import annotations

import numpy as np
import pytest

from smm_eval.framework import load_framework
from smm_eval.storage.levels import (
    STORED_COMPETENCIES,
    decode_levels,
    encode_levels,
    level_texts,
    levels_long,
)


def test_the_stored_order_is_the_frameworks_competency_ids():
    # A stored text is read by position: the framework must list exactly these ids in this order.
    assert tuple(load_framework().competency_ids) == STORED_COMPETENCIES


def test_encode_and_decode_one_scorecard():
    # brand_strategy is position 0, ad_setup 13, content_planning 24 (the last of 25).
    text = encode_levels({"content_planning": 1, "brand_strategy": 4, "ad_setup": 0})
    assert text == "4" + "-" * 12 + "0" + "-" * 10 + "1"
    # Back in competency-id order (ad_setup < brand_strategy < content_planning).
    assert list(decode_levels(text).items()) == [("ad_setup", 0), ("brand_strategy", 4), ("content_planning", 1)]


@pytest.mark.parametrize("levels", [{"no_such": 1}, {"copywriting": 5}, {"copywriting": -1}])
def test_encode_refuses_what_cannot_be_stored(levels):
    with pytest.raises(ValueError, match="cannot store"):
        encode_levels(levels)


def test_level_texts_of_a_matrix_match_one_by_one_encoding():
    matrix = np.array([[2, -1], [-1, -1], [0, 4]])
    texts = level_texts(matrix, ["copywriting", "brand_strategy"])
    assert texts == [
        encode_levels({"copywriting": 2}),
        "-" * 25,
        encode_levels({"copywriting": 0, "brand_strategy": 4}),
    ]


def test_levels_long_spreads_texts_into_rows_in_competency_id_order():
    texts = [encode_levels({"seo_basics": 3, "ad_setup": 1}), "-" * 25, encode_levels({"copywriting": 2})]
    rows, competency, level = levels_long(texts)
    assert rows.tolist() == [0, 0, 2]
    assert competency.tolist() == ["ad_setup", "seo_basics", "copywriting"]
    assert level.tolist() == [1, 3, 2]
    empty = levels_long([])
    assert [len(a) for a in empty] == [0, 0, 0]
