"""Issue 15's fixed behaviours that had only an AppTest, and the tester's leftovers, in Chromium at
1400x1000, in English and Spanish: no table cell and no navigation entry cut; agreement never 100%
for one rater, and the candidates the panel figure leaves out named; the plan's gaps in percent of
the team's gap; the pinball-loss table in money with its currency; the scorecard's per-block counts;
a candidate's own stage control; vacancy weights as whole numbers; radars at least 400 px with the
target named in the legend; the skills matrix labelling every block and competency inside its
box, its values agreeing with the coverage box; the self-assessment's open block across a language
switch, an answer taken back and "clear all" asking first, in Spanish.

A cut cell is measured on the grid's pixels (the grid is a canvas): between the grid's vertical
lines, text drawn into the last 5 px of a cell (a fitting text keeps its 8 px padding) or into
the last 2 px above a row line means the text was clipped (a last row shorter than the others is
half out of a grid that scrolls down, not clipped). Screenshots go to test-artifacts/e2e/.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from benchmarks.generators import generate_observations
from smm_eval import storage
from smm_eval.framework import load_framework, load_roles
from smm_eval.i18n import Messages
from smm_eval.salary import load_market
from smm_eval.schemas import CandidateInput, ScorecardInput
from smm_eval.services.salary import fit_dataset
from smm_eval.services.workspace import open_workspace

from .test_journeys import FRAMEWORK, choose_language, settle, shot, start_app, stop_app
from .test_layout import SPANISH_TITLES, open_page, seed_workspace, tall_shot, to_spanish

pytestmark = pytest.mark.e2e
GRIDS = "[data-testid='stMain'] [data-testid='stDataFrame']"
NAV = """() => [...document.querySelectorAll("[data-testid='stSidebarNav'] a span[label]")]
  .map(s => ({text: s.getAttribute('label'), scroll: s.scrollWidth, client: s.clientWidth}))"""


def _runs(positions: list[int]) -> list[tuple[int, int]]:
    """Consecutive positions grouped as (first, last)."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and p - runs[-1][-1] <= 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [(r[0], r[-1]) for r in runs]


def cut_cells(png: bytes) -> list[tuple[int, int, str]]:
    """(row, column, "right" or "bottom") of each grid cell whose text is clipped (row 0: header)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    px = image.load()

    def grey(x: int, y: int) -> bool:  # the grid's light lines, about rgb(232, 229, 226)
        return all(200 <= c <= 245 for c in px[x, y])

    def ink(x: int, y: int) -> bool:  # text is dark grey; flagged cells' light red is not ink
        return sum(px[x, y]) < 3 * 160

    columns = _runs([x for x in range(width) if sum(grey(x, y) for y in range(height)) >= 0.8 * height])
    rows = _runs([y for y in range(height) if sum(grey(x, y) for x in range(width)) >= 0.8 * width])
    bands = [rows[i + 1][0] - rows[i][1] for i in range(len(rows) - 1)]
    full = sorted(bands[1:])[len(bands[1:]) // 2] if len(bands) > 1 else 0  # a body row's height
    cut = []
    for i in range(len(rows) - 1):
        top, bottom = rows[i][1] + 1, rows[i + 1][0]
        if i == len(rows) - 2 and i > 1 and bands[i] < full - 2:
            continue  # a row half out of a grid that scrolls down: scrolled, not clipped
        for j in range(len(columns) - 1):
            left, right = columns[j][1] + 1, columns[j + 1][0]
            if any(ink(x, y) for x in range(right - 5, right) for y in range(top, bottom)):
                cut.append((i, j, "right"))
            elif any(ink(x, y) for x in range(left, right) for y in range(bottom - 2, bottom)):
                cut.append((i, j, "bottom"))
    return cut


def assert_no_cut_cell(page: Page, where: str, grids: Locator | None = None) -> int:
    """No clipped text in any grid of the page (or in `grids`); returns how many grids were measured."""
    grids = grids or page.locator(GRIDS)
    expect(grids.first).to_be_attached()
    count = 0
    for k in range(grids.count()):
        grid = grids.nth(k)
        if not grid.is_visible():  # inside a closed expander
            continue
        count += 1
        grid.scroll_into_view_if_needed()
        grid.locator("canvas").first.wait_for()
        png = grid.screenshot()
        (page.shot_dir / f"grid-{where}-{k}.png").write_bytes(png)  # type: ignore[attr-defined]
        assert cut_cells(png) == [], f"{where}: grid {k} ({grid.inner_text()[:60]!r}) has clipped cells"
    return count


def cells(grid: Locator, column: int) -> list[str]:
    """The texts of a grid's column (1-based), from its accessible table."""
    return [c.inner_text() for c in grid.locator(f"td[role='gridcell'][aria-colindex='{column}']").all()]


