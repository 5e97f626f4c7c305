"""The form-export journey in a real browser: upload c13 (a raw Google Forms export), confirm the
suggested mapping, keep the latest of the double submission, download the mapping, score."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..conftest import ROOT
from .test_journeys import settle, shot

pytestmark = pytest.mark.e2e
C13 = ROOT / "tests" / "data" / "imports" / "c13_google_forms_export.csv"


def test_form_export_is_mapped_deduplicated_and_scored(app_url: str, page: Page):
    page.goto(f"{app_url}/form_import")
    settle(page)
    expect(page.get_by_role("heading", name="Import a form export")).to_be_visible()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").nth(0).set_input_files(str(C13))
    settle(page)
    expect(page.get_by_text("Read from c13_google_forms_export.csv: 3 submissions and 5 columns.")).to_be_visible()
    expect(page.get_by_text("1 person was rated more than once by the same rater", exact=False)).to_be_visible()
    shot(page, "mapping-suggested")

    # Refusing (the suggested default) names the duplicate's lines.
    page.get_by_role("button", name="Score the people").click()
    settle(page)
    expect(page.get_by_text("The file cannot be used: 1 problem found", exact=False)).to_be_visible()
    shot(page, "duplicate-refused")

    page.get_by_text("Keep the latest submission", exact=True).click()
    settle(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download this mapping (JSON)").click()
    mapping = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert mapping["columns"] == {
        "Timestamp": "date", "Email Address": "rater", "person": "person",
        "brand_strategy": "brand_strategy", "copywriting": "copywriting",
    }  # fmt: skip
    assert mapping["answers"] == {"3 - Independent": 3, "Guided": 2, "4 - Expert": 4, "Aware": 1}
    assert mapping["duplicates"] == "keep_latest"

    page.get_by_role("button", name="Score the people").click()
    settle(page)
    expect(page.get_by_text("2 people scored for SMM manager.")).to_be_visible()
    expect(page.get_by_text("The file cannot be used", exact=False)).to_have_count(0)
    shot(page, "scored")
