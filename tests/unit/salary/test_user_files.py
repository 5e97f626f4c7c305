"""Observation files in the shapes users bring, for every market (issue 14: `--data` was Russia-only,
and an annual amount would have been read as monthly)."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.salary import QuantileSalaryModel, SalaryQuery, load_market
from smm_eval.services.salary import read_salary_file

HEADER = "salary_from,salary_to,currency,region,level,work_format,role,date"


def _rows(template: str, n: int) -> str:
    return "".join(template.format(i=i, month=1 + i % 9) for i in range(n))


def test_a_us_file_in_yearly_dollars_is_fitted_in_the_us_market(role_ids):
    us = load_market("united_states")
    text = HEADER + "\n" + _rows("7{i:04d},8{i:04d},USD,national,middle,office,smm_manager,2025-{month:02d}-15\n", 80)
    read = read_salary_file(text.encode(), "us.csv", role_ids, us)
    assert read.observations["period"].eq("year").all()
    # row 0: from 70,000 to 80,000, midpoint 75,000 dollars a year, kept as a yearly amount
    assert read.observations["salary"].iloc[0] == 75000
    model = QuantileSalaryModel().fit(read.observations, role_ids, us)
    estimate = model.estimate(SalaryQuery("middle", "national", "office", market="united_states"), us)
    assert (estimate.currency, estimate.period, estimate.method, estimate.n) == ("USD", "year", "fitted", 80)


def test_a_spanish_file_with_annual_gross_28_000_is_read_as_28000_euros_a_year(role_ids):
    spain = load_market("spain")
    text = HEADER + ",period,gross_net\n"
    text += _rows("28.{i:03d},,EUR,national,junior,hybrid,smm_manager,2025-{month:02d}-01,year,gross\n", 70)
    read = read_salary_file(text.encode(), "es.csv", role_ids, spain)
    # "28.000" is 28,000 (dot thousands); only "from" given: 28,000 × 1.1 = 30,800 € a year
    assert read.observations["salary"].iloc[0] == pytest.approx(30800)
    assert read.observations["gross"].iloc[0] is True
    model = QuantileSalaryModel().fit(read.observations, role_ids, spain)
    estimate = model.estimate(SalaryQuery("junior", "national", "hybrid", market="spain"), spain)
    assert estimate.currency == "EUR" and estimate.period == "year" and estimate.limited_data


def test_a_russian_file_of_net_monthly_pay_is_fitted_as_gross(role_ids, data):
    text = HEADER + ",gross_net\n"
    text += _rows("87000,,RUB,moscow,middle,office,smm_manager,2026-{month:02d}-01,net\n", 70)
    read = read_salary_file(text.encode(), "ru.csv", role_ids, data)
    model = QuantileSalaryModel().fit(read.observations, role_ids, data)
    # net 87,000 × 1.1 ("from" only) = 95,700 net = 110,000 gross (95,700 / 0.87); dated after the
    # index's last point, so used as is, and said so
    assert model.money_notes_.net_to_gross == 70 and model.money_notes_.after_index == 70
    fitted = model.predict_quantiles(read.observations.head(1))[0][2]
    assert fitted == pytest.approx(110000, rel=0.02)


def test_annual_amounts_without_a_period_are_refused_in_a_monthly_market(role_ids, data):
    """1,200,000 RUB is a year's pay for a middle SMM manager in Moscow, not a month's."""
    text = HEADER + "\n" + _rows("1 200 000,,RUB,moscow,middle,office,smm_manager,2026-{month:02d}-01\n", 70)
    with pytest.raises(InputError, match="look like pay per year, not per month") as caught:
        read_salary_file(text.encode(), "ru.csv", role_ids, data)
    assert caught.value.problems[0].code == "salary.period_unclear"
    stated = text.replace(HEADER, HEADER + ",period").replace("-01\n", "-01,year\n")
    read = read_salary_file(stated.encode(), "ru.csv", role_ids, data)
    assert read.observations["salary"].iloc[0] == pytest.approx(1_200_000 * 1.1 / 12)  # 110,000 a month


def test_monthly_amounts_without_a_period_are_refused_in_a_yearly_market(role_ids):
    text = HEADER + "\n" + _rows("6000,,USD,national,middle,office,smm_manager,2025-{month:02d}-01\n", 70)
    with pytest.raises(InputError, match="look like pay per month, not per year"):
        read_salary_file(text.encode(), "us.csv", role_ids, load_market("united_states"))


def test_a_file_in_another_currency_than_the_market_is_refused_at_its_line(role_ids, data):
    text = HEADER + "\n" + _rows("70000,,USD,national,middle,office,smm_manager,2025-{month:02d}-01\n", 3)
    with pytest.raises(InputError) as caught:
        read_salary_file(text.encode(), "us.csv", role_ids, load_market("spain"))
    problem = caught.value.problems[0]
    assert problem.code == "salary.currency_market" and problem.line == 2
    assert "the observations are in USD, but the spain market is in EUR" in problem.message


def test_a_file_mixing_currencies_names_the_first_line_of_the_other(role_ids, data):
    text = HEADER + "\n70000,,RUB,moscow,middle,office,smm_manager,2025-01\n"
    text += "70000,,RUB,moscow,middle,office,smm_manager,2025-01\n900,,EUR,moscow,middle,office,smm_manager,2025-01\n"
    with pytest.raises(InputError) as caught:
        read_salary_file(text.encode(), "mixed.csv", role_ids, data)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column_name, problem.code) == (4, "currency", "salary.currencies_mixed")
