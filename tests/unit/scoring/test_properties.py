"""Properties that must hold for any answers: bounds, monotonicity, scale invariance, missing is not zero."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_eval.framework import RoleProfile
from smm_eval.scoring import role_fit_matrix, score_profiles

from .answers import one_person


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
    for column in ("overall", "overall_low", "overall_high"):
        assert 0 <= people.at["ana", column] <= 100 + 1e-9
    # Fit is shown past the coverage gate (then within 0..100), hidden (NaN) with something to rate.
    fit = people.at["ana", "fit"]
    assert (0 <= fit <= 100 + 1e-9) if people.at["ana", "to_rate"] == 0 else np.isnan(fit)
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
    fit_before, fit_after = (
        role_fit_matrix(r.levels, framework, {role_id: roles[role_id]}, "fit", gate=0.0).at["ana", role_id]
        for r in (before, after)
    )
    assert fit_after >= fit_before - 1e-9
    # The same answered competencies: the gate hides or shows fit for both alike.
    assert np.isnan(after.people.at["ana", "fit"]) == np.isnan(before.people.at["ana", "fit"])


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
