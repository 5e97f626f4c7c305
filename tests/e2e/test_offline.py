"""Nothing leaves the machine (issue 17, item 5): a browser session that visits every page of the
personal mode, with answers given so the results page draws its charts (Vega), and records every
request Chromium makes. Every one must go to the loopback server: no icon, font, script, usage
statistics or chart library fetched from another host.

The server is started without any command-line option about usage statistics, so what is checked
is the shipped `.streamlit/config.toml` (`browser.gatherUsageStats = false`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request

from pages._navigation import page_files
from smm_eval.access import PERSONAL

from ..conftest import ROOT
from .test_journeys import free_port, settle, stop_app

pytestmark = pytest.mark.e2e
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}  # made in the page itself, never a network request


@pytest.fixture
def plain_app(tmp_path: Path) -> Iterator[str]:
    """`streamlit run app.py` with the project's own settings only (config.toml), on a free port."""
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path), "SMM_EVAL_SQLITE_PATH": str(tmp_path / "workspace.sqlite")}
    log = (tmp_path / "streamlit.log").open("wb")
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
               "--server.headless", "true", "--server.fileWatcherType", "none"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.read() == b"ok":
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError(f"streamlit did not become healthy; see {log.name}")
    try:
        yield base
    finally:
        stop_app(process)


def outside(url: str) -> bool:
    """Whether a request's URL leaves the machine (any host but the loopback one)."""
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and (parts.hostname or "") not in LOOPBACK


def test_outside_detects_other_hosts() -> None:
    # the check itself: a font host and a usage-statistics host are outside, the server is not
    assert outside("https://fonts.gstatic.com/s/materialsymbols/v1/icon.woff2")
    assert outside("https://webhooks.fivetran.com/webhooks/4a4f1ab8")
    assert outside("http://192.168.1.10:8501/")
    assert not outside("http://127.0.0.1:8501/static/js/main.js")
    assert not outside("data:image/png;base64,AAAA")


def answer_some(page: Page) -> None:
    """Pick the first anchor of a few competencies, so My results has scores and charts to draw."""
    groups = page.locator("[data-testid='stTabs'] [role='tabpanel']").first.locator("[role='radiogroup']")
    for i in range(min(3, groups.count())):
        groups.nth(i).locator("label").first.click()
        settle(page)


def test_no_request_leaves_the_machine(plain_app: str, page: Page) -> None:
    requests: list[str] = []

    def seen(request: Request) -> None:
        requests.append(request.url)

    page.context.on("request", seen)
    page.goto(plain_app)
    settle(page)
    page.goto(f"{plain_app}/self_assessment")
    settle(page)
    answer_some(page)
    # Through the sidebar, so the session (and its answers) stays: every page the personal user has.
    links = page.locator("[data-testid='stSidebarNav'] a")
    assert links.count() == len(page_files(PERSONAL))
    for i in range(links.count()):
        links.nth(i).click()
        settle(page)
    time.sleep(1.0)  # late requests (fonts, favicons) of the last page
    away = sorted({url for url in requests if outside(url)})
    assert len(requests) > 20, f"the session should have made many requests, saw {len(requests)}"
    assert away == [], f"requests left the machine: {away}"
