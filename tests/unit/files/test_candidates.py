"""The candidates CSV: clean files become a frame; every bad cell is located."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.files.candidates import CANDIDATE_COLUMNS, read_candidates
from smm_eval.vocabulary import CANDIDATE_FIELD_LIMITS

from ...conftest import ROOT


def problems(text: str) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(InputError) as err:
        read_candidates(text.encode(), "c.csv")
    return [(p.line, p.column, p.message) for p in err.value.problems]


def test_sample_file_reads_with_amounts_as_integers():
    frame = read_candidates((ROOT / "data" / "samples" / "candidates.csv").read_bytes(), "c.csv")
    assert frame.columns.tolist() == [*CANDIDATE_COLUMNS, "line"]
    assert str(frame["expected_salary"].dtype) == "Int64" and frame["line"].iloc[0] == 2


def test_only_name_is_required_and_amounts_may_hold_spaces():
    frame = read_candidates(b" name ,expected_salary\nAna,60 000\nBob,\n", "c.csv")
    assert frame["name"].tolist() == ["Ana", "Bob"]
    assert frame["expected_salary"].tolist()[0] == 60000 and frame["expected_salary"].isna().tolist() == [False, True]
    assert frame["notes"].tolist() == ["", ""]


def test_text_limits_are_the_vocabulary_limits():
    for name, limit in CANDIDATE_FIELD_LIMITS.items():
        assert CANDIDATE_COLUMNS[name] == limit


def test_every_bad_cell_is_located():
    text = "name,expected_salary,notes\nAna,sixty,ok\n,1,\nAna,2,\nBob,3," + "x" * 5001 + "\n"
    assert problems(text) == [
        (2, 2, "expected_salary 'sixty' is not a whole amount (digits only, e.g. 60000)"),
        (3, 1, "name is empty"),
        (4, 1, "candidate 'Ana' appears twice"),
        (5, 3, "notes is longer than 5000 characters"),
    ]


def test_unknown_columns_and_a_missing_name_are_header_problems():
    assert problems("colour,notes\nred,x\n") == [
        (
            1,
            1,
            "unknown column 'colour': expected name, contact, source, expected_salary, notes, "
            "expected_currency, expected_gross_net",
        ),
        (1, None, "the header lacks column(s) name"),
    ]


def test_expected_salary_carries_its_currency_and_basis():
    text = "name,expected_salary,expected_currency,expected_gross_net\nAna,60000,,\nBob,4000,usd,NET\n"
    frame = read_candidates(text.encode(), "c.csv")
    # Empty cells: roubles before tax, what every amount meant before these columns.
    assert frame["expected_currency"].tolist() == ["RUB", "USD"]
    assert frame["expected_gross_net"].tolist() == ["gross", "net"]
    old = read_candidates(b"name,expected_salary\nAna,60000\n", "c.csv")
    assert (old.at[0, "expected_currency"], old.at[0, "expected_gross_net"]) == ("RUB", "gross")


def test_a_bad_currency_or_basis_is_located():
    text = "name,expected_currency,expected_gross_net\nAna,RUBLES,gross\nBob,EUR,take-home\n"
    assert problems(text) == [
        (2, 2, "expected_currency 'RUBLES' is not a 3-letter currency code (e.g. RUB, USD, EUR)"),
        (3, 3, "expected_gross_net 'take-home' is not gross or net"),
    ]
