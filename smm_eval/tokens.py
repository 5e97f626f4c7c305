"""Invitation tokens: random, shown once, kept only as a keyed hash (pure functions, no I/O).

A token is `secrets.token_urlsafe(32)`: 32 random bytes from the operating system's CSPRNG (PEP 506),
43 URL-safe base64 characters, so guessing one is out of reach (2^256 possibilities). The
workspace keeps only `token_hash(secret, token)`, HMAC-SHA256 under the server's secret (RFC 2104,
FIPS 198-1): a copy of the database alone neither reveals a working link nor lets someone who can
write to it forge one without the secret. Hashes are compared with `hmac.compare_digest`, whose
time does not depend on where two values first differ (Python docs, `hmac.compare_digest`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
"""Random bytes per token (256 bits; OWASP's session-ID guidance asks for at least 64 bits of entropy)."""

MAX_TOKEN_CHARS = 100
"""Longer texts are not tokens: refused before hashing (a token is 43 characters)."""

_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]+$")  # the URL-safe base64 alphabet (RFC 4648 §5)


def new_token() -> str:
    """A fresh random token: 43 URL-safe characters (`secrets.token_urlsafe(TOKEN_BYTES)`)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def looks_like_token(text: str) -> bool:
    """Whether `text` could be a token at all: 1 to MAX_TOKEN_CHARS URL-safe base64 characters.

    >>> looks_like_token("abc_-9"), looks_like_token("a b"), looks_like_token("")
    (True, False, False)
    """
    return 0 < len(text) <= MAX_TOKEN_CHARS and _TOKEN_SHAPE.match(text) is not None


def token_hash(secret: bytes, token: str) -> str:
    """HMAC-SHA256 of the token under the server's secret, as 64 lower-case hex characters (RFC 2104).

    >>> token_hash(b"key", "The quick brown fox jumps over the lazy dog")[:16]
    'f7bc83f430538424'
    """
    return hmac.new(secret, token.encode("utf-8"), hashlib.sha256).hexdigest()


def same_hash(stored: str, computed: str) -> bool:
    """Whether two token hashes are equal, in time independent of their content (`hmac.compare_digest`)."""
    return hmac.compare_digest(stored.encode("ascii"), computed.encode("ascii"))
