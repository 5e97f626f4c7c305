"""Role matching: fit and match against every role, and the best-fitting roles."""

from __future__ import annotations

import pandas as pd
import pytest

from smm_eval.scoring import best_fitting_roles, role_fit_matrix


def test_best_fitting_roles_prefer_the_closest_profile(framework, roles):
    beginner = pd.Series({c: 1 for c in framework.competency_ids} | {"copywriting": 2, "content_planning": 2})
    expert = pd.Series(dict.fromkeys(framework.competency_ids, 4))
    assert best_fitting_roles(beginner, framework, roles).iloc[0]["role"] == "smm_assistant"
    assert best_fitting_roles(expert, framework, roles).iloc[0]["role"] == "head_of_smm"
    analyst_like = pd.Series(roles["smm_analyst"].targets, dtype=float)
    best = best_fitting_roles(analyst_like, framework, roles)
    assert best.iloc[0]["role"] == "smm_analyst"
    assert best.iloc[0]["match"] == pytest.approx(100.0)
    assert list(best.columns) == ["role", "match", "fit"]


def test_role_fit_matrix_scores_every_role(framework, roles):
    levels = pd.DataFrame([dict.fromkeys(framework.competency_ids, 4)], index=["x"])
    fits = role_fit_matrix(levels, framework, roles)
    assert set(fits.columns) == set(roles)
    assert (fits.loc["x"] == 100).all()
