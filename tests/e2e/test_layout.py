"""Issue 15 in Chromium at 1400x1000, English and Spanish: key figures in sight (the ranking and every
table fit their column, no horizontal scroll), and charts you can read (the skills matrix fits its
column for 3, 12 and 40 people, radars at least 400 px with nothing cut). Widths are measured with
bounding boxes and scrollWidth against clientWidth; screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from smm_eval import storage
from smm_eval.files.candidates import read_candidates
from smm_eval.files.ratings import read_wide_ratings
from smm_eval.framework import load_framework, load_roles
from smm_eval.i18n import Messages
from smm_eval.recruiting import vacancy_from_role
from smm_eval.services.teams import import_team
from smm_eval.services.workspace import open_workspace

from ..conftest import ROOT
from .test_journeys import choose_language, settle, shot, start_app, stop_app

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "data" / "samples"
SLACK_PX = 2  # sub-pixel rounding of bounding boxes
SPANISH_TITLES = {
    "compare": Messages("es")("cmp.title"),
    "team": Messages("es")("team.title"),
    "self_assessment": Messages("es")("sa.title"),
}

# Every data grid: its scroller's content width against its visible width, and its box against the
# main column's box.
GRIDS = """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stDataFrame']")].map(grid => {
  const scroller = grid.querySelector('.dvn-scroller');
  const box = grid.getBoundingClientRect();
  return {scroll: scroller ? scroller.scrollWidth : 0, client: scroller ? scroller.clientWidth : 0,
          right: box.right, header: grid.innerText.slice(0, 60)};
})"""
CHARTS = """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stVegaLiteChart']")]
.map(chart => {
  const drawn = chart.querySelector('canvas, svg.marks');
  const box = (drawn || chart).getBoundingClientRect();
  const parent = chart.parentElement.getBoundingClientRect();
  return {width: box.width, height: box.height, right: box.right, left: box.left,
          parentRight: parent.right, parentWidth: parent.width};
})"""
# The right edge of the main column's content (its box less its right padding).
MAIN = """() => { const main = document.querySelector("[data-testid='stMainBlockContainer']");
  return main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight); }"""


def seed_workspace(tmp_path: Path, team_sizes: tuple[int, ...] = ()) -> None:
    """A vacancy (budget 80,000–120,000 RUB) with the sample interview, Lucía asking 150,000, and one
    team per size in `team_sizes` (the sample team's four people copied to reach the size)."""
    fw, roles = load_framework(), load_roles()
    db = open_workspace(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    spec = vacancy_from_role("SMM lead", roles["smm_manager"]).model_copy(
        update={"budget_min": 80_000, "budget_max": 120_000}
    )
    people_csv = (SAMPLES / "candidates.csv").read_text(encoding="utf-8").replace(",90000,", ",150000,")
    with db.transaction() as session:
        storage.create_vacancy(session, spec, fw, roles)
        table = read_wide_ratings((SAMPLES / "interview_ratings.csv").read_bytes(), "r.csv", fw.competency_ids)
        people = read_candidates(people_csv.encode("utf-8"), "c.csv")
        storage.import_ratings(session, table, "SMM lead", None, fw, roles, candidates=people)
    rows = list(csv.reader(io.StringIO((SAMPLES / "team.csv").read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    names = list(dict.fromkeys(r[0] for r in body))
    for size in team_sizes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        for k in range(size):
            source = names[k % len(names)]
            for row in body:
                if row[0] == source:
                    writer.writerow([f"{source} {k + 1:02d}", *row[1:]])
        import_team(db, f"Team of {size}", out.getvalue().encode("utf-8"), "team.csv", fw, roles)


def drawn_charts(page: Page, count: int) -> list[dict]:
    """The boxes of the page's charts, once `count` of them are drawn (Vega draws after the script run)."""
    page.wait_for_function(
        f"document.querySelectorAll(\"[data-testid='stMain'] [data-testid='stVegaLiteChart'] canvas, "
        f"[data-testid='stMain'] [data-testid='stVegaLiteChart'] svg.marks\").length >= {count}"
    )
    return page.evaluate(CHARTS)


def open_page(page: Page, base: str, link: str) -> None:
    """Open a page from the sidebar of the home page (a cold deep link can land on home on a busy
    machine, see pages._ui.page_setup)."""
    page.goto(base)
    settle(page)
    page.get_by_role("link", name=link, exact=True).first.click()
    settle(page)


def to_spanish(page: Page, heading: str) -> None:
    """Switch the page to Spanish and wait for its Spanish `heading`; on a busy machine a click that
    lands while a run is still being drawn can be lost, so it is clicked once more if needed."""
    choose_language(page, "es")
    title = page.get_by_role("heading", name=heading)
    try:
        expect(title).to_be_visible(timeout=10_000)
    except AssertionError:
        choose_language(page, "es")
        expect(title).to_be_visible()


def tall_shot(page: Page, name: str) -> None:
    """A screenshot of the whole page (Streamlit scrolls inside the page, so the window is made tall
    for it), then back to 1400x1000 where the widths are measured."""
    page.set_viewport_size({"width": 1400, "height": 3600})
    settle(page)
    shot(page, name)
    page.set_viewport_size({"width": 1400, "height": 1000})
    settle(page)


def assert_grids_fit(page: Page, where: str) -> None:
    main_right = page.evaluate(MAIN)
    grids = page.evaluate(GRIDS)
    assert grids, f"no table on {where}"
    for grid in grids:
        assert grid["scroll"] <= grid["client"] + SLACK_PX, f"{where}: a table scrolls sideways: {grid}"
        assert grid["right"] <= main_right + SLACK_PX, f"{where}: a table runs out of the page: {grid}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_ranking_and_radar_fit_at_1400_px(page: Page, tmp_path: Path, lang: str):
    seed_workspace(tmp_path)
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Compare candidates")
        if lang == "es":  # in the sidebar of the page itself: a new page load is a new session
            to_spanish(page, SPANISH_TITLES["compare"])
        over = {"en": "⚠ Over: +30,000 RUB", "es": "⚠ Excede: +30.000 RUB"}[lang]
        grid = page.locator("[data-testid='stDataFrame']").first
        expect(grid).to_be_visible()
        # The grid is a canvas; its accessible table mirrors the cells.
        expect(grid.locator("td[role='gridcell']", has_text=over)).to_have_count(1)
        headers = {
            "en": ["Candidate", "Overall (band)", "Fit", "Knock-outs", "Confidence", "Expected pay", "Market",
                   "Budget"],
            "es": ["Candidato", "Global (banda)", "Encaje", "Eliminatorias", "Confianza", "Salario esperado",
                   "Mercado", "Presupuesto"],
        }[lang]  # fmt: skip
        expect(grid.locator("th[role='columnheader']")).to_have_text(headers)
        assert_grids_fit(page, f"compare ({lang})")
        radar = drawn_charts(page, 1)[0]
        assert radar["height"] >= 400, radar
        assert radar["right"] <= radar["parentRight"] + SLACK_PX, f"the radar or its legend is cut: {radar}"
        tall_shot(page, f"compare-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_skills_matrix_fits_for_3_12_and_40_people(page: Page, tmp_path: Path, lang: str):
    seed_workspace(tmp_path, team_sizes=(3, 12, 40))
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Team skills")
        if lang == "es":
            to_spanish(page, SPANISH_TITLES["team"])
        for size in (3, 12, 40):
            page.get_by_role("combobox").first.click()
            page.get_by_role("option", name=f"Team of {size}", exact=True).click()
            settle(page)
            title = {"en": f"Skills matrix ({size} people)", "es": f"Matriz de competencias ({size} personas)"}[lang]
            expect(page.get_by_role("heading", name=title)).to_be_visible()
            matrix, radar = drawn_charts(page, 3)[:2]
            assert matrix["right"] <= page.evaluate(MAIN) + SLACK_PX, f"{size} people: the matrix is cut: {matrix}"
            assert matrix["width"] <= matrix["parentWidth"] + SLACK_PX, (size, matrix)
            # 25 competencies, each a labelled row of 22 px, under five block headers.
            assert matrix["height"] >= 25 * 22, matrix
            assert radar["height"] >= 400 and radar["right"] <= radar["parentRight"] + SLACK_PX, radar
            assert_grids_fit(page, f"team of {size} ({lang})")
            tall_shot(page, f"team-{size}-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_results_radar_and_tables_fit(page: Page, tmp_path: Path, lang: str):
    """The job seeker's results: radar at least 400 px with its legend whole, the blocks table with
    its weight column in sight (hidden in Spanish before), numbers in the page's language."""
    from smm_eval.assessment import build_saved
    from smm_eval.files.saved import saved_to_json

    fw = load_framework()
    answers = {c: (i % 4) + 1 for i, c in enumerate(fw.competency_ids)}
    saved = tmp_path / "saved.json"
    saved.write_text(saved_to_json(build_saved(answers, "smm_analyst", None)), encoding="utf-8")
    t = Messages(lang)
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Self-assessment")
        if lang == "es":
            to_spanish(page, SPANISH_TITLES["self_assessment"])
        page.get_by_text(t("sa.load.title")).click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(saved))
        settle(page)
        page.get_by_role("button", name=t("sa.load.apply")).click()
        settle(page)
        page.get_by_role("link", name=t("sa.see_results")).click()
        settle(page)
        expect(page.get_by_role("heading", name=t("res.title"))).to_be_visible()
        radar = drawn_charts(page, 1)[0]
        assert radar["height"] >= 400 and radar["right"] <= radar["parentRight"] + SLACK_PX, radar
        blocks = page.locator("[data-testid='stDataFrame']").first
        expect(blocks.locator("th[role='columnheader']")).to_have_text(
            [t("res.block"), t("res.score"), t("res.band"), t("res.weight")]
        )  # the grid's accessible table arrives a moment after the canvas: expect waits for it
        # smm_analyst's weights as whole percents in the page's format ("22%"; "22 %" in Spanish).
        weights = [t.percent(w / 100) for w in load_roles()["smm_analyst"].block_weight_percent().values()]
        for weight in set(weights):
            expect(blocks.locator("td[role='gridcell']", has_text=weight).first).to_be_attached()
        assert_grids_fit(page, f"results ({lang})")
        tall_shot(page, f"results-{lang}")
    finally:
        stop_app(process)
