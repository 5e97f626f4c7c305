"""The job seeker's journey in a real browser: Debian's Chromium driven by Playwright.

Each test starts `streamlit run app.py` on a free loopback port, waits for /_stcore/health and
clicks through the app as a person would. A screenshot of every step is saved under
test-artifacts/e2e/. The tests fail on any Streamlit exception box.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ..conftest import ROOT

pytestmark = pytest.mark.e2e
# A cold first run (fresh checkout, nothing compiled yet) can take several seconds on a busy machine.
expect.set_options(timeout=30_000)

CHROMIUM = os.environ.get("SMM_EVAL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
FRAMEWORK = yaml.safe_load((ROOT / "data" / "framework.yaml").read_text(encoding="utf-8"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(
    tmp_path: Path, database_url: str | None = None, extra_env: dict[str, str] | None = None, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`streamlit run app.py` on a loopback port (free, or `port`), HOME in `tmp_path` (where a
    team-mode test writes .streamlit/secrets.toml); `extra_env` adds settings such as SMM_EVAL_MODE."""
    port = port or free_port()
    env = {**os.environ, "HOME": str(tmp_path), "SMM_EVAL_SQLITE_PATH": str(tmp_path / "workspace.sqlite")}
    env.update(extra_env or {})
    if database_url:
        env["SMM_EVAL_DATABASE_URL"] = database_url
    log = (tmp_path / f"streamlit-{port}.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:  # noqa: S310 (loopback)
                if response.read() == b"ok":
                    return process, base
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"streamlit did not become healthy; see {log.name}")


