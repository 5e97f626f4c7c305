"""Agreement in a vacancy's evaluation: candidates as targets, the gate, the rater named."""

from __future__ import annotations

import numpy as np
import pandas as pd
from pytest import approx

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


def _ranking(rows):
    frame = pd.DataFrame(rows, columns=["code", "level", "expected_salary", "expected_currency", "expected_gross_net"])
    return frame.set_index("code")


def test_expected_salary_is_judged_against_expected_pay_in_its_own_currency_and_basis():
    from smm_eval.salary import baseline_estimate, load_market
    from smm_eval.services.recruiting import market_positions

    ranking = _ranking(
        [
            ("A", "middle", 160000, "RUB", "gross"),
            ("C", "middle", 95000, "RUB", "gross"),
            ("D", "middle", 95000, "RUB", "net"),
            ("E", "middle", 1500, "USD", "gross"),
            ("F", None, 90000, "RUB", "gross"),
        ]
    )
    positions = market_positions(ranking, "smm_manager", "moscow", "office", baseline_estimate)
    # Expected pay, middle / Moscow / office: offered P50 109,204 × 1.241 = 135,522; P25 = ×e^(−0.6745 × 0.46)
    # = 99,372; P75 = ×e^(0.6745 × 0.46) = 184,823; net (13%): 86,453..160,796.
    by_code = {p.code: p for p in positions}
    assert by_code["A"].position == "within"  # against offers (P75 148,931) it was "above"
    assert by_code["A"].market is not None and by_code["A"].market.p25 == approx(99371.65, rel=1e-5)
    assert by_code["C"].position == "below"  # 95,000 gross < 99,372
    assert by_code["D"].position == "within"  # 95,000 net > 86,453
    assert by_code["D"].market is not None and by_code["D"].market.gross_net == "net"
    # Finding: a rouble range judged a salary in another currency ("Above"). Now: refused, no range.
    assert (by_code["E"].position, by_code["E"].market) == ("other_currency", None)
    assert by_code["F"].position == "unknown"
    us = market_positions(ranking, "smm_manager", "national", "office", baseline_estimate, load_market("united_states"))
    assert {p.code: p.position for p in us}["E"] == "no_expected_data"  # no US source measures expected pay
    assert {p.code: p.position for p in us}["A"] == "other_currency"


def test_budget_in_another_currency_is_not_judged():
    from smm_eval.recruiting import budget_status

    assert budget_status(100000, 50000, 150000, "USD", "RUB") == "other_currency"
    assert budget_status(100000, 50000, 150000, "RUB", "RUB") == "within"
    assert budget_status(200000, 50000, 150000) == "above"
