"""Scoring: the vectorised code against a per-person loop (naive) and one matrix product (floor);
and the `score` command against a plain pandas script doing the same input and output."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from benchmarks.harness import Record, growth_exponent, median_time, paired, peak_memory
from benchmarks.naive import score_naive
from smm_eval.framework import load_framework, load_roles
from smm_eval.scoring import RatingMatrix, block_scores, score_profiles, weights_for

GROUP = "Scoring"
ROOT = Path(__file__).resolve().parent.parent
ROLE = "smm_manager"
FLOOR_THREADS = 1  # issue 17: the block step is held to a single-thread product


def random_levels(people: int, competencies: int, seed: int = 0, missing: float = 0.1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    levels = rng.integers(0, 5, (people, competencies)).astype(float)
    levels[rng.random(levels.shape) < missing] = np.nan
    return levels


def run(sizes: list[int], naive_people: int, multi_people: int) -> list[Record]:
    framework = load_framework()
    role = load_roles()[ROLE]
    w = weights_for(framework, role)
    records: list[Record] = []
    full_times: list[float] = []
    for n in sizes:
        levels = random_levels(n, len(framework.competency_ids))
        frame = pd.DataFrame(levels, index=pd.Index([f"p{i}" for i in range(n)]), columns=framework.competency_ids)
        matrix = RatingMatrix.from_levels(frame, framework.competency_ids)
        repeat = 3 if n >= 500_000 else 5
        with threadpool_limits(limits=FLOOR_THREADS, user_api="blas"):  # the floor: one BLAS thread
            floor_only = lambda levels=levels: levels @ w.block_matrix  # noqa: E731
            step, floor, step_ratio = paired(lambda levels=levels: block_scores(levels, w), floor_only, 5, repeat)
        full = median_time(lambda matrix=matrix: score_profiles(matrix, framework, role), repeat)
        full_times.append(full)
        sample = min(n, naive_people)
        part = RatingMatrix.from_levels(frame.iloc[:sample], framework.competency_ids)
        start = time.perf_counter()
        score_naive(part, w, [role], framework)
        naive = (time.perf_counter() - start) * n / sample
        floor_name = f"one numpy matrix product on {FLOOR_THREADS} BLAS thread (floor)"
        records.append(
            Record(GROUP, "block-score step", n, step, "s", floor_name, floor, "within 3x", step_ratio <= 3,
                   "median ratio of 5 alternated pairs", paired_ratio=step_ratio)
        )  # fmt: skip
        note = "" if sample == n else f"naive loop timed on {sample:,} people and scaled linearly"
        records.append(
            Record(GROUP, "full scoring (blocks, overall, band, fit, gaps, level, confidence)", n, full, "s",
                   "per-person Python loop (naive)", naive, "at least 50x faster than naive", naive >= 50 * full, note)
        )  # fmt: skip
        if n >= 1_000_000:
            records.append(Record(GROUP, "full scoring, 1M people", n, full, "s", target="under 1 s", met=full < 1.0))
            peak = peak_memory(lambda matrix=matrix: score_profiles(matrix, framework, role)) / 2**20
            input_mb = (levels.nbytes + matrix.count.nbytes) / 2**20
            note = f"allocated during scoring; the input matrices hold {input_mb:.0f} MB more"
            records.append(
                Record(
                    GROUP, "peak memory of full scoring", n, peak, "MB", target="under 1 GB", met=peak < 1024, note=note
                )
            )
    if len(sizes) >= 3:
        exponent = growth_exponent(sizes, full_times)
        records.append(
            Record(GROUP, "growth exponent of full scoring (time ~ size^k)", None, exponent, "", target="about 1",
                   met=exponent < 1.2, note=f"sizes {', '.join(f'{s:,}' for s in sizes)}")
        )  # fmt: skip
    records.append(_multi_rater(framework, role, multi_people))
    return records


def _multi_rater(framework, role, people: int) -> Record:
    """people x 3 raters as a tidy frame (person, rater, competency, level), scored from scratch."""
    comps = np.array(framework.competency_ids)
    rng = np.random.default_rng(1)
    n = people * 3 * len(comps)
    tidy = pd.DataFrame(
        {
            "person": np.repeat(np.arange(people), 3 * len(comps)).astype(str),
            "rater": np.tile(np.repeat(["r1", "r2", "r3"], len(comps)), people),
            "competency": np.tile(comps, people * 3),
            "level": rng.integers(0, 5, n),
        }
    )
    seconds = median_time(lambda: score_profiles(tidy, framework, role), 3)
    matrix_only = median_time(lambda: score_profiles(tidy, framework, role).matrix, 1, 0)
    return Record(GROUP, "full scoring from tidy ratings, 3 raters each", people, seconds, "s",
                  note=f"{n:,} rating rows; includes combining raters (agreement, spread, variance); "
                  f"a second run took {matrix_only:.2f} s")  # fmt: skip


BASELINE_SCRIPT = """
import sys
import numpy as np, pandas as pd
from smm_eval.framework import load_framework, load_roles
from smm_eval.scoring import weights_for
fw = load_framework()
w = weights_for(fw, load_roles()["smm_manager"])
frame = pd.read_csv(sys.argv[1])
values = frame[fw.competency_ids].to_numpy(dtype=float)
blocks = np.nan_to_num(values) @ (w.block_matrix * 25)
out = pd.DataFrame(blocks, columns=list(w.block_ids))
out.insert(0, "person", frame["person"])
out.to_csv(sys.argv[2], index=False)
"""


POLARS_SCRIPT = """
import sys
import numpy as np, polars as pl
from smm_eval.framework import load_framework, load_roles
from smm_eval.scoring import weights_for
fw = load_framework()
w = weights_for(fw, load_roles()["smm_manager"])
frame = pl.read_csv(sys.argv[1])
present = [c for c in fw.competency_ids if c in frame.columns]
values = frame.select(present).to_numpy().astype(float)
matrix = w.block_matrix[[fw.competency_ids.index(c) for c in present]] * 25
blocks = np.nan_to_num(values) @ matrix
out = pl.DataFrame(blocks, schema=list(w.block_ids), orient="row").insert_column(0, frame["person"])
out.write_csv(sys.argv[2])
"""


def run_cli(rows: int) -> list[Record]:
    """`python -m smm_eval score` on a wide CSV against the pandas and Polars scripts above, all as
    processes; each ratio from its own alternated pairs."""
    framework = load_framework()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ratings.csv"
        levels = random_levels(rows, len(framework.competency_ids), seed=2)
        frame = pd.DataFrame(levels, columns=framework.competency_ids).astype("Int8")
        frame.insert(0, "person", [f"person {i}" for i in range(rows)])
        frame.to_csv(path, index=False)
        scripts = {"pandas": BASELINE_SCRIPT, "polars": POLARS_SCRIPT}
        for name, text in scripts.items():
            # baseline_pandas.py, not pandas.py: a script named pandas.py would import itself as pandas
            (Path(tmp) / f"baseline_{name}.py").write_text(text, encoding="utf-8")

        env = {**os.environ, "PYTHONPATH": str(ROOT)}

        def cli() -> None:
            cmd = [sys.executable, "-m", "smm_eval", "score", str(path), "--role", ROLE, "-o", str(Path(tmp) / "o.csv")]
            subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)

        def script(name: str) -> None:
            cmd = [sys.executable, str(Path(tmp) / f"baseline_{name}.py"), str(path), str(Path(tmp) / f"{name}.csv")]
            subprocess.run(cmd, check=True, env=env)

        ours, base, ratio = paired(cli, lambda: script("pandas"), 3, 1)
        size_mb = path.stat().st_size / 2**20
        records = [
            Record(GROUP, "`score` command on a wide CSV (validate, score, write)", rows, ours, "s",
                   "pandas read_csv + numpy product + to_csv script", base, "at or below 1.0x the script",
                   ratio <= 1.0, f"{size_mb:.0f} MB file; both timed as new processes, interpreter start included; "
                   "median ratio of 3 alternated pairs", paired_ratio=ratio)
        ]  # fmt: skip
        if _polars_installed():
            ours, base, ratio = paired(cli, lambda: script("polars"), 3, 1)
            records.append(
                Record(GROUP, "`score` command on a wide CSV against Polars", rows, ours, "s",
                       "Polars read_csv + numpy product + write_csv script", base, "within 1.5x of the script",
                       ratio <= 1.5, "both timed as new processes; median ratio of 3 alternated pairs",
                       paired_ratio=ratio)
            )  # fmt: skip
    return records


def _polars_installed() -> bool:
    """The Polars baseline runs where polars is installed (requirements-dev.txt)."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True
