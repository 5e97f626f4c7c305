"""The training-plan CSV download: figures rounded by the one rounding rule (issue 15)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from smm_eval.files.csv_out import csv_bytes
from smm_eval.services.teams import plan_export


def test_plan_export_rounds_cost_and_hours_by_the_one_rule():
    # A catalogue priced per hour gives fractional costs: 12.5 h at 960.333 an hour = 12004.1625.
    assignments = pd.DataFrame(
        {
            "person": ["Anna"], "training": ["course"], "name": ["A course"], "kind": ["course"],
            "cost": [12004.1625], "hours": [12.5 * 1.0333333], "gains": [{"copywriting": 1}],
        }
    )  # fmt: skip
    export = plan_export(SimpleNamespace(assignments=assignments))  # type: ignore[arg-type]
    assert list(export.columns) == ["person", "training", "training_name", "kind", "cost", "hours"]
    # figures.SCORE_DECIMALS = 1: 12004.1625 -> 12004.2, 12.9166... -> 12.9
    assert export.loc[0, ["cost", "hours"]].tolist() == [12004.2, 12.9]
    assert csv_bytes(export).decode("utf-8-sig").splitlines()[1] == "Anna,course,A course,course,12004.2,12.9"


def test_whole_catalogue_amounts_are_written_as_whole_numbers():
    # A tester's download read "...,practice,12000.0,10.0": the catalogue's amounts are whole.
    assignments = pd.DataFrame(
        {
            "person": ["Anna", "Boris"], "training": ["ads", "course"], "name": ["Own ad test", "A course"],
            "kind": ["practice", "course"], "cost": [12000.0, 18000.0], "hours": [10.0, 24.0],
            "gains": [{"ad_setup": 1}, {"copywriting": 1}],
        }
    )  # fmt: skip
    export = plan_export(SimpleNamespace(assignments=assignments))  # type: ignore[arg-type]
    lines = csv_bytes(export).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["Anna,ads,Own ad test,practice,12000,10", "Boris,course,A course,course,18000,24"]
