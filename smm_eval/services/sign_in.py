"""Sign-in in team mode: whether the `[auth]` settings can work, who the claims name, and the
signed-in actor kept current.

Streamlit's `st.login` reads an `[auth]` section from `.streamlit/secrets.toml` (Streamlit docs,
"User authentication and information"; `streamlit.auth_util.validate_auth_credentials`). The app
refuses to start team mode when that section cannot work (`auth_problems`), instead of letting
the first visitor's click fail. The page turns the ID-token claims Streamlit exposes as `st.user`
into an `Identity` (`identity_from_claims`) and asks `people.actor_for` who that is; on later
reruns `refresh_actor` re-reads the user's row (one primary-key SELECT, no write) so that a role
an admin changed, or a stop, applies on the visitor's next click.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlparse

from smm_eval.access import AccessDeniedError, Actor, Identity
from smm_eval.errors import ConfigurationError, Problem
from smm_eval.services.handle import Transactions

__all__ = [
    "AUTH_KEYS",
    "AUTH_SOURCE",
    "LOOPBACK",
    "MIN_COOKIE_SECRET",
    "address_problems",
    "auth_problems",
    "check_auth",
    "identity_from_claims",
    "refresh_actor",
]

AUTH_SOURCE = ".streamlit/secrets.toml [auth]"
AUTH_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")
"""The keys `st.login` needs for its default provider (streamlit.auth_util.validate_auth_credentials)."""
MIN_COOKIE_SECRET = 32
"""Characters at least in `cookie_secret`, which signs the identity cookie. Design choice: 32
random characters carry at least 128 bits (hex: 4 bits each; `secrets.token_urlsafe(32)` gives 43
characters of 6 bits), the minimum key strength NIST SP 800-131A Rev. 2 accepts for new HMAC keys
(112 bits) with a margin; Streamlit itself only warns under 14 bytes (streamlit.auth_util)."""


def auth_problems(section: Mapping[str, object] | None, unreadable: bool = False) -> list[Problem]:
    """What keeps the `[auth]` section from working; empty when team-mode sign-in can start.

    Parameters
    ----------
    section
        The `[auth]` table of Streamlit's secrets (None or empty: there is none).
    unreadable
        The secrets file exists but is not valid TOML (Streamlit could not read it).

    Returns
    -------
    list[Problem]
        `config.auth_unreadable` (the file is not TOML), `config.auth_missing` (no section),
        `config.auth_key` (a key of `AUTH_KEYS` missing or
        empty; params `entry`), `config.auth_redirect` (`redirect_uri` not an absolute http(s) URL
        ending in /oauth2callback, the path Streamlit serves the callback on),
        `config.auth_metadata_url` (`server_metadata_url` not an absolute http(s) URL),
        `config.auth_cookie_secret` (shorter than `MIN_COOKIE_SECRET`; params `min`). Sources
        name the key, never its value (secrets stay out of pages and logs).
    """
    if unreadable:
        message = "cannot be read: the secrets file is not valid TOML (https://toml.io)"
        return [Problem(AUTH_SOURCE, message, code="config.auth_unreadable")]
    if not section:
        message = "is missing: team mode signs everyone in through OpenID Connect and needs it (docs/deploy.md)"
        return [Problem(AUTH_SOURCE, message, code="config.auth_missing")]
    problems: list[Problem] = []
    values = {key: section.get(key) for key in AUTH_KEYS}
    for key, value in values.items():
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(AUTH_SOURCE, f"{key} is missing or empty", code="config.auth_key",
                                    params={"entry": key}))  # fmt: skip
    redirect, metadata, secret = values["redirect_uri"], values["server_metadata_url"], values["cookie_secret"]
    if isinstance(redirect, str) and redirect.strip():
        url = urlparse(redirect.strip().replace("{port}", "8501"))  # Streamlit fills {port} itself
        if url.scheme not in ("http", "https") or not url.netloc or not url.path.endswith("/oauth2callback"):
            message = "must be the app's public address ending in /oauth2callback (e.g. https://smm.example.org/oauth2callback)"
            problems.append(Problem(f"{AUTH_SOURCE} redirect_uri", message, code="config.auth_redirect"))
    if isinstance(metadata, str) and metadata.strip():
        url = urlparse(metadata.strip())
        if url.scheme not in ("http", "https") or not url.netloc:
            message = "must be the provider's discovery URL (https://…/.well-known/openid-configuration)"
            problems.append(Problem(f"{AUTH_SOURCE} server_metadata_url", message, code="config.auth_metadata_url"))
    if isinstance(secret, str) and secret.strip() and len(secret.strip()) < MIN_COOKIE_SECRET:
        message = f"is shorter than {MIN_COOKIE_SECRET} characters: generate one (docs/deploy.md)"
        problems.append(Problem(f"{AUTH_SOURCE} cookie_secret", message, code="config.auth_cookie_secret",
                                params={"min": MIN_COOKIE_SECRET}))  # fmt: skip
    return problems


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
"""Addresses a personal-mode server may listen on: this machine only (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3)."""
ADDRESS_SOURCE = "server.address"


def address_problems(address: str | None) -> list[Problem]:
    """Whether a personal-mode server listens on this machine only; empty when it does.

    Parameters
    ----------
    address
        Streamlit's `server.address` option; None or empty means every interface (Streamlit's own
        default, which .streamlit/config.toml replaces with 127.0.0.1).

    Returns
    -------
    list[Problem]
        `config.personal_address` (params `address`, "*" for every interface): personal mode has
        no sign-in, so anyone who could reach the port would see and change everything.
    """
    shown = (address or "").strip() or "*"
    if shown in LOOPBACK:
        return []
    message = f"is {shown}, but personal mode has no sign-in: listen on 127.0.0.1, or set SMM_EVAL_MODE=team"
    return [Problem(ADDRESS_SOURCE, message, code="config.personal_address", params={"address": shown})]


def check_auth(section: Mapping[str, object] | None, unreadable: bool = False) -> None:
    """Refuse team-mode sign-in settings that cannot work.

    Raises
    ------
    ConfigurationError
        The problems `auth_problems` finds.
    """
    problems = auth_problems(section, unreadable)
    if problems:
        raise ConfigurationError(problems)


def identity_from_claims(claims: Mapping[str, object]) -> Identity | None:
    """The person an ID token names (`st.user`'s claims: `iss`, `sub`, `email`, `name`,
    `email_verified`; OpenID Connect Core 1.0 §2 and §5.1), or None when `iss` or `sub` is missing
    (every conforming ID token carries both, so such claims are not a sign-in)."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not isinstance(issuer, str) or not isinstance(subject, str) or not issuer or not subject:
        return None
    email, name = claims.get("email"), claims.get("name")
    return Identity(
        issuer=issuer,
        subject=subject,
        email=email if isinstance(email, str) else "",
        name=name if isinstance(name, str) else "",
        email_verified=claims.get("email_verified") is True,  # a string "true" is not a verified e-mail
    )


def refresh_actor(db: Transactions, actor: Actor) -> Actor:
    """`actor` as their user row says now: the role an admin gave or changed since, the name.

    One read by primary key, no write (`people.actor_for`, which writes the sign-in time, runs once
    per session). The personal user and the command line are returned unchanged.

    Raises
    ------
    AccessDeniedError
        `access.inactive`: an admin stopped this user since.
    NotFoundError
        The user row is gone.
    """
    if actor.kind != "user" or actor.user_id is None:
        return actor
    from smm_eval.storage.users import find_user  # the ORM only here: personal mode's first page skips it

    with db.transaction() as session:
        user = find_user(session, actor.user_id)
    fresh = Actor(user.id, user.name, user.role if user.active else None, "user")
    if not user.active:
        raise AccessDeniedError(fresh, "sign_in", code="access.inactive")
    return fresh
