"""The tokenisers split out of `files.tables` (`files.csv_tokens`), and the reader's names that stay
importable from `files.tables` as before the split."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from smm_eval.files import csv_tokens, tables

ROOT = Path(__file__).resolve().parents[3]


def test_both_tokenisers_give_the_same_lines_counts_and_blanks():
    # Line 1 header; line 2 blank (CRLF then CRLF); line 3 "Ana,1" ends with a lone CR; line 4 has 3 fields.
    plain = csv_tokens.tokens_plain("person,a\r\n\r\nAna,1\rBob,2,3\n", "t.csv")
    quoted = csv_tokens.tokens_quoted('person,a\r\n\r\n"Ana",1\rBob,2,3\n', "t.csv")
    for tokens in (plain, quoted):
        assert tokens.header == ["person", "a"]
        assert tokens.lines.tolist() == [3, 4]
        assert tokens.counts.tolist() == [2, 3]
        assert (tokens.blank, tokens.problems) == (1, [])
        # only the first record has the header's width 2: the frame holds it alone
        assert tokens.frame(np.array([True, False]), 2).values.tolist() == [["Ana", "1"]]


def test_a_field_over_the_limit_stops_the_plain_tokeniser_at_its_line():
    text = "person\nAna\n" + "x" * (csv_tokens.FIELD_LIMIT + 1) + "\nBob\n"
    tokens = csv_tokens.tokens_plain(text, "t.csv")
    (problem,) = tokens.problems
    assert (problem.line, problem.code, problem.params) == (3, "files.field_too_large", {"limit": 131_072})
    assert tokens.lines.tolist() == [2]  # Ana only: reading stopped at line 3


def test_the_reader_keeps_its_names_and_both_modules_stay_under_400_lines():
    for name in ("Records", "Table", "FixedColumns", "HeaderRule", "read_table", "read_fixed_columns",
                 "split_records", "blank_note", "shown", "BLANK_RECORDS", "MAX_FILE_BYTES", "decode_text"):  # fmt: skip
        assert hasattr(tables, name), name
    assert tables._FIELD_LIMIT == csv_tokens.FIELD_LIMIT  # one limit, defined in csv_tokens
    for module in ("tables", "csv_tokens"):
        lines = (ROOT / "smm_eval" / "files" / f"{module}.py").read_text(encoding="utf-8").count("\n")
        assert lines < 400, (module, lines)
