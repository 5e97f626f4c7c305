"""A small OpenID Connect provider for the tests: Streamlit's `st.login` signs in against it.

It speaks the parts of OpenID Connect Core 1.0 and OAuth 2.0 that `st.login` (Authlib's Starlette
client) uses: the discovery document (OpenID Connect Discovery 1.0 §4), the authorization code
flow (RFC 6749 §4.1) with PKCE S256 (RFC 7636), an ID token signed RS256 (OIDC Core §2, §3.1.3.7)
with `nonce` and `at_hash`, the key set (RFC 7517) and the userinfo endpoint (OIDC Core §5.3).
Instead of a password it shows a consent-free "sign in as" form listing the configured users, so a
browser test clicks a name. Keys, tokens and PKCE use Authlib's helpers and joserfc (Authlib's JOSE
library); the HTTP server is the standard library's, on 127.0.0.1, in a thread.

Test-only: no TLS, every code and token lives in memory, one client.
"""

from __future__ import annotations

import base64
import html
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core.util import create_half_hash
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CODE_SECONDS = 60  # an authorization code is short-lived and single-use (RFC 6749 §4.1.2)
TOKEN_SECONDS = 300


@dataclass(frozen=True)
class ProviderUser:
    """Someone the provider can sign in: the claims its ID token carries."""

    sub: str
    email: str
    name: str
    email_verified: bool = True


@dataclass
class _Grant:
    user: ProviderUser
    redirect_uri: str
    nonce: str | None
    challenge: str | None
    expires: float


@dataclass
class OidcProvider:
    """The provider; `start()` serves it on a free loopback port, `stop()` shuts it down."""

    users: list[ProviderUser]
    client_id: str = "smm-eval-tests"
    client_secret: str = field(default_factory=lambda: generate_token(32))
    redirect_uris: set[str] = field(default_factory=set)
    issued: list[dict[str, Any]] = field(default_factory=list)  # ID-token claims, newest last

    def __post_init__(self) -> None:
        self._key = RSAKey.generate_key(2048, parameters={"kid": generate_token(8), "use": "sig", "alg": "RS256"})
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, ProviderUser] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        assert self._server is not None, "start the provider first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def start(self) -> OidcProvider:
        provider = self

        class Handler(_Handler):
            owner = provider

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def metadata(self) -> dict[str, Any]:
        base = self.issuer
        return {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "userinfo_endpoint": f"{base}/userinfo",
            "jwks_uri": f"{base}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["iss", "sub", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"],
        }

    def key_set(self) -> dict[str, Any]:
        return KeySet([self._key]).as_dict(private=False)

    def authorize(self, params: dict[str, str], sub: str) -> str:
        """Grant a code to user `sub` for a checked authorization request; the redirect target."""
        user = next(u for u in self.users if u.sub == sub)
        code = generate_token(32)
        with self._lock:
            self._codes[code] = _Grant(
                user, params["redirect_uri"], params.get("nonce"), params.get("code_challenge"),
                time.time() + CODE_SECONDS,
            )  # fmt: skip
        query = {"code": code, **({"state": params["state"]} if "state" in params else {})}
        return f"{params['redirect_uri']}?{urlencode(query)}"

    def check_authorization(self, params: dict[str, str]) -> str | None:
        """What is wrong with an authorization request (an OAuth error code), None when it is fine."""
        if params.get("client_id") != self.client_id:
            return "unauthorized_client"
        if params.get("redirect_uri") not in self.redirect_uris:
            return "invalid_request"  # RFC 6749 §3.1.2.4: never redirect to an unregistered URI
        if params.get("response_type") != "code" or "openid" not in params.get("scope", "").split():
            return "unsupported_response_type"
        if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
            return "invalid_request"
        return None

    def exchange(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict[str, Any]]:
        """The token endpoint: a code (once), the client's credentials and the PKCE verifier."""
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if form.get("grant_type") != "authorization_code" or grant is None or grant.expires < time.time():
            return 400, {"error": "invalid_grant"}
        if form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier")
        if grant.challenge and (not verifier or create_s256_code_challenge(verifier) != grant.challenge):
            return 400, {"error": "invalid_grant"}
        access_token = generate_token(32)
        with self._lock:
            self._tokens[access_token] = grant.user
        now = int(time.time())
        claims = {
            "iss": self.issuer, "sub": grant.user.sub, "aud": self.client_id, "iat": now, "auth_time": now,
            "exp": now + TOKEN_SECONDS, "at_hash": create_half_hash(access_token, "RS256").decode(),
            **self.profile(grant.user), **({"nonce": grant.nonce} if grant.nonce else {}),
        }  # fmt: skip
        self.issued.append(claims)
        id_token = jwt.encode({"alg": "RS256", "kid": self._key.kid}, claims, self._key)
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS,
                "id_token": id_token, "scope": "openid email profile"}  # fmt: skip
        return 200, body

    def userinfo(self, authorization: str | None) -> tuple[int, dict[str, Any]]:
        token = (authorization or "").removeprefix("Bearer ")
        with self._lock:
            user = self._tokens.get(token)
        if user is None:
            return 401, {"error": "invalid_token"}
        return 200, {"sub": user.sub, **self.profile(user)}

    @staticmethod
    def profile(user: ProviderUser) -> dict[str, Any]:
        return {"email": user.email, "email_verified": user.email_verified, "name": user.name}

    def sign_in_form(self, params: dict[str, str]) -> str:
        """The consent-free page: one button per user, the request's parameters carried along."""
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in params.items()
        )
        buttons = "".join(
            f'<button type="submit" name="sub" value="{html.escape(u.sub)}">Sign in as {html.escape(u.name)}</button>'
            for u in self.users
        )
        return (
            "<!doctype html><html><head><title>Test provider</title></head><body><h1>Test provider</h1>"
            f'<form method="post" action="/authorize">{hidden}{buttons}</form></body></html>'
        )


class _Handler(BaseHTTPRequestHandler):
    owner: OidcProvider

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the tests' output stays readable

    def _send(self, status: int, body: str | dict[str, Any], location: str | None = None) -> None:
        data = (json.dumps(body) if isinstance(body, dict) else body).encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        kind = "application/json" if isinstance(body, dict) else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        provider = self.owner
        if url.path == "/.well-known/openid-configuration":
            self._send(200, provider.metadata())
        elif url.path == "/jwks":
            self._send(200, provider.key_set())
        elif url.path == "/authorize":
            error = provider.check_authorization(params)
            if error:
                self._send(400, {"error": error})
            else:
                self._send(200, provider.sign_in_form(params))
        elif url.path == "/userinfo":
            self._send(*provider.userinfo(self.headers.get("Authorization")))
        else:
            self._send(404, {"error": "not_found"})

    def do_POST(self) -> None:
        url = urlparse(self.path)
        form = self._form()
        provider = self.owner
        if url.path == "/authorize":
            sub = form.pop("sub", "")
            error = provider.check_authorization(form)
            if error or sub not in {u.sub for u in provider.users}:
                self._send(400, {"error": error or "access_denied"})
            else:
                self._send(302, "", location=provider.authorize(form, sub))
        elif url.path == "/token":
            self._send(*provider.exchange(form, self.headers.get("Authorization")))
        else:
            self._send(404, {"error": "not_found"})
