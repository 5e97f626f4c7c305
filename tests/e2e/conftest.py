"""The browser, page and app fixtures of tests/e2e/test_journeys.py, and the tests' OpenID Connect
provider (tests/e2e/team.py), for every e2e module.

Under two pytest-xdist workers every browser test runs in one of them, one after another
(`work_unit` in tests/conftest.py)."""

from .team import oidc_provider  # noqa: F401
from .test_journeys import app_url, browser, page  # noqa: F401
