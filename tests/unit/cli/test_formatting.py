"""The command line's formats: strict JSON (undefined figures are null)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from smm_eval.agreement.records import PanelAgreement, Reliability
from smm_eval.cli import formatting


def test_records_and_agreement_never_write_nan():
    table = pd.DataFrame({"a": [np.nan, 1.5], "b": [np.int64(2), np.int64(3)]})
    assert formatting.records(table) == [{"a": None, "b": 2}, {"a": 1.5, "b": 3}]
    gated = Reliability("ICC(2,1)", None, None, None, 2, 1, "too_few_candidates")
    nan = Reliability("ICC(2,k)", 0.61234, float("nan"), 0.9, 6, 2)
    agreement = PanelAgreement("crossed", gated, nan, ("x", "y"))
    doc = json.loads(formatting.rank_json("V", table, agreement))
    assert doc["agreement"] == {
        "design": "crossed",
        "single": {
            "form": "ICC(2,1)", "estimate": None, "low": None, "high": None, "band": "undefined",
            "n_targets": 2, "n_raters": 1, "gate": "too_few_candidates",
        },
        "average": {
            "form": "ICC(2,k)", "estimate": 0.612, "low": None, "high": 0.9, "band": "moderate",
            "n_targets": 6, "n_raters": 2, "gate": None,
        },
        "raters": ["x", "y"],
        "per_competency": [],
        "left_out": [],
    }  # fmt: skip
