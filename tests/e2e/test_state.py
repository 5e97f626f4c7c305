"""Issue 15, parts 1 and 2 in Chromium: nothing typed is lost on page and language switches.

Each test clicks through the app as a person would; screenshots of every step are saved under
test-artifacts/e2e/<test name>/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from smm_eval import storage
from smm_eval.framework import load_framework, load_roles
from smm_eval.recruiting import vacancy_from_role
from smm_eval.schemas import CandidateInput

from ..conftest import ROOT
from .test_journeys import FRAMEWORK, choose_language, settle, shot

pytestmark = pytest.mark.e2e
FIRST_BLOCK = FRAMEWORK["blocks"][0]


def open_page(page: Page, app_url: str, name: str) -> None:
    """Go to another page through the sidebar navigation, as a user would (no reload)."""
    link = page.locator("[data-testid='stSidebarNav'] a", has_text=name).first
    more = page.locator("[data-testid='stSidebarNavViewButton']")
    if not link.is_visible() and more.count():  # the navigation shows "View N more" past 10 pages
        more.first.click()
    link.click()
    settle(page)


def test_role_box_after_a_language_switch_shows_the_role_in_use(app_url: str, page: Page):
    page.goto(f"{app_url}/self_assessment")
    settle(page)
    for comp in FIRST_BLOCK["competencies"]:
        page.get_by_text(comp["anchors"][2]["en"], exact=True).click()
        settle(page)
    open_page(page, app_url, "My results")
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name="SMM analyst").click()
    settle(page)
    choose_language(page, "es")
    box = page.get_by_role("combobox").first
    expect(box).to_have_value("Analista de SMM")
    shot(page, "es-role-kept")
    box.click()
    page.get_by_role("option", name="Aún no lo sé", exact=False).click()
    settle(page)
    expect(page.get_by_role("combobox").first).to_have_value("Aún no lo sé (mostrar el puesto que mejor encaja)")
    shot(page, "es-not-sure")
    choose_language(page, "en")
    expect(page.get_by_role("combobox").first).to_have_value("Not sure yet (show my best-fitting role)")
    shot(page, "en-not-sure-kept")


def seed_candidate(tmp_path: Path) -> None:
    db = storage.open_database(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    framework, roles = load_framework(), load_roles()
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("SMM lead", roles["smm_manager"]), framework, roles)
        storage.add_candidate(session, CandidateInput(name="Olga Ivanova"), vacancy.id)
    db.dispose()


def test_scorecard_draft_survives_another_page_and_a_language_switch(app_url: str, page: Page, tmp_path: Path):
    seed_candidate(tmp_path)
    page.goto(f"{app_url}/scorecard")
    settle(page)
    name = page.get_by_role("textbox", name="Your name (rater)")
    name.fill("Irina")
    name.press("Enter")
    settle(page)
    comp = FIRST_BLOCK["competencies"][0]
    page.get_by_role("radio", name=comp["anchors"][3]["en"], exact=True).check(force=True)
    settle(page)
    evidence = page.get_by_role("textbox", name="Evidence").first
    evidence.fill("Ran a 3-month content plan")
    evidence.press("Tab")
    settle(page)
    expect(page.get_by_text("1 of 25 competencies rated")).to_be_visible()
    shot(page, "scorecard-started")

    open_page(page, app_url, "Home")
    open_page(page, app_url, "Scorecard")
    expect(page.get_by_role("radio", name=comp["anchors"][3]["en"], exact=True)).to_be_checked()
    expect(page.get_by_role("textbox", name="Evidence").first).to_have_value("Ran a 3-month content plan")
    shot(page, "scorecard-back")

    choose_language(page, "es")  # a tester found the chosen level lost here
    expect(page.get_by_role("radio", name=comp["anchors"][3]["es"], exact=True)).to_be_checked()
    expect(page.get_by_text("1 de 25 competencias valoradas")).to_be_visible()
    shot(page, "scorecard-es")

    page.reload()  # a reload starts a new session: the draft comes back from the database
    settle(page)
    name = page.get_by_role("textbox", name="Your name (rater)")
    name.fill("Irina")
    name.press("Enter")
    settle(page)
    expect(page.get_by_text("Your draft of this scorecard")).to_be_visible()
    expect(page.get_by_role("radio", name=comp["anchors"][3]["en"], exact=True)).to_be_checked()
    shot(page, "scorecard-restored")


def test_salary_projects_survive_another_page_and_a_language_switch(app_url: str, page: Page):
    page.goto(f"{app_url}/salary")
    settle(page)
    projects = page.get_by_role("spinbutton", name="Simultaneous projects")
    projects.fill("3")
    projects.press("Enter")
    settle(page)
    open_page(page, app_url, "Home")
    choose_language(page, "es")
    open_page(page, app_url, "Rangos salariales")
    expect(page.locator("[data-testid='stNumberInput'] input").first).to_have_value("3")
    shot(page, "salary-projects-kept")


def test_a_refused_vacancy_keeps_its_form_and_weights_must_reach_100(app_url: str, page: Page):
    page.goto(f"{app_url}/vacancies")
    settle(page)
    page.get_by_text("New vacancy").click()
    budget = page.get_by_role("textbox", name="Budget to").first
    budget.fill("150000")
    budget.press("Tab")
    settle(page)
    expect(budget).to_have_value("150,000")  # shown back with thousands separators
    page.get_by_role("button", name="Create the vacancy").click()  # no title: refused
    settle(page)
    expect(page.get_by_text("Not saved:", exact=False)).to_be_visible()
    expect(budget).to_have_value("150,000")  # before issue 15 the form was cleared
    shot(page, "refused-kept")
    title = page.get_by_role("textbox", name="Title").first
    title.fill("SMM lead")
    title.press("Tab")
    settle(page)
    page.get_by_role("button", name="Create the vacancy").click()
    settle(page)
    expect(page.get_by_text("Vacancy “SMM lead” created.").first).to_be_visible()  # also in a toast

    creative = page.get_by_role("spinbutton", name="Creative")
    creative.fill("8")
    creative.press("Enter")
    settle(page)
    expect(page.get_by_text("Block weights add up to 90.0% of 100%")).to_be_visible()  # 22+13+27+20+8
    expect(page.get_by_role("button", name="Save the vacancy")).to_be_disabled()
    shot(page, "weights-not-100")
    page.get_by_role("button", name="Rescale the weights to 100%").click()
    settle(page)
    expect(page.get_by_role("button", name="Save the vacancy")).to_be_enabled()
    page.get_by_role("button", name="Save the vacancy").click()
    settle(page)
    expect(page.get_by_text("Vacancy saved (version 2).")).to_be_visible()
    shot(page, "weights-rescaled-saved")


def test_a_stage_change_asks_first(app_url: str, page: Page, tmp_path: Path):
    seed_candidate(tmp_path)
    page.goto(f"{app_url}/candidates")
    settle(page)
    shot(page, "candidates")
    stage = page.get_by_role("combobox", name="New stage")
    stage.click()
    page.keyboard.type("interview")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("button", name="Move to “Interview”…").click()
    settle(page)
    expect(page.get_by_text("Move Olga Ivanova (C0001) from “New” to “Interview”?")).to_be_visible()
    shot(page, "stage-question")
    page.get_by_role("button", name="Yes, move").click()
    settle(page)
    expect(page.get_by_text("Olga Ivanova (C0001) moved to “Interview”.")).to_be_visible()
    shot(page, "stage-moved")


def test_an_answer_can_be_taken_back_and_clearing_all_asks_first(app_url: str, page: Page):
    page.goto(f"{app_url}/self_assessment")
    settle(page)
    comp = FIRST_BLOCK["competencies"][0]
    page.get_by_text(comp["anchors"][2]["en"], exact=True).click()
    settle(page)
    expect(page.get_by_text("Answered 1 of 25")).to_be_visible()
    page.get_by_text("Not answered (skip: I cannot judge this)").first.click()
    settle(page)
    expect(page.get_by_text("Answered 0 of 25")).to_be_visible()
    page.get_by_text(comp["anchors"][1]["en"], exact=True).click()
    settle(page)
    page.get_by_role("button", name="Clear all answers").click()
    settle(page)
    expect(page.get_by_text("Clear your 1 answer? This cannot be undone.")).to_be_visible()
    shot(page, "clear-question")
    page.get_by_role("button", name="Cancel").click()
    settle(page)
    expect(page.get_by_text("Answered 1 of 25")).to_be_visible()
    page.get_by_role("button", name="Clear all answers").click()
    settle(page)
    page.get_by_role("button", name="Yes, clear them").click()
    settle(page)
    expect(page.get_by_text("Answered 0 of 25")).to_be_visible()
    shot(page, "cleared")


def upload(page: Page, index: int, path: Path) -> None:
    page.locator("[data-testid='stFileUploaderDropzoneInput']").nth(index).set_input_files(str(path))
    settle(page)


def test_the_form_import_duplicates_choice_survives_a_language_switch_and_another_page(app_url: str, page: Page):
    page.goto(f"{app_url}/form_import")
    settle(page)
    upload(page, 0, ROOT / "tests" / "data" / "imports" / "c13_google_forms_export.csv")
    page.get_by_text("Keep the latest submission", exact=True).click()
    settle(page)
    choose_language(page, "es")  # a tester found the choice reset here
    expect(page.get_by_role("radio", name="Conservar el envío más reciente")).to_be_checked()
    shot(page, "duplicates-es")
    open_page(page, app_url, "Inicio")
    open_page(page, app_url, "Importar un formulario")
    expect(page.get_by_text("Sigue trabajando con c13_google_forms_export.csv", exact=False)).to_be_visible()
    expect(page.get_by_role("radio", name="Conservar el envío más reciente")).to_be_checked()
    shot(page, "duplicates-after-another-page")


def test_the_plan_budget_and_hours_survive_another_page_and_a_language_switch(app_url: str, page: Page):
    page.goto(f"{app_url}/team")
    settle(page)
    page.get_by_text("Import a team from CSV").click()
    page.get_by_label("Team name").fill("Content team")
    page.get_by_label("Team name").press("Enter")
    upload(page, 0, ROOT / "data" / "samples" / "team.csv")
    page.get_by_role("button", name="Import").click()
    settle(page)
    page.get_by_role("link", name="Plan training for this team").click()
    settle(page)
    budget = page.get_by_role("textbox", name="Budget (RUB)")
    expect(budget).to_have_value("100,000")
    budget.fill("30000")
    budget.press("Enter")
    settle(page)
    expect(budget).to_have_value("30,000")
    hours = page.get_by_role("spinbutton", name="Hours per person (optional)")
    hours.fill("40")
    hours.press("Enter")
    settle(page)
    shot(page, "plan-set")
    open_page(page, app_url, "Team skills")
    choose_language(page, "es")
    open_page(page, app_url, "Plan de formación")
    expect(page.get_by_role("textbox", name="Presupuesto (RUB)")).to_have_value("30.000")
    expect(page.get_by_role("spinbutton", name="Horas por persona", exact=False)).to_have_value("40")
    shot(page, "plan-kept-es")


def test_a_competency_edit_on_the_vacancy_survives_another_page_and_a_language_switch(
    app_url: str, page: Page, tmp_path: Path
):
    seed_candidate(tmp_path)  # the vacancy "SMM lead" (SMM manager)
    page.goto(f"{app_url}/vacancies")
    settle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    # Glide's accessible table: column 3 is the target level (block, competency, weight, target,
    # knock-out), row 1 the first competency (row 0 is the header).
    cell = page.locator("[role='gridcell'][aria-colindex='4']").first
    expect(cell).to_have_text("3")  # the role's target
    cell.focus()  # the grid is a canvas: focus selects its first cell; arrows move to "Target"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # Enter opens the cell's editor (Glide's `.gdg-input`). On a busy machine the canvas may not
    # have taken the focus yet: typing then selected the page's text (CI, twice), so the editor
    # is waited for, and focused again once if it did not open.
    editor = page.locator(".gdg-input").first
    page.keyboard.press("Enter")
    try:
        editor.wait_for(state="visible", timeout=5_000)
    except PlaywrightTimeout:
        cell.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        editor.wait_for(state="visible", timeout=10_000)
    editor.fill("1")
    shot(page, "target-typing")
    page.keyboard.press("Enter")
    settle(page)
    expect(cell).to_have_text("1")  # the grid shows the edit before the user leaves the page
    shot(page, "target-edited")
    open_page(page, app_url, "Home")
    choose_language(page, "es")
    open_page(page, app_url, "Vacantes")
    expect(page.locator("[role='gridcell'][aria-colindex='4']").first).to_have_text("1")
    shot(page, "target-kept-es")
    page.get_by_role("button", name="Guardar la vacante").click()
    settle(page)
    db = storage.open_database(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    with db.transaction() as session:
        (vacancy,) = storage.list_vacancies(session)
        first_competency = FIRST_BLOCK["competencies"][0]["id"]
        assert (vacancy.version, vacancy.targets[first_competency]) == (2, 1)
    db.dispose()
