"""`python -m benchmarks.scaleout`: the recruiter and job-seeker journeys against two app processes
behind nginx, on loopback, for a bounded time (issue 17, item 7).

Starts a throwaway PostgreSQL (tests/postgres.py), the tests' OpenID Connect provider
(tests/support/oidc_provider.py), two `streamlit run app.py` processes in team mode on that one
workspace and nginx in front with the sticky route cookie of docs/deploy.md
(tests/e2e/scale.py, tests/support/proxy.py), all on 127.0.0.1 and all stopped afterwards. The
workspace holds one vacancy with --candidates candidates. Then --sessions Chromium sessions, half
recruiters (admins: sign in, open the vacancies page, open the scorecard page, then for candidate
after candidate: choose them, choose a level, submit) and half job seekers (users without a role:
sign in, then answer the self-assessment question by question and open the results, again and
again), alternately pinned to the two processes (each given a route cookie that nginx hashes to
its process), run for --seconds. The same sessions then run for as long against one process behind
the same nginx (the baseline: what the second process gains, measured in the same invocation).

Checked afterwards: no error on any page, and the workspace holds exactly the scorecards the
sessions submitted (one per rater and candidate, with the levels chosen): none lost, none twice.
Each step is timed in the browser from the click until the app root's script state and the
server's messages settled (the clicks benchmark's watcher, benchmarks/browser_clicks.py, which also
counts every websocket message: a run too quick to show its state still sends them); sign-in from
the click on "Sign in" to the user's name in the sidebar. Writes docs/scaleout.json (or --output) and the section
"Scale-out" of docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from benchmarks.browser_clicks import CHROMIUM, CHROMIUM_ARGS, QUIET_MS, SETTLED, WATCH_SCRIPT

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = yaml.safe_load((ROOT / "data" / "framework.yaml").read_text(encoding="utf-8"))
COMP = FRAMEWORK["blocks"][0]["competencies"][0]
OUTPUT = ROOT / "docs" / "scaleout.json"
PROCESSES = 2  # the scale-out run; the baseline runs the same sessions against one
STEP_TIMEOUT_MS = 120_000
# Every message the server sends on the app's websocket counts as a change for the watcher
# (benchmarks/browser_clicks.py): a rerun as quick as a click on an answer now is (under 10 ms of
# script) can start and end within one frame of the browser and leave the script state as it was,
# but it always sends its messages. Installed after the watcher, before the app's own code runs.
MESSAGES_SCRIPT = """
(() => {
  const Native = window.WebSocket;
  const Counted = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', () => {
      if (window.__clicks) { window.__clicks.changes += 1; window.__clicks.last = performance.now(); }
    });
    return socket;
  };
  Counted.prototype = Native.prototype;
  for (const name of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) { Counted[name] = Native[name]; }
  window.WebSocket = Counted;
})();
"""


@dataclass
class Run:
    """What the sessions measured and submitted."""

    samples: list[tuple[int, str, str, float]] = field(default_factory=list)  # process, journey, step, s
    errors: list[str] = field(default_factory=list)
    submitted: list[tuple[str, str, str, int]] = field(default_factory=list)  # rater, candidate, comp, level


@dataclass
class Session:
    """One browser session: its page, the process nginx pins it to, its journey and user."""

    page: Any
    process: int
    journey: str
    user: str
    run: Run

    def note(self, step: str, seconds: float) -> None:
        self.run.samples.append((self.process, self.journey, step, seconds))

    async def timed(self, step: str | None, action: Callable[[], Awaitable[Any]]) -> None:
        """Time `action` until the script run(s) it caused settled (browser clock); noted under `step`."""
        page = self.page
        changes = int(await page.evaluate("window.__clicks ? window.__clicks.changes : 0"))
        start = float(await page.evaluate("performance.now()"))
        await action()
        try:
            await page.wait_for_function(SETTLED, arg=[changes, QUIET_MS, 0], polling=25, timeout=STEP_TIMEOUT_MS)
        except Exception as exc:  # say which step waited in vain
            raise RuntimeError(f"no end of a run after '{step or 'an untimed click'}' on {page.url}") from exc
        if await page.locator("[data-testid='stException']").count():
            text = await page.locator("[data-testid='stException']").first.inner_text()
            raise RuntimeError(f"a Streamlit exception is on {page.url}: {' '.join(text.split())[:400]}")
        if step is not None:
            self.note(step, (float(await page.evaluate("window.__clicks.last")) - start) / 1000)

    def nav(self, title: str) -> Callable[[], Awaitable[Any]]:
        """A click on the sidebar's link to the page `title` (the session is kept)."""
        return lambda: self.page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()

    async def sign_in(self, base: str) -> None:
        """Through the provider; timed from the click on "Sign in" to the user's name in the sidebar."""
        from playwright.async_api import expect

        page = self.page
        await page.goto(base)
        button = page.get_by_role("button", name="Sign in", exact=True)
        await button.wait_for(timeout=STEP_TIMEOUT_MS)
        start = time.perf_counter()
        await button.click()
        await page.get_by_role("button", name=f"Sign in as {self.user}", exact=True).click()
        sidebar = page.get_by_test_id("stSidebar").get_by_text(self.user, exact=True)
        await expect(sidebar).to_be_visible(timeout=STEP_TIMEOUT_MS)
        self.note("sign in", time.perf_counter() - start)
        await page.wait_for_function(SETTLED, arg=[0, QUIET_MS, 0], polling=25, timeout=STEP_TIMEOUT_MS)