def add_single_rater_candidate(tmp_path: Path) -> None:
    """Eva Single, scored by "lead" only (every competency at level 2), to the seeded vacancy."""
    fw = load_framework()
    db = open_workspace(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    with db.transaction() as session:
        (vacancy,) = storage.list_vacancies(session)
        eva = storage.add_candidate(session, CandidateInput(name="Eva Single"), vacancy.id)
        card = ScorecardInput(
            candidate_id=eva.id, vacancy_id=vacancy.id, rater="lead", levels=dict.fromkeys(fw.competency_ids, 2)
        )
        storage.save_scorecard(session, card, fw, None)


def go(page: Page, t: Messages, nav_key: str) -> None:
    """Another page through the sidebar, in the session's language (no reload)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=t(nav_key)).first.click()
    settle(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_cell_or_navigation_entry_is_cut_agreement_and_plan_gaps_read_right(page: Page, tmp_path: Path, lang):
    seed_workspace(tmp_path, team_sizes=(4,))
    add_single_rater_candidate(tmp_path)
    t = Messages(lang)
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Compare candidates")
        if lang == "es":
            to_spanish(page, SPANISH_TITLES["compare"])
        entries = page.evaluate(NAV)
        assert len(entries) >= 14, entries
        assert [e for e in entries if e["scroll"] > e["client"]] == [], "a navigation entry is cut"
        page.set_viewport_size({"width": 1400, "height": 3000})
        settle(page)
        # Agreement: Ana (lead and hr, interview_ratings.csv) 0.92, never "100%"; Eva has one rater.
        details = page.locator(GRIDS).nth(1)
        rows = dict(zip(cells(details, 1), cells(details, 5), strict=True))
        ana = t("agree.rwg_value", value=t.number(0.92, 2), band=t("agree.rwg_band.very_strong"))
        assert rows["Ana Morales (C0001)"] == ana, rows
        assert rows["Eva Single (C0005)"] == t("agree.rwg_too_few_raters"), rows
        assert not any("100" in v for v in rows.values()), rows
        left_out = t.plural("agree.left_out", 1, names="Eva Single (C0005)")
        expect(page.get_by_text(left_out)).to_be_visible()
        shot(page, f"compare-{lang}")
        page.set_viewport_size({"width": 1400, "height": 1000})
        settle(page)
        assert assert_no_cut_cell(page, f"compare-{lang}") >= 3  # ranking, details, gaps

        go(page, t, "nav.team_plan")
        expect(page.get_by_role("heading", name=t("plan.title"))).to_be_visible()
        headline = page.locator("[data-testid='stMetricValue']").nth(2).inner_text()
        closed = float(headline.rstrip("% \u00a0").replace(",", "."))
        summary = page.locator(GRIDS).filter(has_text=t("plan.gap_share_before"))
        # The grid draws its cells after the page settles: wait for them before reading (busy machine).
        expect(summary.locator("td[role='gridcell'][aria-colindex='3']").first).to_be_attached(timeout=30_000)
        now = [float(v.rstrip("% \u00a0").replace(",", ".")) for v in cells(summary, 3)]
        after = [float(v.rstrip("% \u00a0").replace(",", ".")) for v in cells(summary, 4)]
        # Percent of the team's gap, like the headline: "now" adds up to 100, "after" to 100 - closed
        # (cells rounded to 0.1, the headline to 1).
        assert all(v.endswith("%") for v in cells(summary, 3) + cells(summary, 4))
        assert abs(sum(now) - 100) <= 0.05 * len(now) + 0.01, now
        assert abs(sum(after) - (100 - closed)) <= 0.05 * len(after) + 0.5, (after, closed)
        tall_shot(page, f"plan-{lang}")
        assert assert_no_cut_cell(page, f"plan-{lang}") >= 2  # the plan ("Develops") and the gaps

        go(page, t, "nav.salary")
        assert assert_no_cut_cell(page, f"salary-{lang}") >= 2  # what the estimate is made of ("Why"), sources
        tall_shot(page, f"salary-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pinball_loss_table_is_money_with_its_currency_and_explained(page: Page, tmp_path: Path, lang):
    frame = generate_observations({("middle", "other_region"): 90000, ("junior", "other_region"): 60000}, 60, seed=2)
    data = frame.drop(columns="salary").to_csv(index=False).encode()
    db = open_workspace(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    fit_dataset(db, data, "market.csv", "November market", tuple(load_roles()), load_market("russia"))
    t = Messages(lang)
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Salary")
        if lang == "es":
            to_spanish(page, t("sal.title"))
        chooser, option = page.get_by_role("combobox", name=t("sal.data_choice")), page.get_by_role("option")
        chooser.click()
        try:
            option.filter(has_text="November market").wait_for(timeout=5_000)
        except PlaywrightTimeout:  # a click landing while a run is drawn can be lost on a busy machine
            shot(page, f"chooser-{lang}")
            chooser.click()
        option.filter(has_text="November market").click()
        settle(page)
        table = page.locator(GRIDS).filter(has_text=t("pinball.versus"))
        expect(table).to_be_visible()
        measures = cells(table, 1)
        assert measures[:3] == [t("pinball.loss", q=f"P{q}") for q in (25, 50, 75)]
        # Money rounded to hundreds with the currency ("4,300 RUB"; "4.300 RUB"), never a raw float.
        sep = {"en": ",", "es": "."}[lang]
        money = re.compile(rf"^\d{{1,3}}({re.escape(sep)}\d{{3}})* RUB$")
        for value in cells(table, 2)[:3] + cells(table, 3)[:3]:
            value = value.replace("\u00a0", " ")
            assert money.match(value) and value.split()[0].replace(sep, "").endswith("00"), value
        versus = cells(table, 4)[:3]
        endings = (*(t(f"pinball.{k}", change="").strip() for k in ("lower", "higher")), t("pinball.same"))
        assert all(v.endswith(endings) for v in versus), versus
        # What the measure is, in the page's language, with the money's currency.
        expect(
            page.get_by_text({"en": "Koenker & Bassett 1978", "es": "Koenker y Bassett 1978"}[lang]).first
        ).to_be_visible()
        expect(
            page.get_by_text({"en": "monthly amount in RUB", "es": "importe mensual en RUB"}[lang]).first
        ).to_be_visible()
        assert_no_cut_cell(page, f"pinball-{lang}", table)
        tall_shot(page, f"pinball-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_block_counts_a_candidates_own_stage_control_and_whole_weights(page: Page, tmp_path: Path, lang):
    seed_workspace(tmp_path)
    t = Messages(lang)
    first, first_comp = FRAMEWORK["blocks"][0]["name"], FRAMEWORK["blocks"][0]["competencies"][0]
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Vacancies")
        if lang == "es":
            to_spanish(page, t("vac.title"))
        # Whole percents as "22" (not the browser's "22.0"), competency weights as "1".
        weights = page.locator("[data-testid='stNumberInput'] input")
        values = [weights.nth(k).input_value() for k in range(5)]
        assert all(re.fullmatch(r"\d+(\.\d+)?", v) and not v.endswith(".0") for v in values), values
        grid = page.locator(GRIDS).first
        # smm_manager's first competency weights 1.3, 1.0, 1.0, 1.2: shown "1.3", "1", "1", "1.2".
        weight_cells = grid.locator("td[role='gridcell'][aria-colindex='3']")
        expect(weight_cells.nth(1)).to_have_text("1")
        assert [weight_cells.nth(k).inner_text() for k in range(4)] == ["1.3", "1", "1", "1.2"]
        shot(page, f"vacancy-{lang}")

        go(page, t, "nav.scorecard")
        name = page.get_by_role("textbox", name=t("card.rater"))
        name.fill("Irina")
        name.press("Enter")
        settle(page)
        page.get_by_role("radio", name=first_comp["anchors"][3][lang], exact=True).check(force=True)
        settle(page)
        # The block control counts what is rated in each block: "<block> 1/<size>".
        control = page.get_by_role("radiogroup", name=t("state.card_step")).get_by_role(
            "radio", name=f"{first[lang]} 1/"
        )
        expect(control).to_be_visible()
        assert re.fullmatch(rf"{re.escape(first[lang])} 1/\d+", control.inner_text().strip()), control.inner_text()
        second = FRAMEWORK["blocks"][1]["name"][lang]
        assert re.fullmatch(rf"{re.escape(second)} 0/\d+", page.get_by_role("radio", name=f"{second} 0/").inner_text())
        shot(page, f"scorecard-counts-{lang}")

        go(page, t, "nav.candidate")
        expect(page.get_by_role("heading", name=t("cpage.title"))).to_be_visible()
        who = page.get_by_role("heading", level=3).first.inner_text()
        page.get_by_role("combobox", name=t("state.stage_new")).click()
        page.get_by_role("option", name=t("cand.stages.interview"), exact=True).click()
        settle(page)
        page.get_by_role("button", name=t("state.stage_move", stage=t("cand.stages.interview"))).click()
        settle(page)
        question = t("state.stage_question", name=who, old=t("cand.stages.new"), new=t("cand.stages.interview"))
        expect(page.get_by_text(question)).to_be_visible()
        shot(page, f"candidate-stage-question-{lang}")
        page.get_by_role("button", name=t("state.stage_yes")).click()
        settle(page)
        expect(page.get_by_text(t("state.stage_moved", name=who, stage=t("cand.stages.interview")))).to_be_visible()
        expect(page.locator("[data-testid='stMetricValue']").first).to_have_text(t("cpage.stages.interview"))
        shot(page, f"candidate-stage-moved-{lang}")
    finally:
        stop_app(process)


def test_in_spanish_the_open_block_is_kept_an_answer_is_taken_back_and_clearing_asks(app_url: str, page: Page):
    t = Messages("es")
    page.goto(f"{app_url}/self_assessment")
    settle(page)
    third = FRAMEWORK["blocks"][2]
    page.get_by_role("tab", name=third["name"]["en"]).click()
    settle(page)
    choose_language(page, "es")  # a tester found the first block open again here
    expect(page.get_by_role("tab", name=third["name"]["es"])).to_have_attribute("aria-selected", "true")
    comp = third["competencies"][0]
    expect(page.get_by_text(comp["anchors"][2]["es"], exact=True)).to_be_visible()
    page.get_by_text(comp["anchors"][2]["es"], exact=True).click()
    settle(page)
    expect(page.get_by_text(t("sa.progress", answered=1, total=25))).to_be_visible()
    page.get_by_text(t("state.not_answered")).first.click()
    settle(page)
    expect(page.get_by_text(t("sa.progress", answered=0, total=25))).to_be_visible()
    page.get_by_text(comp["anchors"][1]["es"], exact=True).click()
    settle(page)
    page.get_by_role("button", name=t("sa.clear")).click()
    settle(page)
    expect(page.get_by_text(t.plural("state.sa_clear_question", 1))).to_be_visible()
    shot(page, "clear-question-es")
    page.get_by_role("button", name=t("state.cancel")).click()
    settle(page)
    expect(page.get_by_text(t("sa.progress", answered=1, total=25))).to_be_visible()
    page.get_by_role("button", name=t("sa.clear")).click()
    settle(page)
    page.get_by_role("button", name=t("state.sa_clear_yes")).click()
    settle(page)
    expect(page.get_by_text(t("sa.progress", answered=0, total=25))).to_be_visible()
    expect(page.get_by_role("tab", name=third["name"]["es"])).to_have_attribute("aria-selected", "true")
    shot(page, "cleared-es")


# Every text of each drawn chart (Vega draws SVG here) with its box, and the chart's own box.
CHART_TEXTS = """() => [...document.querySelectorAll("[data-testid='stMain'] [data-testid='stVegaLiteChart']")]
.map(chart => { const svg = chart.querySelector('svg.marks'); const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height, left: box.left, right: box.right, top: box.top, bottom: box.bottom,
    texts: [...svg.querySelectorAll('text')].map(t => { const b = t.getBoundingClientRect();
      return {text: t.textContent, left: b.left, right: b.right, y: (b.top + b.bottom) / 2}; })}; })"""


def drawn_texts(page: Page, count: int) -> list[dict]:
    page.wait_for_function(
        f"document.querySelectorAll(\"[data-testid='stMain'] [data-testid='stVegaLiteChart'] svg.marks text\")"
        f".length > 0 && document.querySelectorAll(\"[data-testid='stMain'] svg.marks\").length >= {count}"
    )
    return page.evaluate(CHART_TEXTS)


def assert_texts_inside(chart: dict, where: str) -> None:
    outside = [x["text"] for x in chart["texts"] if x["left"] < chart["left"] - 2 or x["right"] > chart["right"] + 2]
    assert outside == [], f"{where}: labels cut at the chart's edge: {outside}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_radars_name_the_target_and_the_matrix_labels_every_row_and_agrees_with_coverage(
    page: Page, tmp_path: Path, lang: str
):
    seed_workspace(tmp_path, team_sizes=(4,))
    t, fw = Messages(lang), load_framework()
    blocks = [b.name.get(lang) for b in fw.blocks]
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Compare candidates")
        if lang == "es":
            to_spanish(page, SPANISH_TITLES["compare"])
        radar = drawn_texts(page, 1)[0]
        words = [x["text"] for x in radar["texts"]]
        assert radar["width"] >= 400 and radar["height"] >= 400, radar
        assert t("res.series_target", role="SMM lead") in words, words  # the target named in the legend
        assert set(blocks) <= set(words), words  # every block's axis labelled
        assert_texts_inside(radar, f"compare radar ({lang})")
        tall_shot(page, f"compare-radar-{lang}")

        go(page, t, "nav.team")
        matrix, team_radar = drawn_texts(page, 2)[:2]
        assert team_radar["width"] >= 400 and t("team.target") in [x["text"] for x in team_radar["texts"]]
        labels = {x["text"]: x["y"] for x in matrix["texts"]}
        # Every block and every one of the 25 competencies labelled, not only each block's first and last.
        assert set(blocks) <= set(labels), sorted(labels)
        names = {c: fw.competencies[c].name.get(lang) for c in fw.competency_ids}
        assert [n for n in names.values() if n not in labels] == [], "competencies without a label"
        assert_texts_inside(matrix, f"matrix ({lang})")
        # The values the matrix shows agree with the coverage box: nobody's shown level reaches 3 in
        # a competency the box says nobody reaches 3 in (a 2.5 once showed as "3" there).
        number = re.compile(r"^\d+([.,]\d+)?$")
        values = [x for x in matrix["texts"] if number.match(x["text"])]
        assert values, "the matrix shows no values"
        box = page.locator("[data-testid='stAlertContentError']").filter(
            has_text=t("team.nobody", names="").strip(": .")
        )
        expect(box).to_have_count(1)  # the sample team: nobody reaches 3 in some competencies
        listed = box.inner_text().split(":", 1)[1].strip().rstrip(".")
        checked = 0
        for name in (n for n in names.values() if n in listed):
            checked += 1
            # Rows are 22 px apart; a value sits within 8 px of its row's label (smaller font).
            row = [float(x["text"].replace(",", ".")) for x in values if abs(x["y"] - labels[name]) < 8]
            assert row and max(row) < 3, (name, row)
        assert checked >= 1, listed
        tall_shot(page, f"team-matrix-{lang}")
    finally:
        stop_app(process)
