"""Blind mode in Chromium: switched on while the compare page shows candidates, the multiselect's
chips (which kept names until a reload) and everything else show codes at once. Screenshots under
test-artifacts/e2e/<test name>/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .test_candidate_page import seed_vacancy
from .test_journeys import settle, shot

pytestmark = pytest.mark.e2e
NAMES = ("Ana Morales", "Lucía Fernández", "Борис Петров")  # data/samples/candidates.csv


def test_compare_chips_show_codes_as_soon_as_blind_mode_is_on(app_url: str, page: Page, tmp_path: Path):
    seed_vacancy(tmp_path)
    page.goto(f"{app_url}/compare")
    settle(page)
    chips = page.locator('[data-testid="stMultiSelect"]')
    expect(chips).to_contain_text("Ana Morales (C0001)")  # named before: the check below can fail
    shot(page, "compare-named")
    page.get_by_text("Blind mode", exact=True).click()
    settle(page)
    expect(chips).to_contain_text("C0001")
    body = page.locator("body").inner_text()
    for name in NAMES:
        assert name not in body, name
    assert "Morales" not in chips.inner_text()
    shot(page, "compare-blind")
