"""`python -m benchmarks.load`: concurrent browser sessions against one app server.

Starts `streamlit run app.py` on 127.0.0.1 with a temporary workspace, opens --sessions Chromium
contexts (each its own Streamlit session) and has each answer the self-assessment question by
question, open the results, clear and start again, for --seconds. An interaction is one click on
an answer, timed from the click until that browser shows the new answer count (the progress bar
text, polled every 20 ms). Writes the figures to docs/load.json (or --output), which
docs/performance.md includes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = yaml.safe_load((ROOT / "data" / "framework.yaml").read_text(encoding="utf-8"))
CHROMIUM = os.environ.get("SMM_EVAL_CHROMIUM", "/usr/bin/chromium")
SHOWS = "text => document.querySelector('[data-testid=\"stProgress\"]')?.textContent.includes(text)"


async def one_session(index: int, browser, base: str, start: asyncio.Barrier, seconds: float, clicks: list[float],
                      pages: list[float], errors: list[str]) -> None:  # fmt: skip
    from playwright.async_api import expect

    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(60_000)
    try:
        await page.goto(f"{base}/self_assessment")
        await expect(page.get_by_text("Answered 0 of 25")).to_be_visible(timeout=120_000)
        # The clock starts when every session has its page: a cold first run is not an interaction.
        await asyncio.wait_for(start.wait(), timeout=180)
        deadline = time.monotonic() + seconds
        round_no = 0
        while time.monotonic() < deadline:
            await expect(page.get_by_text("Answered 0 of 25")).to_be_visible(timeout=60_000)
            answered = 0
            for tab_index, block in enumerate(FRAMEWORK["blocks"]):
                await page.get_by_role("tab").nth(tab_index).click()
                for comp in block["competencies"]:
                    if time.monotonic() >= deadline:
                        return
                    level = (index + round_no + answered) % 5
                    start = time.perf_counter()
                    await page.get_by_text(comp["anchors"][level]["en"], exact=True).click()
                    answered += 1
                    # Polled every 20 ms in the page (expect's own polling backs off to a second).
                    await page.wait_for_function(SHOWS, arg=f"Answered {answered} of 25", polling=20, timeout=60_000)
                    clicks.append(time.perf_counter() - start)
                    if await page.locator("[data-testid='stException']").count():
                        errors.append(f"session {index}: exception after answer {answered}")
            start = time.perf_counter()
            await page.get_by_role("link", name="See my results").click()
            await expect(page.get_by_role("heading", name="My results")).to_be_visible(timeout=60_000)
            await expect(page.locator("[data-testid='stVegaLiteChart']").first).to_be_visible(timeout=60_000)
            pages.append(time.perf_counter() - start)
            if await page.locator("[data-testid='stException']").count():
                errors.append(f"session {index}: exception on the results page")
            # Back through the app's own navigation: reloading the URL would start a new session.
            await page.get_by_role("link", name="Self-assessment").click()
            await page.get_by_role("button", name="Clear all answers").click()
            round_no += 1
    except Exception as exc:  # a timeout or a lost connection is an error of the run, counted
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    finally:
        await context.close()


async def run(sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    sys.path.insert(0, str(ROOT))
    from tests.e2e.test_journeys import CHROMIUM_ARGS, start_app, stop_app

    clicks: list[float] = []
    pages: list[float] = []
    errors: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        process, base = start_app(Path(tmp))
        server = psutil.Process(process.pid)
        server_cpu = sum(server.cpu_times()[:2])
        machine_cpu = psutil.cpu_times()
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                start = asyncio.Barrier(sessions)
                await asyncio.gather(
                    *(one_session(i, browser, base, start, seconds, clicks, pages, errors) for i in range(sessions))
                )
                elapsed = float(seconds)
                server_cpu = sum(server.cpu_times()[:2]) - server_cpu
                busy = psutil.cpu_times()
                machine_busy = (busy.user + busy.system) - (machine_cpu.user + machine_cpu.system)
                await browser.close()
        finally:
            stop_app(process)
    ms = np.array(clicks) * 1000
    return {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "sessions": sessions,
        "seconds": round(elapsed, 1),
        "interactions": len(clicks),
        "errors": len(errors),
        "error_samples": errors[:10],
        "p50_ms": float(np.percentile(ms, 50)) if len(ms) else float("nan"),
        "p95_ms": float(np.percentile(ms, 95)) if len(ms) else float("nan"),
        "max_ms": float(ms.max()) if len(ms) else float("nan"),
        "results_pages": len(pages),
        "results_p50_ms": statistics.median(pages) * 1000 if pages else None,
        "cores": os.cpu_count(),
        # Where the CPU went: the app server's share of all CPU time used on the machine (the
        # browsers doing the clicking run on the same cores).
        "server_cpu_seconds": round(server_cpu, 1),
        "machine_cpu_seconds": round(machine_busy, 1),
        "server_cpu_share": round(server_cpu / machine_busy, 2) if machine_busy else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "load.json")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 50 or not 1 <= args.seconds <= 900:
        parser.error("--sessions must be 1..50 and --seconds 1..900 (the run is bounded)")
    figures = asyncio.run(run(args.sessions, args.seconds))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "error_samples"}), file=sys.stderr)
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
