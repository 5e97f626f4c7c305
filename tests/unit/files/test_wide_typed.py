"""The `score` command's typed fast path gives what the validating reader gives (issue 17, item 2).

Each case scores the same bytes twice: through `score_table` as it is (the fast path where the
file is clean) and with the fast path switched off (the validating reader). The output bytes
(CSV and JSON) must be equal, and every bad file must get the same problems, in the same order.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_eval.cli import formatting
from smm_eval.errors import InputError
from smm_eval.files.csv_out import to_safe_csv
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.wide_typed import read_clean_wide
from smm_eval.framework import load_framework, load_roles
from smm_eval.scoring import RatingMatrix, rating_matrix
from smm_eval.services import scoring_file

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted((ROOT / "tests" / "data" / "bad").glob("*.csv")) + sorted((ROOT / "data" / "samples").glob("*.csv"))
FRAMEWORK = load_framework()
ROLES = load_roles()
IDS = FRAMEWORK.competency_ids


def outcome(data: bytes, role: str | None, monkeypatch: pytest.MonkeyPatch, fast: bool) -> tuple:
    """(CSV text, JSON text, blank records) of `score`, or the problems it raised."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(scoring_file, "read_clean_wide", lambda *_args, **_kw: None)
        try:
            table = scoring_file.score_table(data, "r.csv", FRAMEWORK, ROLES, role, "en")
        except InputError as exc:
            return ("problems", [(p.message, p.line, p.column, p.code, dict(p.params)) for p in exc.problems])
    return to_safe_csv(table), formatting.dumps(formatting.records(table)), table.attrs.get("blank_records")


def same_both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch, role: str | None = "smm_manager") -> tuple:
    fast, slow = outcome(data, role, monkeypatch, True), outcome(data, role, monkeypatch, False)
    assert fast == slow
    return fast


def test_the_sample_and_the_bad_corpus_files_exist():
    names = {f.name for f in FILES}
    assert {"ratings_sample.csv", "level_out_of_range.csv", "utf8_bom_bad_level.csv", "formula_names.csv"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_sample_and_bad_file_scores_or_fails_the_same_both_ways(path, monkeypatch):
    data = path.read_bytes()
    for role in ("smm_manager", None):
        same_both_ways(data, monkeypatch, role)
    if path.parent.name == "bad":  # the fast path never accepts a bad file: the validating reader names it
        assert read_clean_wide(data, IDS) is None


def test_a_clean_file_takes_the_fast_path_and_keeps_its_values():
    data = b"person,copywriting,seo_basics\nAna,4,\nBruno,03,2.0\nCarla,,\n"
    clean = read_clean_wide(data, IDS)
    assert clean is not None and clean.people.tolist() == ["Ana", "Bruno", "Carla"]
    copy, seo = IDS.index("copywriting"), IDS.index("seo_basics")
    assert clean.levels[0, copy] == 4 and np.isnan(clean.levels[0, seo])
    assert clean.levels[1, copy] == 3 and clean.levels[1, seo] == 2  # "03" and "2.0" are levels 3 and 2
    assert np.isnan(clean.levels[2]).all()  # Carla answered nothing: a row of NaN, still a person
    assert np.isnan(np.delete(clean.levels, [copy, seo], axis=1)).all()  # absent columns are unanswered


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfperson,copywriting\nAna,3\n",  # a BOM
        b'person,copywriting\n"Ana",3\n',  # quoting
        b"person,copywriting\nAna,3\n\nBruno,2\n",  # a blank record (the note counts it)
        b"person,copywriting\nAna,3\n,\n",  # a record of bare commas
        b"person,copywriting\nAna,3\nana,2\n",  # the same person by name key
        b"person,copywriting\nAna  Li,3\nana li,2\n",  # the same by name key: a run of spaces is one
        b"person,copywriting\nAna\tLi,3\nana li,2\n",  # a tab is a space in the name key
        b"person,copywriting\n Ana,3\n",  # space around a name
        b"person,copywriting\nAna\xc2\xa0,3\n",  # a non-breaking space after it
        b"person,copywriting\n'=Ana,3\n",  # a formula-guarded name
        b"person,copywriting\nAna,'3\n",  # a formula-guarded level
        b"person,copywriting\nAna,+3\n",  # a sign the validating reader refuses
        b"person,copywriting\nAna,-0\n",
        b"person,copywriting\nAna,2,5\n",  # a ragged record
        b"person,copywriting\nAna,2.5\n",
        b"person,rater,copywriting\nAna,Bo,3\n",  # a rater column: raters to combine
        b"person, copywriting\nAna,3\n",  # space in the header
        b"sep=,\nperson,copywriting\nAna,3\n",
        b"person,copywriting\n",  # header only
        b"person,copywriting\nAna,3\n" + b"x" * 10 + b"\xff\n",  # not UTF-8
    ],
)
def test_anything_unusual_falls_back(data, monkeypatch):
    assert read_clean_wide(data, IDS) is None
    same_both_ways(data, monkeypatch)


