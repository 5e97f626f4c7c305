"""The browser, page and app fixtures of tests/e2e/test_journeys.py, and the tests' OpenID Connect
provider (tests/e2e/team.py), for every e2e module.

Every browser test is in one pytest-xdist group (`--dist loadgroup` in scripts/run-tests): they run
one after another in one worker, never two Chromium sessions and app servers racing each other on a
2-core machine, while the other worker runs the rest of the suite, a whole file at a time."""

import pytest

from .team import oidc_provider  # noqa: F401
from .test_journeys import app_url, browser, page  # noqa: F401


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Browser tests: one group. Every other test: a group per file, as `--dist loadfile` would (its
    # module's fixtures set up once, in one worker).
    for item in items:
        path = item.nodeid.split("::", 1)[0].replace("\\", "/")
        item.add_marker(pytest.mark.xdist_group("browser" if "tests/e2e/" in path else path))
