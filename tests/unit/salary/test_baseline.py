"""The sourced baseline: factors, spread, the old-sources warning, the JSON shape, and the outlook built on it."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from smm_eval.errors import InputError
from smm_eval.salary import REGIONS, WORK_FORMATS, SalaryQuery, baseline_estimate, range_by_level
from smm_eval.vocabulary import CAREER_LEVELS

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(("region", "work_format"), list(itertools.product(REGIONS, WORK_FORMATS)))
def test_baseline_median_rises_with_level(region, work_format, role_ids):
    for role in role_ids:
        medians = [
            baseline_estimate(SalaryQuery(lv, region, work_format, role), today=TODAY).p50 for lv in CAREER_LEVELS
        ]
        assert medians == sorted(medians) and len(set(medians)) == len(medians)


def test_moscow_is_above_every_other_region():
    for level, work_format in itertools.product(CAREER_LEVELS, WORK_FORMATS):
        moscow = baseline_estimate(SalaryQuery(level, "moscow", work_format), today=TODAY).p50
        for region in REGIONS[1:]:
            assert moscow > baseline_estimate(SalaryQuery(level, region, work_format), today=TODAY).p50


def test_baseline_is_the_anchor_times_the_factors(data):
    estimate = baseline_estimate(SalaryQuery("senior", "moscow", "remote", "smm_analyst", 2, "deep"), today=TODAY)
    expected = 54000 * 1.3 * 1.55 * 0.9 * 1.1 * 1.3 * 1.15
    assert estimate.p50 == pytest.approx(expected)
    assert (estimate.p25, estimate.p75) == pytest.approx((expected * 0.75, expected * 1.25))
    assert [e.factor for e in estimate.effects] == ["level", "region", "work_format", "role", "projects", "immersion"]
    assert estimate.method == "baseline" and estimate.n == 0 and estimate.currency == "RUB"


def test_old_sources_raise_a_warning_and_recent_ones_do_not():
    query = SalaryQuery("middle", "moscow", "office")
    assert "2023" in baseline_estimate(query, today=date(2026, 11, 26)).warning
    assert baseline_estimate(query, today=date(2024, 6, 1)).warning is None


def test_json_shape(data):
    doc = baseline_estimate(SalaryQuery("junior", "other_region", "office"), today=TODAY).as_json()
    assert {"p25", "p50", "p75", "currency", "n", "sources"} <= set(doc)
    assert doc["n"] == 0 and all({"name", "date"} <= set(s) for s in doc["sources"])
    assert "p10" not in doc


def test_unknown_query_values_are_refused():
    with pytest.raises(InputError, match="region: 'mars'"):
        baseline_estimate(SalaryQuery("middle", "mars", "office"))


def test_range_by_level_has_every_career_level_in_order():
    query = SalaryQuery("middle", "moscow", "remote", "smm_analyst", 2, "deep")
    rows = range_by_level(query, lambda q: baseline_estimate(q, today=TODAY))
    assert rows["level"].tolist() == list(CAREER_LEVELS)
    middle = rows.set_index("level").loc["middle"]
    assert middle["p50"] == pytest.approx(baseline_estimate(query, today=TODAY).p50)
    assert set(rows["method"]) == {"baseline"} and set(rows["n"]) == {0}
