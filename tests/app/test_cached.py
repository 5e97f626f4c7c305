"""pages/_cached.py: what the pages keep between reruns, and when they compute again."""

from __future__ import annotations

import pandas as pd

from benchmarks.browser_clicks import sample_workspace
from pages import _cached
from smm_eval.framework import load_framework
from smm_eval.recruiting import evaluate
from smm_eval.services.recruiting import load_vacancy
from smm_eval.services.workspace import open_workspace


def test_a_stage_change_keeps_the_evaluation_and_shows_the_new_stage(workspace, monkeypatch):
    sample_workspace(workspace)  # the sample vacancy: 4 candidates, all at stage "new"
    fw = load_framework()
    inputs = load_vacancy(open_workspace(f"sqlite:///{workspace}"), 1)
    calls: list[int] = []
    monkeypatch.setattr(_cached, "evaluate", lambda *args: calls.append(1) or evaluate(*args))
    _cached._evaluation.clear()

    before = _cached.evaluation(inputs.ratings, inputs.applications, inputs.spec, fw)
    assert calls == [1]
    assert list(before.ranking["stage"]) == ["new"] * 4
    # Ana Morales (C0001) moved to "interview", as set_stages stores it (its version goes up).
    moved = inputs.applications.copy()
    moved.loc[moved["code"] == "C0001", ["stage", "application_version"]] = ["interview", 2]
    after = _cached.evaluation(inputs.ratings, moved, inputs.spec, fw)
    assert calls == [1]  # not evaluated again
    assert after.ranking.loc["C0001", "stage"] == "interview"
    assert sorted(after.ranking["stage"]) == ["interview", "new", "new", "new"]
    # Everything else as a fresh evaluation of the moved applications gives it.
    pd.testing.assert_frame_equal(after.ranking, evaluate(inputs.ratings, moved, inputs.spec, fw).ranking)

    # A change to the ratings is a new evaluation.
    _cached.evaluation(inputs.ratings.iloc[:-1], moved, inputs.spec, fw)
    assert calls == [1, 1]
