"""Scoring against hand-computed examples, and properties that must hold for any answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_eval.framework import RoleProfile
from smm_eval.scoring import (
    SIGMA_RATER,
    Z_95,
    answers_to_ratings,
    best_fitting_roles,
    rating_matrix,
    role_fit_matrix,
    score_profiles,
    strengths,
    target_block_scores,
    top_gaps,
    unanswered_needed,
    weights_for,
)

# Default weights from data/framework.yaml, written out by hand for the examples below.
# Block weights 22/13/27/20/18 (sum 100). Creative competencies: copywriting 1.4,
# recurring_activities 1.0, visual_content 0.8, content_planning 1.0 (sum 4.2). Management:
# project_planning 1.2, team_tasking 1.0, documentation 0.8, negotiation 1.0 (sum 4.0).
E_COPY = 0.18 * 1.4 / 4.2  # 0.06
E_VISUAL = 0.18 * 0.8 / 4.2
E_PLANNING = 0.13 * 1.2 / 4.0  # 0.039


def one_person(answers: dict[str, int | None], person: str = "ana") -> pd.DataFrame:
    return answers_to_ratings(answers, person=person)


def test_hand_computed_block_overall_fit_and_gaps(framework, roles):
    answers = {"copywriting": 4, "visual_content": 0, "project_planning": 2}
    result = score_profiles(one_person(answers), framework, roles["smm_manager"])
    row = result.people.loc["ana"]

    assert result.blocks.at["ana", "creative"] == pytest.approx((1.4 * 100 + 0.8 * 0) / 2.2)
    assert result.blocks.at["ana", "management"] == pytest.approx(50.0)
    assert np.isnan(result.blocks.at["ana", "marketing"])  # nothing answered: missing, not zero

    expected_overall = (E_COPY * 100 + E_VISUAL * 0 + E_PLANNING * 50) / (E_COPY + E_VISUAL + E_PLANNING)
    assert row["overall"] == pytest.approx(expected_overall)
    assert row["overall"] == pytest.approx(59.646, abs=1e-3)

    # smm_manager targets: copywriting 3, visual_content 2, project_planning 3.
    expected_fit = (E_COPY * 1 + E_VISUAL * 0 + E_PLANNING * 2 / 3) / (E_COPY + E_VISUAL + E_PLANNING)
    assert row["fit"] == pytest.approx(100 * expected_fit)
    assert row["coverage"] == pytest.approx(3 / 25)
    assert row["answered"] == 3

    gaps = top_gaps(result, "ana")
    assert gaps["competency"].tolist() == ["visual_content", "project_planning"]
    assert gaps["shortfall"].tolist() == [2.0, 1.0]
    assert gaps["priority"].tolist() == pytest.approx([2 * E_VISUAL, 1 * E_PLANNING])


def test_missing_answer_renormalises_and_is_not_a_zero(framework, roles):
    full = {c: 3 for c in framework.competency_ids}
    missing = dict(full, seo_basics=None)
    zero = dict(full, seo_basics=0)
    r_missing = score_profiles(one_person(missing), framework, roles["smm_manager"]).people.loc["ana"]
    r_zero = score_profiles(one_person(zero), framework, roles["smm_manager"]).people.loc["ana"]
    assert r_missing["overall"] == pytest.approx(75.0)
    assert r_zero["overall"] < 75.0
    assert r_missing["coverage"] == pytest.approx(24 / 25)
    assert r_zero["coverage"] == 1.0
    assert r_missing["fit"] == pytest.approx(100.0)
    assert r_zero["fit"] < 100.0


def test_multiple_raters_are_averaged_per_competency(framework):
    ratings = pd.DataFrame(
        {
            "person": ["ana"] * 4,
            "rater": ["self", "lead", "self", "lead"],
            "competency": ["copywriting", "copywriting", "seo_basics", "seo_basics"],
            "level": [4, 2, 1, 1],
        }
    )
    matrix = rating_matrix(ratings, framework.competency_ids)
    col = {c: i for i, c in enumerate(framework.competency_ids)}
    assert matrix.mean[0, col["copywriting"]] == 3.0
    assert matrix.spread[0, col["copywriting"]] == 2.0
    assert matrix.variance[0, col["copywriting"]] == 2.0
    assert matrix.count[0, col["seo_basics"]] == 2
    result = score_profiles(matrix, framework)
    assert result.people.at["ana", "raters"] == 2
    assert result.people.at["ana", "agreement"] == 0.5  # within one level on seo, not on copywriting


def test_band_narrows_with_answers_and_agreeing_raters_and_widens_with_disagreement(framework):
    ids = framework.competency_ids
    rows = []
    for person, n_answers, levels_by_rater in (
        ("few", 8, {"self": 3}),
        ("all", 25, {"self": 3}),
        ("agree3", 25, {"self": 3, "lead": 3, "peer": 3}),
        ("disagree3", 25, {"self": 1, "lead": 3, "peer": 4}),
    ):
        for rater, level in levels_by_rater.items():
            rows += [(person, rater, c, level) for c in ids[:n_answers]]
    result = score_profiles(pd.DataFrame(rows, columns=["person", "rater", "competency", "level"]), framework)
    width = result.people["overall_high"] - result.people["overall_low"]
    assert width["few"] > width["all"] > width["agree3"]
    assert width["disagree3"] > width["agree3"]
    # With everything answered by one rater the band is rating error only: 1.96 × SE.
    e = weights_for(framework).effective
    se = np.sqrt(np.sum(e**2) * SIGMA_RATER**2) / 4 * 100
    assert width["all"] / 2 == pytest.approx(Z_95 * se)
    assert result.people.at["agree3", "confidence"] == "high"
    assert result.people.at["few", "confidence"] == "low"


@pytest.mark.parametrize(
    ("level", "expected"),
    [(0, "trainee"), (1, "trainee"), (2, "junior"), (3, "senior"), (4, "lead")],
)
def test_career_level_of_flat_profiles(framework, level, expected):
    answers = {c: level for c in framework.competency_ids}
    assert score_profiles(one_person(answers), framework).people.at["ana", "level"] == expected


def test_career_level_needs_breadth_not_only_a_mean(framework):
    ids = framework.competency_ids
    # Mean about 2.6 but only a third at level 3 or more: middle needs half at 3+.
    answers = {c: (4 if i % 3 == 0 else 2) for i, c in enumerate(ids)}
    people = score_profiles(one_person(answers), framework).people
    assert people.at["ana", "mean_level"] > 2.5
    assert people.at["ana", "level"] == "junior"
    answers_middle = {c: (3 if i % 2 == 0 else 2) for i, c in enumerate(ids)}
    assert score_profiles(one_person(answers_middle), framework).people.at["ana", "level"] in {"middle", "junior"}


def test_many_people_at_once_match_one_at_a_time(framework, roles):
    rng = np.random.default_rng(7)
    ids = framework.competency_ids
    rows = [(f"p{p}", "self", c, int(rng.integers(0, 5))) for p in range(40) for c in ids if rng.random() < 0.85]
    ratings = pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])
    together = score_profiles(ratings, framework, roles["smm_analyst"])
    for person in ("p0", "p17", "p39"):
        alone = score_profiles(ratings.loc[ratings["person"] == person], framework, roles["smm_analyst"])
        pd.testing.assert_series_equal(together.people.loc[person], alone.people.loc[person])
        pd.testing.assert_series_equal(together.blocks.loc[person], alone.blocks.loc[person])


def test_people_without_answers_keep_their_row(framework):
    result = score_profiles(one_person({"copywriting": 2}), framework, people=["ana", "bob"])
    assert list(result.people.index) == ["ana", "bob"]
    assert np.isnan(result.people.at["bob", "overall"])
    assert result.people.at["bob", "coverage"] == 0
    assert pd.isna(result.people.at["bob", "level"])


def test_bad_tidy_ratings_are_refused(framework):
    with pytest.raises(ValueError, match="unknown competency ids \\['nope'\\]"):
        score_profiles(one_person({"nope": 2}), framework)
    with pytest.raises(ValueError, match=r"whole numbers 0\.\.4"):
        score_profiles(one_person({"copywriting": 5}), framework)
    twice = pd.concat([one_person({"copywriting": 2})] * 2)
    with pytest.raises(ValueError, match="more than once"):
        score_profiles(twice, framework)


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


def _scaled(role: RoleProfile, factor: float) -> RoleProfile:
    return role.model_copy(
        update={
            "block_weights": {k: v * factor for k, v in role.block_weights.items()},
            "competency_weights": {k: v * factor for k, v in role.competency_weights.items()},
        }
    )


level_or_missing = st.one_of(st.none(), st.integers(min_value=0, max_value=4))


@st.composite
def answer_sets(draw):
    from smm_eval.framework import load_framework

    ids = load_framework().competency_ids
    values = draw(st.lists(level_or_missing, min_size=len(ids), max_size=len(ids)))
    return dict(zip(ids, values, strict=True))


ROLE_IDS = ["smm_manager", "smm_analyst", "community_manager", "ads_specialist", "head_of_smm"]


@settings(max_examples=60, deadline=None)
@given(answers=answer_sets(), role_id=st.sampled_from(ROLE_IDS))
def test_scores_stay_within_0_and_100(framework, roles, answers, role_id):
    if all(v is None for v in answers.values()):
        return
    result = score_profiles(one_person(answers), framework, roles[role_id])
    people = result.people
    for column in ("overall", "overall_low", "overall_high", "fit"):
        assert 0 <= people.at["ana", column] <= 100 + 1e-9
    assert people.at["ana", "overall_low"] <= people.at["ana", "overall"] <= people.at["ana", "overall_high"]
    blocks = result.blocks.loc["ana"].dropna()
    assert ((blocks >= 0) & (blocks <= 100 + 1e-9)).all()


@settings(max_examples=60, deadline=None)
@given(answers=answer_sets(), index=st.integers(min_value=0, max_value=24), role_id=st.sampled_from(ROLE_IDS))
def test_raising_one_level_never_lowers_its_block_overall_or_fit(framework, roles, answers, index, role_id):
    cid = framework.competency_ids[index]
    current = answers[cid]
    if current is None or current == 4:
        return
    raised = dict(answers, **{cid: current + 1})
    block = framework.block_of[cid]
    before = score_profiles(one_person(answers), framework, roles[role_id])
    after = score_profiles(one_person(raised), framework, roles[role_id])
    assert after.blocks.at["ana", block] >= before.blocks.at["ana", block] - 1e-9
    assert after.people.at["ana", "overall"] >= before.people.at["ana", "overall"] - 1e-9
    assert after.people.at["ana", "fit"] >= before.people.at["ana", "fit"] - 1e-9


@settings(max_examples=40, deadline=None)
@given(answers=answer_sets(), factor=st.floats(min_value=0.01, max_value=1000), role_id=st.sampled_from(ROLE_IDS))
def test_scaling_all_weights_changes_nothing(framework, roles, answers, factor, role_id):
    if all(v is None for v in answers.values()):
        return
    role = roles[role_id]
    base = score_profiles(one_person(answers), framework, role)
    scaled = score_profiles(one_person(answers), framework, _scaled(role, factor))
    pd.testing.assert_frame_equal(base.people, scaled.people, rtol=1e-9)
    pd.testing.assert_frame_equal(base.blocks, scaled.blocks, rtol=1e-9)


@settings(max_examples=60, deadline=None)
@given(answers=answer_sets(), index=st.integers(min_value=0, max_value=24))
def test_a_missing_answer_differs_from_a_zero(framework, roles, answers, index):
    cid = framework.competency_ids[index]
    missing = dict(answers, **{cid: None})
    zero = dict(answers, **{cid: 0})
    role = roles["smm_manager"]
    r_zero = score_profiles(one_person(zero), framework, role).people.loc["ana"]
    assert r_zero["answered"] == sum(v is not None for v in zero.values())
    if all(v is None for v in missing.values()):
        return  # nothing else answered: no score at all, which is not a zero either
    r_missing = score_profiles(one_person(missing), framework, role).people.loc["ana"]
    assert r_missing["answered"] == r_zero["answered"] - 1
    assert r_missing["overall"] >= r_zero["overall"] - 1e-9
    if any(v for v in missing.values()):  # some other answer above zero
        assert r_missing["overall"] > r_zero["overall"]
