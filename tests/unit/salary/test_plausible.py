"""Salary observations that cannot be true are refused, located (issue 18, finding 8)."""

from __future__ import annotations

from datetime import date

import pytest

from smm_eval.errors import InputError
from smm_eval.salary import load_market
from smm_eval.salary.plausible import amount_bounds, implausible_observations
from smm_eval.services.salary import read_salary_file

HEADER = "salary_from,salary_to,currency,region,level,work_format,role,date"
GOOD = "80000,100000,RUB,moscow,middle,office,smm_manager,2026-07-01"
TODAY = date(2026, 11, 30)


def read(*rows: str):
    data = "\n".join([HEADER, *rows]).encode()
    return read_salary_file(data, "obs.csv", ("smm_manager", "smm_editor"), load_market("russia"), today=TODAY)


def test_the_bounds_of_a_moscow_middle():
    import pandas as pd

    cell = pd.DataFrame({"level": ["middle"], "region": ["moscow"], "work_format": ["office"], "role": ["smm_manager"]})
    upper, lower = amount_bounds(cell, load_market("russia"))
    # The baseline's P90 of the cell is 196,906 RUB a month (test_baseline); × 100 = 19,690,638.
    # Minimum wage in force at the money date 2025-11-30: 22,440 RUB (from 2025-01-01); / 10 = 2,244.
    assert upper[0] == pytest.approx(19_690_638, abs=1) and lower == 2244.0


def test_future_dates_and_absurd_amounts_are_refused_with_their_place():
    with pytest.raises(InputError) as caught:
        read(
            GOOD,
            "999000000,,RUB,moscow,middle,office,smm_manager,2026-07-01",  # line 3: ~5,000 × the P90
            "500,,RUB,moscow,middle,office,smm_manager,2026-07-01",  # line 4: salary_from below 2,244
            "80000,,RUB,moscow,middle,office,smm_manager,9999-12-31",  # line 5: the future
            "80000,,RUB,moscow,middle,office,smm_manager,2026-12-01",  # line 6: a day after today's month
        )
    found = [(p.line, p.column_name, p.code) for p in caught.value.problems]
    assert found == [
        (3, "salary_from", "salary.amount_too_high"),
        (4, "salary_from", "salary.amount_too_low"),
        (5, "date", "salary.future_date"),
        (6, "date", "salary.future_date"),
    ]
    assert caught.value.problems[0].params == {"amount": 999_000_000, "limit": 19_690_638, "currency": "RUB"}
    assert caught.value.problems[2].params == {"date": "9999-12-31", "today": "2026-11-30"}


def test_today_and_plausible_extremes_pass():
    # 19,000,000 is below 100 × 196,906; 2,300 is above 22,440 / 10; today itself is not the future.
    frame = read(
        GOOD,
        "19000000,,RUB,moscow,middle,office,smm_manager,2026-11-30",
        "2300,,RUB,moscow,middle,office,smm_manager,2026-01-01",
    ).observations
    assert len(frame) == 3


def test_yearly_rows_are_judged_per_month():
    # 1,200,000 a year is 100,000 a month: plausible once brought to the market's period.
    yearly = "1200000,1200000,RUB,moscow,middle,office,smm_manager,2026-07-01,year"
    data = "\n".join([HEADER + ",period", GOOD + ",", yearly])
    frame = read_salary_file(
        data.encode(), "obs.csv", ("smm_manager",), load_market("russia"), today=TODAY
    ).observations
    assert frame["salary"].tolist() == [90000.0, 100000.0]


def test_an_empty_frame_has_no_problem():
    import pandas as pd

    assert implausible_observations(pd.DataFrame(), load_market("russia"), "x", TODAY) == []
