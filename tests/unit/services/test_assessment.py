"""The self-assessment report: provisional level, next level per gap, the earlier attempt."""

from __future__ import annotations

import pytest

from smm_eval.services.assessment import next_level, self_results


def test_level_is_provisional_below_the_role_s_coverage_gate(framework, roles):
    comps = framework.competency_ids
    # The whole marketing block (5 of 25) is 22% of the SMM manager's target weight; the gate is
    # 60%: the level is provisional, and says how many more competencies to rate.
    few = self_results({c: 3 for c in comps[:5]}, "smm_manager", framework, roles)
    assert few.provisional and few.to_rate == few.report.summary["to_rate"] > 0
    full = self_results({c: 2 for c in comps}, "smm_manager", framework, roles)
    assert not full.provisional and full.to_rate == 0 and full.level.id == full.report.summary["level"]


def test_gaps_carry_the_next_level_and_an_earlier_attempt_the_change(framework, roles):
    answers = dict.fromkeys(framework.competency_ids, 1)
    earlier = dict.fromkeys(framework.competency_ids, 0)
    results = self_results(answers, "smm_manager", framework, roles, earlier)
    assert (results.gaps["next_level"] == 2).all()
    assert results.earlier is not None and results.overall_change == pytest.approx(25.0)
    assert self_results(answers, "smm_manager", framework, roles).overall_change is None
    assert [next_level(v) for v in (0, 2.5, 3.9, 4)] == [1, 3, 4, 4]
