"""The import cases from the field (tests/data/cases/README.md), each with its right value, at the
level of the readers. The same files go through the command line in tests/cli/test_import_cases.py
and through the upload pages in tests/app/test_import_cases.py."""

from __future__ import annotations

import pandas as pd
import pytest

from smm_eval.errors import InputError
from smm_eval.files.candidates import join_rated, read_candidates
from smm_eval.files.csv_out import csv_bytes
from smm_eval.files.observations import read_observations
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.tables import read_fixed_columns
from smm_eval.files.team_file import read_team

from ...conftest import ROOT

CASES = ROOT / "tests" / "data" / "cases"


def located(exc: pytest.ExceptionInfo[InputError]) -> list[tuple[int | None, int | None, str]]:
    return [(p.line, p.column, p.message) for p in exc.value.problems]


def test_c03_bare_comma_rows_are_skipped_and_counted_whatever_the_quoting(framework):
    # Two trailing rows of ",,,\r\n" in both files; one file quotes "Haddad, Omar".
    plain = read_wide_ratings((CASES / "c03_excel_empty_rows.csv").read_bytes(), "a.csv", framework.competency_ids)
    quoted = read_wide_ratings(
        (CASES / "c03_excel_empty_rows_quoted.csv").read_bytes(), "b.csv", framework.competency_ids
    )
    assert plain.people == ["Lena Ortiz", "Omar Haddad"] and quoted.people == ["Lena Ortiz", "Haddad, Omar"]
    assert plain.blank_records == quoted.blank_records == 2
    assert plain.row_info["line"].tolist() == quoted.row_info["line"].tolist() == [2, 3]
    levels = ["level", "competency"]
    assert plain.ratings[levels].astype(str).values.tolist() == quoted.ratings[levels].astype(str).values.tolist()
    # brand_strategy 3, 2 then copywriting 4, 3 (melt order: competency by competency)
    assert plain.ratings["level"].tolist() == [3, 2, 4, 3]


def test_c10_a_decimal_comma_level_is_the_whole_level_and_2_5_is_not_whole(framework):
    with pytest.raises(InputError) as err:
        read_wide_ratings((CASES / "c10_ratings_decimal_comma.csv").read_bytes(), "r.csv", framework.competency_ids)
    # Only "2,5" (line 3, column 3) is wrong; "3,0" and "4,0" on line 2 were "outside 0..4" before.
    assert located(err) == [(3, 3, "level '2,5' is not a whole number; expected 0, 1, 2, 3 or 4")]
    fixed = (CASES / "c10_ratings_decimal_comma.csv").read_text().replace('"2,5"', '"2,0"').encode()
    table = read_wide_ratings(fixed, "r.csv", framework.competency_ids)
    assert table.ratings["level"].tolist() == [3, 2, 4, 3]  # 3,0 2,0 | 4,0 3


SEMICOLON_HINT = (
    "the file seems to use ';' as separator; SMM Eval reads comma-separated files: "
    "save it as CSV UTF-8 (comma delimited)"
)


def test_c10_semicolon_hint_is_the_same_in_every_reader(framework, roles, role_ids):
    observations = (CASES / "c10_observations_semicolon.csv").read_bytes()
    ratings = b"person;rater;copywriting\r\nAna;lead;3\r\n"
    readers = [
        lambda: read_observations(observations, "f.csv", role_ids),
        lambda: read_wide_ratings(ratings, "f.csv", framework.competency_ids),
        lambda: read_candidates(b"name;contact\nAna;a@b.c\n", "f.csv"),
        lambda: read_team(b"person;role;copywriting\nAna;smm_manager;3\n", "f.csv", framework, roles),
    ]
    for reader in readers:
        with pytest.raises(InputError) as err:
            reader()
        assert located(err) == [(1, None, SEMICOLON_HINT)]


def test_c11_a_zero_salary_is_a_located_refusal(role_ids):
    with pytest.raises(InputError) as err:
        read_observations((CASES / "c11_observations_zero_amount.csv").read_bytes(), "obs.csv", role_ids)
    # Line 81 is "000,000,RUB,...": both amounts are zero; the 79 other rows are valid.
    assert located(err) == [
        (81, 1, "salary_from '000' is zero; give the amount, or leave the cell empty when it is not known"),
        (81, 2, "salary_to '000' is zero; give the amount, or leave the cell empty when it is not known"),
    ]


