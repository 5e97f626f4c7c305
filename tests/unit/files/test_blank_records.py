"""Every reader counts the blank records it skipped, from the one table reader (`Table.blank_records`)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from smm_eval.files.candidates import read_candidates
from smm_eval.files.forms import read_export
from smm_eval.files.observations import read_observations
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.scorecards import read_scorecards
from smm_eval.files.team_file import read_team

from ...conftest import ROOT

SAMPLES = ROOT / "data" / "samples"
# A blank line, a line of bare commas with CRLF, and one of spaces and a non-breaking space: 3 records.
BLANK = b"\r\n,,,,\r\n \xc2\xa0 ,\r\n"


def padded(name: str) -> bytes:
    data = (SAMPLES / name).read_bytes()
    head, _, rest = data.partition(b"\n")
    return head + b"\n" + BLANK + rest + BLANK  # 3 blank records after the header and 3 at the end


def test_each_reader_counts_six_blank_records(framework, roles):
    ids = framework.competency_ids
    assert read_wide_ratings(padded("ratings_sample.csv"), "r.csv", ids).blank_records == 6
    assert read_candidates(padded("candidates.csv"), "c.csv").attrs["blank_records"] == 6
    assert read_team(padded("team.csv"), "t.csv", framework, roles).blank_records == 6
    assert read_observations(padded("salary_observations.csv"), "o.csv", tuple(roles)).attrs["blank_records"] == 6
    assert read_export(padded("form_export.csv"), "f.csv").blank_records == 6
    cards = b"code,rater,competency,level\n" + BLANK + b"C1,Olga,copywriting,3\n"
    assert read_scorecards(cards, "s.csv", ids).attrs["blank_records"] == 3


def test_an_xlsx_export_counts_the_blank_rows_between_its_records():
    book = Workbook()
    sheet = book.active
    for row in (["Person", "Copywriting"], ["Ana", "3"], [None, None], [None, None], ["Bob", "2"]):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    raw = read_export(out.getvalue(), "answers.xlsx")
    assert (raw.blank_records, raw.lines.tolist()) == (2, [2, 5])  # rows 3 and 4 are blank
