"""Team mode in the browser: the app started with sign-in against the tests' OIDC provider
(tests/support/oidc_provider.py), and `sign_in`, which signs a page in as one of its users.

The app's `[auth]` settings go to `$HOME/.streamlit/secrets.toml`, HOME being the test's folder
(start_app sets it), one of the two places Streamlit reads secrets from; the other, the project's
`.streamlit/secrets.toml`, is never committed (.gitignore).
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ..support.oidc_provider import OidcProvider, ProviderUser
from .test_journeys import free_port, settle, start_app

ADMIN = ProviderUser(sub="u-admin-1", email="ana.admin@example.org", name="Ana Admin")
NEWCOMER = ProviderUser(sub="u-new-2", email="nico.new@example.org", name="Nico Newcomer")
USERS = [ADMIN, NEWCOMER]
SIGN_IN = {"en": "Sign in", "es": "Iniciar sesión"}


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[OidcProvider]:
    """The tests' OpenID Connect provider on a free loopback port, stopped after the module."""
    provider = OidcProvider(users=USERS).start()
    try:
        yield provider
    finally:
        provider.stop()


def write_secrets(home: Path, provider: OidcProvider, port: int) -> None:
    """The `[auth]` section an operator writes (docs/deploy.md), pointing at the test provider."""
    redirect = f"http://127.0.0.1:{port}/oauth2callback"
    provider.redirect_uris.add(redirect)
    folder = home / ".streamlit"
    folder.mkdir(exist_ok=True)
    (folder / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "{redirect}"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{provider.client_id}"\n'
        f'client_secret = "{provider.client_secret}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n',
        encoding="utf-8",
    )


def start_team_app(
    tmp_path: Path, provider: OidcProvider, database_url: str | None = None, admins: str = ADMIN.email
) -> tuple[subprocess.Popen[bytes], str]:
    """The app in team mode (SMM_EVAL_MODE=team; implied by PostgreSQL), `admins` made admins at
    their first sign-in (SMM_EVAL_ADMINS)."""
    port = free_port()
    write_secrets(tmp_path, provider, port)
    env = {"SMM_EVAL_MODE": "team", "SMM_EVAL_ADMINS": admins}
    return start_app(tmp_path, database_url, extra_env=env, port=port)


def sign_in(page: Page, base: str, user: ProviderUser, lang: str = "en") -> None:
    """Open the app, press its sign-in button, pick `user` on the provider's page, and wait until
    the app shows them in the sidebar."""
    page.goto(base)
    settle(page)
    page.get_by_role("button", name=SIGN_IN[lang], exact=True).click()
    page.get_by_role("button", name=f"Sign in as {user.name}", exact=True).click()
    page.wait_for_url(f"{base}/**")
    settle(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(user.name, exact=True)).to_be_visible()
