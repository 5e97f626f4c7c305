"""The wide ratings CSV: clean files become tidy ratings; every bad input is located."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.files.ratings import read_wide_ratings

HEADER = "person,rater,copywriting,seo_basics"


def read(text: str | bytes, framework):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_wide_ratings(data, "r.csv", framework.competency_ids)


def problems(text: str | bytes, framework) -> list[tuple[int | None, int | None, str]]:
    with pytest.raises(InputError) as err:
        read(text, framework)
    return [(p.line, p.column, p.message) for p in err.value.problems]


def test_clean_file_becomes_tidy_ratings(framework):
    table = read(f"{HEADER}\r\nAna,self,3,\r\nAna,lead, 2 ,4\r\n\r\nBob,self,,\r\n", framework)
    assert table.people == ["Ana", "Bob"]
    assert table.rows == 3
    rows = sorted(map(tuple, table.ratings.values.tolist()))
    assert rows == [
        ("Ana", "lead", "copywriting", 2),
        ("Ana", "lead", "seo_basics", 4),
        ("Ana", "self", "copywriting", 3),
    ]


def test_bom_quotes_and_unicode_names(framework):
    text = '\ufeffperson,copywriting\n"Morales, Ana",3\nБорис Петров,2\nLucía,"4"\n'
    table = read(text, framework)
    assert table.people == ["Morales, Ana", "Борис Петров", "Lucía"]
    assert table.ratings["level"].tolist() == [3, 2, 4]


def test_without_rater_column_one_rater_is_assumed(framework):
    table = read("person,seo_basics\nAna,1\n", framework)
    assert table.ratings["rater"].tolist() == [""]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("7", "level '7' is outside 0..4"),
        ("-1", "level '-1' is outside 0..4"),
        ("2.5", "level '2.5' is not a whole number"),
        ("three", "level 'three' is not a number"),
        ("nan", "level 'nan' is not a number"),
    ],
)
def test_bad_levels_name_line_and_column(framework, cell, message):
    found = problems(f"{HEADER}\nAna,self,1,1\nBob,self,2,{cell}\n", framework)
    assert len(found) == 1
    line, column, text = found[0]
    assert (line, column) == (3, 4)
    assert text.startswith(message)


def test_whole_number_written_with_decimals_is_accepted(framework):
    assert read(f"{HEADER}\nAna,self,3.0,\n", framework).ratings["level"].tolist() == [3]


def test_every_problem_is_listed_not_only_the_first(framework):
    found = problems(f"{HEADER}\nAna,self,9,x\n,self,1,1\nAna,self,1,1\n", framework)
    assert [(line, col) for line, col, _ in found] == [(2, 3), (2, 4), (3, 1), (4, None)]
    assert "person is empty" in found[2][2]
    assert found[3][2] == "person 'Ana' with rater 'self' already appears on line 2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{HEADER}\nAna,self,1\n", (2, None, "row has 3 fields but the header has 4")),
        (f"{HEADER}\nAna,self,1,2,3\n", (2, None, "row has 5 fields but the header has 4")),
        (f'{HEADER}\n"multi\nline",x,1,2\nBob,y,1,2,3\n', (4, None, "row has 5 fields but the header has 4")),
        ("person,rater,copywriting,copywriting\nAna,x,1,1\n", (1, 4, "column 'copywriting' repeats column 3")),
        ("person,rater,copywritting\nAna,x,1\n", (1, 3, "unknown column 'copywritting'")),
        ("rater,copywriting\nx,1\n", (1, None, "the header has no 'person' column")),
        ("person,rater\nAna,x\n", (1, None, "the header has no competency column")),
        ("", (1, None, "the file is empty")),
        ("person,copywriting\n\n", (2, None, "the file has a header but no rows")),
        ("person;copywriting\nAna;1\n", (1, None, "the file seems to use ';' as separator")),
    ],
)
def test_structural_problems(framework, text, expected):
    found = problems(text, framework)
    line, column, message = expected
    assert any(f[0] == line and f[1] == column and f[2].startswith(message) for f in found), found


def test_semicolon_separator_gets_a_hint(framework):
    found = problems("person;copywriting\nAna;1\n", framework)
    assert "';' as separator" in found[0][2]


def test_undecodable_bytes_give_line_and_column(framework):
    found = problems(b"person,copywriting\nAna,1\nJos\xe9,2\n", framework)
    assert found == [
        (3, 4, "is not UTF-8 text (byte 0xe9); it looks like Windows-1252 (Western European); "
         "save the file as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)')")
    ]  # fmt: skip


def test_binary_data_is_refused(framework):
    found = problems(b"person,copywriting\n\x00\x01\x02", framework)
    assert found[0][0] == 2 and "binary data" in found[0][2]


def test_overlong_names_are_refused(framework):
    found = problems(f"{HEADER}\n{'A' * 201},self,1,1\n", framework)
    assert found == [(2, 1, "person is longer than 200 characters")]


def test_leading_zeros_and_trailing_point_are_whole_numbers(framework):
    assert read(f"{HEADER}\nAna,self,03,4.\n", framework).ratings["level"].tolist() == [3, 4]


def test_utf16_is_named(framework):
    found = problems("person,copywriting\nAna,1\n".encode("utf-16"), framework)
    assert found == [
        (1, 1, "is UTF-16 text; save the file as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8 (Comma delimited)')")
    ]


def test_size_limit_guards_uploads_only(framework):
    big = (f"{HEADER}\n" + "".join(f"p{i},self,1,2\n" for i in range(2000))).encode()
    with pytest.raises(InputError, match="larger than 16 KB"):
        read_wide_ratings(big, "big.csv", framework.competency_ids, max_bytes=1024 * 1024 // 64)
    assert read_wide_ratings(big, "big.csv", framework.competency_ids, max_bytes=None).rows == 2000


def test_every_self_rater_name_is_one_rater_so_a_second_self_row_is_a_repeat(framework):
    text = "person,rater,copywriting\nDan,self,4\nDan,SELF-ASSESSMENT,0\nBob,Self,3\nBob,autoevaluación,3\nEve,lead,2\n"
    with pytest.raises(InputError) as info:
        read_wide_ratings(text.encode(), "e1.csv", framework.competency_ids)
    assert [(p.line, p.message) for p in info.value.problems] == [
        (3, "person 'Dan' with rater 'SELF-ASSESSMENT' already appears on line 2"),
        (5, "person 'Bob' with rater 'autoevaluación' already appears on line 4"),
    ]