async def recruiter(s: Session, index: int, recruiters: int, names: list[str], deadline: float) -> None:
    """Score candidates index+1, index+1+recruiters, ... (each once) until the deadline."""
    from playwright.async_api import expect

    page = s.page
    await s.timed("open the vacancies page", s.nav("Vacancies"))
    await s.timed("open the scorecard page", s.nav("Scorecard"))
    # Candidate 0 is the page's default choice: choosing it again would not rerun the page.
    for number, candidate in enumerate(names[index + 1 :: recruiters]):
        if time.monotonic() >= deadline:
            return

        async def choose_candidate(candidate: str = candidate) -> None:
            await page.get_by_role("combobox", name="Candidate").click()
            await page.keyboard.type(candidate.split()[-1])  # its number: one option left
            await page.get_by_role("option").filter(has_text=candidate).first.click()
            # The chosen candidate's card, not the previous one's: under load a rerun may start
            # later than the watcher's quiet time, and the level radios have the same names.
            await expect(page.get_by_text("You submitted this scorecard")).to_have_count(0, timeout=STEP_TIMEOUT_MS)

        await s.timed("choose a candidate", choose_candidate)
        level = (index + number) % 5
        radio = page.get_by_role("radio", name=COMP["anchors"][level]["en"], exact=True)
        await radio.wait_for(timeout=STEP_TIMEOUT_MS)  # the chosen candidate's card is on the page
        await s.timed("choose a level", lambda radio=radio: radio.click(force=True))
        await expect(radio).to_be_checked(timeout=STEP_TIMEOUT_MS)
        await s.timed("submit the scorecard", page.get_by_role("button", name="Submit the scorecard").click)
        # One competency rated: the submit asks first (issue 15).
        await s.timed("submit anyway", page.get_by_role("button", name="Submit anyway").click)
        await expect(page.get_by_text("You submitted this scorecard").first).to_be_visible(timeout=STEP_TIMEOUT_MS)
        s.run.submitted.append((s.user, candidate, COMP["id"], level))


async def job_seeker(s: Session, base: str, index: int, deadline: float) -> None:
    """Answer the 25 questions one click at a time and open the results, again and again, until the
    deadline. A user without a role has no navigation (pages/_signin.py): each round opens the
    self-assessment by its address, a new session that starts with no answers."""
    from playwright.async_api import expect

    page = s.page
    round_no = 0
    while time.monotonic() < deadline:
        await page.goto(f"{base}/self_assessment")  # a new document: its watcher counts from zero
        await page.wait_for_function(SETTLED, arg=[0, QUIET_MS, 0], polling=25, timeout=STEP_TIMEOUT_MS)
        await expect(page.get_by_text("Answered 0 of 25")).to_be_visible(timeout=STEP_TIMEOUT_MS)
        for tab_index, block in enumerate(FRAMEWORK["blocks"]):
            if tab_index:  # the first tab is open; a tab is switched in the browser, without a rerun
                await page.get_by_role("tab").nth(tab_index).click()
                await page.get_by_text(block["competencies"][0]["anchors"][0]["en"], exact=True).wait_for()
            for number, comp in enumerate(block["competencies"]):
                if time.monotonic() >= deadline:
                    return
                option = page.get_by_text(comp["anchors"][(index + round_no + number) % 5]["en"], exact=True)
                await s.timed("answer a question", option.click)
        await s.timed("open the results", page.get_by_role("link", name="See my results").click)
        await expect(page.get_by_role("heading", name="My results")).to_be_visible(timeout=STEP_TIMEOUT_MS)
        round_no += 1


