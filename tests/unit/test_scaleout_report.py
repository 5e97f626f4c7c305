"""The scale-out benchmark's report (benchmarks/scaleout.py): its section of docs/performance.md
says FAILED on any lost, duplicated or unexpected rating, and is written in place, once."""

from __future__ import annotations

from pathlib import Path

from benchmarks.scaleout import HEADING, section, splice

DOC = {
    "date": "2026-11-30T16:00:00+00:00", "processes": 2, "sessions": 4, "recruiters": 2, "seconds": 60.0,
    "cores": 2, "load_average_start": [1.0, 1.0, 1.0], "load_average_end": [2.0, 1.0, 1.0], "errors": 0,
    "error_samples": [], "scorecards_submitted": 5, "scorecards_stored": 5, "ratings_stored": 5, "lost": 0,
    "unexpected": 0, "duplicated": 0,
    "steps": [{"journey": "recruiter", "step": "submit the scorecard", "process": 1, "n": 5, "p50_ms": 812.4,
               "p95_ms": 1500.6}],
}  # fmt: skip


def test_the_section_passes_only_without_errors_and_with_every_rating_stored_once():
    lines = section(DOC)
    assert lines[0] == HEADING
    assert "**Passed**: 0 errors; 5 scorecards submitted, 5 stored (5 ratings): 0 lost, 0 duplicated" in "\n".join(
        lines
    )
    assert "| recruiter | submit the scorecard | 1 | 5 | 812 ms | 1501 ms |" in lines
    for key in ("lost", "duplicated", "unexpected", "errors"):
        assert "**FAILED**" in "\n".join(section({**DOC, key: 1}))


def test_the_section_goes_before_the_notes_and_is_replaced_in_place(tmp_path: Path):
    path = tmp_path / "performance.md"
    path.write_text("# Performance\n\n## Load\n\nx\n\n## What was changed\n\nnotes\n", encoding="utf-8")
    splice(path, section(DOC))
    splice(path, section({**DOC, "lost": 2}))
    text = path.read_text(encoding="utf-8")
    assert text.count(HEADING) == 1
    assert text.index("## Load") < text.index(HEADING) < text.index("## What was changed")
    assert "**FAILED**" in text and "**Passed**" not in text


def test_the_one_process_baseline_is_set_beside_the_two_processes_step_by_step():
    two = {**DOC, "pooled": {"recruiter: submit the scorecard": {"n": 5, "p50_ms": 812.4}}}
    baseline = {**DOC, "processes": 1, "errors": 1, "error_samples": ["Job seeker 1: TimeoutError"],
                "pooled": {"recruiter: submit the scorecard": {"n": 4, "p50_ms": 406.2},
                           "job seeker: answer a question": {"n": 9, "p50_ms": 50.0}}}  # fmt: skip
    text = "\n".join(section({**two, "baseline": baseline}))
    assert "**Baseline, the same 4 sessions against one process**" in text
    assert "FAILED, 1 error; 5 scorecards submitted, 5 stored, 0 lost, 0 duplicated." in text
    assert "| recruiter: submit the scorecard | 4, 406 ms | 5, 812 ms | 2.00× |" in text
    assert "answer a question" not in text.split("two / one")[1].split("Both processes")[0]  # not measured on two
    assert "- Job seeker 1: TimeoutError" in text
    assert "Baseline" not in "\n".join(section(two))  # a run without the baseline says nothing of it