@pytest.mark.parametrize(
    ("written", "amount"),
    [("120 000", 120000), ("120\u00a0000", 120000), ('"120,000"', 120000), ("120.000", 120000), ("55000.5", 55000.5)],
)
def test_observation_amounts_read_thousands_separators(role_ids, written, amount):
    # "120.000" was read as 120 before (a decimal point), a thousand times too little.
    header = "salary_from,salary_to,currency,region,level,work_format,role,date"
    text = f"{header}\n{written},,RUB,moscow,middle,office,smm_manager,2026-09\n"
    frame = read_observations(text.encode(), "obs.csv", role_ids)
    assert frame["salary_from"].tolist() == [amount]


def test_c06_every_csv_written_starts_with_a_byte_order_mark(framework):
    table = read_wide_ratings((CASES / "c06_cyrillic_names.csv").read_bytes(), "r.csv", framework.competency_ids)
    data = csv_bytes(pd.DataFrame({"person": table.people}))
    assert data.startswith(b"\xef\xbb\xbf")  # what makes Excel on Russian Windows read UTF-8
    assert data.decode("utf-8-sig").splitlines() == ["person", "Светлана Жукова", "Григорий Щукин"]


def test_cp1251_file_is_refused_naming_windows_1251(framework):
    data = "person,copywriting\nИрина Павлова,3\n".encode("cp1251")
    with pytest.raises(InputError) as err:
        read_wide_ratings(data, "r.csv", framework.competency_ids)
    ((line, column, message),) = located(err)
    assert (line, column) == (2, 1) and "it looks like Windows-1251 (Cyrillic)" in message


def test_c15_candidates_join_their_rated_person_by_normalised_name(framework):
    ratings = read_wide_ratings((CASES / "c15_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
    people = read_candidates((CASES / "c15_candidates_nbsp.csv").read_bytes(), "c.csv")
    joined = join_rated(people, ratings.people, "c.csv", "r.csv")
    # "Zoe\u00a0Marchetti" and "bruno keller" take the ratings file's spelling: no phantom candidates.
    assert joined["name"].tolist() == ["Zoe Marchetti", "Bruno Keller"]
    assert joined["expected_salary"].tolist() == [72000, 58000]


def test_a_candidates_row_that_matches_no_rated_person_is_located(framework):
    ratings = read_wide_ratings((CASES / "c15_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
    people = read_candidates(b"name\nZoe Marchetti\nZoe Marchetty\n", "c.csv")
    with pytest.raises(InputError) as err:
        join_rated(people, ratings.people, "c.csv", "r.csv")
    assert located(err) == [
        (3, 1, "candidate 'Zoe Marchetty' matches no person of r.csv; check the spelling, or add their ratings")
    ]


def test_one_person_written_two_ways_in_a_ratings_file_is_one_person(framework):
    text = "person,rater,copywriting\nZoe Marchetti,lead,3\nzoe\u00a0marchetti,hr,4\nZOE MARCHETTI,LEAD,2\n"
    with pytest.raises(InputError) as err:
        read_wide_ratings(text.encode(), "r.csv", framework.competency_ids)
    # Line 4 is Zoe Marchetti rated by lead again (case folded); shown as first written.
    assert located(err) == [(4, None, "person 'Zoe Marchetti' with rater 'lead' already appears on line 2")]


def test_header_and_cell_problems_of_a_ratings_file_come_in_one_pass(framework):
    text = "person,rater,copywritting,copywriting\nAna,lead,3,7\n"
    with pytest.raises(InputError) as err:
        read_wide_ratings(text.encode(), "r.csv", framework.competency_ids)
    assert located(err) == [
        (1, 3, "unknown column 'copywritting': expected person, rater or a competency id"),
        (2, 4, "level '7' is outside 0..4"),
    ]


def test_the_formula_guard_is_removed_on_the_way_back_in():
    table = read_fixed_columns(b"name\n'-Ana\n'=1+1\n'-3.5\n'quoted\n", "t.csv", ["name"], ["name"], "rows")
    # Only the apostrophe our exports add (before = + - @ on text that is not a number) is removed.
    assert table.cells("name").tolist() == ["-Ana", "=1+1", "'-3.5", "'quoted"]
