"""Team-mode sign-in settings, the claims that name a person, and the personal mode's address
(smm_eval/services/sign_in.py): every refusal names what is missing, in both languages."""

from __future__ import annotations

import pytest

from smm_eval.access import Identity
from smm_eval.errors import ConfigurationError
from smm_eval.i18n import Messages, catalogue
from smm_eval.services.sign_in import (
    AUTH_SOURCE,
    MIN_COOKIE_SECRET,
    address_problems,
    auth_problems,
    check_auth,
    identity_from_claims,
)

EVERYWHERE = "0.0.0.0"  # noqa: S104 (the address that listens on every interface: refused)
GOOD = {
    "redirect_uri": "https://smm.example.org/oauth2callback",
    "cookie_secret": "0123456789abcdef0123456789abcdef",  # 32 characters: the minimum
    "client_id": "smm-eval",
    "client_secret": "not-a-real-secret",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}


def codes(section, unreadable=False) -> list[tuple[str, dict]]:
    return [(p.code, dict(p.params)) for p in auth_problems(section, unreadable)]


def test_a_complete_section_passes_and_the_port_placeholder_is_allowed():
    assert auth_problems(GOOD) == []
    assert auth_problems({**GOOD, "redirect_uri": "http://localhost:{port}/oauth2callback"}) == []
    check_auth(GOOD)  # no exception


def test_no_section_and_an_unreadable_file_are_named():
    assert codes(None) == [("config.auth_missing", {})]
    assert codes({}) == [("config.auth_missing", {})]
    assert codes(GOOD, unreadable=True) == [("config.auth_unreadable", {})]
    with pytest.raises(ConfigurationError) as refused:
        check_auth(None)
    assert refused.value.problems[0].source == AUTH_SOURCE


def test_each_missing_or_empty_key_is_named_once():
    section = {**GOOD, "client_secret": "  ", "cookie_secret": None}
    del section["client_id"]
    # AUTH_KEYS order: cookie_secret (None), client_id (absent), client_secret (blank)
    assert codes(section) == [
        ("config.auth_key", {"entry": "cookie_secret"}),
        ("config.auth_key", {"entry": "client_id"}),
        ("config.auth_key", {"entry": "client_secret"}),
    ]


@pytest.mark.parametrize(
    "redirect",
    [
        "smm.example.org/oauth2callback",
        "https://smm.example.org/",
        "ftp://smm.example.org/oauth2callback",
        "/oauth2callback",
    ],
)
def test_a_redirect_uri_streamlit_cannot_serve_is_refused(redirect):
    assert codes({**GOOD, "redirect_uri": redirect}) == [("config.auth_redirect", {})]


def test_a_relative_metadata_url_and_a_short_cookie_secret_are_refused():
    section = {**GOOD, "server_metadata_url": "/.well-known/openid-configuration", "cookie_secret": "x" * 31}
    assert codes(section) == [("config.auth_metadata_url", {}), ("config.auth_cookie_secret", {"min": 32})]
    assert MIN_COOKIE_SECRET == 32


def test_a_secret_value_is_never_in_a_problem():
    section = {**GOOD, "cookie_secret": "short-s3cret", "redirect_uri": "nope"}
    for problem in auth_problems(section):
        assert "short-s3cret" not in f"{problem.where()} {problem.message} {problem.params}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_sign_in_problem_reads_in_both_languages(lang):
    section = {"redirect_uri": "x", "cookie_secret": "x", "server_metadata_url": "x"}
    problems = auth_problems(section) + auth_problems(None) + auth_problems(GOOD, True) + address_problems(EVERYWHERE)
    texts = [Messages(lang).problem(p) for p in problems]
    assert all(f"problems.{p.code}" in catalogue(lang) for p in problems)
    expected = {"en": "client_id is missing or empty", "es": "falta client_id o está vacío"}[lang]
    assert expected in texts
    assert all("{" not in text for text in texts)  # every placeholder filled


@pytest.mark.parametrize(("address", "refused"), [
    ("127.0.0.1", False), ("localhost", False), ("::1", False),
    (EVERYWHERE, True), ("192.168.1.20", True), (None, True), ("", True),
])  # fmt: skip
def test_personal_mode_listens_on_this_machine_only(address, refused):
    problems = address_problems(address)
    assert bool(problems) is refused
    if refused:
        assert problems[0].code == "config.personal_address"
        assert problems[0].params["address"] == (address or "*")  # None and "": every interface


def test_claims_become_an_identity_and_only_a_true_flag_verifies_the_email():
    claims = {"iss": "https://id.example.org", "sub": "42", "email": "a@example.org", "name": "Ana",
              "email_verified": True, "is_logged_in": True}  # fmt: skip
    assert identity_from_claims(claims) == Identity("https://id.example.org", "42", "a@example.org", "Ana", True)
    assert identity_from_claims({**claims, "email_verified": "true"}).email_verified is False
    assert identity_from_claims({"iss": "https://id.example.org", "sub": "42"}) == Identity(
        "https://id.example.org", "42"
    )
    assert identity_from_claims({**claims, "sub": ""}) is None
    assert identity_from_claims({"email": "a@example.org", "is_logged_in": True}) is None  # no iss or sub
