"""The training plan (an exact mixed-integer programme) and the salary models."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from benchmarks.generators import generate_observations
from benchmarks.harness import Record, median_time
from smm_eval.framework import load_framework, load_roles
from smm_eval.salary import REGIONS, SalaryQuery, fit_salary_model
from smm_eval.team import CHEAPEST_SECONDS, member_weights_targets, plan_training
from smm_eval.vocabulary import CAREER_LEVELS, TRAINING_KINDS


def random_plan_inputs(people: int, trainings: int, seed: int = 0):
    framework, roles = load_framework(), load_roles()
    rng = np.random.default_rng(seed)
    comps = framework.competency_ids
    members = {f"p{i}": list(roles)[i % len(roles)] for i in range(people)}
    weights, targets = member_weights_targets(members, framework, roles)
    matrix = pd.DataFrame(rng.integers(0, 4, (people, len(comps))).astype(float), index=list(members), columns=comps)
    catalogue = pd.DataFrame(
        [
            {
                "id": f"t{i}",
                "name": f"Training {i}",
                "kind": TRAINING_KINDS[i % len(TRAINING_KINDS)],
                "cost": float(rng.integers(1, 30) * 1000),
                "hours": float(rng.integers(4, 40)),
                "gain": {
                    str(c): int(rng.integers(1, 3)) for c in rng.choice(comps, size=rng.integers(1, 4), replace=False)
                },
            }
            for i in range(trainings)
        ]
    )
    return matrix, weights, targets, catalogue


def run_plan(people: int, trainings: int, budget: float = 200_000, hours: float | None = 40) -> list[Record]:
    matrix, weights, targets, catalogue = random_plan_inputs(people, trainings)
    seconds = median_time(lambda: plan_training(matrix, weights, targets, catalogue, budget, hours), 3)
    plan = plan_training(matrix, weights, targets, catalogue, budget, hours)
    cheapest = "proven" if plan.cheapest_proven else f"searched for {CHEAPEST_SECONDS} s"
    return [
        Record("Plan", "optimal training plan (two exact MILP solves: most gap, then cheapest)", people, seconds, "s",
               target="under 2 s for 50 people x 100 trainings" if people >= 50 else "",
               met=seconds < 2 if people >= 50 and trainings >= 100 else None,
               note=f"{people} people x {trainings} trainings, budget {budget:,.0f}, {hours} h each; "
               f"closes {plan.gap_closed / plan.gap_total:.0%} of the weighted gap (proven optimal); "
               f"cheapest among optimal plans {cheapest}")
    ]  # fmt: skip


def run_salary(observations: int) -> list[Record]:
    roles = tuple(load_roles())
    rng = np.random.default_rng(0)
    medians = {(lv, rg): float(40_000 * (1.35**i) * (1.4 if rg == "moscow" else 1.0) * rng.uniform(0.95, 1.05))
               for i, lv in enumerate(CAREER_LEVELS) for rg in REGIONS}  # fmt: skip
    frame = generate_observations(medians, per_cell=max(1, observations // len(medians)), seed=1)
    start = time.perf_counter()
    model = fit_salary_model(frame, roles)
    fit_seconds = time.perf_counter() - start
    query = SalaryQuery("middle", "moscow", "remote", "smm_manager")
    one = median_time(lambda: model.estimate(query), 20, warmup=2)
    return [
        Record("Salary", "fit the P10..P90 quantile models", len(frame), fit_seconds, "s", target="under 10 s",
               met=fit_seconds < 10 if len(frame) >= 50_000 else None,
               note="five HistGradientBoosting quantile models, held-out evaluation included"),
        Record("Salary", "one estimate from the fitted models", None, one * 1000, "ms", target="under 10 ms",
               met=one < 0.010),
    ]  # fmt: skip
