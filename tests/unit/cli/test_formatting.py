"""The command line's formats: strict JSON (undefined figures are null)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from smm_eval.cli import formatting
from smm_eval.recruiting import Agreement, inter_rater_agreement


def test_records_and_agreement_never_write_nan():
    table = pd.DataFrame({"a": [np.nan, 1.5], "b": [np.int64(2), np.int64(3)]})
    assert formatting.records(table) == [{"a": None, "b": 2}, {"a": 1.5, "b": 3}]
    undefined = Agreement(icc=float("nan"), band="undefined", raters=("x", "y"), candidates=2, items=4)
    doc = json.loads(formatting.rank_json("V", table, undefined))
    assert doc["icc"] == {"icc": None, "band": "undefined", "raters": ["x", "y"], "candidates": 2, "items": 4}


def test_inter_rater_agreement_is_a_typed_record():
    ratings = pd.DataFrame(
        {
            "person": ["a", "a", "b", "b"],
            "rater": ["x", "y", "x", "y"],
            "competency": "c",
            "level": [2, 2, 2, 2],
        }
    )
    agreement = inter_rater_agreement(ratings)
    assert agreement is not None and agreement.band == "undefined" and not agreement.defined
    assert agreement.as_json()["icc"] is None
