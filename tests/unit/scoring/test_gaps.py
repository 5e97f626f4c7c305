"""Gaps and strengths read from a ScoreResult, and a role's targets as block scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smm_eval.scoring import (
    fit_gain_rate,
    role_fit_matrix,
    score_profiles,
    strengths,
    target_block_scores,
    top_gaps,
    unanswered_needed,
    weights_for,
)

from .answers import one_person


def test_strengths_and_unanswered_needed(framework, roles):
    answers = {"copywriting": 4, "brand_strategy": 4, "seo_basics": 3, "ad_setup": 1}
    result = score_profiles(one_person(answers), framework, roles["smm_manager"])
    top = strengths(result, "ana")
    assert top["competency"].tolist() == ["brand_strategy", "copywriting", "seo_basics"] or top[
        "competency"
    ].tolist() == ["copywriting", "brand_strategy", "seo_basics"]
    assert top["level"].tolist() == [4, 4, 3]
    assert len(unanswered_needed(result, "ana")) == 21


def test_target_block_scores(framework, roles):
    targets = target_block_scores(weights_for(framework, roles["smm_analyst"]))
    # Analyst: campaign_costing (weight 1.0) targets 3, the other analytics competencies
    # (1.0 + 1.1 + 1.2 + 1.0) target 4; the block weights sum to 5.3.
    assert targets["analytics"] == pytest.approx(25 * (3 * 1.0 + 4 * 4.3) / 5.3)
    assert targets["creative"] == pytest.approx(25 * (1 * 1.4 + 1 * 1.0 + 1 * 0.8 + 2 * 1.0) / 4.2)


# Effective weights (data/framework.yaml defaults, as in test_engine): creative 18/100 with
# copywriting 1.4 and visual_content 0.8 of 4.2; management 13/100 with project_planning 1.2 of 4.0.
E_COPY = 0.18 * 1.4 / 4.2
E_VISUAL = 0.18 * 0.8 / 4.2
E_PLANNING = 0.13 * 1.2 / 4.0


def test_priority_is_the_fit_gained_and_differs_from_weight_times_shortfall(framework, roles):
    # smm_manager targets: copywriting 3, visual_content 2, project_planning 3. Planning and visual
    # are each one level short. Weight × shortfall ranks planning first (0.0390 > 0.0343), but fit
    # divides by the target: closing planning adds e/3 = 0.0130 of fit weight, visual e/2 = 0.0171.
    answers = {"copywriting": 4, "visual_content": 1, "project_planning": 2}
    role = roles["smm_manager"]
    result = score_profiles(one_person(answers), framework, role)
    assert E_PLANNING * 1 > E_VISUAL * 1  # the old order: planning first
    gaps = top_gaps(result, "ana")
    assert gaps["competency"].tolist() == ["visual_content", "project_planning"]
    fit_weight = E_COPY + E_VISUAL + E_PLANNING  # 0.1333
    by_hand = [100 * E_VISUAL / 2 / fit_weight, 100 * E_PLANNING / 3 / fit_weight]  # 12.86, 9.75
    assert gaps["priority"].tolist() == pytest.approx(by_hand, rel=1e-12)
    assert gaps["priority"].round(2).tolist() == [12.86, 9.75]
    # The same figures from recomputing the fit with each gap closed, everything else as answered
    # (role_fit_matrix without the coverage gate: three answers are far below it, fit is hidden).
    assert np.isnan(result.people.at["ana", "fit"])
    fit = ungated_fit(result.levels, framework, role).at["ana"]
    for gap in gaps.itertuples():
        closed = score_profiles(one_person({**answers, gap.competency: int(gap.target)}), framework, role)
        assert ungated_fit(closed.levels, framework, role).at["ana"] - fit == pytest.approx(gap.priority, abs=1e-9)


def test_priorities_match_recomputed_fit_for_many_people_and_raters(framework, roles):
    rng = np.random.default_rng(5)
    rows = [
        (f"p{p}", f"r{r}", c, int(rng.integers(0, 5)))
        for p in range(12)
        for r in range(int(rng.integers(1, 4)))
        for c in framework.competency_ids
        if rng.random() < 0.6
    ]
    ratings = pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])
    role = roles["ads_specialist"]
    result = score_profiles(ratings, framework, role)
    assert len(result.gaps) > 30
    fit = ungated_fit(result.levels, framework, role)  # the fit formula, whatever the coverage
    shown = result.people["fit"].notna()
    np.testing.assert_allclose(result.people.loc[shown, "fit"], fit[shown], atol=1e-9)
    for gap in result.gaps.itertuples():
        # Closing a gap: every rater of that competency rates it at the target.
        is_cell = (ratings["person"] == gap.person) & (ratings["competency"] == gap.competency)
        closed = score_profiles(ratings.assign(level=ratings["level"].mask(is_cell, gap.target)), framework, role)
        gained = ungated_fit(closed.levels, framework, role).at[gap.person] - fit.at[gap.person]
        assert gained == pytest.approx(gap.priority, abs=1e-9)
    # Each person's gains add up to 100 - fit, and the largest is the engine's top gap.
    people = result.people
    totals = result.gaps.groupby("person", observed=True)["priority"].sum()
    np.testing.assert_allclose(totals, 100 - fit[totals.index], atol=1e-9)
    np.testing.assert_allclose(people.loc[totals.index, "gap_total"], totals, atol=1e-9)
    first = result.gaps.groupby("person", observed=True).head(1).set_index("person")
    assert (people.loc[first.index, "top_gap"].astype(str) == first["competency"].astype(str)).all()


def test_every_self_assessed_gap_shows_a_nonzero_priority(framework, roles):
    # A self-assessment has whole levels, so a gap is at least 1 level short, and the fit's
    # denominator is at most 1: a gap gains at least 100 × e / target fit points (the rate). That
    # must not round to 0.0 at one decimal, for every competency every role needs.
    for role in roles.values():
        w = weights_for(framework, role)
        rate = fit_gain_rate(w)[w.role_target() > 0]
        assert rate.min() >= 0.05, role.id


def ungated_fit(levels, framework, role):
    """Role fit by role_fit_matrix with the coverage gate off (gate=0), one value per person."""
    return role_fit_matrix(levels, framework, {role.id: role}, "fit", gate=0.0)[role.id]