async def one_session(
    browser: Any, base: str, route: str, s: Session, index: int, team: tuple[int, list[str]], start: asyncio.Barrier,
    seconds: float,
) -> None:  # fmt: skip
    """Sign in, wait for every session (the clock starts together), run the journey until time is up."""
    from tests.support.proxy import ROUTE_COOKIE

    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    await context.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": base}])
    await context.add_init_script(WATCH_SCRIPT)
    await context.add_init_script(MESSAGES_SCRIPT)
    s.page = await context.new_page()
    s.page.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        await s.sign_in(base)
        signed_in = True
    except Exception as exc:
        s.run.errors.append(f"{s.user}: sign-in: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        signed_in = False
    await asyncio.wait_for(start.wait(), timeout=600)  # every session waits, signed in or not
    try:
        if not signed_in:
            return
        deadline = time.monotonic() + seconds
        if s.journey == "recruiter":
            await recruiter(s, index, team[0], team[1], deadline)
        else:
            await job_seeker(s, base, index, deadline)
    except Exception as exc:  # a timeout or a lost connection is an error of the run, counted
        s.run.errors.append(f"{s.user}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()


def seed(url: str, candidates: int) -> tuple[int, list[str]]:
    """One vacancy with `candidates` candidates ("Candidate 001", ...); returns its id and the names."""
    from smm_eval import storage
    from smm_eval.framework import load_framework, load_roles
    from smm_eval.recruiting import vacancy_from_role
    from smm_eval.schemas import CandidateInput

    db = storage.open_database(url)
    framework, roles = load_framework(), load_roles()
    names = [f"Candidate {n:03d}" for n in range(candidates)]
    with db.transaction() as session:
        vacancy = storage.create_vacancy(session, vacancy_from_role("SMM lead", roles["smm_manager"]), framework, roles)
        for name in names:
            storage.add_candidate(session, CandidateInput(name=name), vacancy.id)
    db.dispose()
    return vacancy.id, names


def stored(url: str, vacancy_id: int) -> tuple[list[tuple[str, str, str, int]], int]:
    """The workspace's scorecard ratings of the vacancy (rater, candidate, competency, level) and the
    number of scorecards."""
    from smm_eval import storage

    db = storage.open_database(url)
    with db.transaction() as session:
        cards = storage.scorecards_frame(session, vacancy_id)
    db.dispose()
    rows = zip(cards["rater"], cards["name"], cards["competency"], cards["level"], strict=True)
    return [(r, n, c, int(v)) for r, n, c, v in rows], int(cards["scorecard_id"].nunique())


def figures(run: Run) -> list[dict[str, Any]]:
    """p50/p95 per process, journey and step, in milliseconds."""
    groups: dict[tuple[int, str, str], list[float]] = {}
    for process, journey, step, seconds in run.samples:
        groups.setdefault((process, journey, step), []).append(seconds * 1000)
    return [
        {
            "process": p + 1,
            "journey": j,
            "step": s,
            "n": len(v),
            "p50_ms": float(np.percentile(v, 50)),
            "p95_ms": float(np.percentile(v, 95)),
        }
        for (p, j, s), v in sorted(groups.items(), key=lambda item: (item[0][1], item[0][2], item[0][0]))
    ]


async def drive(base: str, routes: list[str], sessions: int, seconds: float, team: list[str]) -> Run:
    """Run the sessions, pinned in turn to the processes behind `routes` (one route per process)."""
    from playwright.async_api import async_playwright

    run = Run()
    recruiters = (sessions + 1) // 2
    start = asyncio.Barrier(sessions)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        jobs = []
        for i in range(sessions):
            journey, index = ("recruiter", i) if i < recruiters else ("job seeker", i - recruiters)
            user = f"Recruiter {index + 1}" if journey == "recruiter" else f"Job seeker {index + 1}"
            process = (index if journey == "recruiter" else index + 1) % len(routes)  # both journeys on both
            s = Session(None, process, journey, user, run)
            jobs.append(one_session(browser, base, routes[process], s, index, (recruiters, team), start, seconds))
        await asyncio.gather(*jobs)
        await browser.close()
    return run


def pooled(run: Run) -> dict[str, dict[str, float]]:
    """p50 and n per "journey: step", every process together, in milliseconds."""
    groups: dict[str, list[float]] = {}
    for _process, journey, step, seconds in run.samples:
        groups.setdefault(f"{journey}: {step}", []).append(seconds * 1000)
    return {k: {"n": len(v), "p50_ms": float(np.percentile(v, 50))} for k, v in sorted(groups.items())}


def measure(sessions: int, seconds: float, candidates: int, processes: int = PROCESSES) -> dict[str, Any]:
    """Start everything with `processes` app processes, drive the sessions, check the workspace,
    stop everything; the figures."""
    sys.path.insert(0, str(ROOT))
    from tests.e2e.scale import start_cluster
    from tests.postgres import TemporaryPostgres
    from tests.support.oidc_provider import OidcProvider, ProviderUser

    recruiters = (sessions + 1) // 2
    users = [ProviderUser(sub=f"r-{n}", email=f"recruiter{n}@example.org", name=f"Recruiter {n}")
             for n in range(1, recruiters + 1)] + [
            ProviderUser(sub=f"j-{n}", email=f"seeker{n}@example.org", name=f"Job seeker {n}")
            for n in range(1, sessions - recruiters + 1)]  # fmt: skip
    admins = ",".join(u.email for u in users[:recruiters])
    load_before = os.getloadavg()
    postgres = TemporaryPostgres().start()
    provider = OidcProvider(users=users).start()
    try:
        url = postgres.new_database()
        vacancy_id, names = seed(url, candidates)
        # Kept afterwards: the app processes' logs (streamlit-<port>.log) say what went wrong.
        home = Path(tempfile.mkdtemp(prefix="smm-eval-scaleout-"))
        cluster = start_cluster(home, provider, url, admins=admins, processes=processes)
        try:
            run = asyncio.run(drive(cluster.base, cluster.routes, sessions, seconds, names))
        finally:
            cluster.stop()
        rows, cards = stored(url, vacancy_id)
    finally:
        provider.stop()
        postgres.stop()
    submitted = sorted(run.submitted)
    lost = sorted(set(submitted) - set(rows))
    extra = sorted(set(rows) - set(submitted))
    duplicated = len(rows) - len(set(rows))
    return {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "processes": processes,
        "sessions": sessions,
        "recruiters": recruiters,
        "seconds": seconds,
        "candidates": candidates,
        "load_average_start": [round(x, 1) for x in load_before],
        "load_average_end": [round(x, 1) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "logs": str(home),
        "errors": len(run.errors),
        "error_samples": run.errors[:10],
        "scorecards_submitted": len(submitted),
        "scorecards_stored": cards,
        "ratings_stored": len(rows),
        "lost": len(lost),
        "unexpected": len(extra),
        "duplicated": duplicated,
        "steps": figures(run),
        "pooled": pooled(run),
    }


HEADING = "## Scale-out: two app processes behind nginx"


def passed(run: dict[str, Any]) -> bool:
    """A run passed: no error, and every submitted rating stored once (none lost, doubled or unexpected)."""
    return run["errors"] == 0 and run["lost"] == 0 and run["unexpected"] == 0 and run["duplicated"] == 0


def section(doc: dict[str, Any]) -> list[str]:
    """The generated section of docs/performance.md (benchmarks/report.py writes it too)."""
    ok = passed(doc)
    lines = [
        HEADING,
        "",
        f"`python -m benchmarks.scaleout` on {doc['date']}: {doc['processes']} `streamlit run app.py` processes "
        "in team mode on one throwaway PostgreSQL workspace, behind nginx with the sticky route cookie of "
        "[deploy.md](deploy.md#several-app-processes-behind-one-proxy), sign-in through the tests' OpenID Connect "
        f"provider, all on 127.0.0.1; {doc['sessions']} Chromium sessions ({doc['recruiters']} recruiters, "
        f"{doc['sessions'] - doc['recruiters']} job seekers) alternately pinned to the processes, for "
        f"{doc['seconds']:.0f} s; {doc['cores']} cores shared with the browsers, load average "
        f"{doc['load_average_start'][0]} at the start and {doc['load_average_end'][0]} at the end.",
        "",
        f"**{'Passed' if ok else 'FAILED'}**: {doc['errors']} error{'' if doc['errors'] == 1 else 's'}; "
        f"{doc['scorecards_submitted']} scorecards "
        f"submitted, {doc['scorecards_stored']} stored ({doc['ratings_stored']} ratings): {doc['lost']} lost, "
        f"{doc['duplicated']} duplicated, {doc['unexpected']} not submitted by any session.",
        "",
        "| Journey | Step | Process | n | p50 | p95 |",
        "|---|---|---|---|---|---|",
    ]
    for row in doc["steps"]:
        lines.append(
            f"| {row['journey']} | {row['step']} | {row['process']} | {row['n']} | {row['p50_ms']:.0f} ms | "
            f"{row['p95_ms']:.0f} ms |"
        )
    lines += [
        "",
        "A step is timed in its browser from the click until the app root's script state and the server's "
        "messages settled (sign-in: "
        "from the click on *Sign in* to the user's name in the sidebar, through the provider's page). The "
        "browsers run on the same cores as both processes, nginx and PostgreSQL: the figures are upper bounds "
        "for a server that does not share its cores with its clients.",
        "",
    ]
    lines += _error_list("Errors:", doc["error_samples"])
    if doc.get("baseline"):
        lines += _baseline_lines(doc, doc["baseline"])
    return lines


def _error_list(title: str, samples: list[str]) -> list[str]:
    return [title, "", *(f"- {e}" for e in samples), ""] if samples else []


def _baseline_lines(doc: dict[str, Any], base: dict[str, Any]) -> list[str]:
    """The one-process run of the same sessions, step by step beside the two-process run."""
    lines = [
        f"**Baseline, the same {base['sessions']} sessions against one process** (same invocation, right "
        f"after, load average {base['load_average_start'][0]} at its start): "
        f"{'passed' if passed(base) else 'FAILED'}, {base['errors']} error{'' if base['errors'] == 1 else 's'}; "
        f"{base['scorecards_submitted']} scorecards submitted, {base['scorecards_stored']} stored, "
        f"{base['lost']} lost, {base['duplicated']} duplicated.",
        "",
        "| Journey: step | one process: n, p50 | two processes: n, p50 | two / one |",
        "|---|---|---|---|",
    ]
    two = doc.get("pooled", {})
    for step, one in base.get("pooled", {}).items():
        if step in two:
            ratio = two[step]["p50_ms"] / one["p50_ms"] if one["p50_ms"] else float("nan")
            lines.append(
                f"| {step} | {one['n']}, {one['p50_ms']:.0f} ms | {two[step]['n']}, {two[step]['p50_ms']:.0f} ms "
                f"| {ratio:.2f}× |"
            )
    lines += [
        "",
        "Both processes, the browsers, nginx and PostgreSQL share the machine's cores: on 2 cores a second "
        "process adds no core, so the ratio shows what the sticky proxy and the shared workspace cost or "
        "save, not the gain of a second machine.",
        "",
    ]
    return lines + _error_list("Baseline errors:", base["error_samples"])


def splice(path: Path, lines: list[str]) -> None:
    """Replace the section under HEADING in `path` (up to the next `## `), or insert it before the
    section "What was changed" (after the load test's section)."""
    text = path.read_text(encoding="utf-8").split("\n")
    block = lines if lines[-1] == "" else [*lines, ""]
    if HEADING in text:
        start = text.index(HEADING)
        end = next((i for i in range(start + 1, len(text)) if text[i].startswith("## ")), len(text))
    else:
        marker = next((i for i, line in enumerate(text) if line.startswith("## What was changed")), len(text))
        start = end = marker
    path.write_text("\n".join(text[:start] + block + text[end:]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaleout", description=__doc__)
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--candidates", type=int, default=40)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--performance", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--no-baseline", action="store_true", help="skip the one-process run of the same sessions")
    args = parser.parse_args(argv)
    if not 2 <= args.sessions <= 20 or not 10 <= args.seconds <= 900 or not 2 <= args.candidates <= 1000:
        parser.error("--sessions must be 2..20, --seconds 10..900, --candidates 2..1000 (the run is bounded)")
    doc = measure(args.sessions, args.seconds, args.candidates)
    if not args.no_baseline:
        doc["baseline"] = measure(args.sessions, args.seconds, args.candidates, processes=1)
    args.output.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    splice(args.performance, section(doc))
    brief = ("steps", "error_samples", "pooled", "baseline")
    print(json.dumps({k: v for k, v in doc.items() if k not in brief}), file=sys.stderr)
    runs = [doc, *([doc["baseline"]] if "baseline" in doc else [])]
    return 0 if all(passed(r) for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
