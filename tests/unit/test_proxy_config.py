"""The nginx configuration of docs/deploy.md ("Several app processes behind one proxy") is the text
`tests.support.proxy.sticky_http_block` writes for the scale-out test and benchmark: the documented
configuration is the tested one."""

from __future__ import annotations

from tests.conftest import ROOT
from tests.support.proxy import sticky_http_block

DOCUMENTED = sticky_http_block(
    ["127.0.0.1:8501", "127.0.0.1:8502"],
    "443 ssl",
    secure=True,
    server_lines=(
        "server_name smm.example.org;",
        "ssl_certificate     /etc/letsencrypt/live/smm.example.org/fullchain.pem;",
        "ssl_certificate_key /etc/letsencrypt/live/smm.example.org/privkey.pem;",
    ),
)


def test_the_documented_nginx_block_is_the_tested_one():
    assert DOCUMENTED in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def test_the_route_cookie_is_set_once_and_hashed_consistently():
    # Set only when the browser has none (empty map value = no header), Secure behind TLS.
    assert '""      "smm_route=$request_id; Path=/; HttpOnly; SameSite=Lax; Secure";' in DOCUMENTED
    assert "hash $smm_route consistent;" in DOCUMENTED
    assert "X-SMM-Upstream" not in DOCUMENTED  # the tests' debug header names internal addresses
    assert "X-SMM-Upstream" in sticky_http_block(["127.0.0.1:1"], "127.0.0.1:2", debug_header=True)
