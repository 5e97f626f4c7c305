"""Salary: the sourced baseline, and quantile models fitted on observations."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pandas as pd
import pytest

from smm_eval.assessment import assess, salary_outlook
from smm_eval.errors import InputError
from smm_eval.salary import (
    LEVELS,
    MIN_MATCHING,
    QUANTILES,
    REGIONS,
    WORK_FORMATS,
    SalaryQuery,
    baseline_estimate,
    fit_salary_model,
    generate_observations,
    load_salary_data,
    read_observations,
)

TODAY = date(2026, 11, 26)


@pytest.fixture(scope="module")
def data():
    return load_salary_data()


@pytest.fixture(scope="module")
def role_ids(roles):
    return tuple(roles)


@pytest.mark.parametrize(("region", "work_format"), list(itertools.product(REGIONS, WORK_FORMATS)))
def test_baseline_median_rises_with_level(region, work_format, role_ids):
    for role in role_ids:
        medians = [baseline_estimate(SalaryQuery(lv, region, work_format, role), today=TODAY).p50 for lv in LEVELS]
        assert medians == sorted(medians) and len(set(medians)) == len(medians)


def test_moscow_is_above_every_other_region():
    for level, work_format in itertools.product(LEVELS, WORK_FORMATS):
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


def test_every_factor_has_its_reasoning_and_every_source_its_date(data, role_ids):
    for name, factor in data.factors.items():
        for value, entry in factor.values.items():
            for lang in ("en", "es"):
                text = entry.reason.get(lang)
                assert len(text) > 10, (name, value)
            # Either a figure with its source is cited, or the value is declared an assumption.
            cites = any(
                s in entry.reason.en for s in ("Avito", "hh.ru", "source", "message boards", "reference", "anchor")
            )
            assert cites or "assum" in entry.reason.en, (name, value)
    assert set(data.factors["role"].values) == set(role_ids)
    for source in data.sources:
        assert source.date is not None or source.assumed_year is not None
    newest = max(s.year() for s in data.sources)
    assert newest == 2023


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


KNOWN = {
    ("junior", "moscow"): 70000,
    ("middle", "moscow"): 100000,
    ("middle", "other_region"): 60000,
    ("senior", "st_petersburg"): 120000,
}


@pytest.fixture(scope="module")
def fitted(role_ids):
    observations = generate_observations(KNOWN, per_cell=200, seed=3)
    return fit_salary_model(observations, role_ids)


def test_fitting_recovers_known_medians_within_10_percent(fitted):
    for (level, region), median in KNOWN.items():
        estimate = fitted.estimate(SalaryQuery(level, region, "office"))
        assert estimate.method == "fitted" and estimate.n >= MIN_MATCHING
        assert estimate.p50 == pytest.approx(median, rel=0.10), (level, region)


def test_fitted_quantiles_never_cross(fitted, role_ids):
    for level, region, work_format, role in itertools.product(LEVELS, REGIONS, WORK_FORMATS, role_ids[:3]):
        frame = pd.DataFrame([{"level": level, "region": region, "work_format": work_format, "role": role}])
        values = fitted._predict(frame)[0]
        assert np.all(np.diff(values) >= 0)
    estimate = fitted.estimate(SalaryQuery("middle", "moscow", "hybrid"))
    assert sorted(estimate.quantiles) == list(QUANTILES)
    assert list(estimate.quantiles.values()) == sorted(estimate.quantiles.values())


def test_fitted_model_reports_held_out_metrics_against_the_baseline(fitted):
    metrics = fitted.metrics
    assert metrics["held_out"] > 100
    assert set(metrics["pinball"]) == set(metrics["baseline_pinball"]) == {"0.25", "0.5", "0.75"}
    # Data generated around other medians than the baseline's: the model must do better.
    assert metrics["pinball"]["0.5"] < metrics["baseline_pinball"]["0.5"]
    assert 0.25 < metrics["coverage_p25_p75"] < 0.75


def test_too_few_matching_observations_fall_back_to_the_baseline(fitted):
    estimate = fitted.estimate(SalaryQuery("lead", "million_city", "office"))
    assert estimate.method == "baseline" and estimate.n == 0
    assert "only 0 of your observations match lead in million_city" in estimate.fallback_reason


def test_fitting_needs_enough_observations(role_ids):
    small = generate_observations({("middle", "moscow"): 80000}, per_cell=20)
    with pytest.raises(InputError, match="at least 60 observations"):
        fit_salary_model(small, role_ids)


HEADER = "salary_from,salary_to,currency,region,level,work_format,role,date,experience_years"


def test_observations_are_read_with_from_or_to_alone(role_ids):
    text = (
        f"{HEADER}\n60000,80000,RUB,moscow,middle,office,smm_manager,2026-10-01,3\n"
        "50000,,RUB,other_region,junior,remote,smm_editor,2026-09,\n,90000,RUB,moscow,senior,hybrid,smm_analyst,2026-08-15,\n"
    )
    frame = read_observations(text.encode(), "obs.csv", role_ids)
    assert frame["salary"].tolist() == pytest.approx([70000, 55000, 81000])
    assert frame["line"].tolist() == [2, 3, 4]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (",,RUB,moscow,middle,office,smm_manager,2026-10-01,", 1, "both empty"),
        ("90000,60000,RUB,moscow,middle,office,smm_manager,2026-10-01,", 1, "is above salary_to"),
        ("lots,,RUB,moscow,middle,office,smm_manager,2026-10-01,", 1, "is not an amount"),
        ("60000,,rub,moscow,middle,office,smm_manager,2026-10-01,", 3, "3-letter code"),
        ("60000,,RUB,mars,middle,office,smm_manager,2026-10-01,", 4, "region 'mars'"),
        ("60000,,RUB,moscow,guru,office,smm_manager,2026-10-01,", 5, "level 'guru'"),
        ("60000,,RUB,moscow,middle,beach,smm_manager,2026-10-01,", 6, "work_format 'beach'"),
        ("60000,,RUB,moscow,middle,office,astronaut,2026-10-01,", 7, "role 'astronaut'"),
        ("60000,,RUB,moscow,middle,office,smm_manager,yesterday,", 8, "is not a date"),
        ("60000,,RUB,moscow,middle,office,smm_manager,2026-10-01,-2", 9, "experience_years '-2'"),
    ],
)
def test_bad_observations_name_line_and_column(role_ids, row, column, message):
    with pytest.raises(InputError) as err:
        read_observations(f"{HEADER}\n{row}\n".encode(), "obs.csv", role_ids)
    problem = err.value.problems[0]
    assert (problem.line, problem.column) == (2, column)
    assert message in problem.message


def test_bad_observation_files(role_ids):
    for content, fragment in [
        (b"", "the file is empty"),
        (b"salary_from,salary_to\n1,2\n", r"lacks column\(s\) currency"),
        (f"{HEADER},bonus\n".encode(), "unknown column 'bonus'"),
        (f"{HEADER}\n".encode(), "no observations"),
        (
            f"{HEADER}\n60000,,RUB,moscow,middle,office,smm_manager,2026-10-01,\n"
            "700,,USD,moscow,middle,office,smm_manager,2026-10-01,\n".encode(),
            "mix currencies",
        ),
    ]:
        with pytest.raises(InputError, match=fragment):
            read_observations(content, "obs.csv", role_ids)


def test_outlook_names_the_gaps_that_raise_pay_most(framework, roles):
    answers = dict.fromkeys(framework.competency_ids, 2) | dict.fromkeys(framework.competency_ids[:10], 3)
    report = assess(answers, "smm_manager", framework, roles)
    gaps = report.result.gaps.loc[report.result.gaps["person"] == "you"]
    outlook = salary_outlook(answers, gaps, framework, baseline_estimate, SalaryQuery("middle", "moscow", "office"))
    assert outlook.level_now == "junior"
    assert len(outlook.movers) == 2
    assert outlook.movers["progress"].is_monotonic_decreasing
    assert outlook.level_after == "middle"
    assert outlook.after.p50 > outlook.now.p50
