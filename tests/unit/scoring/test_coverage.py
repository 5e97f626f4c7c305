"""The coverage gate: the share of a role's target weight answered and how many more to rate."""

import numpy as np
import pandas as pd

from smm_eval.framework import load_framework, load_roles
from smm_eval.scoring import score_profiles
from smm_eval.scoring.coverage import COVERAGE_GATE, more_to_rate, role_coverage, target_weight
from smm_eval.scoring.weights import weights_for


def test_more_to_rate_counts_the_heaviest_open_competencies_first():
    weight = np.array([0.1, 0.3, 0.3, 0.3])
    answered = np.array([[0, 0, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0], [1, 1, 1, 1]], dtype=bool)
    # 0.6 needs two of the 0.3s; with the 0.1 answered still two (0.7); 0.6 is already there.
    assert more_to_rate(answered, weight).tolist() == [2, 2, 0, 0]
    assert role_coverage(answered, weight).round(2).tolist() == [0.0, 0.1, 0.6, 1.0]


def test_target_weight_leaves_out_what_the_role_does_not_need():
    assert target_weight(np.array([0.5, 0.5]), np.array([0.0, 2.0])).tolist() == [0.0, 0.5]


def test_engine_reports_coverage_and_competencies_to_rate_for_a_role():
    fw, roles = load_framework(), load_roles()
    role = roles["smm_analyst"]
    w = weights_for(fw, role)
    tw = target_weight(w.effective, w.role_target())
    order = np.argsort(-tw)
    three = [fw.competency_ids[i] for i in order[:3]]

    ratings = pd.DataFrame({"person": "ana", "rater": "self", "competency": three, "level": 2})
    row = score_profiles(ratings, fw, role).people.loc["ana"]
    expected_share = tw[order[:3]].sum() / tw.sum()
    assert row["fit_coverage"] == np.float64(expected_share)
    assert expected_share < COVERAGE_GATE
    running = np.cumsum(tw[order]) / tw.sum()
    assert int(row["to_rate"]) == int(np.argmax(running >= COVERAGE_GATE - 1e-9)) + 1 - 3