def test_line_endings_and_spaces_inside_cells_take_the_fast_path_with_the_same_output(monkeypatch):
    for data in (
        b"person,copywriting,seo_basics\r\nAna,3,\r\nBruno, 4 ,1\r\n",
        b"person,copywriting,seo_basics\rAna,3,\rBruno,4,1",
        "person,seo_basics,copywriting\nЖанна Иванова,3,4\nZoe Marchetti,,0\n".encode(),
    ):
        assert read_clean_wide(data, IDS) is not None, data
        same_both_ways(data, monkeypatch)


def test_one_rater_matrix_equals_the_tidy_one():
    data = b"person,copywriting,seo_basics\nAna,4,\nBruno,3,2\nCarla,,\n"
    clean = read_clean_wide(data, IDS)
    table = read_wide_ratings(data, "r.csv", IDS)
    slow = rating_matrix(table.ratings, IDS, people=table.people)
    fast = RatingMatrix.one_rater(clean.people, clean.levels, IDS)
    assert list(fast.people) == list(slow.people) == ["Ana", "Bruno", "Carla"]
    for name in ("mean", "count", "variance", "spread", "raters"):
        mine, theirs = getattr(fast, name), getattr(slow, name)
        # count: 0/1 as bytes (a view of the answered mask, as from_levels), not 8-byte integers
        assert mine.dtype == (np.uint8 if name == "count" else theirs.dtype), name
        np.testing.assert_array_equal(mine, theirs)
    assert fast.raters.tolist() == [1, 1, 0]  # Carla has no answer: no rater (as rating_matrix counts)
    assert fast.self_share is None and slow.self_share is None and fast.components == slow.components


