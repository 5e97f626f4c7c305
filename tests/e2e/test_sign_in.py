"""Team mode in Chromium (issue 16, items 1 and 2): sign-in through Streamlit's `st.login` against
the tests' own OpenID Connect provider, on SQLite (SMM_EVAL_MODE=team) and on PostgreSQL.

An anonymous visitor sees the sign-in page and nothing else (a deep link too; the sidebar has the
language control only, not even the workspace's name); an e-mail listed in SMM_EVAL_ADMINS signs in
and lands on home as an admin; someone without a role gets the no-role page and the personal tools
only; signing out returns to the sign-in page. Screenshots under test-artifacts/e2e/<test>/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ..support.oidc_provider import OidcProvider
from .team import ADMIN, NEWCOMER, sign_in, start_team_app
from .test_journeys import ARTIFACTS, choose_language, settle, shot, stop_app

pytestmark = pytest.mark.e2e

NAV = "[data-testid='stSidebarNav']"
TOOLS = "[data-testid='stSidebarUserContent'] [data-testid='stPageLink']"
SIGN_IN_TITLE = {"en": "Sign in", "es": "Iniciar sesión"}
SIGN_IN_BODY = {"en": "shared by a team", "es": "lo comparte un equipo"}


def assert_only_sign_in(page: Page, lang: str) -> None:
    """The sign-in page and nothing of the workspace: no navigation, no workspace line, no data."""
    expect(page.get_by_role("heading", name=SIGN_IN_TITLE[lang], exact=True)).to_be_visible()
    expect(page.get_by_text(SIGN_IN_BODY[lang], exact=False)).to_be_visible()
    assert page.locator(NAV).count() == 0  # no page list
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Workspace" not in sidebar and "Espacio de trabajo" not in sidebar and "sqlite" not in sidebar.lower()
    assert "Blind mode" not in sidebar and "Modo ciego" not in sidebar
    main = page.get_by_test_id("stMain").inner_text()
    for word in ("Vacancies", "Candidates", "Ranking", "Vacantes", "Candidatos"):
        assert word not in main, word


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_team_mode_signs_in_through_the_provider(
    backend: str, page: Page, tmp_path: Path, request: pytest.FixtureRequest, oidc_provider: OidcProvider
):
    url = request.getfixturevalue("postgres_server").new_database() if backend == "postgresql" else None
    process, base = start_team_app(tmp_path, oidc_provider, url)
    try:
        for path in ("", "/compare", "/candidates"):  # the home and deep links: all the sign-in page
            page.goto(f"{base}{path}")
            settle(page)
            assert_only_sign_in(page, "en")
        shot(page, "anonymous-en")
        choose_language(page, "es")
        assert_only_sign_in(page, "es")
        shot(page, "anonymous-es")
        choose_language(page, "en")

        sign_in(page, base, ADMIN)  # listed in SMM_EVAL_ADMINS: an admin from the first sign-in
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("Role: admin")).to_be_visible()
        expect(page.get_by_role("heading", name="SMM Eval", exact=True)).to_be_visible()  # home
        expect(page.locator(NAV).get_by_text("Vacancies")).to_be_visible()
        expect(sidebar.get_by_text("Workspace:", exact=False)).to_be_visible()
        shot(page, "admin-home")
        assert oidc_provider.issued[-1]["nonce"]  # Streamlit sent a nonce and checked it came back

        page.goto(f"{base}/compare")  # a deep link works once signed in
        settle(page)
        expect(page.get_by_text("Sign in", exact=True)).to_have_count(0)
        expect(sidebar.get_by_text(ADMIN.name, exact=True)).to_be_visible()

        sidebar.get_by_role("button", name="Sign out").click()
        settle(page)
        assert_only_sign_in(page, "en")
        shot(page, "signed-out")

        sign_in(page, base, NEWCOMER)  # nobody gave them a role
        expect(page.get_by_role("heading", name="Welcome: an admin has to give you a role")).to_be_visible()
        expect(sidebar.get_by_text("No role yet")).to_be_visible()
        nav = "\n".join(page.locator(TOOLS).all_inner_texts())
        assert "Self-assessment" in nav and "Salary" in nav
        assert "Vacancies" not in nav and "Candidates" not in nav and "Compare" not in nav
        shot(page, "no-role")
        page.goto(f"{base}/compare")  # a crafted URL lands on the no-role page
        settle(page)
        expect(page.get_by_role("heading", name="Welcome: an admin has to give you a role")).to_be_visible()
        choose_language(page, "es")
        welcome_es = "Le damos la bienvenida: un administrador tiene que darle un rol"
        expect(page.get_by_role("heading", name=welcome_es)).to_be_visible()
        expect(sidebar.get_by_text("Aún sin rol")).to_be_visible()
        shot(page, "no-role-es")
        sidebar.get_by_role("button", name="Cerrar sesión").click()
        settle(page)
        assert_only_sign_in(page, "en")  # a new session: the browser's language (English here)
    finally:
        stop_app(process)


def test_a_spanish_browser_signs_in_in_spanish(browser: Browser, tmp_path: Path, oidc_provider: OidcProvider):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-ES")
    page = context.new_page()
    page.shot_dir = ARTIFACTS / "test_a_spanish_browser_signs_in_in_spanish"  # type: ignore[attr-defined]
    page.shot_dir.mkdir(parents=True, exist_ok=True)  # type: ignore[attr-defined]
    process, base = start_team_app(tmp_path, oidc_provider)
    try:
        page.goto(base)
        settle(page)
        assert_only_sign_in(page, "es")
        sign_in(page, base, ADMIN, "es")
        expect(page.get_by_test_id("stSidebar").get_by_text("Rol: administrador")).to_be_visible()
        shot(page, "admin-home-es")
    finally:
        stop_app(process)
        context.close()
