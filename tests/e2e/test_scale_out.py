"""Issue 17 item 7: two app processes on one PostgreSQL workspace behind nginx with sticky sessions
(docs/deploy.md, "Several app processes behind one proxy"). Two people, each signed in through
the proxy on a different process, submit a scorecard for the same candidate at the same moment:
both are stored once, with their own levels, and the second process's page shows the first
process's scorecard after a rerun. (Processes started at once on an empty workspace migrating it
once: tests/integration/storage/test_concurrent_start.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from smm_eval import storage
from smm_eval.framework import load_framework, load_roles
from smm_eval.recruiting import vacancy_from_role
from smm_eval.schemas import CandidateInput

from ..support.oidc_provider import OidcProvider, ProviderUser
from .scale import TeamCluster, start_cluster
from .team import sign_in
from .test_journeys import FRAMEWORK, settle
from .test_state import open_page

pytestmark = pytest.mark.e2e
ANA = ProviderUser(sub="u-ana-1", email="ana.admin@example.org", name="Ana Admin")
BEA = ProviderUser(sub="u-bea-2", email="bea.boss@example.org", name="Bea Boss")
COMP = FRAMEWORK["blocks"][0]["competencies"][0]


@pytest.fixture
def cluster(tmp_path: Path, postgres_server) -> Iterator[tuple[TeamCluster, int]]:
    """Two processes behind nginx on a workspace holding one vacancy with one candidate (Olga);
    yields the cluster and the vacancy's id."""
    url = postgres_server.new_database()
    db = storage.open_database(url)
    framework, roles = load_framework(), load_roles()
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("SMM lead", roles["smm_manager"]), framework, roles)
        storage.add_candidate(session, CandidateInput(name="Olga Ivanova"), vacancy.id)
    db.dispose()
    provider = OidcProvider(users=[ANA, BEA]).start()
    try:
        running = start_cluster(tmp_path, provider, url, admins=f"{ANA.email},{BEA.email}")
        try:
            yield running, vacancy.id
        finally:
            running.stop()
    finally:
        provider.stop()


def choose(page: Page, base: str, level: int) -> None:
    page.goto(f"{base}/scorecard")
    settle(page)
    page.get_by_role("radio", name=COMP["anchors"][level]["en"], exact=True).check(force=True)
    settle(page)


def test_two_processes_store_simultaneous_scorecards_once_each(cluster, browser: Browser):
    running, vacancy_id = cluster
    ana = running.context_on(browser, 0).new_page()
    bea = running.context_on(browser, 1).new_page()
    try:
        # Each page's document came from the process its route cookie names (X-SMM-Upstream).
        for page, user, process in ((ana, ANA, 0), (bea, BEA, 1)):
            page.set_default_timeout(30_000)
            response = page.goto(running.base)
            assert response is not None
            assert response.headers["x-smm-upstream"] == f"127.0.0.1:{running.ports[process]}"
            sign_in(page, running.base, user)  # the provider's callback reaches the same process
            choose(page, running.base, 3 if user is ANA else 1)
        # One competency rated: each submit asks first (issue 15), then both at once: the second
        # click goes out before the first rerun has finished.
        for page in (ana, bea):
            page.get_by_role("button", name="Submit the scorecard").click()
            settle(page)
        ana.get_by_role("button", name="Submit anyway").click()
        bea.get_by_role("button", name="Submit anyway").click()
        settle(ana)
        settle(bea)
        for page in (ana, bea):
            expect(page.get_by_text("You submitted this scorecard").first).to_be_visible()

        db = storage.open_database(running.database_url)
        with db.transaction() as session:
            cards = storage.scorecards_frame(session, vacancy_id)
        db.dispose()
        # One scorecard per rater, each with the one level its rater chose (anchors are levels 0..4).
        assert sorted(zip(cards["rater"], cards["competency"], cards["level"], strict=True)) == [
            ("Ana Admin", COMP["id"], 3),
            ("Bea Boss", COMP["id"], 1),
        ]
        assert cards["scorecard_id"].nunique() == 2

        # Bea's process shows Ana's scorecard (written by the other process) after a rerun of
        # the same session (through the navigation: a reload would start a new session).
        open_page(bea, running.base, "Home")
        open_page(bea, running.base, "Scorecard")
        others = bea.get_by_test_id("stDataFrame")
        expect(others.first).to_be_visible()
        expect(bea.get_by_text("No other rater has scored this candidate yet.")).to_have_count(0)
        expect(bea.get_by_text("Ana Admin")).not_to_have_count(0)
    finally:
        ana.context.close()
        bea.context.close()
