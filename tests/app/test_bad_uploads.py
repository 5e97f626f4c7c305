"""Every upload of the app, fed every file of the bad-input corpus (tests/data/bad/ and a 50 MB
file): the page names the file and its problems in a plain table, nothing crashes, and the
workspace database is exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from smm_eval import storage
from smm_eval.files.candidates import read_candidates
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.framework import load_framework, load_roles
from smm_eval.storage import open_database

from ..conftest import ROOT, database_digest

BAD = sorted((ROOT / "tests" / "data" / "bad").iterdir(), key=lambda p: p.name)
SAMPLES = ROOT / "data" / "samples"
EN = yaml.safe_load((ROOT / "data" / "messages" / "en.yaml").read_text(encoding="utf-8"))
REFUSED = EN["common"]["input_problems"]["other"].split(":")[0]  # "The file cannot be used"
ANSWERS = {c: 2 for c in load_framework().competency_ids}


def seed(workspace: Path) -> str:
    """The sample vacancy with its candidates and scorecards, and a team."""
    framework, roles = load_framework(), load_roles()
    db = open_database(f"sqlite:///{workspace}")
    table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
    people = read_candidates((SAMPLES / "candidates.csv").read_bytes(), "c.csv")
    with db.transaction() as session:
        storage.import_ratings(session, table, "Seed", "smm_manager", framework, roles, candidates=people)
    return digest(workspace)


def digest(workspace: Path) -> str:
    return database_digest(f"sqlite:///{workspace}")


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def new_app(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "en"
    at.session_state["sa_answers"] = dict(ANSWERS)
    at.run()
    return at.switch_page(page).run()


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key=key).set_value((name, data, "text/csv")).run()


def cand_key(at: AppTest, uploader: str) -> str:
    """The key of a candidates-page uploader: it carries the count of imports made (detached after each)."""
    return f"{uploader}_{at.session_state['cand_uploads']}"


def self_assessment(at: AppTest, name: str, data: bytes) -> AppTest:
    return upload(at, "sa_load_file", name, data)


def results_compare(at: AppTest, name: str, data: bytes) -> AppTest:
    key = f"res_compare_file_{at.session_state['res_compare_uploads']}"
    return upload(at, key, name, data)


def score_file(at: AppTest, name: str, data: bytes) -> AppTest:
    return upload(at, "sf_file", name, data)


def candidates_ratings(at: AppTest, name: str, data: bytes) -> AppTest:
    upload(at, cand_key(at, "cand_ratings"), name, data)
    return button(at, EN["cand"]["import"]).click().run()


def candidates_people(at: AppTest, name: str, data: bytes) -> AppTest:
    upload(at, cand_key(at, "cand_ratings"), "interview_ratings.csv", (SAMPLES / "interview_ratings.csv").read_bytes())
    upload(at, cand_key(at, "cand_people"), name, data)
    return button(at, EN["cand"]["import"]).click().run()


def candidate_self_file(at: AppTest, name: str, data: bytes) -> AppTest:
    upload(at, "cand_self_file", name, data)
    return button(at, EN["cand"]["attach"]).click().run()


def team_file(at: AppTest, name: str, data: bytes) -> AppTest:
    at.text_input(key="team_name").input("Bad team").run()
    upload(at, "team_file", name, data)
    return at.button(key="team_import").click().run()


def salary_observations(at: AppTest, name: str, data: bytes) -> AppTest:
    upload(at, "sal_upload", name, data)
    return button(at, EN["sal"]["fit"]).click().run()


# Each upload accepts one extension (Streamlit refuses others before the page sees them, as the
# browser's file picker does): the corpus files go in under that extension.
UPLOADS: dict[str, tuple[str, str, Callable[[AppTest, str, bytes], AppTest]]] = {
    "self-assessment: continue from a file": ("pages/self_assessment.py", ".json", self_assessment),
    "results: compare with an earlier file": ("pages/results.py", ".json", results_compare),
    "score a file": ("pages/score_file.py", ".csv", score_file),
    "candidates: ratings file": ("pages/candidates.py", ".csv", candidates_ratings),
    "candidates: people file": ("pages/candidates.py", ".csv", candidates_people),
    "candidates: attach a self-assessment": ("pages/candidates.py", ".json", candidate_self_file),
    "team: import": ("pages/team.py", ".csv", team_file),
    "salary: fit on observations": ("pages/salary.py", ".csv", salary_observations),
}


@pytest.fixture(scope="module")
def huge() -> tuple[str, bytes]:
    """Over the 20 MB upload limit: refused by size before it is parsed."""
    row = b"Candidate 00000000,Irina,3,2,4\n"
    return "huge_50mb.csv", b"person,rater,copywriting,seo_basics,kpi_setting\n" + row * (50 * 2**20 // len(row))


@pytest.mark.parametrize("upload_name", list(UPLOADS))
def test_every_upload_refuses_every_bad_file(upload_name, workspace, huge):
    before = seed(workspace)
    page, extension, drive = UPLOADS[upload_name]
    files = [(p.name, p.read_bytes()) for p in BAD] + [huge]
    for original, data in files:
        name = str(Path(original).with_suffix(extension))
        at = drive(new_app(page), name, data)
        assert not at.exception, f"{upload_name} / {name}: {at.exception[0].value}"
        errors = [e.value for e in at.error]
        assert any(e.startswith(REFUSED) for e in errors), f"{upload_name} / {name}: no refusal shown: {errors}"
        shown = "\n".join(str(cell) for df in at.dataframe for cell in df.value.iloc[:, 0])
        assert name in shown, f"{upload_name} / {name}: the problem table does not name the file"
    assert digest(workspace) == before