def stop_app(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[str]:
    process, base = start_app(tmp_path)
    try:
        yield base
    finally:
        stop_app(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (scripts/test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.shot_dir = ARTIFACTS / request.node.name  # type: ignore[attr-defined]
    page.shot_dir.mkdir(parents=True, exist_ok=True)  # type: ignore[attr-defined]
    yield page
    context.close()


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the current script run, and check it did not fail."""
    time.sleep(0.3)  # a click's rerun request reaches the server and flips the state below
    page.wait_for_selector("[data-testid='stAppViewContainer']")
    # The app root says whether a script run is going on; on a cold server the status widget
    # appears only after a moment, so its absence alone does not mean the run has finished.
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
        timeout=60_000,
    )
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    # Elements still arriving show as grey skeletons: wait for them too (screenshots show the page).
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=30_000)
    time.sleep(0.2)
    assert page.locator("[data-testid='stException']").count() == 0, "a Streamlit exception is on the page"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(page.shot_dir / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def choose_language(page: Page, lang: str) -> None:
    page.get_by_role("radio", name={"en": "English", "es": "Español"}[lang]).click()
    settle(page)


def answer(page: Page, lang: str, level_of, already: int = 0) -> None:
    """Answer every competency (skipping those where level_of gives None), by its anchor sentence."""
    answered = already
    progress = {"en": "Answered {n} of 25", "es": "Respondidas {n} de 25"}[lang]
    for tab_index, block in enumerate(FRAMEWORK["blocks"]):
        page.get_by_role("tab").nth(tab_index).click()
        for comp in block["competencies"]:
            if level_of(comp["id"]) is None:
                continue
            sentence = comp["anchors"][level_of(comp["id"])][lang]
            page.get_by_text(sentence, exact=True).click()
            answered += 1
            expect(page.get_by_text(progress.format(n=answered))).to_be_visible()
        settle(page)
        shot(page, f"questionnaire-{block['id']}")
    expect(page.get_by_text(progress.format(n=25))).to_be_visible()


def test_cold_deep_link_goes_through_the_entry_file(app_url: str, page: Page):
    page.goto(f"{app_url}/results")
    expect(page.get_by_role("heading", name="My results")).to_be_visible()
    settle(page)
    expect(page.get_by_role("radio", name="Español")).to_be_visible()  # the shared sidebar is there
    shot(page, "deep-link")


def test_job_seeker_journey_in_english(app_url: str, page: Page, tmp_path: Path):
    page.goto(app_url)
    settle(page)
    expect(page.get_by_role("heading", name="Job seekers and self-learners")).to_be_visible()
    shot(page, "home")
    page.get_by_role("link", name="Start the self-assessment").click()
    settle(page)
    page.get_by_role("combobox").first.click()
    page.get_by_role("option", name="SMM analyst").click()
    settle(page)
    levels = {c["id"]: i % 5 for i, c in enumerate(c for b in FRAMEWORK["blocks"] for c in b["competencies"])}
    answer(page, "en", levels.get)

    page.get_by_role("link", name="See my results").click()
    settle(page)
    page.set_viewport_size({"width": 1400, "height": 4000})
    expect(page.get_by_text("Top gaps for SMM analyst")).to_be_visible()
    expect(page.get_by_text("Low confidence. 95% band from a model of rater error", exact=False)).to_be_visible()
    assert page.locator("[data-testid='stMetricValue']").nth(3).inner_text() == "25/25"
    expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(2)  # radar and gap bars
    shot(page, "results")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download answers and results (JSON)").click()
    saved = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert saved["answers"] == levels and saved["role"] == "smm_analyst"
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download results table (CSV)").click()
    raw = Path(download_info.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for spreadsheets
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    # overall, fit, career level, 5 blocks, 25 competencies; every row a self-view
    assert len(rows) == 33 and rows[0]["kind"] == "overall" and {r["view"] for r in rows} == {"self-view"}
    assert [r["kind"] for r in rows[1:3]] == ["fit", "career_level"]


def test_job_seeker_journey_in_spanish_with_a_language_switch(app_url: str, page: Page):
    page.goto(f"{app_url}/self_assessment")
    settle(page)
    # Start in English, answer one competency, then switch: the answer stays.
    first = FRAMEWORK["blocks"][0]["competencies"][0]
    page.get_by_text(first["anchors"][2]["en"], exact=True).click()
    expect(page.get_by_text("Answered 1 of 25")).to_be_visible()
    choose_language(page, "es")
    expect(page.get_by_role("heading", name="Autoevaluación")).to_be_visible()
    expect(page.get_by_text("Respondidas 1 de 25")).to_be_visible()
    radio = page.get_by_role("radio", name=first["anchors"][2]["es"])
    expect(radio).to_be_checked()
    shot(page, "switched-to-spanish")
    answer(page, "es", lambda cid: None if cid == first["id"] else 3, already=1)
    page.get_by_role("link", name="Ver mis resultados").click()
    settle(page)
    page.set_viewport_size({"width": 1400, "height": 4000})
    expect(page.get_by_role("heading", name="Mis resultados")).to_be_visible()
    expect(page.get_by_text("Puntuación global", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Sus fortalezas")).to_be_visible()
    shot(page, "resultados")


RATINGS = (
    "person,rater,brand_strategy,kpi_setting,copywriting,engagement_metrics,community_management\n"
    "Maria Lopez,Irina,3,3,4,3,3\nMaria Lopez,Pavel,3,2,4,3,4\n"
    "Ivan Sokolov,Irina,2,2,3,2,2\nIvan Sokolov,Pavel,2,2,2,2,3\n"
)
CANDIDATES = (
    "name,contact,source,expected_salary\nMaria Lopez,maria@example.com,hh.ru,70000\nIvan Sokolov,,referral,50000\n"
)
COMPETENCIES = [c for b in FRAMEWORK["blocks"] for c in b["competencies"]]


def create_vacancy(page: Page, base: str, title: str) -> None:
    page.goto(f"{base}/vacancies")
    settle(page)
    page.get_by_text("New vacancy").click()
    field = page.get_by_label("Title").first
    expect(field).to_be_editable()
    field.fill(title)
    field.press("Tab")  # commit the value before the submit button is pressed
    expect(field).to_have_value(title)
    page.get_by_role("button", name="Create the vacancy").click()
    settle(page)


def score_candidate(page: Page, base: str, candidate: str, rater: str, level: int) -> None:
    page.goto(f"{base}/scorecard")
    settle(page)
    page.get_by_role("combobox").nth(1).click()
    page.get_by_role("option", name=candidate).click()
    settle(page)
    name = page.locator("[data-testid='stTextInput'] input").first
    name.fill(rater)
    name.press("Enter")
    settle(page)
    # Block by block (issue 15): each block's levels, then "Next" up to the overall step.
    for block in FRAMEWORK["blocks"]:
        for comp in block["competencies"]:
            page.get_by_role("radio", name=comp["anchors"][level]["en"], exact=True).check(force=True)
            settle(page)  # each choice is stored as a draft
        page.get_by_role("button", name="Next:").click()
        settle(page)
    page.get_by_text("Yes", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Submit the scorecard").click()
    settle(page)
    expect(page.get_by_text("You submitted this scorecard").first).to_be_visible()
    shot(page, f"scorecard-{rater}")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_recruiter_journey_survives_a_restart(backend: str, page: Page, tmp_path: Path, request):
    url = request.getfixturevalue("postgres_server").new_database() if backend == "postgresql" else None
    (tmp_path / "ratings.csv").write_text(RATINGS, encoding="utf-8")
    (tmp_path / "candidates.csv").write_text(CANDIDATES, encoding="utf-8")

    def start() -> tuple[subprocess.Popen[bytes], str]:  # PostgreSQL is team mode: an admin signs in first
        if url is None:
            return start_app(tmp_path)
        from .team import ADMIN, sign_in, start_team_app  # (team.py imports this module)

        process, base = start_team_app(tmp_path, request.getfixturevalue("oidc_provider"), url)
        try:
            sign_in(page, base, ADMIN)
        except BaseException:
            stop_app(process)
            raise
        return process, base

    process, base = start()
    try:
        create_vacancy(page, base, "SMM manager, Moscow")
        expect(page.get_by_text("Vacancy “SMM manager, Moscow” created.").first).to_be_visible()  # also a toast
        shot(page, "vacancy")

        page.goto(f"{base}/candidates")
        settle(page)
        page.get_by_label("Name", exact=True).fill("Olga Ivanova")
        page.get_by_label("Name", exact=True).press("Tab")  # commit the value before the button is pressed
        settle(page)
        page.get_by_role("button", name="Add the candidate").click()
        settle(page)
        page.get_by_role("tab", name="Import from CSV").click()
        uploads = page.locator("[data-testid='stFileUploaderDropzoneInput']")
        uploads.nth(0).set_input_files(str(tmp_path / "ratings.csv"))
        settle(page)
        uploads.nth(1).set_input_files(str(tmp_path / "candidates.csv"))
        settle(page)
        page.get_by_role("button", name="Import").click()
        settle(page)
        expect(page.get_by_text("Imported: 2 new candidates, 0 existing candidates, 4 scorecards")).to_be_visible()
        expect(page.get_by_role("heading", name="3 candidates")).to_be_visible()
        shot(page, "candidates")

        score_candidate(page, base, "Olga Ivanova (C0001)", "Irina", 3)
        score_candidate(page, base, "Olga Ivanova (C0001)", "Pavel", 2)
    finally:
        stop_app(process)

    process, base = start()  # a restart loses nothing
    try:
        page.goto(f"{base}/compare")
        settle(page)
        page.set_viewport_size({"width": 1400, "height": 3000})
        # Olga has all 25 rated; Maria and Ivan 5 each, below the coverage gate: listed apart.
        expect(page.get_by_role("heading", name="Ranking: 1 candidate")).to_be_visible()
        expect(page.get_by_role("heading", name="Not enough rated to rank: 2")).to_be_visible()
        expect(page.get_by_text("Inter-rater reliability, one rater")).to_be_visible()
        expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(1)
        shot(page, "compare")
    finally:
        stop_app(process)
