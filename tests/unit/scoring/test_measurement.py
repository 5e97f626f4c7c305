"""The measurement model's components: priors from their sources, the ANOVA estimate by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from smm_eval.scoring import measurement, rating_matrix
from smm_eval.scoring.measurement import PRIOR, estimate_components


def test_priors_follow_from_their_cited_figures():
    # σ_R² = 0.5² × (1 − .52) / .52 = 0.230769; σ_E² = σ_R² × 0.145 / 0.575 + 1/12 = 0.141527
    rater_var, item_var, leniency = measurement.PRIOR_RATER_VAR, measurement.PRIOR_ITEM_VAR, measurement.SELF_LENIENCY
    assert rater_var == pytest.approx(0.25 * 0.48 / 0.52)
    assert item_var == pytest.approx(0.230769 * 0.145 / 0.575 + 1 / 12, abs=1e-6)
    # δ = 0.32 × sqrt(0.25 / 0.52) = 0.32 × 0.693375 = 0.221880 levels
    assert leniency == pytest.approx(0.221880, abs=1e-6)
    assert (PRIOR.source, PRIOR.n_people) == ("prior", 0)
    assert PRIOR.sigma_rater == pytest.approx(math.sqrt(0.230769), abs=1e-6)


def ratings(people: int, a: tuple[int, int], b: tuple[int, int], with_self: bool = False) -> pd.DataFrame:
    """Each person rated by raters A and B (distinct per person) on two competencies."""
    rows = []
    for p in range(people):
        for rater, levels in ((f"A{p}", a), (f"B{p}", b)):
            rows += [(p, rater, c, lv) for c, lv in zip(("copywriting", "seo_basics"), levels, strict=True)]
        if with_self:
            rows += [(p, "self", "copywriting", 0), (p, "self", "seo_basics", 4)]
    return pd.DataFrame(rows, columns=["person", "rater", "competency", "level"])


def components_of(frame: pd.DataFrame):
    return rating_matrix(frame, ["copywriting", "seo_basics"]).components


def test_item_error_alone_by_hand():
    # A: 2, 3; B: 3, 2. Person mean 2.5, both rater means 2.5 (SS_rater 0), both item means 2.5;
    # residuals x - 2.5 = ±0.5, SS_res = 4 × 0.25 = 1 per person with df (2-1)(2-1) = 1.
    # Ten people: σ̂_E² = 10 / 10 = 1, σ̂_R² = max(0, 0 - 1 × 10) / (10 × 2) = 0.
    # Shrunk with 10 pseudo-observations each: σ_R² = (10 × 0.230769 + 10 × 0) / 20 = 0.115385,
    # σ_E² = (10 × 0.141527 + 10 × 1) / 20 = 0.570764.
    got = components_of(ratings(10, (2, 3), (3, 2)))
    assert (got.source, got.n_people) == ("data", 10)
    assert got.sigma_rater**2 == pytest.approx(0.115385, abs=1e-6)
    assert got.sigma_item**2 == pytest.approx(0.570764, abs=1e-5)


def test_rater_effect_alone_by_hand_and_self_ratings_left_out():
    # A: 3, 3; B: 2, 2. SS_rater = n_p Σ_r (rater mean − person mean)² = 2 × (0.25 + 0.25) = 1 per
    # person (df 1), SS_res = 0. σ̂_E² = 0, σ̂_R² = (10 × 1 − 0) / (10 × 2) = 0.5.
    # Shrunk: σ_R² = (2.30769 + 5) / 20 = 0.365385, σ_E² = (1.41527 + 0) / 20 = 0.070764.
    # The self-ratings (0 and 4) would change both if they were counted.
    got = components_of(ratings(10, (3, 3), (2, 2), with_self=True))
    assert got.sigma_rater**2 == pytest.approx(0.365385, abs=1e-6)
    assert got.sigma_item**2 == pytest.approx(0.070764, abs=1e-5)


def test_too_few_people_keep_the_prior():
    assert components_of(ratings(9, (3, 3), (2, 2))) == PRIOR  # 9 < MIN_PEOPLE = 10
    one_rater = ratings(30, (3, 3), (2, 2))
    assert components_of(one_rater.loc[one_rater["rater"].str.startswith("A")]) == PRIOR


def test_only_competencies_every_rater_rated_count():
    # B skips seo_basics: each person has one common competency, too few for a residual.
    frame = ratings(12, (3, 3), (2, 2))
    frame = frame.loc[~(frame["rater"].str.startswith("B") & (frame["competency"] == "seo_basics"))]
    assert components_of(frame) == PRIOR


def test_estimate_takes_codes_directly():
    person = np.repeat(np.arange(10), 4)
    rater = np.tile([0, 0, 1, 1], 10) + 2 * person
    competency = np.tile([0, 1, 0, 1], 10)
    level = np.tile([3.0, 3.0, 2.0, 2.0], 10)
    got = estimate_components(person, rater, competency, level, np.zeros(40, dtype=bool))
    assert got.sigma_rater**2 == pytest.approx(0.365385, abs=1e-6)


def test_the_estimate_rests_on_the_first_max_people_and_counts_them_all(monkeypatch):
    monkeypatch.setattr(measurement, "MAX_PEOPLE", 12)
    got = components_of(ratings(15, (2, 3), (3, 2)))
    # The same as the first 12 alone (every person here is alike), with the 15 counted.
    alone = components_of(ratings(12, (2, 3), (3, 2)))
    assert (got.source, got.n_people, got.n_eligible) == ("data", 12, 15)
    assert (got.sigma_rater, got.sigma_item) == (alone.sigma_rater, alone.sigma_item)
    assert components_of(ratings(9, (3, 3), (2, 2))).n_eligible == 0  # the prior counts no one
