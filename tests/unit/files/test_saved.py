"""Reading a saved self-assessment: every broken file is refused saying what and where."""

from __future__ import annotations

import json

import pytest

from smm_eval.errors import InputError
from smm_eval.files.saved import parse_saved
from smm_eval.schemas import FORMAT_ID


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "the file is empty"),
        (b"{not json", "is not valid JSON"),
        (b"\xff\xfe\x00", "is not UTF-8"),
        (b'{"format": "something-else"}', "is not a saved SMM Eval self-assessment"),
        (b"[1, 2]", "is not a saved SMM Eval self-assessment"),
    ],
)
def test_broken_saved_files_are_refused(framework, roles, content, fragment):
    with pytest.raises(InputError) as err:
        parse_saved(content, "x.json", framework, roles)
    assert fragment in str(err.value)
    assert "x.json" in str(err.value)


def _doc(**changes):
    doc = {"format": FORMAT_ID, "version": 1, "saved_at": "2026-11-01T10:00:00Z", "role": None, "answers": {}}
    doc.update(changes)
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        (_doc(answers={"copywriting": 5}), "answers.copywriting"),
        (_doc(answers={"copywriting": "3"}), "answers.copywriting"),
        (_doc(answers={"nope": 3}), "unknown competency ids ['nope']"),
        (_doc(role="astronaut"), "unknown role 'astronaut'"),
        (_doc(version=2), "version"),
        (_doc(extra="<script>"), "extra"),
    ],
)
def test_invalid_saved_content_names_the_field(framework, roles, doc, fragment):
    with pytest.raises(InputError) as err:
        parse_saved(doc, "x.json", framework, roles)
    assert fragment in str(err.value)


def test_json_error_reports_line_and_column(framework, roles):
    with pytest.raises(InputError) as err:
        parse_saved(b'{\n  "format": "smm-eval-self-assessment",\n  "answers": {,}\n}', "x.json", framework, roles)
    problem = err.value.problems[0]
    assert (problem.line, problem.column) == (3, 15)
