"""The first page (issue 17, item 5): the server's first run of `app.py` in a fresh process, and the
time from opening the address in Chromium to the rendered home page on a freshly started server,
each alternated with a one-line app measured the same way (median of the pairs; design choice, as
`benchmarks.harness.paired`).

The first run is timed inside a new interpreter, as the server runs it: Streamlit and its script
runner are warmed on a one-line script first (the server has them loaded before any visitor
comes), then the entry file's first run is timed (AppTest, against a workspace already migrated).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser_clicks import CHROMIUM, CHROMIUM_ARGS, sample_workspace, streamlit_server
from benchmarks.harness import Record

ROOT = Path(__file__).resolve().parent.parent
GROUP = "First page"
ONE_LINE = 'import streamlit as st\nst.title("SMM Eval")\n'
FIRST_RUN = """
import json, os, sys, time
from streamlit.testing.v1 import AppTest
AppTest.from_string('import streamlit as st\\nst.write("warm")\\n').run()  # what the server has loaded
at = AppTest.from_file(sys.argv[1], default_timeout=120)
started, cpu = time.perf_counter(), time.process_time()
at.run()
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
assert not at.exception, at.exception
print(json.dumps([seconds, cpu]))
"""


def first_run(entry: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (all threads of the process) of the first run of `entry` in a new
    interpreter (see the module's docstring); the CPU time shows the work when the machine is loaded."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN, str(entry)], cwd=entry.parent, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"the first run of {entry.name} failed: {done.stderr[-1500:]}")
    wall, cpu = json.loads(done.stdout.splitlines()[-1])
    return float(wall), float(cpu)


def rendered(entry: Path, folder: Path, env: dict[str, str], browser: object) -> float:
    """Seconds from `goto` to the rendered first page (title shown, script run finished) on a
    server started for this one visit."""
    with streamlit_server(entry, folder, env) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.get_by_role("heading", name="SMM Eval").first.wait_for(timeout=60_000)
        page.wait_for_function(
            "document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'",
            timeout=60_000,
        )
        seconds = time.perf_counter() - started
        context.close()
    return seconds


def run(pairs: int = 3) -> list[Record]:
    """The two figures of the first page, each beside the one-line app's, over `pairs` alternated pairs."""
    import os

    from playwright.sync_api import sync_playwright

    runs: dict[str, list[float]] = {"app": [], "floor": [], "app_page": [], "floor_page": [], "app_cpu": [],
                                    "floor_cpu": []}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="smm-eval-first-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, **sample_workspace(folder / "workspace.sqlite")}  # migrated by the import
        one_line = folder / "one_line.py"
        one_line.write_text(ONE_LINE, encoding="utf-8")
        for _ in range(pairs):
            for name, entry in (("floor", one_line), ("app", ROOT / "app.py")):
                wall, cpu = first_run(entry, env)
                runs[name].append(wall)
                runs[f"{name}_cpu"].append(cpu)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for _ in range(pairs):
                    runs["floor_page"].append(rendered(one_line, folder, env, browser))
                    runs["app_page"].append(rendered(ROOT / "app.py", folder, env, browser))
            finally:
                browser.close()
    app, floor = statistics.median(runs["app"]), statistics.median(runs["floor"])
    page, floor_page = statistics.median(runs["app_page"]), statistics.median(runs["floor_page"])
    note = f"median of {pairs} alternated pairs"
    cpu, floor_cpu = statistics.median(runs["app_cpu"]), statistics.median(runs["floor_cpu"])
    return [
        Record(GROUP, "first run of app.py in a fresh process (home page, workspace up to date)", None, app, "s",
               "a one-line app's first run", floor, "under 1 s", app < 1.0, note),
        Record(GROUP, "first run of app.py: CPU seconds of the process (less sensitive to load)", None, cpu, "s",
               "a one-line app's first run", floor_cpu, "under 1 s", cpu < 1.0, note),
        Record(GROUP, "time to the rendered first page in Chromium (a freshly started server)", None, page, "s",
               "a one-line app", floor_page, "", None, note),
    ]  # fmt: skip


if __name__ == "__main__":
    for record in run(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(f"{record.case}: {record.value:.3f} {record.unit}; {record.baseline}: {record.baseline_value:.3f}")
