"""Ratings simulated under the measurement model of docs/scoring.md ("Confidence"), vectorised.

x_prc = θ_pc + b_r + h_rp + e_prc, rounded to whole levels and clipped to 0..4: rater leniency b_r
(one per rater of a pool where each rater rates a few people), halo h_rp (one per rater and person),
item error e_prc. True levels θ_pc = μ_p + ψ_pc sit mostly inside 0..4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Model:
    """Standard deviations in levels; `self_lenience` > 0 makes every rating a self-rating with
    that mean leniency; `skip` makes people skip competencies more where they are weak."""

    sigma_lenience: float
    sigma_halo: float
    sigma_item: float  # continuous item error; rounding adds about 1/12 of variance
    raters: int = 1
    self_lenience: float = 0.0
    skip: bool = False


def simulate(model: Model, competency_ids: list[str], people: int, seed: int) -> tuple[np.ndarray, pd.DataFrame]:
    """True levels (people, C) and the tidy ratings (person, rater, competency, level) under `model`."""
    rng = np.random.default_rng(seed)
    n_comp, k = len(competency_ids), model.raters
    mu = 2.0 + 0.5 * rng.standard_normal(people)
    theta = mu[:, None] + 0.6 * rng.standard_normal((people, n_comp))
    pool = max(k + 1, people * k // 4)  # each rater rates about four people
    lenience = model.sigma_lenience * rng.standard_normal(pool)
    # k distinct raters per person: the argsort of random keys picks without replacement, vectorised
    raters = np.argsort(rng.random((people, pool)), axis=1)[:, :k] if pool <= 4000 else _distinct(rng, people, pool, k)
    rater_effect = lenience[raters] + model.sigma_halo * rng.standard_normal((people, k))
    if model.self_lenience:
        rater_effect = rater_effect + model.self_lenience
    x = theta[:, None, :] + rater_effect[:, :, None] + model.sigma_item * rng.standard_normal((people, k, n_comp))
    x = np.clip(np.rint(x), 0, 4)
    if model.skip:
        # about a third skipped, far more often where the person is weak (logistic in the shortfall)
        p_skip = 1 / (1 + np.exp(-(-1.3 + 4 * (mu[:, None] - theta))))
        x[np.broadcast_to((rng.random((people, n_comp)) < p_skip)[:, None, :], x.shape)] = np.nan
    person, rater_slot, comp = np.meshgrid(np.arange(people), np.arange(k), np.arange(n_comp), indexing="ij")
    names = np.where(model.self_lenience > 0, "self", "r" + raters[person, rater_slot].astype(str))
    frame = pd.DataFrame(
        {
            "person": person.ravel(),
            "rater": names.ravel(),
            "competency": np.asarray(competency_ids)[comp.ravel()],
            "level": x.ravel(),
        }
    )
    return theta, frame.dropna(subset=["level"])


def _distinct(rng: np.random.Generator, people: int, pool: int, k: int) -> np.ndarray:
    """(people, k) distinct rater ids per row from 0..pool-1 (k small against pool)."""
    out = rng.integers(0, pool, size=(people, k))
    for j in range(1, k):
        clash = (out[:, j : j + 1] == out[:, :j]).any(axis=1)
        while clash.any():
            out[clash, j] = rng.integers(0, pool, size=int(clash.sum()))
            clash = (out[:, j : j + 1] == out[:, :j]).any(axis=1)
    return out
