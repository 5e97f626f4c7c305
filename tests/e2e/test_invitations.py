"""Invitation links in Chromium (issue 16, "Done when": a candidate completes a self-assessment
through a link, which then refuses a second use and an expired one). A recruiter creates the link
on the candidate's page; a fresh browser context (the candidate, no session, no sign-in) opens it,
consents, answers and sends; the candidate's page then shows the self-view beside the
interviewers'. Screenshots under test-artifacts/e2e/<test name>/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from smm_eval import storage
from smm_eval.framework import load_framework
from smm_eval.services import invitations
from smm_eval.settings import get_settings

from .test_candidate_page import seed_vacancy
from .test_journeys import settle, shot, start_app, stop_app

pytestmark = pytest.mark.e2e


@pytest.fixture
def invite_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app with a secret key the test shares (it creates the expired link through the service)."""
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "e2e-secret-" + "x" * 32)
    get_settings.cache_clear()
    process, base = start_app(tmp_path)
    try:
        yield base
    finally:
        stop_app(process)
        get_settings.cache_clear()


def fresh_page(browser: Browser, like: Page) -> Page:
    """A new browser context: what the candidate's own browser would be (screenshots beside `like`'s)."""
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    page.shot_dir = like.shot_dir  # type: ignore[attr-defined]
    return page


def test_a_candidate_answers_through_a_link_once_and_an_expired_link_refuses(
    invite_app: str, page: Page, browser: Browser, tmp_path: Path
):
    seed_vacancy(tmp_path)
    db = storage.open_database(f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    with db.transaction() as session:
        marco = next(c.id for c in session.query(storage.Candidate) if c.name == "Marco Rossi")
        vacancy_id = storage.find_vacancy(session, "SMM lead").id  # type: ignore[union-attr]

    # The recruiter (personal mode: the single user may invite) creates the link on Marco's page.
    page.goto(f"{invite_app}/candidate?candidate={marco}&vacancy={vacancy_id}")
    settle(page)
    expect(page.get_by_text("No self-assessment is attached to this candidate", exact=False)).to_be_visible()
    page.get_by_text("Invite to a self-assessment").click()
    page.get_by_role("button", name="Create a link").click()
    settle(page)
    link = page.locator("[data-testid='stCode'] code").inner_text().strip()
    assert link.startswith(f"{invite_app}/?invite=") and len(link.split("=", 1)[1]) == 43
    shot(page, "1-link-created")

    # The candidate, in a browser of their own: consent, one answer, send.
    candidate = fresh_page(browser, page)
    candidate.goto(link)
    settle(candidate)
    expect(candidate.get_by_role("heading", name="Before you start")).to_be_visible()
    expect(candidate.get_by_text("for the vacancy “SMM lead”", exact=False)).to_be_visible()
    assert candidate.locator("[data-testid='stSidebar']").count() == 0  # no navigation, no workspace line
    candidate.get_by_text("I have read this and agree", exact=False).click()
    settle(candidate)
    candidate.get_by_role("button", name="Agree and start").click()
    settle(candidate)
    first = load_framework().blocks[0].competencies[0]
    candidate.get_by_text(first.anchors[3].en, exact=True).click()
    settle(candidate)
    shot(candidate, "2-answered")
    candidate.get_by_role("button", name="Send my answers").click()
    settle(candidate)
    expect(candidate.get_by_text("Thank you: your answers have been sent.", exact=False)).to_be_visible()
    shot(candidate, "3-sent")

    # The recruiter's page now shows Marco's own level beside the interviewers'.
    page.reload()
    settle(page)
    expect(page.get_by_text("The candidate's own levels (saved on", exact=False)).to_be_visible()
    shot(page, "4-self-beside-interviewers")
    with db.transaction() as session:
        assert storage.latest_self_assessments(session, [marco])[marco].answers == {first.id: 3}

    # The same link in yet another browser: refused as used.
    again = fresh_page(browser, page)
    again.goto(link)
    settle(again)
    expect(again.get_by_text("this invitation link has been used already", exact=False)).to_be_visible()
    assert again.get_by_role("button", name="Agree and start").count() == 0

    # A link made 15 days ago with the default 14 days: refused as expired.
    made = storage.now() - timedelta(days=15)
    expired = invitations.create_candidate_invitation(db, marco, vacancy_id, invite_app, at=made).link
    db.dispose()
    late = fresh_page(browser, page)
    late.goto(expired)
    settle(late)
    expect(late.get_by_text("this invitation link has expired", exact=False)).to_be_visible()
    shot(late, "5-expired")
    for other in (candidate, again, late):
        other.context.close()
