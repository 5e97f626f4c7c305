"""Raw form exports: reading (CSV and xlsx), suggested mappings, duplicates, the mapping document."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest

from smm_eval.errors import InputError
from smm_eval.files.forms import (
    FormMapping,
    apply_mapping,
    duplicate_submissions,
    load_form_words,
    mapping_json,
    read_export,
    read_mapping,
    suggest_level,
    suggest_mapping,
    with_choices,
)
from smm_eval.files.forms import raw as raw_module
from smm_eval.files.forms.suggest import suggest_column
from smm_eval.services.form_import import score_form

from ...conftest import ROOT

C13 = ROOT / "tests" / "data" / "imports" / "c13_google_forms_export.csv"
C13_COLUMNS = {
    "Timestamp": "date",
    "Email Address": "rater",
    "person": "person",
    "brand_strategy": "brand_strategy",
    "copywriting": "copywriting",
}


@pytest.fixture(scope="module")
def words(framework):
    return load_form_words(framework)


@pytest.fixture
def c13():
    return read_export(C13.read_bytes(), "c13.csv")


def test_c13_suggestion_maps_every_column_and_answer(c13, words):
    suggestion = suggest_mapping(c13, words)
    assert suggestion.mapping.columns == C13_COLUMNS
    # "3 - Independent" and "4 - Expert" by their leading digit, "Guided" and "Aware" by the scale's names.
    assert suggestion.mapping.answers == {"3 - Independent": 3, "4 - Expert": 4, "Guided": 2, "Aware": 1}
    assert suggestion.unknown_answers == []
    assert suggestion.mapping.duplicates == "refuse"  # keeping the latest is the user's choice


@pytest.mark.parametrize(
    ("answer", "level"),
    [
        ("3 - Independent", 3),
        ("4.0", 4),
        ("0", 0),
        ("2) Guided", 2),
        ("Guided", 2),
        ("Guiado", 2),
        ("Con guía", 2),
        ("AUTÓNOMO", 3),
        ("Самостоятельно", 3),
        ("С помощью", 2),
        ("Эксперт", 4),
        ("Знает", 1),
        ("Нет", 0),
        ("Independent (does it alone)", 3),
        ("Drafts parts of a strategy (goals, tone of voice) that a lead reviews and corrects.", 2),
        (
            "Escribe de forma autónoma una estrategia completa para una marca, vinculando el papel de cada red a los "
            "objetivos del negocio.",
            3,
        ),
        ("N/A", None),
        ("Не знаю", None),
        ("2.5", "?"),  # not a whole level, not a leading digit
        ("2,5", "?"),
        ("3,0", 3),
        ("Sometimes", "?"),
        ("7 - Legendary", "?"),
    ],
)
def test_answer_suggestions_in_three_languages(words, answer, level):
    assert suggest_level(answer, words) == level


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Timestamp", "date"),
        ("Marca temporal", "date"),
        ("Отметка времени", "date"),
        ("Submit Date (UTC)", "date"),
        ("Email Address", "rater"),
        ("Dirección de correo electrónico", "rater"),
        ("Адрес электронной почты", "rater"),
        ("Candidate name", "person"),
        ("Nombre", "person"),
        ("ФИО", "person"),
        ("brand_strategy", "brand_strategy"),
        ("Brand strategy", "brand_strategy"),
        ("Rate the candidate [Writing texts]", "copywriting"),
        ("Rate the candidate's copywriting", "copywriting"),
        ("Redacción de textos", "copywriting"),
        ("Анализ конкурентов", "competitive_analysis"),
        ("Основы SEO", "seo_basics"),
        ("Comments", "ignore"),
    ],
)
def test_header_suggestions_in_three_languages(words, header, role):
    assert suggest_column(header, words) == role


def test_only_the_best_column_gets_a_single_role(words):
    # Typeform: both dates match; "submit date" comes before "start date" in form_words.yaml.
    data = b"#,Start Date (UTC),Submit Date (UTC),Name,Copywriting\n1,2026-10-03 09:00:00,2026-10-03 09:05:00,Ana,3\n"
    mapping = suggest_mapping(read_export(data, "typeform.csv"), words).mapping
    assert mapping.columns == {
        "#": "ignore",
        "Start Date (UTC)": "ignore",
        "Submit Date (UTC)": "date",
        "Name": "person",
        "Copywriting": "copywriting",
    }


def test_c13_duplicate_is_shown_and_refused(c13, framework):
    mapping = FormMapping(columns=C13_COLUMNS, answers={"Guided": 2, "Aware": 1})
    (duplicate,) = duplicate_submissions(c13, mapping)
    assert (duplicate.person, duplicate.rater, duplicate.lines, duplicate.kept_line) == (
        "Kira Lenz", "rater1@example.org", (2, 3), 3,
    )  # fmt: skip
    assert duplicate.dates == ("2026/10/03 9:14:02 AM GMT+3", "2026/10/03 9:20:45 AM GMT+3")
    with pytest.raises(InputError) as refused:
        apply_mapping(c13, mapping, framework.competency_ids)
    (problem,) = refused.value.problems
    assert (problem.source, problem.line) == ("c13.csv", 3)
    assert "'Kira Lenz' was rated by 'rater1@example.org' more than once (lines 2, 3)" in problem.message


def test_c13_keep_latest_gives_the_wide_ratings(c13, framework):
    mapping = FormMapping(columns=C13_COLUMNS, answers={"Guided": 2, "Aware": 1}, duplicates="keep_latest")
    mapped = apply_mapping(c13, mapping, framework.competency_ids)
    assert mapped.wide.decode() == (
        "person,rater,brand_strategy,copywriting\n"
        "Kira Lenz,rater1@example.org,3,4\n"
        "Jonas Weber,rater2@example.org,2,1\n"
    )
    assert mapped.lines.tolist() == [3, 4]
    assert mapped.dropped == 1


def test_latest_is_by_date_not_by_line(framework):
    # The later submission (10:00) is on the earlier line: it is kept, with its levels (4, not 1).
    data = (
        b"Timestamp,Email,Name,copywriting\n"
        b"2026-10-03 10:00:00,a@x.org,Ana,4\n"
        b"2026-10-03 09:00:00,a@x.org,ana ,1\n"  # the same person after case folding and stripping
    )
    raw = read_export(data, "f.csv")
    columns = {"Timestamp": "date", "Email": "rater", "Name": "person", "copywriting": "copywriting"}
    mapping = FormMapping(columns=columns, duplicates="keep_latest")
    (duplicate,) = duplicate_submissions(raw, mapping)
    assert duplicate.kept_line == 2
    assert apply_mapping(raw, mapping, framework.competency_ids).wide.decode().splitlines()[1:] == ["Ana,a@x.org,4"]


def test_answers_without_a_level_are_located_in_the_raw_file(framework):
    data = b"When,Who,Copy,Notes\n2026-10-03,Ana,Sometimes,x\n2026-10-04,Bo,Guided,y\n2026-10-05,Cy,soon,\n"
    raw = read_export(data, "f.csv")
    mapping = FormMapping(columns={"When": "date", "Who": "person", "Copy": "copywriting", "Notes": "ignore"},
                          answers={"Guided": 2})  # fmt: skip
    with pytest.raises(InputError) as refused:
        apply_mapping(raw, mapping, framework.competency_ids)
    assert [str(p) for p in refused.value.problems] == [
        "f.csv, line 2, column 3 (Copy): answer 'Sometimes' has no level in the mapping; "
        "give it a level 0..4 or mark it not answered",
        "f.csv, line 4, column 3 (Copy): answer 'soon' has no level in the mapping; "
        "give it a level 0..4 or mark it not answered",
    ]


def test_header_must_match_the_mapping(framework):
    raw = read_export(b"Name,copywriting,Extra\nAna,3,x\n", "f.csv")
    mapping = FormMapping(columns={"Name": "person", "copywriting": "copywriting", "Email": "rater"})
    with pytest.raises(InputError) as refused:
        apply_mapping(raw, mapping, framework.competency_ids)
    assert [str(p) for p in refused.value.problems] == [
        "f.csv, line 1, column 3: column 'Extra' is not in the mapping: map it to person, rater, date, "
        "a competency or ignore",
        "f.csv, line 1: the mapping's column 'Email' (rater) is not in the file's header",
    ]


def test_ratings_validation_problems_point_into_the_raw_file(framework, roles):
    # The person sits in raw column 3; the over-long name on raw line 3 is the wide CSV's line 3 too,
    # but the blank line 3 of the raw file shifts it: raw line 4.
    long_name = "A" * 201
    data = f"Timestamp,Email,Name,copywriting\n2026-10-03,a@x.org,Ana,3\n\n2026-10-03,a@x.org,{long_name},2\n"
    raw = read_export(data.encode(), "f.csv")
    mapping = FormMapping(
        columns={"Timestamp": "date", "Email": "rater", "Name": "person", "copywriting": "copywriting"}
    )
    with pytest.raises(InputError) as refused:
        score_form(raw, mapping, framework, roles["smm_manager"])
    assert [str(p) for p in refused.value.problems] == [
        "f.csv, line 4, column 3 (Name): person is longer than 200 characters"
    ]


def test_mapping_round_trips_and_is_validated_with_located_messages(framework):
    ids = framework.competency_ids
    mapping = FormMapping(columns=C13_COLUMNS, answers={"Guiado": 2, "N/A": None}, duplicates="keep_latest")
    assert read_mapping(mapping_json(mapping), "m.json", ids) == mapping

    def problems(document: object) -> list[str]:
        with pytest.raises(InputError) as refused:
            read_mapping(json.dumps(document).encode(), "m.json", ids)
        return [str(p) for p in refused.value.problems]

    base = json.loads(mapping_json(mapping))
    assert problems({**base, "answers": {"Guiado": 5}}) == [
        "m.json, field answers.Guiado: Input should be less than or equal to 4"
    ]
    assert problems({**base, "duplicates": "first"}) == [
        "m.json, field duplicates: Input should be 'refuse' or 'keep_latest'"
    ]
    assert problems({**base, "columns": {"A": "person", "B": "person", "C": "copywritting"}}) == [
        "m.json, field columns.C: 'copywritting' is not person, rater, date, ignore or a competency id",
        "m.json, field columns: 'A', 'B' are all mapped to person; keep one",
        "m.json, field columns: no column is mapped to a competency",
    ]
    assert problems({**base, "answers": {"Guided": 2, " guided": 3}}) == [
        "m.json, field answers. guided: ' guided' and 'Guided' are the same answer with different levels"
    ]
    assert problems({"columns": {}}) == [
        'm.json, field format: is not a form mapping: expected a JSON object with "format": "smm-eval-form-mapping"'
    ]
    with pytest.raises(InputError) as broken:
        read_mapping(b'{"format": "smm-eval-form-mapping",\n "columns": }', "m.json", ids)
    assert str(broken.value.problems[0]).startswith("m.json, line 2, column 13: is not valid JSON")


def test_with_choices_applies_the_users_edits():
    mapping = FormMapping(columns=C13_COLUMNS)
    edited = with_choices(mapping, answers={"Often": 3}, duplicates="keep_latest")
    assert (edited.answers, edited.duplicates, edited.columns) == ({"Often": 3}, "keep_latest", C13_COLUMNS)
    with pytest.raises(InputError):
        with_choices(mapping, duplicates="maybe")


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_xlsx_export_reads_like_the_csv(c13, framework, words):
    data = _xlsx(
        [
            ["Timestamp", "Email Address", "person", "brand_strategy", "copywriting"],
            [datetime(2026, 10, 3, 9, 14, 2), "rater1@example.org", "Kira Lenz", "3 - Independent", "4 - Expert"],
            [],  # a blank row: skipped, its row number kept
            [datetime(2026, 10, 3, 9, 20, 45), "rater1@example.org", "Kira Lenz", 3.0, "=2+2"],
            [datetime(2026, 10, 3, 9, 31, 10), "rater2@example.org", "Jonas Weber", "Guided", "Aware"],
        ]
    )
    raw = read_export(data, "c13.xlsx")
    assert raw.header == list(C13_COLUMNS)
    assert raw.lines.tolist() == [2, 4, 5]
    assert raw.cells.iloc[0].tolist() == ["2026-10-03 09:14:02", "rater1@example.org", "Kira Lenz", "3 - Independent",
                                          "4 - Expert"]  # fmt: skip
    assert raw.cells.at[1, 3] == "3"  # 3.0 as a whole number
    assert raw.cells.at[1, 4] == ""  # a formula is never evaluated: no cached value, no answer
    mapping = with_choices(suggest_mapping(raw, words).mapping, duplicates="keep_latest")
    assert mapping.columns == C13_COLUMNS
    mapped = apply_mapping(raw, mapping, framework.competency_ids)
    assert mapped.wide.decode().splitlines() == [
        "person,rater,brand_strategy,copywriting",
        "Kira Lenz,rater1@example.org,3,",
        "Jonas Weber,rater2@example.org,2,1",
    ]
    assert mapped.lines.tolist() == [4, 5]


def test_xlsx_bounds_and_damage_are_refused(monkeypatch):
    with pytest.raises(InputError) as not_zip:
        read_export(b"Name,copywriting\nAna,3\n", "answers.xlsx")
    assert str(not_zip.value.problems[0]) == (
        "answers.xlsx: is not an .xlsx workbook (not a zip archive); save it as .xlsx or CSV"
    )
    with pytest.raises(InputError) as empty:
        read_export(_xlsx([["Name", "copywriting"]]), "answers.xlsx")
    assert str(empty.value.problems[0]) == "answers.xlsx, line 2: the sheet has a header but no answers"
    data = _xlsx([["Name", "copywriting"], ["Ana", 3], ["Bo", 2], ["Cy", 1]])
    monkeypatch.setattr(raw_module, "MAX_ROWS", 2)
    with pytest.raises(InputError) as too_many:
        read_export(data, "answers.xlsx")
    assert str(too_many.value.problems[0]) == "answers.xlsx, line 4: has more than 2 records; at most 2 are read"
    monkeypatch.setattr(raw_module, "MAX_XLSX_UNZIPPED", 1000)
    with pytest.raises(InputError) as bomb:
        read_export(data, "answers.xlsx")
    assert "unpacks to more than" in str(bomb.value.problems[0])


def test_progress_is_reported_per_competency_column(c13, framework):
    shares: list[float] = []
    mapping = FormMapping(columns=C13_COLUMNS, answers={"Guided": 2, "Aware": 1}, duplicates="keep_latest")
    apply_mapping(c13, mapping, framework.competency_ids, progress=shares.append)
    assert shares == [0.5, 1.0]  # two competency columns


def test_form_tool_timestamps_are_read_in_utc():
    import pandas as pd

    from smm_eval.files.forms.apply import _parse_dates

    texts = pd.Series(
        [
            "2026/10/03 9:14:02 AM GMT+3",  # Google Forms: 09:14 at UTC+3 is 06:14 UTC
            "2026/10/03 9:20:45 PM GMT-5:30",  # 21:20:45 at UTC-5:30 is 02:50:45 UTC the next day
            "10/3/2026 9:14:02",  # Microsoft Forms (US): month first
            "2026-10-03 09:14:02",  # Typeform, no offset: taken as UTC
            "3 Oct 2026 10:00",  # none of the known formats: the mixed-format parser
            "soon",
            "",
        ]
    )
    assert [str(v) for v in _parse_dates(texts)] == [
        "2026-10-03 06:14:02+00:00", "2026-10-04 02:50:45+00:00", "2026-10-03 09:14:02+00:00",
        "2026-10-03 09:14:02+00:00", "2026-10-03 10:00:00+00:00", "NaT", "NaT",
    ]  # fmt: skip


def test_keeping_the_latest_needs_readable_dates(framework):
    data = b"When,Name,copywriting\nsoon,Ana,3\n2026-10-03 09:00:00,Ana,4\n2026-10-04 09:00:00,Bo,2\n"
    raw = read_export(data, "f.csv")
    mapping = FormMapping(columns={"When": "date", "Name": "person", "copywriting": "copywriting"},
                          duplicates="keep_latest")  # fmt: skip
    (duplicate,) = duplicate_submissions(raw, mapping)
    assert (duplicate.kept_line, duplicate.unreadable) == (3, (2,))  # an unreadable date counts as earliest
    with pytest.raises(InputError) as refused:
        apply_mapping(raw, mapping, framework.competency_ids)
    assert [str(p) for p in refused.value.problems] == [
        "f.csv, line 2, column 1 (When): 'soon' is not a date SMM Eval can read; "
        "expected e.g. 2026-10-03 09:14 or 10/3/2026 9:14:02 AM"
    ]


def test_overlong_headers_are_refused_and_overlong_answers_left_to_the_user(framework, words):
    long_question = "Q" * 501
    with pytest.raises(InputError) as refused:
        read_export(f"Name,{long_question}\nAna,3\n".encode(), "f.csv")
    assert [str(p) for p in refused.value.problems] == [
        "f.csv, line 1, column 2: the column name is longer than 500 characters; shorten the question"
    ]
    essay = "Writes well " * 50  # 600 characters: too long to be a key of the mapping
    raw = read_export(f"Name,copywriting\nAna,{essay}\nBo,Guided\n".encode(), "f.csv")
    suggestion = suggest_mapping(raw, words)
    assert (suggestion.mapping.answers, suggestion.unknown_answers) == ({"Guided": 2}, [essay.strip()])
    with pytest.raises(InputError) as unplaced:
        apply_mapping(raw, suggestion.mapping, framework.competency_ids)
    assert [(p.line, p.column) for p in unplaced.value.problems] == [(2, 2)]


def test_a_saved_mapping_learns_the_new_answers_of_a_later_export(c13, framework):
    from smm_eval.services.form_import import preview_form

    saved = FormMapping(columns=C13_COLUMNS, answers={"Guided": 1}, duplicates="keep_latest")
    preview = preview_form(C13.read_bytes(), "c13.csv", framework, saved)
    # The saved level of "Guided" (1) wins; "Aware" and the digit-led answers get suggested levels.
    assert preview.mapping.answers == {"Guided": 1, "3 - Independent": 3, "4 - Expert": 4, "Aware": 1}
    assert preview.mapping.duplicates == "keep_latest"
