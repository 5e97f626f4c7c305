"""Today's money, the floor, tax and the log-normal spread, checked against hand-computed values."""

from __future__ import annotations

import math
from datetime import date

import pytest

from smm_eval.salary import load_market
from smm_eval.salary.money import lognormal_quantiles, minimum_wage_on, sigma_from_quartiles


def test_the_russian_index_interpolates_the_annual_means():
    index = load_market("russia").index
    # 2023-04-30 lies 303 of the 365 days from 2022-07-01 (65,300) to 2023-07-01 (74,854):
    # 65,300 + 303/365 × 9,554 = 73,230.9; the money date's level is 87,952 × 98,192/86,399 = 99,957.
    assert index.level(date(2023, 4, 30)) == pytest.approx(65300 + 303 / 365 * 9554)
    assert index.factor(date(2023, 4, 30), date(2025, 11, 30)) == pytest.approx(99957 / 73230.9, rel=1e-5)


def test_the_us_index_is_the_eci_from_may_2024_to_march_2026():
    index = load_market("united_states").index
    # 2024-05-12 is 42 of the 91 days from Mar 2024 (166.34) to Jun 2024 (167.67): 166.954; 177.498/166.954.
    assert index.factor(date(2024, 5, 12), date(2026, 3, 31)) == pytest.approx(177.498 / (166.34 + 42 / 91 * 1.33))


def test_the_index_does_not_extrapolate():
    with pytest.raises(ValueError, match="outside"):
        load_market("russia").index.level(date(2026, 6, 1))


def test_the_minimum_wage_in_force_on_a_date():
    floors = load_market("russia").minimum_wage
    assert minimum_wage_on(floors, date(2025, 11, 30)).amount == 22440  # MROT 2025
    assert minimum_wage_on(floors, date(2026, 1, 1)).amount == 27093  # MROT 2026
    assert minimum_wage_on(load_market("united_states").minimum_wage, date(2026, 3, 31)).amount == 15080  # 7.25 × 2,080
    with pytest.raises(ValueError, match="none known"):
        minimum_wage_on(floors, date(2020, 1, 1))


def test_ndfl_is_marginal_by_bracket():
    tax = load_market("russia").tax
    assert tax is not None
    # 100,000 a month = 1.2 M a year, all at 13%: 87,000 net.
    assert tax.net(100_000, "month") == pytest.approx(87_000)
    # 300,000 a month = 3.6 M a year: 2.4 M × 13% + 1.2 M × 15% = 492,000 tax; (3.6 M − 0.492 M)/12 = 259,000.
    assert tax.net(300_000, "month") == pytest.approx(259_000)
    # 6 M a year: 312,000 + 2.6 M × 15% + 1 M × 18% = 882,000 tax.
    assert tax.net(6_000_000, "year") == pytest.approx(6_000_000 - 882_000)


def test_spain_uses_the_ine_effective_deduction():
    tax = load_market("spain").tax
    assert tax is not None
    assert tax.net(30_000, "year") == pytest.approx(30_000 * 0.7217)  # 100% − 5.92% − 21.91%
    assert load_market("united_states").tax is None  # no verified rule: gross only


def test_lognormal_quantiles_by_hand():
    q = lognormal_quantiles(100_000, 0.46, (0.10, 0.25, 0.50, 0.75, 0.90))
    # z_0.10 = −1.2815516, z_0.25 = −0.6744898: 100,000 × exp(z × 0.46)
    assert q[0.5] == pytest.approx(100_000)
    assert q[0.25] == pytest.approx(100_000 * math.exp(-0.6744898 * 0.46))  # 73,325
    assert q[0.75] == pytest.approx(100_000 * math.exp(0.6744898 * 0.46))  # 136,379
    assert q[0.10] == pytest.approx(100_000 * math.exp(-1.2815516 * 0.46))  # 55,460
    assert q[0.25] == pytest.approx(73_325, abs=1)


def test_sigma_from_the_bls_quartiles():
    # ln(104,870/56,220) / (2 × 0.6745) = 0.4622 (BLS OEWS 13-1161, May 2024): the σ the markets use, rounded.
    assert sigma_from_quartiles(56_220, 104_870) == pytest.approx(0.4622, abs=1e-4)
    assert load_market("russia").dispersion.sigma == pytest.approx(sigma_from_quartiles(56_220, 104_870), abs=0.005)


def test_the_tax_rule_inverts_net_pay_to_gross_in_every_bracket():
    """Issue 14: net observations were fitted as if gross. NDFL 2025, a month of 3,000,000 gross:
    36 M a year, tax 2.4 M × 13% + 2.6 M × 15% + 15 M × 18% + 16 M × 20% = 6,602,000, so net is
    29,398,000 / 12 = 2,449,833.33 a month; the inverse gives the gross back."""
    russia, spain = load_market("russia").tax, load_market("spain").tax
    assert russia is not None and spain is not None
    assert russia.net(3_000_000, "month") == pytest.approx(2_449_833.33, abs=0.01)
    assert russia.gross(2_449_833.33, "month") == pytest.approx(3_000_000, abs=0.1)
    assert russia.gross(87_000, "month") == pytest.approx(100_000)  # 13% bracket: 87,000 / 0.87
    assert spain.gross(72_170, "year") == pytest.approx(100_000)  # effective 27.83%: 72,170 / 0.7217
