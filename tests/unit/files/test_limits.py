"""The limits of smm_eval.limits at the file readers (issue 18, finding 2): columns counted from the
header line alone, records before the table is built, JSON nesting before parsing; each refusal is
located and carries a problem code that both catalogues hold."""

from __future__ import annotations

import pytest

from smm_eval.errors import InputError
from smm_eval.files import tables
from smm_eval.files.encoding import columns_problem
from smm_eval.files.json_files import json_depth, read_json
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.saved import parse_saved
from smm_eval.i18n import Messages
from smm_eval.limits import MAX_COLUMNS, MAX_JSON_DEPTH


def test_columns_are_counted_on_the_header_line_only(framework):
    header = "person,rater," + ",".join(f"c{i}" for i in range(MAX_COLUMNS - 1))  # 301 columns
    with pytest.raises(InputError) as caught:
        read_wide_ratings(f"\n{header}\nAna,lead\n".encode(), "wide.csv", framework.competency_ids)
    (problem,) = caught.value.problems  # one problem, not 301 unknown columns
    assert (problem.code, problem.line, problem.params) == ("files.too_many_columns", 1, {"count": 301, "limit": 300})
    assert str(problem) == "wide.csv, line 1: the header has 301 columns; a file may have at most 300"
    assert Messages("es").problem(problem) == "la cabecera tiene 301 columnas; un archivo puede tener como máximo 300"
    # 300 columns are read (and then checked by the format: unknown competency ids here).
    assert columns_problem("person,rater," + ",".join(f"c{i}" for i in range(298)), "ok.csv") is None


def test_quoted_commas_in_the_header_are_not_columns():
    # 3 real columns, 302 commas: the csv module splits a quoted header line.
    header = '"a' + "," * 300 + 'a",b,c'
    assert columns_problem(header, "q.csv") is None
    assert columns_problem('"a,b",c,d', "q.csv", limit=2).params == {"count": 3, "limit": 2}


def test_a_long_blank_first_line_is_skipped():
    # 5 M spaces: a scan that is not linear would not end (timing belongs in benchmarks/, not here).
    assert columns_problem(" " * 5_000_000 + "\nperson,rater\n", "blank.csv") is None


def test_too_many_records_are_refused_before_the_table_is_built(monkeypatch, framework):
    monkeypatch.setattr(tables, "MAX_ROWS", 3)
    data = b"person,rater,copywriting\n" + b"".join(b"P%d,lead,3\n" % i for i in range(4))
    with pytest.raises(InputError) as caught:
        read_wide_ratings(data, "long.csv", framework.competency_ids)
    (problem,) = caught.value.problems
    assert (problem.code, problem.params) == ("files.too_many_rows", {"count": 4, "limit": 3})
    quoted = b'person,rater,copywriting\n"P,1",lead,3\n"P,2",lead,3\n"P,3",lead,3\n"P,4",lead,3\n'
    with pytest.raises(InputError, match="has 4 records; a file may have at most 3"):
        read_wide_ratings(quoted, "long.csv", framework.competency_ids)
    monkeypatch.setattr(tables, "MAX_ROWS", 4)
    assert len(read_wide_ratings(data, "ok.csv", framework.competency_ids).ratings) == 4


def test_json_depth_ignores_brackets_in_strings():
    # [ {"a": [ "[[[" , {"b": [] } ] } ]: 1 + 1 + 1 + 1 + 1 = 5 levels at the innermost [].
    assert json_depth(b'[{"a": ["[[[\\"", {"b": []}]}]') == 5
    assert json_depth(b"42") == 0


def test_deep_json_is_refused_before_parsing_at_the_bracket_past_the_limit():
    data = b'{"answers":\n  ' + b"[" * 6000 + b"]" * 6000 + b"}"
    with pytest.raises(InputError) as caught:
        read_json(data, "deep.json", "a document")
    (problem,) = caught.value.problems
    # Line 2 starts with 2 spaces; `{` is level 1, so the 32nd `[` is level 33, at column 2 + 32 = 34.
    assert (problem.code, problem.line, problem.column) == ("files.json_too_deep", 2, 34)
    assert problem.params == {"depth": 6001, "limit": MAX_JSON_DEPTH}
    # At the limit it parses.
    value, depth = read_json(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH, "ok.json", "a document"), 1
    while value != []:
        value, depth = value[0], depth + 1
    assert depth == MAX_JSON_DEPTH


def test_a_deep_saved_self_assessment_is_a_located_refusal(framework, roles):
    with pytest.raises(InputError) as caught:
        parse_saved(b"[" * 6000, "mine.json", framework, roles)
    assert caught.value.problems[0].code == "files.json_too_deep"
    assert "is nested 6000 levels deep" in str(caught.value)
