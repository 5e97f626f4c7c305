"""Saving, reloading and reporting one self-assessment."""

from __future__ import annotations

import json

import numpy as np

from smm_eval.assessment import assess, build_saved, results_table
from smm_eval.files.saved import parse_saved, saved_to_json
from smm_eval.schemas import FORMAT_ID


def sample_answers(framework) -> dict[str, int]:
    return {c: (i % 5) for i, c in enumerate(framework.competency_ids) if i % 7 != 6}


def test_json_round_trip_keeps_answers_role_and_summary(framework, roles):
    answers = sample_answers(framework)
    report = assess(answers, "smm_manager", framework, roles)
    saved = build_saved(answers, "smm_manager", report.result)
    text = saved_to_json(saved)
    loaded = parse_saved(text.encode(), "mine.json", framework, roles)
    assert loaded.answers == answers
    assert loaded.role == "smm_manager"
    assert loaded.summary.overall == round(report.summary["overall"], 1)
    assert set(loaded.summary.blocks) == set(framework.block_ids)
    assert json.loads(text)["format"] == FORMAT_ID


def test_report_without_role_uses_the_best_fitting_one(framework, roles):
    answers = dict.fromkeys(framework.competency_ids, 4)
    report = assess(answers, None, framework, roles)
    assert not report.role_was_chosen
    assert report.role_id == "head_of_smm"
    assert report.gaps.empty
    assert report.summary["level"] == "lead"


def test_report_gaps_are_ranked_and_limited(framework, roles):
    answers = dict.fromkeys(framework.competency_ids, 1)
    report = assess(answers, "smm_analyst", framework, roles, n_gaps=5)
    assert len(report.gaps) == 5
    assert report.gaps["priority"].is_monotonic_decreasing
    assert report.gaps["competency"].iloc[0] in {"tool_effectiveness", "engagement_metrics"}
    assert report.strengths.empty


def test_results_table_has_overall_blocks_and_competencies(framework, roles):
    answers = {"copywriting": 4, "seo_basics": 0}
    report = assess(answers, "smm_editor", framework, roles)
    table = results_table(report.result, framework, "es")
    assert table["kind"].value_counts().to_dict() == {"competency": 25, "block": 5, "overall": 1}
    creative = table.loc[table["id"] == "creative"].iloc[0]
    assert creative["name"] == "Creatividad" and creative["score"] == 100.0
    seo = table.loc[table["id"] == "seo_basics"].iloc[0]
    assert seo["level"] == 0 and seo["target"] == 1
    assert seo["gap_priority"] > 0
    unanswered = table.loc[table["id"] == "ad_setup"].iloc[0]
    assert np.isnan(unanswered["level"]) and np.isnan(unanswered["gap_priority"])
