"""Agreement in a vacancy's evaluation: candidates as targets, the gate, the rater named."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smm_eval.recruiting import evaluate, rater_scores, vacancy_from_role


def opposite_panel(framework, n_candidates: int) -> pd.DataFrame:
    """Two raters who rank the candidates in exactly opposite order, every competency alike."""
    rows = []
    for i in range(n_candidates):
        low = i % 5
        for competency in framework.competency_ids:
            rows += [(f"C{i}", "r1", competency, low), (f"C{i}", "r2", competency, 4 - low)]
    return pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])


def run(framework, roles, ratings: pd.DataFrame):
    codes = sorted(ratings["person"].unique())
    apps = pd.DataFrame({"code": codes, "name": codes, "expected_salary": np.nan, "stage": "interview"})
    spec = vacancy_from_role("V", roles["smm_manager"])
    return evaluate(ratings, apps, spec, framework)


def test_opposite_order_of_three_candidates_is_gated_not_moderate(framework, roles):
    # The case: the old ICC over (candidate, competency) cells said 0.55, "moderate".
    agreement = run(framework, roles, opposite_panel(framework, 3)).agreement
    assert agreement.design == "crossed" and agreement.single.estimate is None
    assert agreement.single.gate == "too_few_candidates" and agreement.single.band == "undefined"


def test_opposite_order_of_five_candidates_is_no_agreement(framework, roles):
    agreement = run(framework, roles, opposite_panel(framework, 5)).agreement
    assert agreement.single.form == "ICC(2,1)" and agreement.single.estimate is not None
    assert agreement.single.estimate <= 0 and agreement.single.band == "poor"
    assert agreement.per_competency and all(
        c.reliability.estimate is not None and c.reliability.estimate <= 0 for c in agreement.per_competency
    )


def test_rater_scores_are_each_raters_overall_score(framework, roles):
    scores = rater_scores(opposite_panel(framework, 3), framework, roles["smm_manager"])
    assert scores.round(1).values.tolist() == [[0.0, 100.0], [25.0, 75.0], [50.0, 50.0]]


def test_the_disagreement_names_the_deviating_rater(framework, roles):
    ratings = pd.DataFrame(
        {
            "person": "C0",
            "rater": ["a", "b", "c"],
            "competency": framework.competency_ids[0],
            "level": [1, 1, 4],
        }
    )
    flags = run(framework, roles, ratings).disagreements
    assert flags["rater"].tolist() == ["c"] and flags["deviation"].tolist() == [3.0]


def test_a_vacancy_keeps_the_grade_rule_of_its_role(framework, roles):
    from smm_eval.recruiting import vacancy_profile

    head = roles["head_of_smm"]
    targets = dict(head.targets) | {"copywriting": 4}
    profile = vacancy_profile("Head of social", "head_of_smm", head.block_weights, head.competency_weights, targets)
    assert profile.reference_grade == "lead" and profile.grade_shifts == head.grade_shifts
    # The vacancy's own targets are its lead grade; one grade down shifts them by one level.
    grades = profile.grade_targets()
    assert grades["lead"]["copywriting"] == 4 and grades["senior"]["copywriting"] == 3