NAMES = st.sampled_from(["Ana", "ana", "Bruno", " Carla", "Жанна", "Zoe\u00a0M", "'=x", "O'Neil", "", "a-b", "Ни Хао"])
LEVELS = st.sampled_from(
    ["", "0", "1", "2", "3", "4", "03", "3.0", "3.", " 2", "2,5", "5", "-1", "+3", "x", "'3", "1e0"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    columns=st.lists(st.sampled_from(list(IDS[:6])), min_size=1, max_size=4, unique=True),
    rows=st.lists(st.tuples(NAMES, st.lists(LEVELS, min_size=4, max_size=4)), min_size=0, max_size=6),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    last=st.booleans(),
    role=st.sampled_from(["smm_manager", None]),
)
def test_generated_files_score_or_fail_the_same_both_ways(columns, rows, ending, last, role, monkeypatch):
    lines = [",".join(["person", *columns])] + [",".join([name, *levels[: len(columns)]]) for name, levels in rows]
    data = (ending.join(lines) + (ending if last else "")).encode("utf-8")
    fast = outcome(data, role, monkeypatch, True)
    assert fast == outcome(data, role, monkeypatch, False)


def test_a_large_clean_file_is_byte_identical(monkeypatch):
    rng = np.random.default_rng(5)
    levels = rng.integers(0, 5, (3_000, len(IDS))).astype(float)
    levels[rng.random(levels.shape) < 0.2] = np.nan
    frame = pd.DataFrame(levels, columns=list(IDS)).astype("Int8")
    frame.insert(0, "person", [f"person {i}" for i in range(len(frame))])
    data = frame.to_csv(index=False).encode()
    assert read_clean_wide(data, IDS) is not None
    csv_text = same_both_ways(data, monkeypatch)[0]
    assert csv_text.count("\n") == 3_001  # a header and one row per person


@pytest.mark.parametrize(
    ("names", "distinct"),
    [
        (["Ana Lopez", "ana  LOPEZ"], False),  # keys: "ana lopez" twice (space run collapsed, case folded)
        (["Ana\tLopez", "ana lopez"], False),
        (["Ana\x1fLopez", "ana lopez"], False),  # str.split splits on \x1f too
        (["Ana Lopez", "Ana Lopes"], True),
        (["Straße", "STRASSE"], False),  # not ASCII: the names module's key (casefold: ss)
        (["Zoe\u00a0M", "zoe m"], False),
    ],
)
def test_name_keys_decide_repeats_as_the_names_module_does(names, distinct):
    import pyarrow as pa

    from smm_eval.files.wide_typed import _keys_distinct
    from smm_eval.names import name_keys

    assert _keys_distinct(pa.array(names)) is distinct
    assert (len(set(name_keys(names).tolist())) == len(names)) is distinct


def test_the_written_out_space_characters_are_those_str_strip_removes():
    import sys

    from smm_eval.files.wide_typed import SPACE_CODES

    assert list(SPACE_CODES) == [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]


# The import's fast path: `read_wide_ratings` asks `read_clean_rated` first (issue 17, item 1).


def read_both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """The table `read_wide_ratings` gives with and without the typed fast path, or its problems;
    asserts the two are equal (frames, dtypes, categories and their order)."""
    from smm_eval.files import wide_typed

    def read() -> object:
        try:
            return read_wide_ratings(data, "r.csv", IDS)
        except InputError as exc:
            return [(p.message, p.line, p.column, p.code, dict(p.params)) for p in exc.problems]

    fast = read()
    with monkeypatch.context() as patch:
        patch.setattr(wide_typed, "read_clean_rated", lambda *_args, **_kw: None)
        slow = read()
    if isinstance(slow, list) or isinstance(fast, list):
        assert fast == slow
        return fast
    pd.testing.assert_frame_equal(fast.ratings, slow.ratings)
    for name in ("person", "rater", "competency"):
        pd.testing.assert_index_equal(fast.ratings[name].cat.categories, slow.ratings[name].cat.categories)
    pd.testing.assert_frame_equal(fast.row_info, slow.row_info)
    assert (fast.people, fast.rows, fast.blank_records) == (slow.people, slow.rows, slow.blank_records)
    return fast


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_sample_and_bad_file_reads_or_fails_the_same_both_ways(path, monkeypatch):
    from smm_eval.files.wide_typed import read_clean_rated

    data = path.read_bytes()
    read_both_ways(data, monkeypatch)
    if path.parent.name == "bad":
        assert read_clean_rated(data, IDS) is None


def test_a_clean_rated_file_takes_the_fast_path_with_its_values(monkeypatch):
    from smm_eval.files.wide_typed import read_clean_rated

    data = b"person,rater,seo_basics,copywriting\nAna,Irina,4,\nBruno,Irina,03,2.0\nAna,Pavel,,1\nCarla,Pavel,,\n"
    clean = read_clean_rated(data, IDS)
    assert clean is not None
    assert clean.people == ["Ana", "Bruno", "Carla"] and clean.rows == 4
    tidy = clean.ratings.astype({"person": str, "rater": str, "competency": str, "level": int})
    assert tidy.to_dict("records") == [  # competency by competency, records in file order
        {"person": "Ana", "rater": "Irina", "competency": "seo_basics", "level": 4},
        {"person": "Bruno", "rater": "Irina", "competency": "seo_basics", "level": 3},
        {"person": "Bruno", "rater": "Irina", "competency": "copywriting", "level": 2},
        {"person": "Ana", "rater": "Pavel", "competency": "copywriting", "level": 1},
    ]
    assert clean.row_info["line"].tolist() == [2, 3, 4, 5]
    read_both_ways(data, monkeypatch)


@pytest.mark.parametrize(
    "data",
    [
        b"person,rater,copywriting\nAna,,3\n",  # no rater
        b"person,rater,copywriting\nAna,self,3\nAna,Bo,2\n",  # a self-rating: kept apart by the import
        b"person,rater,copywriting\nAna,Autoevaluaci\xc3\xb3n,3\n",
        b"person,rater,copywriting\nAna,Bo,3\nAna,Bo,2\n",  # a pair twice: the reader names the line
        b"person,rater,copywriting\nAna,Bo,3\nana,Bo,2\n",  # the same pair by name key
        b"person,rater,copywriting\nAna,Bo,3\nAna,bo,2\n",
        b"person,rater,copywriting\nAna,Bo,3\nana,Cy,2\n",  # one person, two spellings
        b"person,rater,copywriting\nAna, Bo,3\n",  # space around a rater
        b"person,rater,copywriting\nAna,'=Bo,3\n",  # a formula-guarded rater
        b"person,rater,copywriting\nAna,Bo,7\n",  # a bad level
        b"person,rater,copywriting\nAna,Bo,3\n\nCy,Bo,2\n",  # a blank record
        b"person,rater,role,copywriting\nAna,Bo,x,3\n",  # another column
        b"rater,person,copywriting\nBo,Ana,3\n",  # another order
        b'person,rater,copywriting\n"Ana",Bo,3\n',  # quoting
        b"person,rater,copywriting\n" + b"A" * 201 + b",Bo,3\n",  # a name over the limit
    ],
)
def test_anything_unusual_in_a_rated_file_falls_back(data, monkeypatch):
    from smm_eval.files.wide_typed import read_clean_rated

    assert read_clean_rated(data, IDS) is None
    read_both_ways(data, monkeypatch)


RATERS = st.sampled_from(["Irina", "irina", "Pavel", " Bo", "", "self", "Жанна", "'=x", "Zoe\u00a0M"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    columns=st.lists(st.sampled_from(list(IDS[:6])), min_size=1, max_size=4, unique=True),
    rows=st.lists(st.tuples(NAMES, RATERS, st.lists(LEVELS, min_size=4, max_size=4)), min_size=0, max_size=6),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
    last=st.booleans(),
)
def test_generated_rated_files_read_or_fail_the_same_both_ways(columns, rows, ending, last, monkeypatch):
    lines = [",".join(["person", "rater", *columns])]
    lines += [",".join([name, rater, *levels[: len(columns)]]) for name, rater, levels in rows]
    read_both_ways((ending.join(lines) + (ending if last else "")).encode("utf-8"), monkeypatch)


def test_a_large_clean_rated_file_reads_the_same_both_ways(monkeypatch):
    from benchmarks.import_suite import ratings_csv
    from smm_eval.files.wide_typed import read_clean_rated

    data = ratings_csv(4_000, list(IDS), seed=3)
    assert read_clean_rated(data, IDS) is not None
    table = read_both_ways(data, monkeypatch)
    assert table.rows == 4_000 and len(table.people) == 2_000
