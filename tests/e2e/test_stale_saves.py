"""Issue 18, finding 1 in Chromium: two browser sessions of one rater on one scorecard; the first
submits; the second's submit is refused naming who saved and when, its choice stays on the form,
and it can be submitted over the saved version on purpose. Screenshots under
test-artifacts/e2e/<test name>/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .test_journeys import FRAMEWORK, settle, shot
from .test_state import seed_candidate

pytestmark = pytest.mark.e2e
COMP = FRAMEWORK["blocks"][0]["competencies"][0]


def open_scorecard(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/scorecard")
    settle(page)
    name = page.get_by_role("textbox", name="Your name (rater)")
    name.fill("Irina")
    name.press("Enter")
    settle(page)


def choose_and_submit(page: Page, level: int) -> None:
    page.get_by_role("radio", name=COMP["anchors"][level]["en"], exact=True).check(force=True)
    settle(page)
    submit(page)


def submit(page: Page) -> None:
    """Submit the scorecard; with 1 competency rated it asks first (issue 15): "Submit anyway"."""
    page.get_by_role("button", name="Submit the scorecard").click()
    settle(page)
    page.get_by_role("button", name="Submit anyway").click()
    settle(page)


def test_second_tab_submit_is_refused_and_keeps_the_choice(app_url: str, page: Page, browser: Browser, tmp_path: Path):
    seed_candidate(tmp_path)
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other.set_default_timeout(20_000)
    try:
        open_scorecard(page, app_url)
        open_scorecard(other, app_url)  # opened before the first submits
        choose_and_submit(page, 3)
        expect(page.get_by_text("You submitted this scorecard").first).to_be_visible()

        choose_and_submit(other, 1)
        expect(other.get_by_text("Not saved: Irina saved a newer version at")).to_be_visible()
        expect(other.get_by_role("radio", name=COMP["anchors"][1]["en"], exact=True)).to_be_checked()
        expect(other.get_by_text("You submitted this scorecard")).to_have_count(0)
        other.screenshot(path=str(page.shot_dir / "second-refused.png"), full_page=True)  # type: ignore[attr-defined]

        other.get_by_role("button", name="Keep my input over the saved version").click()
        settle(other)
        expect(other.get_by_role("radio", name=COMP["anchors"][1]["en"], exact=True)).to_be_checked()
        submit(other)
        expect(other.get_by_text("(version 2)")).to_be_visible()
        shot(page, "first-tab")
    finally:
        other.context.close()
