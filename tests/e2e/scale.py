"""A scaled-out team server on loopback (docs/deploy.md, "Several app processes behind one proxy"):
several `streamlit run app.py` processes in team mode on one PostgreSQL workspace, nginx in front
with sticky sessions, sign-in through the tests' OIDC provider. Used by tests/e2e/test_scale_out.py
and `python -m benchmarks.scaleout`.
"""

from __future__ import annotations

import secrets
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext

from ..support.oidc_provider import OidcProvider
from ..support.proxy import ROUTE_COOKIE, Nginx
from .team import write_secrets
from .test_journeys import free_port, start_app, stop_app


@dataclass
class TeamCluster:
    """The processes of one scaled-out server; `routes[i]` is the route cookie that lands on `apps[i]`."""

    base: str
    database_url: str
    apps: list[subprocess.Popen[bytes]]
    ports: list[int]
    nginx: Nginx
    routes: list[str]

    def context_on(self, browser: Browser, process: int) -> BrowserContext:
        """A new browser context (a new visitor) whose requests nginx sends to app process `process`."""
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_cookies([{"name": ROUTE_COOKIE, "value": self.routes[process], "url": self.base}])
        return context

    def stop(self) -> None:
        """Stop nginx and every app process (the database and the provider belong to the caller)."""
        self.nginx.stop()
        for app in self.apps:
            stop_app(app)


def start_cluster(
    home: Path, provider: OidcProvider, database_url: str, admins: str, processes: int = 2
) -> TeamCluster:
    """Start `processes` app processes at once (team mode, one workspace, the settings every process
    must share: `[auth]` in `home`'s secrets, whose cookie_secret signs the identity cookie, and
    the invitation key) and
    nginx in front of them; returns when nginx answers for each."""
    proxy_port = free_port()
    write_secrets(home, provider, proxy_port)  # redirect_uri: the proxy's address, not a process's
    env = {
        "SMM_EVAL_MODE": "team",
        "SMM_EVAL_ADMINS": admins,
        "SMM_EVAL_SECRET_KEY": secrets.token_urlsafe(32),
        "SMM_EVAL_BASE_URL": f"http://127.0.0.1:{proxy_port}",
    }
    ports = [free_port() for _ in range(processes)]
    with ThreadPoolExecutor(processes) as pool:
        started = list(pool.map(lambda port: start_app(home, database_url, extra_env=env, port=port), ports))
    apps = [process for process, _base in started]
    try:
        nginx = Nginx([f"127.0.0.1:{port}" for port in ports], proxy_port).start()
    except Exception:
        for app in apps:
            stop_app(app)
        raise
    try:
        keys = nginx.route_keys()
    except Exception:
        nginx.stop()
        for app in apps:
            stop_app(app)
        raise
    routes = [keys[f"127.0.0.1:{port}"] for port in ports]
    return TeamCluster(nginx.base, database_url, apps, ports, nginx, routes)
