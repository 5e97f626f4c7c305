"""`python -m benchmarks`: measure everything, write docs/performance.md and the raw JSON.

`--quick` runs tiny sizes as a smoke test (CI runs it; its figures mean nothing) and writes to a
temporary folder unless --output is given. Every figure is measured beside its baseline in the same
run; the Markdown table states each ratio and target.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Record, machine
from benchmarks.report import write_markdown
from smm_eval._alloc import tune_allocator

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ("scoring", "cli", "import", "pages", "plan", "salary", "clicks", "first_page")

FULL = {
    "scoring_sizes": [10_000, 100_000, 1_000_000], "naive_people": 10_000, "multi_people": 100_000,
    "cli_rows": 200_000, "import_sizes": [10_000, 30_000, 100_000], "bad_cells": 1_000, "page_runs": 20,
    "plan": (50, 100), "salary_rows": 50_000, "clicks": 9, "first_pairs": 3,
}  # fmt: skip
QUICK = {
    "scoring_sizes": [500, 1_000, 2_000], "naive_people": 200, "multi_people": 300,
    "cli_rows": 500, "import_sizes": [100, 200, 400], "bad_cells": 10, "page_runs": 2,
    "plan": (5, 10), "salary_rows": 2_000, "clicks": 1, "first_pairs": 1,
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    tune_allocator()  # as the app and the CLI do: the figures measure what users run
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test, not a measurement")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated groups of: {', '.join(GROUPS)}")
    parser.add_argument("--output", type=Path, help="folder for performance.md and performance.json (default docs/)")
    parser.add_argument("--no-postgres", action="store_true", help="measure the import on SQLite only")
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        parser.error(f"--only: unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}")
    sizes = QUICK if args.quick else FULL
    out = args.output or (Path(tempfile.mkdtemp(prefix="smm-eval-bench-")) if args.quick else ROOT / "docs")
    out.mkdir(parents=True, exist_ok=True)

    from benchmarks import browser_clicks, first_page, import_suite, pages_suite, plan_salary_suite, scoring_suite

    started = time.perf_counter()
    records: list[Record] = []
    steps = {
        "scoring": lambda: scoring_suite.run(sizes["scoring_sizes"], sizes["naive_people"], sizes["multi_people"]),
        "cli": lambda: scoring_suite.run_cli(sizes["cli_rows"]),
        "import": lambda: import_suite.run(sizes["import_sizes"], sizes["bad_cells"], not args.no_postgres),
        "pages": lambda: pages_suite.run(sizes["page_runs"]),
        "plan": lambda: plan_salary_suite.run_plan(*sizes["plan"]),
        "salary": lambda: plan_salary_suite.run_salary(sizes["salary_rows"]),
        "clicks": lambda: browser_clicks.run(sizes["clicks"]),
        "first_page": lambda: first_page.run(sizes["first_pairs"]),
    }
    for group in groups:
        print(f"measuring {group} ...", file=sys.stderr, flush=True)
        for record in steps[group]():
            record.extra["step"] = group
            records.append(record)
    kept = _kept_records(out / "performance.json", set(groups)) if set(groups) != set(GROUPS) else []
    document = {
        "machine": machine(),
        "quick": args.quick,
        "seconds": round(time.perf_counter() - started, 1),
        "records": [r.as_dict() for r in records] + kept,
        "kept_from_earlier_run": sorted({r["extra"]["step"] for r in kept}),
    }
    (out / "performance.json").write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    write_markdown(document, out / "performance.md")
    missed = [r for r in records if r.met is False]
    print(f"wrote {out / 'performance.md'}: {len(records)} figures, {len(missed)} target(s) missed", file=sys.stderr)
    return 0


def _kept_records(path: Path, measured: set[str]) -> list[dict]:
    """With --only, the other groups' figures of the previous run (so the table stays whole)."""
    if not path.exists():
        return []
    previous = json.loads(path.read_text(encoding="utf-8"))
    kept = []
    for record in previous.get("records", []):
        step = record.get("extra", {}).get("step")
        if step is None:  # written before steps were recorded
            step = "cli" if record["case"].startswith("`score` command") else record["group"].lower().replace(" ", "_")
        if step not in measured:
            record.setdefault("extra", {})["step"] = step
            kept.append(record)
    return kept


if __name__ == "__main__":
    raise SystemExit(main())
