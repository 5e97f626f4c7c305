"""The ranking of a vacancy's candidates: the coverage gate, and the probability of each order."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import smm_eval.recruiting as recruiting
from smm_eval.recruiting import SETTLED, evaluate, order_probability, rank_table, vacancy_from_role
from smm_eval.scoring import score_profiles


def test_order_probability_by_hand():
    # Fits 70 and 65 with standard errors 3 and 4: Φ(5 / √(9 + 16)) = Φ(1) = 0.8413.
    # Then 65 against 50 with 4 and 3: Φ(15 / 5) = Φ(3) = 0.99865; 50 against 50: Φ(0) = 0.5.
    p = order_probability(np.array([70.0, 65.0, 50.0, 50.0]), np.array([3.0, 4.0, 3.0, 4.0]))
    assert p[:3] == pytest.approx([0.841345, 0.998650, 0.5], abs=1e-6)
    assert np.isnan(p[3])  # the last has nobody below


def test_order_probability_without_error_is_certain_and_of_one_is_empty():
    p = order_probability(np.array([60.0, 55.0, 55.0]), np.zeros(3))
    assert p[:2].tolist() == [1.0, 0.5]
    assert np.isnan(order_probability(np.array([60.0]), np.array([2.0]))).all()


def ratings_of(rows):
    return pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])


def test_a_candidate_with_4_of_25_rated_is_listed_apart_not_ranked_first(framework, roles):
    # Finding 4 of issue 12: "few" has 4 of 25 rated by one rater, all at level 4; "full" all 25
    # rated by two raters at 2. The old order (knock-outs, fit, overall) put "few" first with fit
    # 100 on four answers.
    ids = framework.competency_ids
    rows = [("few", "hr", c, 4) for c in ids[:4]]
    rows += [("full", r, c, 2) for r in ("hr", "lead") for c in ids]
    result = score_profiles(ratings_of(rows), framework, roles["smm_manager"])
    table = rank_table(result, {})
    assert list(table.index) == ["full", "few"]
    assert table["ranked"].tolist() == [True, False]
    assert np.isnan(table.at["few", "fit"]) and table.at["few", "to_rate"] == 10  # see tests/app
    assert np.isnan(table.at["few", "p_above_next"]) and table.at["few", "order"] is None


def test_neighbours_get_the_probability_of_their_order_and_a_verdict(framework, roles):
    ids = framework.competency_ids
    rows = [(p, r, c, level) for p, level in (("a", 3), ("b", 3), ("c", 1)) for r in ("hr", "lead") for c in ids]
    rows = [(p, r, c, 2 if (p == "b" and c == ids[0]) else lv) for p, r, c, lv in rows]  # b one step below a
    result = score_profiles(ratings_of(rows), framework, roles["smm_manager"])
    table = rank_table(result, {})
    assert list(table.index) == ["a", "b", "c"]
    fit, se = table["fit"].to_numpy(), table["fit_se"].to_numpy()
    # The closed form on the engine's own fits and standard errors.
    expected = [
        0.5 * (1 + math.erf((fit[0] - fit[1]) / np.sqrt(se[0] ** 2 + se[1] ** 2) / np.sqrt(2))),
        0.5 * (1 + math.erf((fit[1] - fit[2]) / np.sqrt(se[1] ** 2 + se[2] ** 2) / np.sqrt(2))),
    ]
    assert table["p_above_next"].to_numpy()[:2] == pytest.approx(expected, abs=1e-12)
    # a and b differ by one step of one competency: far from settled; b and c by levels 3 and 1.
    assert table["order"].tolist()[:2] == ["too_close", "settled"]
    assert table["p_above_next"].iloc[1] >= SETTLED > table["p_above_next"].iloc[0]
    assert table["order"].iloc[2] is None


def test_knock_outs_decide_across_their_boundary(framework, roles):
    ids = framework.competency_ids
    rows = [(p, "hr", c, lv) for p, lv in (("pass", 2), ("fail", 4)) for c in ids]
    rows = [(p, r, c, 1 if (p == "fail" and c == ids[0]) else lv) for p, r, c, lv in rows]
    result = score_profiles(ratings_of(rows), framework, roles["smm_manager"])
    table = rank_table(result, {ids[0]: 2})
    assert list(table.index) == ["pass", "fail"]  # fail has the higher fit but misses the knock-out
    assert table.at["pass", "order"] == "knockouts" and np.isnan(table.at["pass", "p_above_next"])


def test_evaluation_numbers_only_the_ranked(framework, roles):
    ids = framework.competency_ids
    rows = [("few", "hr", c, 4) for c in ids[:4]] + [("full", "hr", c, 2) for c in ids]
    apps = pd.DataFrame({"code": ["few", "full", "none"], "name": ["F", "G", "N"], "expected_salary": np.nan,
                         "stage": "new"})  # fmt: skip
    ranking = evaluate(ratings_of(rows), apps, vacancy_from_role("V", roles["smm_manager"]), framework).ranking
    assert list(ranking.index) == ["full", "few", "none"]  # listed apart: fewest to rate first
    assert ranking["rank"].tolist()[0] == 1 and ranking["rank"].isna().tolist() == [False, True, True]


def test_the_weight_sensitivity_is_gone():
    assert not hasattr(recruiting, "weight_sensitivity") and not hasattr(recruiting, "SENSITIVITY")


def test_rank_csv_and_json_list_the_unranked_after_with_what_to_rate(framework, roles):
    import csv
    import io
    import json

    from smm_eval.cli import formatting
    from smm_eval.services.recruiting import RANK_COLUMNS
    from smm_eval.services.recruiting import rank_table as rank_report

    ids = framework.competency_ids
    rows = [("few", "hr", c, 4) for c in ids[:4]]
    rows += [(p, r, c, lv) for p, lv in (("a", 3), ("b", 2)) for r in ("hr", "lead") for c in ids]
    apps = pd.DataFrame({"code": ["few", "a", "b"], "name": ["F", "A", "B"], "expected_salary": np.nan,
                         "stage": "new"})  # fmt: skip
    evaluation = evaluate(ratings_of(rows), apps, vacancy_from_role("V", roles["smm_manager"]), framework)
    table = rank_report(evaluation)
    assert list(table.columns) == list(RANK_COLUMNS) and "sensitivity" not in " ".join(RANK_COLUMNS)
    lines = list(csv.DictReader(io.StringIO(formatting.rank_csv(table))))
    assert [(r["rank"], r["code"], r["to_rate"]) for r in lines] == [
        ("1", "a", "0"),
        ("2", "b", "0"),
        ("", "few", "10"),
    ]
    assert lines[2]["fit"] == lines[2]["p_above_next"] == lines[2]["order"] == ""
    # a: all at 3 meets smm_manager (targets 2-3) fully, fit 100; b: all at 2, fit 71.5. Two raters
    # each, the prior's components: fit_se 12.30 for both, so P = Φ(28.50 / √(2 × 12.30²)) =
    # Φ(1.639) = 0.9494, shown as 0.95 and judged as shown: settled.
    assert (lines[0]["fit"], lines[1]["fit"]) == ("100.0", "71.5")
    assert (lines[0]["p_above_next"], lines[0]["order"]) == ("0.95", "settled")
    document = json.loads(formatting.rank_json("V", table, evaluation.agreement))
    few = document["candidates"][2]
    assert few["rank"] is None and few["fit"] is None and few["to_rate"] == 10 and few["order"] is None
