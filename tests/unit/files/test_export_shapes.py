"""Real-world export shapes beyond the field cases: each is read with the right values or refused
with a located reason in the user's language (docs/formats.md, "Wide ratings CSV")."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from smm_eval.errors import InputError
from smm_eval.files.forms import read_export
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.i18n import Messages
from smm_eval.services.form_import import map_form, preview_form

ROWS = [("Ana", "lead", "3"), ("José Núñez", "hr", "2")]


def ratings(data: bytes, framework):
    table = read_wide_ratings(data, "r.csv", framework.competency_ids)
    return sorted(zip(table.ratings["person"], table.ratings["rater"], table.ratings["level"].tolist(), strict=True))


def refusal(data: bytes, framework):
    with pytest.raises(InputError) as caught:
        read_wide_ratings(data, "r.csv", framework.competency_ids)
    return caught.value.problems


EXPECTED = [("Ana", "lead", 3), ("José Núñez", "hr", 2)]


def test_excel_csv_utf8_with_a_sep_line_is_read(framework):
    data = "sep=,\r\nperson,rater,copywriting\r\nAna,lead,3\r\nJosé Núñez,hr,2\r\n".encode("utf-8-sig")
    assert ratings(data, framework) == EXPECTED  # before: "unknown column 'sep='" and no person column
    table = read_wide_ratings(data, "r.csv", framework.competency_ids)
    assert table.row_info["line"].tolist() == [3, 4] and table.blank_records == 0  # the file's own lines


def test_a_sep_semicolon_line_gets_the_separator_hint(framework):
    (problem,) = refusal("sep=;\r\nperson;rater;copywriting\r\nAna;lead;3\r\n".encode("utf-8-sig"), framework)
    assert (problem.code, problem.line) == ("files.separator", 1)


def test_excel_for_mac_cr_line_endings_are_read(framework):
    assert ratings("person,rater,copywriting\rAna,lead,3\rJosé Núñez,hr,2\r".encode(), framework) == EXPECTED


def test_excel_for_mac_mac_roman_is_refused_naming_it_at_its_line(framework):
    data = "person,rater,copywriting\rAna,lead,3\rJosé Núñez,hr,2\r".encode("mac_roman")
    (problem,) = refusal(data, framework)
    # Line 3 column 4: "Jos" then é (0x8e); before: line 1 (lone CRs were not counted) and "Windows-1252".
    assert (problem.line, problem.column) == (3, 4)
    assert "it looks like Mac OS Roman" in problem.message
    assert Messages("es").problem(problem).startswith("el archivo no es texto UTF-8 (byte 0x8e); parece Mac OS Roman.")


def test_google_sheets_tsv_gets_the_tab_hint_in_spanish(framework):
    (problem,) = refusal(b"person\trater\tcopywriting\nAna\tlead\t3\n", framework)
    assert Messages("es").problem(problem).startswith("el archivo parece usar tabuladores como separador")


def test_libreoffice_quoting_every_field_reads_as_unquoted(framework):
    quoted = '"person","rater","copywriting"\n"Ana","lead","3"\n"José Núñez","hr","2"\n'.encode()
    assert ratings(quoted, framework) == EXPECTED


def test_excel_unicode_text_utf16_is_refused_as_utf16(framework):
    data = "person\trater\tcopywriting\r\nAna\tlead\t3\r\n".encode("utf-16")  # with its BOM, as Excel writes it
    (problem,) = refusal(data, framework)
    assert (problem.code, problem.line) == ("files.utf16", 1)


def xlsx(rows: list[list[object]], merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_with_a_merged_title_row_above_the_header_is_read():
    data = xlsx(
        [["Interview ratings, Q3 2026"], [], ["Person", "Rater", "Copywriting"], ["Ana", "lead", "3 - Independent"]],
        merge="A1:C1",
    )
    raw = read_export(data, "ratings.xlsx")  # before: "a value lies right of the last header column" (row 3)
    assert (raw.header, raw.header_line, raw.lines.tolist()) == (["Person", "Rater", "Copywriting"], 3, [4])
    assert raw.cells.iloc[0].tolist() == ["Ana", "lead", "3 - Independent"]


def test_a_typeform_xlsx_maps_to_ratings(framework):
    data = xlsx(
        [
            ["#", "Candidate name", "Interviewer", "Writing texts", "Basic SEO", "Submit Date (UTC)", "Network ID"],
            ["a1", "Ana Morales", "Olga", "3 - Independent", "Guided", datetime(2026, 10, 3, 9, 14, 2), "n1"],
            ["a2", "Marco Rossi", "Olga", "4 - Expert", "Aware", datetime(2026, 10, 3, 9, 20, 45), "n2"],
        ]
    )
    preview = preview_form(data, "typeform.xlsx", framework)
    columns = preview.mapping.columns
    assert (columns["Candidate name"], columns["Writing texts"], columns["Basic SEO"]) == (
        "person", "copywriting", "seo_basics")  # fmt: skip
    assert preview.unknown_answers == [] and preview.duplicates == []
    mapped = map_form(preview.raw, preview.mapping, framework)
    table = read_wide_ratings(mapped.wide, mapped.internal_source, framework.competency_ids)
    got = sorted(zip(table.ratings["person"], table.ratings["competency"].astype(str), table.ratings["level"].tolist(),
                     strict=True))  # fmt: skip
    # The level names: "3 - Independent" is 3, "4 - Expert" 4, "Guided" 2, "Aware" 1 (data/form_words.yaml).
    assert got == [("Ana Morales", "copywriting", 3), ("Ana Morales", "seo_basics", 2),
                   ("Marco Rossi", "copywriting", 4), ("Marco Rossi", "seo_basics", 1)]  # fmt: skip
