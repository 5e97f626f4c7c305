"""Every reader's problems in Spanish: each file of the bad-input corpus and of the import cases,
read by each reader, is refused with problems whose Spanish text holds no English (the pages show
`Messages.problem`; tests/app/test_problems_spanish.py does the same through the uploads)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from smm_eval.errors import InputError
from smm_eval.files.candidates import read_candidates
from smm_eval.files.forms import read_export
from smm_eval.files.observations import read_observations
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.files.saved import parse_saved
from smm_eval.files.scorecards import read_scorecards
from smm_eval.files.team_file import read_team
from smm_eval.i18n import Messages

from ...conftest import ROOT

FILES = sorted((ROOT / "tests" / "data" / "bad").iterdir()) + sorted((ROOT / "tests" / "data" / "cases").glob("*.csv"))
ENGLISH = re.compile(
    r"\bline \d|\bcolumn \d|is outside|\bshould\b|\bmust\b|Input should|\bis not\b|\bexpected\b|"
    r"\bthe file\b|\bField required|\bappears\b|\bseparator\b|\bempty\b|\bunknown\b"
)


def readers(framework, roles) -> dict[str, Callable[[bytes, str], object]]:
    ids = framework.competency_ids
    return {
        "ratings": lambda d, s: read_wide_ratings(d, s, ids),
        "candidates": read_candidates,
        "team": lambda d, s: read_team(d, s, framework, roles),
        "observations": lambda d, s: read_observations(d, s, tuple(roles)),
        "scorecards": lambda d, s: read_scorecards(d, s, ids),
        "saved": lambda d, s: parse_saved(d, s, framework, roles),
        "form export": read_export,
    }


@pytest.mark.parametrize(
    "reader", ["ratings", "candidates", "team", "observations", "scorecards", "saved", "form export"]
)
def test_every_problem_of_the_corpus_reads_in_spanish(reader, framework, roles):
    read = readers(framework, roles)[reader]
    t = Messages("es")
    refused = 0
    for path in FILES:
        try:
            read(path.read_bytes(), path.name)
        except InputError as exc:
            refused += 1
            for problem in exc.problems:
                text = t.problem(problem)
                assert problem.code, f"{reader} / {path.name}: no code: {problem}"
                quoted = re.sub(r"«[^»]*»|'[^']*'", "", text)  # the file's own text may be English
                assert not ENGLISH.search(quoted), f"{reader} / {path.name}: English problem: {text}"
                assert not re.search(r"\b(line|column|field) ", t.where(problem)), t.where(problem)
    assert refused >= 10, f"{reader}: only {refused} of {len(FILES)} files refused"


def test_a_semicolon_file_is_explained_in_spanish(framework):
    data = (ROOT / "tests" / "data" / "cases" / "c10_observations_semicolon.csv").read_bytes()
    with pytest.raises(InputError) as caught:
        read_wide_ratings(data, "o.csv", framework.competency_ids)
    (problem,) = caught.value.problems
    t = Messages("es")
    assert t.problem(problem).startswith("el archivo parece usar «;» como separador")
    assert t.where(problem) == "o.csv, línea 1"
