"""The benchmarks' naive per-person loop and the vectorised scoring agree, in and across chunks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from benchmarks.naive import score_naive
from smm_eval.scoring import block_scores, engine, score_profiles, weights_for


def random_ratings(framework, people: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p in range(people):
        for r in range(int(rng.integers(1, 4))):
            for c in framework.competency_ids:
                if rng.random() < 0.85:
                    rows.append((f"p{p}", f"r{r}", c, int(rng.integers(0, 5))))
    return pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])


@pytest.mark.parametrize("role_id", [None, "smm_manager", "ads_specialist"])
def test_vectorised_scoring_equals_the_naive_loop(framework, roles, monkeypatch, role_id):
    monkeypatch.setattr(engine, "CHUNK", 37)  # many chunks, the last one partial
    monkeypatch.setattr(engine, "THREADS", 2)
    ratings = random_ratings(framework, 300, seed=7)
    extra = [("nobody", "r0", "copywriting", np.nan)]
    extra += [("sparse", "r0", c, 3) for c in framework.competency_ids[:6]]  # below the coverage gate: no fit
    ratings = pd.concat([ratings, pd.DataFrame(extra, columns=ratings.columns)])
    role = roles[role_id] if role_id else None
    result = score_profiles(ratings, framework, role, people=[*dict.fromkeys(ratings["person"])])
    w = weights_for(framework, role)
    naive = score_naive(result.matrix, w, [role] if role else list(roles.values()), framework)
    people = result.people
    assert len(naive) == len(people) == 302
    for i, expected in enumerate(naive):
        row = people.iloc[i]
        for column in ("overall", "fit", "fit_se"):
            assert math.isclose(row[column], expected[column], abs_tol=1e-9) or (
                math.isnan(row[column]) and math.isnan(expected[column])
            ), (i, column)
        for block in w.block_ids:
            got = result.blocks.iloc[i][block]
            assert math.isclose(got, expected[block], abs_tol=1e-9) or (math.isnan(got) and math.isnan(expected[block]))
        half = 1.96 * expected["overall_se"]
        if not math.isnan(half):  # the lower end also makes room for skipped answers
            low = max(expected["overall"] - half - expected["overall_skip"], 0)
            assert math.isclose(row["overall_low"], low, abs_tol=1e-9)
            assert math.isclose(row["overall_high"], min(expected["overall"] + half, 100), abs_tol=1e-9)
        assert (row["confidence"] if isinstance(row["confidence"], str) else "none") == expected["confidence"]
        assert (row["level"] if isinstance(row["level"], str) else None) == expected["level"], i
        assert (row["level_role"] if isinstance(row["level_role"], str) else None) == expected["level_role"], i
        gaps = expected["gaps"]
        if role is None:
            assert not gaps and math.isnan(row["gap_total"])
        else:
            # Priorities are fit points (0..100), held to the same 1e-9 as fit and the scores.
            assert math.isclose(row["gap_total"], sum(p for _, p in gaps), abs_tol=1e-9)
            assert (row["top_gap"] if isinstance(row["top_gap"], str) else None) == (gaps[0][0] if gaps else None)
            if gaps:
                assert math.isclose(row["top_gap_priority"], gaps[0][1], abs_tol=1e-9)
            mine = result.gaps.loc[result.gaps["person"] == people.index[i]]
            assert list(mine["competency"]) == [c for c, _ in gaps]
            np.testing.assert_allclose(mine["priority"].to_numpy(), [p for _, p in gaps], rtol=0, atol=1e-9)
    assert people.loc["nobody", "confidence"] == "none" and pd.isna(people.loc["nobody", "level"])


@pytest.mark.parametrize("block_rows", [7, 50, 4_096])
def test_block_scores_step_matches_full_scoring(framework, monkeypatch, block_rows):
    # Chunks of 50 and inner blocks of 7 (120 people: 17 full blocks and a last one of 1) cover the
    # block step's buffers being reused and cut short at the end of a chunk.
    monkeypatch.setattr(engine, "CHUNK", 50)
    monkeypatch.setattr(engine, "BLOCK_ROWS", block_rows)
    result = score_profiles(random_ratings(framework, 120, seed=3), framework)
    step = block_scores(result.matrix.mean, result.weights)
    np.testing.assert_allclose(step, result.blocks.to_numpy(), atol=1e-9)


def test_block_scores_by_hand(framework, monkeypatch):
    monkeypatch.setattr(engine, "BLOCK_ROWS", 2)  # three people: a full inner block and a short one
    w = weights_for(framework)
    levels = np.full((3, len(framework.competency_ids)), np.nan)
    first = [i for i, b in enumerate(w.block_index) if b == 0][:2]
    c0, c1 = first
    levels[0, c0], levels[0, c1] = 4.0, 0.0  # block 0: weighted mean of 100 and 0
    levels[1, :] = 2.0  # every block 50
    # levels[2] all NaN: no block answered, every score NaN (never 0)
    out = block_scores(levels, w)
    w0, w1 = w.within_block[c0], w.within_block[c1]
    assert out[0, 0] == pytest.approx(100 * w0 / (w0 + w1))  # (w0 x 100 + w1 x 0) / (w0 + w1)
    assert np.isnan(out[0, 1:]).all()
    np.testing.assert_allclose(out[1], 50.0)
    assert np.isnan(out[2]).all()


def test_best_role_of_each_agrees_with_best_fitting_roles(framework, roles):
    from smm_eval.scoring import best_fitting_roles, best_role_of_each

    levels = score_profiles(random_ratings(framework, 80, seed=11), framework).levels
    levels.loc["empty"] = np.nan
    vectorised = best_role_of_each(levels, framework, roles)
    for person in levels.index:
        best = best_fitting_roles(levels.loc[person], framework, roles, 1)
        assert vectorised[person] == (best.iloc[0]["role"] if len(best) else None), person


def test_quick_benchmark_run_writes_the_table_and_the_figures(tmp_path):
    """A smoke pass of `python -m benchmarks` on tiny sizes (the real run is not a test)."""
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    result = subprocess.run(
        # Every group but the browser clicks, which need Chromium: tests/e2e/test_clicks_driver.py runs them.
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--no-postgres",
            "--output",
            str(tmp_path),
            "--only",
            "scoring,cli,import,pages,plan,salary",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    document = json.loads((tmp_path / "performance.json").read_text(encoding="utf-8"))
    groups = {r["group"] for r in document["records"]}
    assert groups == {"Scoring", "Import", "Pages", "Plan", "Salary"}
    assert document["machine"]["cores"] >= 1
    pages = [r for r in document["records"] if r["group"] == "Pages" and r["case"].startswith("page `")]
    assert len(pages) == 12 and all("exception" not in r["note"] for r in pages)
    assert all(math.isfinite(r["value"]) for r in document["records"] if "not available" not in r["case"])
    markdown = (tmp_path / "performance.md").read_text(encoding="utf-8")
    assert "## Scoring" in markdown and "## Pages" in markdown and "Quick smoke run" in markdown
