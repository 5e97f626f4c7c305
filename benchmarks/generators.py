"""Synthetic test data with known answers, shared by the benchmarks and the tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import numpy as np
import pandas as pd

from smm_eval.salary import WORK_FORMATS


def generate_observations(medians: Mapping[tuple[str, str], float], per_cell: int, seed: int = 0) -> pd.DataFrame:
    """Synthetic salary observations with known medians per (level, region).

    Salaries are log-normal around each median (sigma 0.25), as `from`/`to` pairs ±10%; the
    frame has the columns of `smm_eval.files.observations.read_observations` (without `line`).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for (level, region), median in medians.items():
        values = median * np.exp(rng.normal(0, 0.25, per_cell))
        for v in values:
            rows.append(
                {
                    "salary_from": round(v * 0.9), "salary_to": round(v * 1.1), "currency": "RUB", "region": region,
                    "level": level, "work_format": rng.choice(WORK_FORMATS), "role": "smm_manager",
                    "date": date(2026, int(rng.integers(1, 11)), 1), "experience_years": np.nan,
                }
            )  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["salary"] = (frame["salary_from"] + frame["salary_to"]) / 2
    return frame
