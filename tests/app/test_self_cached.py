"""pages/_self_cached.py: My results' scoring, pay outlook and downloads are kept per answers, role
and estimator, and computed again when any of them changes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from pages import _self_cached
from smm_eval.assessment import salary_outlook
from smm_eval.framework import load_framework, load_roles
from smm_eval.salary import SalaryQuery, baseline_estimate
from smm_eval.services.assessment import self_results


@pytest.fixture
def counted(monkeypatch):
    """Every call of the services behind the caches, counted; the caches start empty."""
    calls: dict[str, int] = {"results": 0, "outlook": 0}

    def results(*args, **kwargs):
        calls["results"] += 1
        return self_results(*args, **kwargs)

    def outlook(*args, **kwargs):
        calls["outlook"] += 1
        return salary_outlook(*args, **kwargs)

    monkeypatch.setattr(_self_cached, "self_results", results)
    monkeypatch.setattr(_self_cached, "salary_outlook", outlook)
    for cached in (_self_cached._results, _self_cached._outlook, _self_cached._download_files):
        cached.clear()
    return calls


def test_results_are_scored_again_only_for_other_answers_or_role(counted):
    fw, roles = load_framework(), load_roles()
    answers = dict.fromkeys(fw.competency_ids, 2)
    first = _self_cached.results(answers, "smm_manager", None, fw, roles)
    again = _self_cached.results(dict(reversed(list(answers.items()))), "smm_manager", None, fw, roles)
    assert counted["results"] == 1  # the same answers in another order: the same key
    assert again.report.summary["overall"] == pytest.approx(first.report.summary["overall"]) == pytest.approx(50.0)

    higher = _self_cached.results(answers | {fw.competency_ids[0]: 4}, "smm_manager", None, fw, roles)
    assert counted["results"] == 2
    assert higher.report.summary["overall"] > first.report.summary["overall"]
    # A competency set back to "not answered" is another key, and scores as unanswered.
    skipped = _self_cached.results(answers | {fw.competency_ids[0]: None}, "smm_manager", None, fw, roles)
    assert counted["results"] == 3
    assert int(skipped.report.summary["answered"]) == len(fw.competency_ids) - 1
    _self_cached.results(answers, "smm_analyst", None, fw, roles)
    assert counted["results"] == 4
    # An earlier attempt is part of the key: the change is computed against it.
    compared = _self_cached.results(answers, "smm_manager", dict.fromkeys(fw.competency_ids, 1), fw, roles)
    assert counted["results"] == 5
    assert compared.overall_change == pytest.approx(25.0)


def test_the_outlook_is_kept_per_query_and_estimator(counted):
    fw, roles = load_framework(), load_roles()
    role = roles["smm_manager"]
    answers = dict.fromkeys(fw.competency_ids, 3)
    query = SalaryQuery("middle", "moscow", "office", "smm_manager")
    baseline = ("sqlite:///w.sqlite", "baseline")
    first = _self_cached.outlook(answers, role, query, baseline, baseline_estimate, fw)
    _self_cached.outlook(answers, role, query, baseline, baseline_estimate, fw)
    assert counted["outlook"] == 1
    assert first.now == baseline_estimate(replace(query, level=first.level_now))

    regions = _self_cached.outlook(
        answers, role, replace(query, region="other_region"), baseline, baseline_estimate, fw
    )
    assert counted["outlook"] == 2
    assert regions.now.p50 < first.now.p50  # Moscow pays more than other regions in the baseline

    # Another estimator (a fitted dataset) is another key: its estimate is asked, not the cached one.
    def doubled(q: SalaryQuery):
        estimate = baseline_estimate(q)
        return replace(estimate, quantiles={q: 2 * v for q, v in estimate.quantiles.items()})

    fitted = _self_cached.outlook(answers, role, query, ("sqlite:///w.sqlite", "7"), doubled, fw)
    assert counted["outlook"] == 3
    assert fitted.now.p50 == 2 * first.now.p50


def test_downloads_follow_the_answers_and_the_language(counted):
    fw, roles = load_framework(), load_roles()
    answers = dict.fromkeys(fw.competency_ids, 2)
    saved, table = _self_cached.download_files(answers, "smm_manager", "smm_manager", fw, roles, "en")
    assert json.loads(saved)["answers"] == answers
    assert table.startswith(b"\xef\xbb\xbf")  # the guarded CSV: UTF-8 with a byte-order mark
    _, spanish = _self_cached.download_files(answers, "smm_manager", "smm_manager", fw, roles, "es")
    assert spanish != table
    saved_four, _ = _self_cached.download_files(
        answers | {fw.competency_ids[0]: 4}, None, "smm_manager", fw, roles, "en"
    )
    assert json.loads(saved_four)["answers"][fw.competency_ids[0]] == 4
    assert json.loads(saved_four)["role"] is None
