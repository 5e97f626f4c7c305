"""Issue 15's last findings, in Chromium at 1400x1000, in English and Spanish: every table's columns
fit the page (the score file's Agreement column was cut), a figure and its unit never wrap apart
("100 / %" in the compare ranking's Fit column), identical profiles on a radar all visible, the
self-assessment's rater count true for the viewer, empty tables explained, and a page outside one's
role saying so. Real values are read off the page (the grids' accessible tables, the charts' SVG
texts, the grids' pixels); screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from smm_eval.framework import load_framework
from smm_eval.i18n import Messages
from smm_eval.services.workspace import open_workspace

from ..conftest import ROOT
from ..support.oidc_provider import OidcProvider
from .team import NEWCOMER, sign_in, start_team_app
from .test_candidate_page import seed_vacancy
from .test_journeys import choose_language, settle, shot, start_app, stop_app
from .test_layout import SPANISH_TITLES, assert_grids_fit, open_page, seed_workspace, tall_shot, to_spanish
from .test_readable import GRIDS, _runs, add_single_rater_candidate, assert_no_cut_cell, cells, drawn_texts, go

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "data" / "samples"


def text_lines(png: bytes, column: int) -> list[int]:
    """How many lines of text each body row of a grid's `column` (0-based) holds: runs of pixel rows
    with dark ink between the grid's lines (two runs: the text wrapped onto a second line)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    px = image.load()

    def grey(x: int, y: int) -> bool:  # the grid's light lines (as in test_readable.cut_cells)
        return all(200 <= c <= 245 for c in px[x, y])

    columns = _runs([x for x in range(width) if sum(grey(x, y) for y in range(height)) >= 0.8 * height])
    rows = _runs([y for y in range(height) if sum(grey(x, y) for x in range(width)) >= 0.8 * width])
    left, right = columns[column][1] + 1, columns[column + 1][0]
    counts = []
    for i in range(1, len(rows) - 1):  # row 0 is the header
        inked = [
            y for y in range(rows[i][1] + 1, rows[i + 1][0]) if any(sum(px[x, y]) < 3 * 160 for x in range(left, right))
        ]
        counts.append(len(_runs_with_gap(inked, 3)))
    return counts


def _runs_with_gap(positions: list[int], gap: int) -> list[tuple[int, int]]:
    """Runs of positions, a run ending where the next position is more than `gap` px further."""
    runs: list[list[int]] = []
    for p in positions:
        if runs and p - runs[-1][-1] <= gap:
            runs[-1].append(p)
        else:
            runs.append([p])
    return [(r[0], r[-1]) for r in runs]


def headers(grid: Locator) -> list[str]:
    return [h.inner_text() for h in grid.locator("th[role='columnheader']").all()]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_table_fits_and_a_figure_keeps_its_unit(page: Page, tmp_path: Path, lang: str):
    seed_workspace(tmp_path, team_sizes=(4,))
    add_single_rater_candidate(tmp_path)
    t = Messages(lang)
    process, base = start_app(tmp_path)
    try:
        open_page(page, base, "Compare candidates")
        if lang == "es":
            to_spanish(page, SPANISH_TITLES["compare"])
        ranking = page.locator(GRIDS).first
        expect(ranking).to_be_visible()
        # The grid's accessible cells are filled after the grid shows: wait for them (read too early: []).
        expect(ranking.locator("td[role='gridcell'][aria-colindex='3']").first).not_to_have_text("")
        fit = cells(ranking, 3)
        # The sample interview: Ana, Lucía and Chen ranked; each Fit is a whole percent, one token: the
        # locale's pattern, "#,##0%" in English, "#,##0\u00a0%" in Spanish (a no-break space never wraps).
        unit = "%" if lang == "en" else "\u00a0%"
        assert fit and all(re.fullmatch(r"\d{1,3}" + unit, v) for v in fit), fit
        ranking.scroll_into_view_if_needed()
        png = ranking.screenshot()
        (page.shot_dir / f"ranking-{lang}.png").write_bytes(png)  # type: ignore[attr-defined]
        assert text_lines(png, 2) == [1] * len(fit), f"a Fit cell wraps: {fit}"
        assert_grids_fit(page, f"compare ({lang})")
        assert assert_no_cut_cell(page, f"compare-{lang}") >= 3

        go(page, t, "nav.score_file")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(
            str(SAMPLES / "ratings_sample.csv")
        )
        settle(page)
        table = page.locator(GRIDS).first
        expect(table).to_be_visible()
        short = {k: t(f"sf.col_{k}") for k in ("overall", "band", "fit", "level", "answered", "agreement", "self")}
        expected = [t("sf.person"), short["overall"], short["band"], short["fit"], t("res.to_rate"), short["level"],
                    short["answered"], t("sf.raters"), short["agreement"], short["self"]]  # fmt: skip
        assert headers(table) == expected
        agreement = dict(zip(cells(table, 1), cells(table, 9), strict=True))
        # ratings_sample.csv: Ana rated by lead and hr (rwg 0.92, tests/app/test_candidate_page.py);
        # Chen only by himself: no agreement figure, said whole in the cell.
        assert agreement["Ana Morales"] == t("agree.rwg_value", value=t.number(0.92, 2),
                                             band=t("agree.rwg_band.very_strong")), agreement  # fmt: skip
        assert agreement["Chen Wei"] == t("agree.rwg_too_few_raters"), agreement
        assert_grids_fit(page, f"score file ({lang})")
        assert assert_no_cut_cell(page, f"score-file-{lang}", page.locator(GRIDS).first) == 1
        tall_shot(page, f"score-file-{lang}")

        for nav in ("nav.candidates", "nav.team", "nav.team_plan", "nav.salary"):
            go(page, t, nav)
            assert_grids_fit(page, f"{nav} ({lang})")
            assert assert_no_cut_cell(page, f"{nav}-{lang}") >= 1
            shot(page, f"{nav.split('.')[1]}-{lang}")
    finally:
        stop_app(process)


