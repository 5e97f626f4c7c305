"""A fresh tester's findings 1 and 5 of issue 15, in Chromium at 1400x1000, in English and Spanish:
the target role chosen on the self-assessment survives My results, a language switch and the way
back (the box showed "not sure"), and a scorecard submit is confirmed in sight, after a question
when few competencies are rated. Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from smm_eval.framework import load_framework, load_roles
from smm_eval.i18n import Messages

from .test_candidate_page import seed_vacancy
from .test_journeys import choose_language, settle, shot, start_app, stop_app
from .test_readable import go

pytestmark = pytest.mark.e2e
OTHER = {"en": "es", "es": "en"}


def choose(page: Page, label: str, option: str) -> None:
    """Pick `option` in the selectbox labelled `label`."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    settle(page)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_target_role_survives_my_results_and_a_language_switch(page: Page, tmp_path: Path, lang: str):
    fw, analyst = load_framework(), load_roles()["smm_analyst"].name
    t, u = Messages(lang), Messages(OTHER[lang])
    process, base = start_app(tmp_path)
    try:
        page.goto(base)
        settle(page)
        if lang == "es":
            choose_language(page, "es")
        go(page, t, "nav.self_assessment")
        choose(page, t("sa.role_label"), analyst.get(lang))
        first = fw.blocks[0].competencies[0]
        page.get_by_text(first.anchors[2].get(lang), exact=True).click()  # one answer
        settle(page)
        go(page, t, "nav.results")
        expect(page.get_by_text(t("res.weighted_for", role=analyst.get(lang)))).to_be_visible()
        choose_language(page, OTHER[lang])  # the switch the tester made on My results
        expect(page.get_by_text(u("res.weighted_for", role=analyst.get(OTHER[lang])))).to_be_visible()
        go(page, u, "nav.self_assessment")
        # Before: "not sure" in the box while the results were weighted for the analyst.
        expect(page.get_by_role("combobox", name=u("sa.role_label"))).to_have_value(analyst.get(OTHER[lang]))
        shot(page, f"role-kept-{lang}")
        # "Not sure" chosen there is the role in use on My results too.
        choose(page, u("sa.role_label"), u("role.not_sure"))
        go(page, u, "nav.results")
        expect(page.get_by_role("combobox", name=u("res.role_label"))).to_have_value(u("role.not_sure"))
        # No role chosen: the results say which role they fall back to (one answer: the closest so far).
        fallback = [u(k, role="|").split("|")[0] for k in ("res.best_role_used", "res.closest_role_used")]
        said = (
            page.locator("[data-testid='stAlert']")
            .filter(has_text=fallback[0])
            .or_(page.locator("[data-testid='stAlert']").filter(has_text=fallback[1]))
        )
        expect(said.first).to_be_visible()
        shot(page, f"role-not-sure-{lang}")
    finally:
        stop_app(process)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_scorecard_submit_asks_when_few_are_rated_and_confirms_in_sight(page: Page, tmp_path: Path, lang: str):
    seed_vacancy(tmp_path)
    fw, t = load_framework(), Messages(lang)
    process, base = start_app(tmp_path)
    try:
        page.goto(base)
        settle(page)
        if lang == "es":
            choose_language(page, "es")
        go(page, t, "nav.scorecard")
        name = page.get_by_role("textbox", name=t("card.rater"))
        name.fill("Irina")
        name.press("Enter")
        settle(page)
        first = fw.blocks[0].competencies[0]
        page.get_by_role("radio", name=first.anchors[3].get(lang), exact=True).check(force=True)
        settle(page)
        submit = page.get_by_role("button", name=t("card.submit"))
        submit.scroll_into_view_if_needed()
        submit.click()
        settle(page)
        # One rated of those asked: a question, in sight, and nothing saved yet.
        question = page.get_by_text(t("state.card_few_question", rated=1, total=TOTAL_ASKED).split(".")[0])
        expect(question).to_be_in_viewport()
        shot(page, f"few-question-{lang}")
        page.get_by_role("button", name=t("state.card_submit_anyway")).click()
        settle(page)
        saved = t.plural("state.card_saved", 1)
        # A toast, in sight wherever the page is scrolled, and the notice under the button.
        expect(page.locator("[data-testid='stToast']", has_text=saved)).to_be_in_viewport()
        notice = page.locator("[data-testid='stAlert']", has_text=saved)
        expect(notice).to_be_visible()
        notice.scroll_into_view_if_needed()
        shot(page, f"submitted-{lang}")
        settle(page)  # another run: the notice stays (a run cut short by a click lost it before)
        expect(notice).to_be_visible()
    finally:
        stop_app(process)


# The sample vacancy "SMM lead" starts from smm_manager: every competency weighs in it or has a
# target, so its scorecard asks about all 25 (tests/app/test_state.py checks the count through
# recruiting.assessed_competencies).
TOTAL_ASKED = 25
