"""The self-assessment report: provisional level, next level per gap, the earlier attempt."""

from __future__ import annotations

import pytest

from smm_eval.services.assessment import PROVISIONAL_BELOW, next_level, self_results


def test_provisional_level_below_the_coverage_threshold(framework, roles):
    comps = framework.competency_ids
    few = {c: 2 for c in comps[: int(len(comps) * PROVISIONAL_BELOW) - 1]}
    assert self_results(few, "smm_manager", framework, roles).provisional
    enough = {c: 2 for c in comps}
    full = self_results(enough, "smm_manager", framework, roles)
    assert not full.provisional and full.level.id == full.report.summary["level"]


def test_gaps_carry_the_next_level_and_an_earlier_attempt_the_change(framework, roles):
    answers = dict.fromkeys(framework.competency_ids, 1)
    earlier = dict.fromkeys(framework.competency_ids, 0)
    results = self_results(answers, "smm_manager", framework, roles, earlier)
    assert (results.gaps["next_level"] == 2).all()
    assert results.earlier is not None and results.overall_change == pytest.approx(25.0)
    assert self_results(answers, "smm_manager", framework, roles).overall_change is None
    assert [next_level(v) for v in (0, 2.5, 3.9, 4)] == [1, 3, 4, 4]
