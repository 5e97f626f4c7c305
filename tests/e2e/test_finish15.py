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

from smm_eval.i18n import Messages

from ..conftest import ROOT
from .test_journeys import settle, shot, start_app, stop_app
from .test_layout import SPANISH_TITLES, assert_grids_fit, open_page, seed_workspace, tall_shot, to_spanish
from .test_readable import GRIDS, _runs, add_single_rater_candidate, assert_no_cut_cell, cells, go

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
        fit = cells(ranking, 3)
        # The sample interview: Ana, Lucía and Chen ranked; each Fit is a whole percent, one token.
        percent = {"en": r"^\d{1,3}%$", "es": r"^\d{1,3}\u00a0%$"}[lang]
        assert fit and all(re.match(percent, v) for v in fit), fit
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
