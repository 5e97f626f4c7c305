"""Invitation tokens and the server's key file: shape, keyed hash, constant-time compare, 0600 key file."""

from __future__ import annotations

import stat

import pytest

from smm_eval import tokens
from smm_eval.errors import ConfigurationError
from smm_eval.files.secret_key import read_or_create_key
from smm_eval.services import invitations
from smm_eval.settings import get_settings


def test_a_token_is_43_url_safe_characters_and_new_each_time():
    first, second = tokens.new_token(), tokens.new_token()
    # 32 bytes in base64 without padding: ceil(32 * 8 / 6) = 43 characters
    assert len(first) == 43 and first != second
    assert tokens.looks_like_token(first)
    assert not tokens.looks_like_token(first + "/") and not tokens.looks_like_token("a" * 101)


def test_the_hash_is_hmac_sha256_of_the_published_test_vector():
    # RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert tokens.token_hash(b"Jefe", "what do ya want for nothing?") == expected
    assert tokens.token_hash(b"other key", "what do ya want for nothing?") != expected
    assert tokens.same_hash(expected, expected) and not tokens.same_hash(expected, "0" * 64)


def test_the_key_file_is_made_once_owner_only_and_reused(tmp_path):
    path = tmp_path / "var" / "secret_key"
    key = read_or_create_key(path)
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_or_create_key(path) == key  # the second start reads it back


def test_a_broken_key_file_is_refused_by_name(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("not hex\n")
    with pytest.raises(ConfigurationError) as refused:
        read_or_create_key(path)
    problem = refused.value.problems[0]
    assert (problem.code, problem.params) == ("config.secret_file", {"name": "secret_key"})


def test_the_secret_setting_wins_over_the_key_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY_FILE", str(tmp_path / "key"))
    get_settings.cache_clear()
    from_file = invitations.server_secret()
    assert (tmp_path / "key").exists() and len(from_file) == 32
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "s" * 32)
    get_settings.cache_clear()
    assert invitations.server_secret() == b"s" * 32
    monkeypatch.setenv("SMM_EVAL_SECRET_KEY", "short")
    get_settings.cache_clear()
    with pytest.raises(ConfigurationError):  # under 32 characters: refused when the settings load
        get_settings()
