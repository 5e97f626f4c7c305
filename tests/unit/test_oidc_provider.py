"""The tests' OpenID Connect provider (tests/support/oidc_provider.py) holds to the rules the
sign-in tests rely on: a registered redirect only, a code used once, PKCE checked, an RS256 ID
token that verifies against its key set and carries the nonce."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet

from ..support.oidc_provider import OidcProvider, ProviderUser

REDIRECT = "http://127.0.0.1:8501/oauth2callback"
USER = ProviderUser(sub="u-1", email="ana@example.org", name="Ana <b>Admin</b>")
VERIFIER = "a-code-verifier-of-enough-length-0123456789abcdef"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # keep the 302 to read its Location
        return None


OPENER = urllib.request.build_opener(_NoRedirect)


@pytest.fixture
def provider():
    provider = OidcProvider(users=[USER], redirect_uris={REDIRECT}).start()
    yield provider
    provider.stop()


def call(url: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict, str]:
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 (loopback)
    try:
        with OPENER.open(request, timeout=5) as response:
            body = response.read().decode()
            return response.status, dict(response.headers), body
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def authorize(provider: OidcProvider, **overrides: str) -> tuple[int, dict, str]:
    params = {"client_id": provider.client_id, "redirect_uri": REDIRECT, "response_type": "code",
              "scope": "openid email profile", "state": "st-1", "nonce": "n-1",
              "code_challenge": create_s256_code_challenge(VERIFIER), "code_challenge_method": "S256",
              **overrides}  # fmt: skip
    return call(f"{provider.issuer}/authorize", {**params, "sub": USER.sub})


def token(
    provider: OidcProvider, code: str, verifier: str = VERIFIER, secret: str | None = None
) -> tuple[int, dict, str]:
    basic = base64.b64encode(f"{provider.client_id}:{secret or provider.client_secret}".encode()).decode()
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT, "code_verifier": verifier}
    return call(f"{provider.issuer}/token", form, {"Authorization": f"Basic {basic}"})


def code_of(location: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    assert query["state"] == ["st-1"]
    return query["code"][0]


def test_the_discovery_document_names_its_endpoints_and_pkce(provider):
    status, _, body = call(provider.metadata_url)
    metadata = json.loads(body)
    assert status == 200 and metadata["issuer"] == provider.issuer
    assert metadata["token_endpoint"] == f"{provider.issuer}/token"
    assert metadata["code_challenge_methods_supported"] == ["S256"]


def test_the_sign_in_form_escapes_names():
    provider = OidcProvider(users=[USER])
    assert "Ana &lt;b&gt;Admin&lt;/b&gt;" in provider.sign_in_form({"state": '"><script>'})
    assert "<script>" not in provider.sign_in_form({"state": '"><script>'})


def test_a_code_gives_a_verifiable_id_token_once(provider):
    status, headers, _ = authorize(provider)
    assert status == 302 and headers["Location"].startswith(REDIRECT + "?")
    code = code_of(headers["Location"])
    status, _, body = token(provider, code)
    assert status == 200
    tokens = json.loads(body)
    _, _, keys = call(f"{provider.issuer}/jwks")
    claims = jwt.decode(tokens["id_token"], KeySet.import_key_set(json.loads(keys))).claims
    assert (claims["iss"], claims["sub"], claims["aud"], claims["nonce"]) == (
        provider.issuer,
        "u-1",
        "smm-eval-tests",
        "n-1",
    )
    assert (claims["email"], claims["email_verified"], claims["exp"] - claims["iat"]) == ("ana@example.org", True, 300)
    status, _, body = call(f"{provider.issuer}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert (status, json.loads(body)["sub"]) == (200, "u-1")
    assert token(provider, code)[0] == 400  # the same code a second time: invalid_grant


def test_a_wrong_verifier_an_unregistered_redirect_and_a_wrong_secret_are_refused(provider):
    _, headers, _ = authorize(provider)
    status, _, body = token(provider, code_of(headers["Location"]), verifier="another-verifier-0123456789abcdefghij")
    assert (status, json.loads(body)) == (400, {"error": "invalid_grant"})
    status, headers, body = authorize(provider, redirect_uri="http://evil.example/oauth2callback")
    assert status == 400 and "Location" not in headers  # never redirected to an unregistered address
    _, headers, _ = authorize(provider)
    assert token(provider, code_of(headers["Location"]), secret="guessed")[0] == 401  # noqa: S106 (a wrong secret)
