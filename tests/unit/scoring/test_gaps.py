"""Gaps and strengths read from a ScoreResult, and a role's targets as block scores."""

from __future__ import annotations

import pytest

from smm_eval.scoring import score_profiles, strengths, target_block_scores, unanswered_needed, weights_for

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
