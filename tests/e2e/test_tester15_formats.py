"""Issue 15, the fresh tester's findings 9 and 10, in Chromium: the Spanish pages the tester named
write dates with Babel ("30 de noviembre de 2026", "noviembre de 2025"), never ISO "2026-11-30" or
"2025-11", and percents in the locale's style ("34 %", a no-break space), never "34%". Screenshots
under test-artifacts/e2e/<test name>/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from smm_eval import storage
from smm_eval.framework import load_framework, load_roles
from smm_eval.services.teams import import_team

from ..conftest import ROOT
from .test_candidate_page import seed_vacancy
from .test_journeys import choose_language, settle, shot

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "data" / "samples"
ISO_DATE = re.compile(r"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b")  # "2026-11-30" and "2025-11"
BARE_PERCENT = re.compile(r"\d%")  # Spanish writes "34\u00a0%" (CLDR es "#,##0\u00a0%")


def seed(tmp_path: Path) -> tuple[int, int]:
    """The sample vacancy with its candidates, a stored self-assessment and the sample team."""
    ids = seed_vacancy(tmp_path)
    db = storage.open_database(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    framework, roles = load_framework(), load_roles()
    with db.transaction() as session:
        storage.save_self_assessment(session, "Lucía Prueba", "smm_manager", {c: 2 for c in framework.competency_ids})
    import_team(db, "Contenido", (SAMPLES / "team.csv").read_bytes(), "team.csv", framework, roles)
    db.dispose()
    return ids


def spanish_text(page: Page, url: str, name: str, marker: str) -> str:
    """The main column's text of `url` in Spanish, its expanders open; `marker` is a text of that
    page in Spanish, waited for (a cold deep link can settle on the entry page first)."""
    for _attempt in range(2):  # a cold server can answer a deep link with the entry page once
        page.goto(url)
        settle(page)
        if page.get_by_role("radio", name="Español").is_checked():
            break
        choose_language(page, "es")
        if page.get_by_text(marker).count():
            break
    expect(page.get_by_text(marker).first).to_be_visible(timeout=30_000)
    for expander in page.locator("[data-testid='stExpander'] summary").all():  # the texts inside them too
        expander.click()
    settle(page)
    shot(page, name)
    return page.locator("[data-testid='stMain']").inner_text()


def assert_spanish_formats(text: str, where: str) -> None:
    assert not ISO_DATE.findall(text), f"{where}: ISO dates {ISO_DATE.findall(text)}"
    bare = [text[max(m.start() - 30, 0) : m.end()] for m in BARE_PERCENT.finditer(text)]
    assert not bare, f"{where}: percents without the Spanish space: {bare}"


def test_spanish_pages_write_dates_and_percents_the_spanish_way(app_url: str, page: Page, tmp_path: Path):
    vacancy_id, ana = seed(tmp_path)
    page.set_viewport_size({"width": 1400, "height": 3000})
    candidate = spanish_text(
        page, f"{app_url}/candidate?candidate={ana}&vacancy={vacancy_id}", "candidate-es", "Se presentó el"
    )
    assert re.search(r"Se presentó el \d{1,2} de [a-z]+ de 20\d\d", candidate), candidate[:400]
    assert_spanish_formats(candidate, "candidate")

    salary = spanish_text(page, f"{app_url}/salary", "salary-es", "En dinero de")
    assert re.search(r"En dinero de [a-z]+ de 20\d\d", salary), "no Spanish month on the salary page"
    assert_spanish_formats(salary, "salary")

    stored = spanish_text(page, f"{app_url}/self_assessment", "self-assessment-es", "Autoevaluaciones guardadas")
    # The stored self-assessment's option, in Spanish after the language switch (it stayed English).
    chooser = page.get_by_role("combobox", name="Autoevaluación")
    expect(chooser).to_have_value(re.compile(r"Lucía Prueba · \d{1,2} de [a-z]+ de 20\d\d, \d\d:\d\d · 25 de 25"))
    assert_spanish_formats(stored, "self-assessment")

    plan = spanish_text(page, f"{app_url}/team_plan", "plan-es", "Plan de formación del equipo")
    assert "\u00a0%" in plan, "no percent on the training plan page"
    assert_spanish_formats(plan, "training plan")
