"""Every file problem in the user's language: the import cases from the field and the bad-input
corpus, uploaded through the pages in Spanish, give a problem table without English text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from ..conftest import ROOT
from .test_bad_uploads import ANSWERS, BAD, cand_key, seed

ES = yaml.safe_load((ROOT / "data" / "messages" / "es.yaml").read_text(encoding="utf-8"))
CASES = sorted((ROOT / "tests" / "data" / "cases").glob("*.csv")) + sorted(
    (ROOT / "tests" / "data" / "imports").glob("*.csv")
)
# English that a problem's text shows when it is pydantic's or our English message, not a catalogue's.
ENGLISH = re.compile(
    r"\bline \d|\bcolumn \d|is outside|\bshould\b|\bmust\b|Input should|\bis not\b|\bexpected\b|"
    r"\bthe file\b|\bField required|\bappears\b|\bseparator\b|\bempty\b"
)


def new_app(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["sa_answers"] = dict(ANSWERS)
    at.run()
    at.switch_page(page).run()
    # Switched to Spanish on the page, as the language control's callback does (tests/app/test_pages.py).
    at.session_state["lang"] = "es"
    return at.run()


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key=key).set_value((name, data, "text/csv")).run()


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def candidates_ratings(at: AppTest, name: str, data: bytes) -> AppTest:
    return click(upload(at, cand_key(at, "cand_ratings"), name, data), ES["cand"]["import"])


def candidates_people(at: AppTest, name: str, data: bytes) -> AppTest:
    upload(
        at, cand_key(at, "cand_ratings"), "c15_ratings.csv", (ROOT / "tests/data/cases/c15_ratings.csv").read_bytes()
    )
    return click(upload(at, cand_key(at, "cand_people"), name, data), ES["cand"]["import"])


def team_file(at: AppTest, name: str, data: bytes) -> AppTest:
    at.text_input(key="team_name").input("Equipo").run()
    return upload(at, "team_file", name, data).button(key="team_import").click().run()


def form_export(at: AppTest, name: str, data: bytes) -> AppTest:
    return upload(at, "fi_file", name, data)


UPLOADS: dict[str, tuple[str, str, Callable[[AppTest, str, bytes], AppTest]]] = {
    # The score-file page is left out: its role selectbox (key sf_role, without the language) cannot
    # be re-run by AppTest in Spanish; its problems are the ratings reader's, uploaded just below.
    "candidates: ratings file": ("pages/candidates.py", ".csv", candidates_ratings),
    "candidates: people file": ("pages/candidates.py", ".csv", candidates_people),
    "team: import": ("pages/team.py", ".csv", team_file),
    # The salary and self-assessment pages are left out: AppTest cannot re-run their role selectboxes
    # in Spanish (ValueError in its widget state); tests/unit/files/test_problems_spanish.py renders
    # the problems of their readers in Spanish.
    "form export": ("pages/form_import.py", ".csv", form_export),
}


def problem_rows(at: AppTest) -> pd.DataFrame | None:
    """The page's problem table (Spanish headings Dónde, Problema), or None when it shows none."""
    heading = [ES["common"]["where"], ES["common"]["problem"]]
    return next((f.value for f in at.dataframe if list(f.value.columns) == heading), None)


@pytest.mark.parametrize("upload_name", list(UPLOADS))
def test_every_problem_of_every_file_is_shown_in_spanish(upload_name, workspace):
    seed(workspace)
    page, extension, drive = UPLOADS[upload_name]
    shown = 0
    for path in [*BAD, *CASES]:
        name = str(Path(path.name).with_suffix(extension))
        at = drive(new_app(page), name, path.read_bytes())
        assert not at.exception, f"{upload_name} / {name}: {at.exception[0].value}"
        table = problem_rows(at)
        if table is None:
            continue
        shown += len(table)
        for where, problem in table.itertuples(index=False):
            quoted = re.sub(r"«[^»]*»|'[^']*'", "", str(problem))  # the file's own text, quoted, may be English
            assert not ENGLISH.search(quoted), f"{upload_name} / {name}: English problem: {problem}"
            assert not re.search(r"\b(line|column|field) ", str(where)), f"{upload_name} / {name}: {where}"
    assert shown > 10  # most of the corpus is refused by every upload (a raw form export takes any header)