# Line marks of a radar (svg paths with a stroke; the grey rings are left out): widths and dashes.
RADAR_LINES = """() => {
  const svg = document.querySelector("[data-testid='stMain'] [data-testid='stVegaLiteChart'] svg.marks");
  return [...svg.querySelectorAll('g.mark-line path')].filter(p => p.getAttribute('stroke') !== '#d0d0d0')
    .map(p => ({width: p.getAttribute('stroke-width'), dash: p.getAttribute('stroke-dasharray') || ''})); }"""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_identical_profiles_all_show_and_a_gapless_table_says_why(page: Page, tmp_path: Path, lang: str):
    fw = load_framework()
    header = ",".join(["person", "rater", *fw.competency_ids])
    rows = [",".join([who, "lead", *["4"] * len(fw.competency_ids)]) for who in ("Ann", "Ben", "Cai")]
    ratings = tmp_path / "same.csv"
    ratings.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    t = Messages(lang)
    process, base = start_app(tmp_path)
    try:
        page.goto(base)
        settle(page)
        go(page, Messages("en"), "nav.score_file")
        if lang == "es":
            to_spanish(page, t("sf.title"))
        page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(ratings))
        settle(page)
        radar = drawn_texts(page, 1)[0]
        words = {x["text"] for x in radar["texts"]}
        # Three people at level 4 everywhere: Ben and Cai are drawn the same as Ann, and say so.
        same = {t("res.series_same_as", name=n, other="Ann") for n in ("Ben", "Cai")}
        assert same <= words, sorted(words)
        assert "Ann" in words
        lines = page.evaluate(RADAR_LINES)
        # Target 2.5 px dashed, then each profile narrower than the one before: 6, 4.8, 3.8 px.
        widths = sorted({float(x["width"]) for x in lines if x["width"]}, reverse=True)
        assert widths == [6.0, 4.8, 3.8, 2.5], lines
        assert len({x["dash"] for x in lines}) == 4, lines  # four dashes: solid, two profiles' and the target's
        # Nobody falls short of the target: the gaps table is a line saying so, not an empty grid.
        expect(page.get_by_text(t("common.no_gaps"))).to_be_visible()
        assert page.locator(GRIDS).filter(has_text=t("sf.fit_gain")).count() == 0
        tall_shot(page, f"same-profiles-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_self_assessment_beside_says_hidden_never_zero_raters(page: Page, tmp_path: Path, lang: str):
    vacancy_id, ana = seed_vacancy(tmp_path)  # Ana: lead and hr, and her own self-assessment
    t = Messages(lang)
    process, base = start_app(tmp_path)
    try:
        page.goto(f"{base}/candidate?candidate={ana}&vacancy={vacancy_id}")  # no rater named: hidden
        settle(page)
        if "/candidate" not in page.url:  # a cold deep link can land on Home first on a busy machine
            page.goto(f"{base}/candidate?candidate={ana}&vacancy={vacancy_id}")
            settle(page)
        if lang == "es":  # retried if the click lands while a run is drawn (a busy machine)
            to_spanish(page, t("cpage.self_title"))
        beside = page.locator(GRIDS).filter(has_text=t("cpage.self_level"))
        expect(beside).to_have_count(1)
        raters = cells(beside, 4)
        assert raters and set(raters) == {t("cpage.raters_hidden")}, raters  # was "0" on every row
        beside.scroll_into_view_if_needed()
        shot(page, f"self-beside-hidden-{lang}")
        # Named as "lead", who submitted: the counts are real (lead and hr rated 12 competencies).
        go(page, t, "nav.scorecard")
        box = page.get_by_role("textbox", name=t("card.rater"))
        box.fill("lead")
        box.press("Enter")
        settle(page)
        go(page, t, "nav.candidate")
        beside = page.locator(GRIDS).filter(has_text=t("cpage.self_level"))
        expect(beside).to_have_count(1)
        counts = cells(beside, 4)
        assert counts and set(counts) <= {"0", "1", "2"} and "2" in counts, counts
        shot(page, f"self-beside-shown-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_page_outside_ones_role_says_so_at_its_address(page: Page, tmp_path: Path, oidc_provider: OidcProvider, lang):
    from smm_eval.access import Role
    from smm_eval.services.people import add_user

    db = open_workspace(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    add_user(db, NEWCOMER.email, NEWCOMER.name, Role.INTERVIEWER)  # an interviewer before first sign-in
    db.dispose()
    t = Messages(lang)
    process, base = start_team_app(tmp_path, oidc_provider)
    try:
        sign_in(page, base, NEWCOMER)
        page.goto(f"{base}/team")  # typed by hand: the team pages are for team leads and admins
        settle(page)
        if lang == "es":  # a new page load is a new session (English): switched there, the notice follows
            choose_language(page, "es")
        notice = t("roles_ui.off_role", page=t("nav.team"), roles=f"{t('roles.admin')}, {t('roles.team_lead')}",
                   role=t("roles.interviewer"))  # fmt: skip
        expect(page.get_by_text(notice)).to_be_visible()
        expect(page.get_by_role("dialog")).to_have_count(0)  # no "Page not found" box (Streamlit's, in English)
        assert page.url.rstrip("/").endswith("/team")  # the address stays what was typed
        shot(page, f"off-role-{lang}")
        go(page, t, "nav.scorecard")  # a page of one's role: no notice there
        expect(page.get_by_text(notice)).to_have_count(0)
    finally:
        stop_app(process)
