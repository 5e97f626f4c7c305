"""Reading salary observations: the point used for fitting, and every bad cell with line and column."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.files.observations import read_observations

HEADER = "salary_from,salary_to,currency,region,level,work_format,role,date,experience_years"


def test_observations_are_read_with_from_or_to_alone(role_ids):
    text = (
        f"{HEADER}\n60000,80000,RUB,moscow,middle,office,smm_manager,2026-10-01,3\n"
        "50000,,RUB,other_region,junior,remote,smm_editor,2026-09,\n,90000,RUB,moscow,senior,hybrid,smm_analyst,2026-08-15,\n"
    )
    frame = read_observations(text.encode(), "obs.csv", role_ids)
    assert frame["salary"].tolist() == pytest.approx([70000, 55000, 81000])
    assert frame["line"].tolist() == [2, 3, 4]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (",,RUB,moscow,middle,office,smm_manager,2026-10-01,", 1, "both empty"),
        ("90000,60000,RUB,moscow,middle,office,smm_manager,2026-10-01,", 1, "is above salary_to"),
        ("lots,,RUB,moscow,middle,office,smm_manager,2026-10-01,", 1, "is not an amount"),
        ("60000,,rub,moscow,middle,office,smm_manager,2026-10-01,", 3, "3-letter code"),
        ("60000,,RUB,mars,middle,office,smm_manager,2026-10-01,", 4, "region 'mars'"),
        ("60000,,RUB,moscow,guru,office,smm_manager,2026-10-01,", 5, "level 'guru'"),
        ("60000,,RUB,moscow,middle,beach,smm_manager,2026-10-01,", 6, "work_format 'beach'"),
        ("60000,,RUB,moscow,middle,office,astronaut,2026-10-01,", 7, "role 'astronaut'"),
        ("60000,,RUB,moscow,middle,office,smm_manager,yesterday,", 8, "is not a date"),
        ("60000,,RUB,moscow,middle,office,smm_manager,2026-10-01,-2", 9, "experience_years '-2'"),
    ],
)
def test_bad_observations_name_line_and_column(role_ids, row, column, message):
    with pytest.raises(InputError) as err:
        read_observations(f"{HEADER}\n{row}\n".encode(), "obs.csv", role_ids)
    problem = err.value.problems[0]
    assert (problem.line, problem.column) == (2, column)
    assert message in problem.message


def test_bad_observation_files(role_ids):
    for content, fragment in [
        (b"", "the file is empty"),
        (b"salary_from,salary_to\n1,2\n", r"lacks column\(s\) currency"),
        (f"{HEADER},bonus\n".encode(), "unknown column 'bonus'"),
        (f"{HEADER}\n".encode(), "no observations"),
        (
            f"{HEADER}\n60000,,RUB,moscow,middle,office,smm_manager,2026-10-01,\n"
            "700,,USD,moscow,middle,office,smm_manager,2026-10-01,\n".encode(),
            "mix currencies",
        ),
    ]:
        with pytest.raises(InputError, match=fragment):
            read_observations(content, "obs.csv", role_ids)
