"""Signing an AppTest session in, as team mode's gate (pages/_signin.py) expects: an `[auth]`
section in the secrets and the ID-token claims Streamlit exposes as `st.user`."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from smm_eval.settings import get_settings

ISSUER = "https://id.example.org"
AUTH = {
    "redirect_uri": "https://smm.example.org/oauth2callback",
    "cookie_secret": "0123456789abcdef0123456789abcdef",  # 32 characters: the minimum
    "client_id": "smm-eval",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}


def claims(sub: str, email: str, name: str, verified: bool = True) -> dict[str, Any]:
    """What `st.user` holds for a signed-in person."""
    return {"is_logged_in": True, "iss": ISSUER, "sub": sub, "email": email, "name": name, "email_verified": verified}


ADMIN = claims("a-1", "ana@example.org", "Ana Admin")


def sign_in_as_admin(at: AppTest, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """Make `at` a session of Ana Admin, listed in SMM_EVAL_ADMINS (an admin at first sign-in)."""
    monkeypatch.setenv("SMM_EVAL_ADMINS", ADMIN["email"])
    get_settings.cache_clear()
    at.secrets = {"auth": dict(AUTH)}
    at.user = dict(ADMIN)
    return at
