"""A candidate's page and the stored self-assessments list in Chromium, in English and Spanish
(issue 15, "What to build" 6). Screenshots under test-artifacts/e2e/<test name>/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from smm_eval import storage
from smm_eval.files.candidates import read_candidates
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.framework import load_framework, load_roles
from smm_eval.recruiting import vacancy_from_role

from ..conftest import ROOT
from .test_journeys import choose_language, settle, shot

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "data" / "samples"


def seed_vacancy(tmp_path: Path) -> tuple[int, int]:
    """The sample interview ratings as the vacancy "SMM lead"; (vacancy id, Ana Morales's id)."""
    framework, roles = load_framework(), load_roles()
    db = storage.open_database(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("SMM lead", roles["smm_manager"]), framework, roles)
        table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "r.csv", framework.competency_ids)
        people = read_candidates((SAMPLES / "candidates.csv").read_bytes(), "c.csv")
        storage.import_ratings(session, table, "SMM lead", None, framework, roles, candidates=people)
        ids = (vacancy.id, next(c.id for c in session.query(storage.Candidate) if c.name == "Ana Morales"))
    db.dispose()
    return ids


def test_a_candidates_page_from_the_list_bookmarkable_in_english_and_spanish(app_url: str, page: Page, tmp_path: Path):
    vacancy_id, ana = seed_vacancy(tmp_path)
    page.goto(f"{app_url}/candidates")
    settle(page)
    chooser = page.get_by_role("combobox", name="Open a candidate's page")
    expect(chooser).to_be_visible()
    chooser.click()
    option = page.get_by_role("option", name="Ana Morales (C0001)")
    try:
        option.wait_for(state="visible", timeout=5_000)
    except PlaywrightTimeout:  # on a busy machine the first click can land before the list is ready
        chooser.click()
    option.click()
    settle(page)
    page.get_by_role("link", name="Open the page").click()
    settle(page)
    expect(page.get_by_role("heading", name="A candidate's page")).to_be_visible()
    expect(page.get_by_role("heading", name="Ana Morales (C0001)")).to_be_visible()
    expect(page.get_by_text("65,000 RUB", exact=True)).to_be_visible()
    expect(page.get_by_text("a month, gross (before tax)")).to_be_visible()
    expect(page.get_by_text("2 raters scored this candidate.", exact=False)).to_be_visible()
    assert f"candidate={ana}" in page.url and f"vacancy={vacancy_id}" in page.url
    shot(page, "candidate-hidden-en")

    # A bookmark opens the same candidate in a new session; once the viewer names themselves as
    # "lead", who has submitted, every scorecard shows, with evidence and anchors.
    page.goto(f"{app_url}/candidate?candidate={ana}&vacancy={vacancy_id}")  # a bookmark, in a new session
    settle(page)
    expect(page.get_by_role("heading", name="Ana Morales (C0001)")).to_be_visible()
    expect(page.get_by_text("Their scorecards stay hidden", exact=False)).to_be_visible()  # a new session: no name
    page.get_by_role("link", name="Scorecard").click()
    settle(page)
    page.get_by_role("textbox", name="Your name (rater)").fill("lead")
    page.get_by_role("textbox", name="Your name (rater)").press("Enter")
    settle(page)
    page.get_by_role("link", name="A candidate's page").click()
    settle(page)
    expect(page.get_by_role("heading", name="Ana Morales (C0001)")).to_be_visible()  # the session remembers her
    expect(page.get_by_role("heading", name="Submitted scorecards (2)")).to_be_visible()
    expect(page.get_by_text("lead · submitted", exact=False)).to_be_visible()
    expect(page.get_by_text("hr · submitted", exact=False)).to_be_visible()
    page.set_viewport_size({"width": 1400, "height": 2400})
    shot(page, "candidate-cards-en")

    choose_language(page, "es")
    expect(page.get_by_role("heading", name="Ficha de un candidato")).to_be_visible()
    expect(page.get_by_role("heading", name="Fichas de evaluación enviadas (2)")).to_be_visible()
    expect(page.get_by_text("65.000 RUB", exact=True)).to_be_visible()
    expect(page.get_by_text("al mes, bruto", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Autoevaluación junto a los entrevistadores")).to_be_visible()
    shot(page, "candidate-cards-es")


def seed_self_assessments(tmp_path: Path) -> None:
    db = storage.open_database(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    with db.transaction() as session:
        storage.save_self_assessment(session, "Ana", "smm_manager", {"copywriting": 3, "brand_strategy": 2})
        storage.save_self_assessment(session, "Bo", None, {"copywriting": 1})
    db.dispose()


def test_stored_self_assessments_listed_deleted_after_confirmation_and_reopened(
    app_url: str, page: Page, tmp_path: Path
):
    seed_self_assessments(tmp_path)
    page.goto(f"{app_url}/self_assessment")
    settle(page)
    choose_language(page, "es")
    page.get_by_text("Autoevaluaciones guardadas en este espacio de trabajo (2)").click()
    settle(page)
    shot(page, "stored-list-es")
    choose_language(page, "en")
    expander = page.get_by_text("Self-assessments stored in this workspace (2)")
    expect(expander).to_be_visible()
    if not page.get_by_role("button", name="Delete…").is_visible():
        expander.click()
        settle(page)
    # Newest first: Bo is chosen; ask to delete, see the question, cancel, then delete for real.
    page.get_by_role("button", name="Delete…").click()
    settle(page)
    expect(page.get_by_text("This cannot be undone.", exact=False)).to_be_visible()
    shot(page, "stored-confirm-en")
    page.get_by_role("button", name="Cancel").click()
    settle(page)
    expect(page.get_by_text("Self-assessments stored in this workspace (2)")).to_be_visible()
    page.get_by_role("button", name="Delete…").click()
    settle(page)
    page.get_by_role("button", name="Yes, delete it").click()
    settle(page)
    expect(page.get_by_text("Self-assessments stored in this workspace (1)")).to_be_visible()
    expect(page.get_by_text("The self-assessment was deleted.")).to_be_visible()
    page.get_by_role("button", name="Reopen in My results").click()
    settle(page)
    expect(page.get_by_role("heading", name="My results")).to_be_visible()
    expect(page.get_by_text("Top gaps for SMM manager")).to_be_visible()
    shot(page, "stored-reopened-en")


def test_a_bookmarked_candidates_page_opens_on_a_freshly_started_server(page: Page, tmp_path: Path):
    """A bookmark of a candidate's page, opened on a server that has just started: Streamlit may run
    the page first through its legacy page discovery, which goes through app.py (`_ui.page_setup`);
    the switch back to the page must carry the address's candidate and vacancy (it lost them on a
    busy machine: the page opened empty)."""
    from .test_journeys import start_app, stop_app

    vacancy_id, ana = seed_vacancy(tmp_path)
    process, base = start_app(tmp_path)
    try:
        page.goto(f"{base}/candidate?candidate={ana}&vacancy={vacancy_id}")
        settle(page)
        expect(page.get_by_role("heading", name="Ana Morales (C0001)")).to_be_visible()
        assert f"candidate={ana}" in page.url and f"vacancy={vacancy_id}" in page.url
        expect(page.get_by_role("radio", name="Español")).to_be_visible()  # through app.py: the sidebar
    finally:
        stop_app(process)
