"""The one CSV table reader: decoding, both splitters agreeing, header rules, located problems."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_eval.errors import InputError
from smm_eval.files import tables
from smm_eval.files.tables import FixedColumns, decode_text, read_fixed_columns, split_records


def both_ways(text: str) -> tuple[tables.Records, tables.Records]:
    plain, quoted = tables._tokens_plain(text, "t.csv"), tables._tokens_quoted(text, "t.csv")
    return tables._records(plain, "t.csv"), tables._records(quoted, "t.csv")


def assert_same(fast: tables.Records, slow: tables.Records) -> None:
    assert fast.header == slow.header
    assert fast.problems == slow.problems
    assert fast.blank == slow.blank
    np.testing.assert_array_equal(fast.lines, slow.lines)
    assert fast.frame.shape == slow.frame.shape
    assert fast.frame.astype(object).values.tolist() == slow.frame.astype(object).values.tolist()


# Cells drawn from what real files hold and what trips splitters: blanks, spaces, tabs, unicode
# whitespace and separators, digits, words. No quote character: the fast splitter never sees one.
CELL = st.one_of(
    st.sampled_from(
        ["", " ", "  ", "\t", "\xa0", "\u3000", "3", " 2 ", "Ana", "x y", "#", "nan", "NA", "\x0c", "\x1c"]
    ),
    st.text(alphabet=st.characters(blacklist_characters='",\r\n\x00', blacklist_categories=("Cs",)), max_size=6),
)
ENDING = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_texts(draw) -> str:
    width = draw(st.integers(1, 4))
    rows = draw(st.lists(st.lists(CELL, min_size=1, max_size=5), min_size=0, max_size=8))
    header = [draw(st.sampled_from(["person", "rater", "a", " b ", ""])) for _ in range(width)]
    lines = [",".join(header), *(",".join(r) for r in rows)]
    text = ""
    for line in lines:
        text += line + draw(ENDING)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    # Blank rows (empty lines and lines of bare commas) anywhere.
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        at = max(i for i in range(at + 1) if i == 0 or text[i - 1] == "\n")
        text = text[:at] + draw(st.sampled_from(["\n", ",,,\n", " , \r\n", ",\r", "\t\n"])) + text[at:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_texts())
def test_fast_and_csv_module_splitters_agree(text):
    assert_same(*both_ways(text))


@pytest.mark.parametrize(
    "text",
    [
        "person,a\r\nAna,1\r\n,\r\nBob,2\r\n",  # a blank row of bare commas is skipped by both
        "person,a\rAna,1\r\rBob,2",  # CR line endings
        "person,a\nAna,1\n \t, \n\nBob,2\n",
        ",,\nperson,a\nAna,1\n",  # a leading row of bare commas is not the header
        "person,a\nAna,1,2\nBob\n",  # ragged rows, each located
        "\xa0\n",  # nothing but unicode whitespace
        "person\n" + "x" * (tables._FIELD_LIMIT + 1) + "\nAna\n",  # a field the csv module refuses
    ],
)
def test_splitters_agree_on_known_edge_cases(text):
    assert_same(*both_ways(text))


def test_line_numbers_count_every_line_ending_and_skipped_row():
    records = split_records("person,a\r\n\r\n,\rAna,1\nBob,2", "t.csv")
    assert records.lines.tolist() == [4, 5]
    assert records.frame.values.tolist() == [["Ana", "1"], ["Bob", "2"]]


def test_quoted_fields_keep_commas_and_line_breaks_and_count_from_their_start():
    records = split_records('person,notes\n"Ana","a, b\nc"\nBob,x\n', "t.csv")
    assert records.frame.values.tolist() == [["Ana", "a, b\nc"], ["Bob", "x"]]
    assert records.lines.tolist() == [2, 4]


def test_bom_is_dropped_and_encodings_are_named():
    assert decode_text("\ufeffperson\nAna\n".encode(), "t.csv") == "person\nAna\n"
    for data, fragment in [
        (b"   \n", "the file is empty"),
        ("person\n".encode("utf-16"), "is UTF-16 text"),
        (b"person\n\x00", "contains binary data"),
        ("person\nJos\xe9\n".encode("latin-1"), "is not UTF-8 text (byte 0xe9)"),
    ]:
        with pytest.raises(InputError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
            decode_text(data, "t.csv")


def test_size_limit_names_the_limit():
    with pytest.raises(InputError, match="larger than 1 KB"):
        decode_text(b"x" * 2000, "t.csv", max_bytes=1024)
    assert decode_text(b"x" * 2000, "t.csv", max_bytes=None) == "x" * 2000


def test_fixed_columns_report_unknown_repeated_and_missing_columns():
    rule = FixedColumns(["name", "notes"], ["name"])
    problems = rule(["notes", "colour", "notes"], "t.csv")
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 2, "unknown column 'colour': expected name, notes"),
        (1, 3, "column 'notes' repeats"),
        (1, None, "the header lacks column(s) name"),
    ]


def test_read_fixed_columns_gives_named_text_lines_and_positions():
    table = read_fixed_columns(b"notes,name\r\nhi, Ana \r\n,\r\n,Bob\r\n", "t.csv", ["name", "notes"], ["name"], "rows")
    assert table.frame.columns.tolist() == ["notes", "name"] and table.lines.tolist() == [2, 4]
    assert table.columns == {"notes": 1, "name": 2}
    assert table.problems == [] and table.blank_records == 1  # the line of one bare comma
    assert table.cells("name").tolist() == ["Ana", "Bob"]
    assert table.cells("absent").tolist() == ["", ""]
    problems = table.located("t.csv", pd.Series([False, True]), "name", lambda v: f"'{v}' is odd")
    assert [(p.line, p.column, p.column_name, p.message) for p in problems] == [(4, 2, "name", "'Bob' is odd")]


def test_a_header_without_rows_names_what_is_missing():
    table = read_fixed_columns(b"name\n,\n", "t.csv", ["name"], ["name"], "candidates")
    with pytest.raises(InputError, match="the file has a header but no candidates"):
        table.refuse()


def test_problems_of_the_header_come_before_those_of_the_rows():
    with pytest.raises(InputError) as err:
        read_fixed_columns(b"name,x\nAna\n", "t.csv", ["name"], ["name"], "rows").refuse()
    assert [(p.line, p.message) for p in err.value.problems] == [
        (1, "unknown column 'x': expected name"),
        (2, "row has 1 fields but the header has 2"),
    ]
