"""The light install (issue 17, item 5): what the app runs on is exactly `requirements.txt`.

`scripts/run-app` installs only `requirements.txt`; the test, lint, type-check and benchmark tools
are in `requirements-dev.txt`. A fresh virtual environment per test run is too slow, so this is a
static check instead: every module that the app, its pages and the package import (at the top of
a file or inside a function) is the standard library's, our own, or comes from a distribution that
`requirements.txt` names. An import of a dev-only package (pytest, psutil, pyinstrument, ...) or of a
package that only arrives as someone else's dependency fails here with the file and line.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from ..conftest import ROOT

FIRST_PARTY = {"smm_eval", "pages"}
# A distribution that a listed one pins exactly, so importing it is as safe as importing its owner:
# pydantic requires one exact pydantic-core (its own compiled half).
PINNED_BY = {"pydantic-core": "pydantic"}


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them (case, runs of `-_.` as one `-`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(path: Path) -> set[str]:
    """The distributions a requirements file names (normalised), following `-r` includes."""
    names: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            names |= requirement_names(path.parent / line[3:].strip())
        elif line:
            names.add(_normalise(re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0]))
    return names


def runtime_files() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "smm_eval").rglob("*.py"))]


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """The top-level module of every absolute import in a file, with its line."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module.split(".")[0], node.lineno))
    return found


def unlisted_imports(requirements: set[str]) -> list[str]:
    """`file:line module (distributions)` for every third-party import not in `requirements`."""
    owners = packages_distributions()
    problems = []
    for path in runtime_files():
        for module, line in imported_modules(path):
            if module in sys.stdlib_module_names or module in FIRST_PARTY or module == "__future__":
                continue
            dists = {_normalise(d) for d in owners.get(module, [])}
            dists |= {PINNED_BY[d] for d in dists if d in PINNED_BY}
            if not dists & requirements:
                problems.append(
                    f"{path.relative_to(ROOT)}:{line} {module} ({', '.join(sorted(dists)) or 'not installed'})"
                )
    return problems


def test_requirement_names_are_read_as_pip_reads_them(tmp_path: Path) -> None:
    # an include, a comment, extras, markers and version ranges: only the names are kept, normalised
    (tmp_path / "base.txt").write_text("PyYAML>=6.0,<7  # yaml\npsycopg[binary]>=3.1\n", encoding="utf-8")
    (tmp_path / "dev.txt").write_text("-r base.txt\n# tools\npytest_xdist ; python_version>'3'\n", encoding="utf-8")
    assert requirement_names(tmp_path / "dev.txt") == {"pyyaml", "psycopg", "pytest-xdist"}


def test_every_runtime_import_comes_from_requirements_txt() -> None:
    assert unlisted_imports(requirement_names(ROOT / "requirements.txt")) == []


def test_a_dev_only_import_would_be_caught() -> None:
    # The check itself: against a list that lacks SQLAlchemy, every import of sqlalchemy is found
    # (and nothing else). It found SciPy, imported by nine modules but installed only as
    # scikit-learn's dependency, before requirements.txt named it.
    requirements = requirement_names(ROOT / "requirements.txt")
    missing = unlisted_imports(requirements - {"sqlalchemy"})
    assert missing and all(line.endswith(" sqlalchemy (sqlalchemy)") for line in missing)
    assert any(line.startswith("smm_eval/storage/engine.py:") for line in missing)


def test_no_dev_tool_is_in_the_app_requirements() -> None:
    dev_only = requirement_names(ROOT / "requirements-dev.txt") - requirement_names(ROOT / "requirements.txt")
    # the test, lint, type-check and benchmark tools (requirements-dev.txt's own lines)
    assert {"pytest", "hypothesis", "playwright", "ruff", "mypy", "psutil", "pyinstrument"} <= dev_only
