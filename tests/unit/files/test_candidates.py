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
    assert frame.columns.tolist() == [*CANDIDATE_COLUMNS, "code", "stage", "line"]
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
        (2, 2, "expected_salary 'sixty' is not a whole amount (e.g. 60000, 60 000 or 60,000)"),
        (3, 1, "name is empty"),
        (4, 1, "candidate 'Ana' appears twice (first on line 2)"),
        (5, 3, "notes is longer than 5000 characters"),
    ]


def test_header_and_cell_problems_come_in_one_pass():
    # Before: an unknown column stopped the reading, and 'sixty' was reported only in a second round.
    assert problems("name,expected_salary,colour\nAna,sixty,red\n") == [
        (
            1,
            3,
            "unknown column 'colour': expected name, contact, source, expected_salary, notes, "
            "expected_currency, expected_gross_net, code, stage, scorecards",
        ),
        (2, 2, "expected_salary 'sixty' is not a whole amount (e.g. 60000, 60 000 or 60,000)"),
    ]


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("60 000", 60000),  # a space between thousands
        ("60\u00a0000", 60000),  # a non-breaking space, as Excel in es/ru locales writes it
        ('"60,000"', 60000),  # a thousands comma (quoted, as spreadsheets quote it)
        ("60.000", 60000),  # a thousands dot (de, es, ru locales)
        ('"60.000,00"', 60000),  # grouped with dots, a decimal comma and no fraction
    ],
)
def test_expected_salary_accepts_thousands_separators(written, amount):
    frame = read_candidates(f"name,expected_salary\nAna,{written}\n".encode(), "c.csv")
    assert frame["expected_salary"].tolist() == [amount]


def test_zero_and_fractional_salaries_are_located_refusals():
    assert problems('name,expected_salary\nAna,000\nBob,"60000,50"\n') == [
        (2, 2, "expected_salary '000' is zero; leave the cell empty when the amount is not known"),
        (3, 2, "expected_salary '60000,50' is not a whole amount; write it without the decimal part"),
    ]


def test_names_that_are_one_person_after_normalisation_are_a_repeat():
    # 'Zoe\u00a0Marchetti' and 'zoe marchetti' are Zoe Marchetti: NFKC, spaces collapsed, case folded.
    assert problems("name\nZoe Marchetti\nzoe\u00a0marchetti\n") == [
        (3, 1, "candidate 'zoe\u00a0marchetti' appears twice (first on line 2)"),
    ]


def test_the_candidates_export_reads_back_with_its_own_columns():
    # What the candidates page exports (formula guard on a name starting with '-').
    text = (
        "code,name,contact,source,expected_salary,notes,stage,scorecards\nC0001,'-Ana,'+7 900,hh,60000,,interview,2\n"
    )
    frame = read_candidates(text.encode("utf-8-sig"), "c.csv")
    assert frame[["name", "contact", "stage"]].values.tolist() == [["-Ana", "+7 900", "interview"]]


def test_unknown_columns_and_a_missing_name_are_header_problems():
    assert problems("colour,notes\nred,x\n") == [
        (
            1,
            1,
            "unknown column 'colour': expected name, contact, source, expected_salary, notes, "
            "expected_currency, expected_gross_net, code, stage, scorecards",
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
